import { Button, Card, Flex, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, dateIn } from '../../../../contracts/local-dates';
import type { Shift } from '../../../../contracts/wfm-schedules';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { FullPageSpin } from '../../ui/full-page-spin';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { ShiftRequestModal } from './my-schedule-request-modals';
import { MyRequestsCard } from './my-schedule-requests';
import { useShiftFormat } from './my-schedule-shared';
import { SELF_IDS } from './my-schedule-testids';
import { shiftsWindow, useMyRequests, useMyShifts } from './requests-api';

export const MY_SCHEDULE_DAYS = 14;

type DayRow = { date: string; shift: Shift | undefined };

/** 我的班表: an agent's published shifts for the next 14 days, leave and swap requests, and their state. */
export function MySchedulePage() {
  const { t } = useTranslation();
  const session = useSession();
  const me = session.me?.user.id ?? '';
  const errorMessage = useErrorMessage();
  const range = useMemo(() => shiftsWindow(MY_SCHEDULE_DAYS), []);
  const shifts = useMyShifts(range.from, range.to);

  return (
    <div data-testid={SELF_IDS.myPage}>
      <PageHeader title={t('wfmSelf.mySchedule.title')} description={t('wfmSelf.mySchedule.description')} />
      {shifts.error ? <QueryError message={errorMessage(shifts.error)} onRetry={() => void shifts.refetch()} /> : null}
      {shifts.data ? (
        <Flex vertical gap={16} style={{ marginTop: 16 }}>
          <MyShiftsCard tz={shifts.data.timezone} me={me} shifts={shifts.data.items} />
          <MyRequestsCard tz={shifts.data.timezone} me={me} />
        </Flex>
      ) : shifts.isLoading ? (
        <FullPageSpin />
      ) : null}
    </div>
  );
}

function MyShiftsCard({ tz, me, shifts }: { tz: string; me: string; shifts: Shift[] }) {
  const { t } = useTranslation();
  const fmt = useShiftFormat(tz);
  const today = dateIn(tz, new Date());
  const to = addDays(today, MY_SCHEDULE_DAYS - 1);
  const requests = useMyRequests();
  const [asking, setAsking] = useState<{ kind: 'leave' | 'swap'; shift: Shift }>();

  const rows = useMemo<DayRow[]>(() => {
    const byDate = new Map(shifts.filter((s) => s.state !== 'replaced').map((s) => [s.date, s]));
    return Array.from({ length: MY_SCHEDULE_DAYS }, (_, i) => {
      const date = addDays(today, i);
      return { date, shift: byDate.get(date) };
    });
  }, [shifts, today]);
  const anyShift = rows.some((r) => r.shift);
  const open = new Set(
    (requests.data?.items ?? [])
      .filter((r) => r.requesterId === me && (r.state === 'pending' || r.state === 'pending_peer'))
      .map((r) => r.shift.id),
  );
  const now = Date.now();

  return (
    <Card title={t('wfmSelf.mySchedule.shifts')}>
      {anyShift ? null : (
        <Typography.Paragraph type="secondary">{t('wfmSelf.mySchedule.noShifts')}</Typography.Paragraph>
      )}
      <Table<DayRow>
        rowKey="date"
        size="small"
        pagination={false}
        dataSource={rows}
        onRow={(r) =>
          ({
            'data-testid': SELF_IDS.day(r.date),
            'data-state': r.shift?.state ?? 'off',
          }) as object
        }
        columns={[
          { title: t('wfmSelf.mySchedule.date'), key: 'date', width: 160, render: (_, r) => fmt.day(r.date) },
          {
            title: t('wfmSelf.mySchedule.time'),
            key: 'time',
            render: (_, r) =>
              r.shift ? (
                <Typography.Text strong delete={r.shift.state === 'leave'}>
                  {fmt.time(r.shift)}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('wfmSelf.mySchedule.off')}</Typography.Text>
              ),
          },
          { title: t('wfmSelf.mySchedule.template'), key: 'template', render: (_, r) => r.shift?.templateName ?? null },
          {
            title: t('wfmSelf.mySchedule.breaks'),
            key: 'breaks',
            render: (_, r) =>
              r.shift
                ? r.shift.breaks.length
                  ? r.shift.breaks.map((b) => `${b.name} ${fmt.time(b)}`).join(t('wfmSelf.listSeparator'))
                  : t('wfmSelf.mySchedule.noBreaks')
                : null,
          },
          {
            title: t('wfmSelf.myRequests.state'),
            key: 'state',
            render: (_, r) =>
              !r.shift ? null : r.shift.state === 'leave' ? (
                <Tag color="orange">{t('wfmSelf.shiftState.leave')}</Tag>
              ) : open.has(r.shift.id) ? (
                <Tag color="processing">{t('wfmSelf.mySchedule.pendingRequest')}</Tag>
              ) : (
                <Tag>{t('wfmSelf.mySchedule.paid', { hours: Math.round((r.shift.paidMinutes / 60) * 10) / 10 })}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => {
              const s = r.shift;
              if (s?.state !== 'active' || open.has(s.id) || Date.parse(s.startAt) <= now) return null;
              return (
                <Flex gap={8}>
                  <Button
                    size="small"
                    onClick={() => setAsking({ kind: 'leave', shift: s })}
                    data-testid={SELF_IDS.leave(s.id)}
                  >
                    {t('wfmSelf.mySchedule.requestLeave')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => setAsking({ kind: 'swap', shift: s })}
                    data-testid={SELF_IDS.swap(s.id)}
                  >
                    {t('wfmSelf.mySchedule.swap')}
                  </Button>
                </Flex>
              );
            },
          },
        ]}
      />
      {asking ? (
        <ShiftRequestModal
          kind={asking.kind}
          shift={asking.shift}
          tz={tz}
          me={me}
          range={{ from: today, to }}
          onClose={() => setAsking(undefined)}
        />
      ) : null}
    </Card>
  );
}
