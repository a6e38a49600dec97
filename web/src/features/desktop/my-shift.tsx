import { FieldTimeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { addDays, dateIn } from '../../../../contracts/local-dates';
import { type Shift, ShiftList } from '../../../../contracts/wfm-schedules';
import { contractApi } from '../../app/api-client';

/** HH:mm of an instant in the centre's zone. */
const hhmm = (tz: string, iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );

const dayText = (date: string, language: string) =>
  new Intl.DateTimeFormat(language === 'en-US' ? 'en-US' : 'zh-CN', {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(`${date}T00:00:00Z`));

/**
 * The agent's shift in one line under the desktop's title (今日班次 09:00–17:00, or the next one), a
 * link to 我的班表. Its query sits under ['wfm', 'self'], which a published schedule or a decided
 * request makes stale (app/realtime.tsx). Nothing when no shift is published.
 */
export function MyShiftLine() {
  const { t, i18n } = useTranslation();
  // Around the browser's today, wide enough for the centre's next two weeks: its zone comes with the answer.
  const [range] = useState(() => {
    const here = dateIn(Intl.DateTimeFormat().resolvedOptions().timeZone, new Date());
    return { from: addDays(here, -2), to: addDays(here, 15) };
  });
  const shifts = useQuery({
    queryKey: ['wfm', 'self', 'my-shifts', range.from, range.to],
    queryFn: ({ signal }) => contractApi.get(ShiftList, '/wfm/my-shifts', range, signal),
    refetchInterval: 10 * 60_000,
  });
  if (!shifts.data) return null;
  const tz = shifts.data.timezone;
  const today = dateIn(tz, new Date());
  const now = Date.now();
  const items = shifts.data.items.filter((s) => s.state !== 'replaced' && s.date >= today);
  const todays = items.find((s) => s.date === today);
  const next = items.find((s: Shift) => s.state === 'active' && Date.parse(s.endAt) > now && s !== todays);
  const time = (s: Shift) => t('wfmSelf.time', { start: hhmm(tz, s.startAt), end: hhmm(tz, s.endAt) });
  const parts: string[] = [];
  if (todays?.state === 'leave') parts.push(t('wfmSelf.desktop.onLeave'));
  else if (todays && Date.parse(todays.endAt) > now) parts.push(t('wfmSelf.desktop.today', { time: time(todays) }));
  if (parts.length === 0 || todays?.state === 'leave') {
    if (next)
      parts.push(
        t('wfmSelf.desktop.next', {
          shift: t('wfmSelf.shiftText', {
            date: dayText(next.date, i18n.language),
            start: hhmm(tz, next.startAt),
            end: hhmm(tz, next.endAt),
          }),
        }),
      );
  }
  if (parts.length === 0) return null;
  return (
    <Space size={4} data-testid="desktop-my-shift">
      <FieldTimeOutlined />
      <Link to="/my-schedule">
        <Typography.Text type="secondary">{parts.join(t('wfmSelf.listSeparator'))}</Typography.Text>
      </Link>
    </Space>
  );
}
