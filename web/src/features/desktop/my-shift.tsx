import { FieldTimeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { addDays, dateIn } from '../../../../contracts/local-dates';
import { type Shift, ShiftList } from '../../../../contracts/wfm-schedules';
import { contractApi } from '../../app/api-client';
import { useCenterTimeZone } from '../../app/lookups';

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
  const zone = useCenterTimeZone();
  const tz = zone.data;
  const today = tz ? dateIn(tz, new Date()) : '';
  const to = today ? addDays(today, 13) : '';
  const shifts = useQuery({
    queryKey: ['wfm', 'self', 'my-shifts', today, to],
    queryFn: ({ signal }) => contractApi.get(ShiftList, '/wfm/my-shifts', { from: today, to }, signal),
    enabled: Boolean(tz),
    refetchInterval: 10 * 60_000,
  });
  if (!tz || !shifts.data) return null;
  const now = Date.now();
  const items = shifts.data.items.filter((s) => s.state !== 'replaced');
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
