import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Spin, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { dateIn } from '../../../../contracts/local-dates';
import type { ForecastSummary } from '../../../../contracts/wfm';
import { useErrorMessage } from '../../app/errors';
import { useCenterTimeZone, useQueues } from '../../app/lookups';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useForecasts } from './api';
import { dayLabel, nextMonday } from './dates';
import { ForecastDetail } from './forecast-detail';
import { ForecastForm } from './forecast-form';
import { WFM_IDS } from './testids';

/** 预测: the forecasts (newest version of each), a new one, or one forecast's detail (?forecast=<version id>). */
export function ForecastsTab() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const open = params.get('forecast') ?? undefined;
  const zone = useCenterTimeZone();
  const forecasts = useForecasts();
  const queues = useQueues();
  const [creating, setCreating] = useState(false);
  const queueName = useMemo(() => new Map((queues.data ?? []).map((q) => [q.id, q.name])), [queues.data]);
  const show = (id: string | undefined) =>
    setParams(id ? { tab: 'forecasts', forecast: id } : { tab: 'forecasts' }, { replace: false });

  if (zone.isError) return <QueryError message={errorMessage(zone.error)} onRetry={() => void zone.refetch()} />;
  if (!zone.data) return <Spin />;
  const centerTz = zone.data;
  if (open) return <ForecastDetail id={open} centerTz={centerTz} onOpen={show} onBack={() => show(undefined)} />;

  return (
    <div data-testid={WFM_IDS.forecasts}>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid={WFM_IDS.forecastCreate}
        >
          {t('wfm.list.create')}
        </Button>
      </Flex>
      {forecasts.isError ? (
        <QueryError message={errorMessage(forecasts.error)} onRetry={() => void forecasts.refetch()} />
      ) : null}
      <Table<ForecastSummary>
        rowKey="id"
        size="middle"
        loading={forecasts.isLoading}
        dataSource={forecasts.data ?? []}
        locale={{ emptyText: t('wfm.list.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(f) => ({ onDoubleClick: () => show(f.id) })}
        columns={[
          {
            title: t('wfm.list.name'),
            dataIndex: 'name',
            render: (name: string, f) => (
              <Button
                type="link"
                style={{ padding: 0 }}
                onClick={() => show(f.id)}
                data-testid={WFM_IDS.forecastOpen(f.id)}
              >
                {name}
              </Button>
            ),
          },
          {
            title: t('wfm.list.queues'),
            dataIndex: 'queueIds',
            render: (ids: string[]) =>
              ids.map((id) => queueName.get(id) ?? id).join(i18n.language === 'en-US' ? ', ' : '、'),
          },
          {
            title: t('wfm.list.startDate'),
            dataIndex: 'startDate',
            render: (d: string) => dayLabel(d, i18n.language, true),
          },
          {
            title: t('wfm.list.days'),
            dataIndex: 'days',
            render: (n: number) => t('wfm.list.daysValue', { count: n }),
          },
          {
            title: t('wfm.list.version'),
            dataIndex: 'version',
            render: (v: number) => t('wfm.list.versionValue', { version: v }),
          },
          {
            title: t('wfm.list.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => <DateTime value={at} />,
          },
        ]}
      />
      {creating ? (
        <ForecastForm
          defaultStart={nextMonday(dateIn(centerTz, new Date()))}
          centerTz={centerTz}
          onClose={() => setCreating(false)}
          onCreated={(f) => {
            setCreating(false);
            show(f.id);
          }}
        />
      ) : null}
    </div>
  );
}
