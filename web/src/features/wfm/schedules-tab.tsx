import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Spin, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { ScheduleSummary } from '../../../../contracts/wfm-schedules';
import { useErrorMessage } from '../../app/errors';
import { useCenterTimeZone } from '../../app/lookups';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { ScheduleDetail } from './schedule-detail';
import { oneDecimal, STATE_COLOR, scheduleDays } from './schedule-format';
import { ScheduleRun } from './schedule-run';
import { useSchedules } from './schedules-api';
import { SCHEDULE_IDS } from './schedules-testids';

/** 排班表: the schedules, newest first, a new run, or one schedule (?schedule=<id>). */
export function SchedulesTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const open = params.get('schedule') ?? undefined;
  const zone = useCenterTimeZone();
  const schedules = useSchedules();
  const [running, setRunning] = useState(false);
  const show = useCallback(
    (id: string | undefined) =>
      setParams(id ? { tab: 'schedules', schedule: id } : { tab: 'schedules' }, { replace: false }),
    [setParams],
  );
  const onScheduled = useCallback(
    (id: string) => {
      setRunning(false);
      void schedules.refetch();
      show(id);
    },
    [schedules.refetch, show],
  );

  if (zone.isError) return <QueryError message={errorMessage(zone.error)} onRetry={() => void zone.refetch()} />;
  if (!zone.data) return <Spin />;
  if (open) return <ScheduleDetail id={open} centerTz={zone.data} onBack={() => show(undefined)} />;

  return (
    <div data-testid={SCHEDULE_IDS.schedules}>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setRunning(true)}
          data-testid={SCHEDULE_IDS.create}
        >
          {t('wfm.schedules.create')}
        </Button>
      </Flex>
      {schedules.isError ? (
        <QueryError message={errorMessage(schedules.error)} onRetry={() => void schedules.refetch()} />
      ) : null}
      <Table<ScheduleSummary>
        rowKey="id"
        size="middle"
        loading={schedules.isLoading}
        dataSource={schedules.data ?? []}
        locale={{ emptyText: t('wfm.schedules.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(s) => ({ onDoubleClick: () => show(s.id) })}
        columns={[
          {
            title: t('wfm.schedules.name'),
            dataIndex: 'name',
            render: (name: string, s) => (
              <Button
                type="link"
                style={{ padding: 0 }}
                onClick={() => show(s.id)}
                data-testid={SCHEDULE_IDS.open(s.id)}
              >
                {name}
              </Button>
            ),
          },
          { title: t('wfm.schedules.dates'), key: 'dates', render: (_, s) => scheduleDays(s, lang) },
          {
            title: t('wfm.schedules.state'),
            dataIndex: 'state',
            render: (state: ScheduleSummary['state']) => (
              <Tag color={STATE_COLOR[state]}>{t(`wfm.schedules.states.${state}`)}</Tag>
            ),
          },
          {
            title: t('wfm.schedules.gap'),
            key: 'gap',
            align: 'right',
            render: (_, s) => `${oneDecimal(s.gap.gapPercent, lang)} %`,
          },
          {
            title: t('wfm.schedules.underOver'),
            key: 'underOver',
            align: 'right',
            render: (_, s) =>
              t('wfm.schedules.underOverValue', {
                under: oneDecimal(s.underAgentHours, lang),
                over: oneDecimal(s.overAgentHours, lang),
              }),
          },
          {
            title: t('wfm.schedules.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => <DateTime value={at} timeZone={zone.data} />,
          },
        ]}
      />
      {running ? <ScheduleRun onClose={() => setRunning(false)} onScheduled={onScheduled} /> : null}
    </div>
  );
}
