import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { CallSummary } from '../../../../contracts/calls';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { type CallFilters, formatDuration, useCalls } from './api';
import { CallDetailDrawer } from './call-detail-drawer';
import { CallFiltersForm } from './call-filters';
import { CALLS_IDS } from './testids';

const REASON_COLOR: Partial<Record<string, string>> = {
  abandoned_ivr: 'orange',
  abandoned_queue: 'orange',
  no_answer: 'orange',
  failed: 'red',
  system_restart: 'red',
};

/** 通话记录: every call with its queue, agents and times; a row opens the call's detail. */
export function CallsPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useState<CallFilters>({ limit: 50, offset: 0 });
  // `?id=` opens one call record (the customer's timeline links here).
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const setOpenId = (id: string | undefined) => setParams(id ? { id } : {}, { replace: !id });
  const calls = useCalls(filters);
  const none = t('common.none');

  const columns: TableColumnsType<CallSummary> = [
    {
      key: 'startedAt',
      title: t('calls.col.startedAt'),
      dataIndex: 'startedAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'caller',
      title: t('calls.col.caller'),
      dataIndex: 'caller',
      render: (v) => <span className="mono">{v}</span>,
    },
    {
      key: 'called',
      title: t('calls.col.called'),
      dataIndex: 'called',
      render: (v) => <span className="mono">{v}</span>,
    },
    {
      key: 'queue',
      title: t('calls.col.queue'),
      render: (_, c) => c.queue?.name ?? c.queue?.key ?? none,
    },
    {
      key: 'agent',
      title: t('calls.col.agent'),
      render: (_, c) => (c.agents.length ? c.agents.map((a) => a.name ?? a.userId.slice(-8)).join('、') : none),
    },
    {
      key: 'queueMs',
      title: t('calls.col.queueWait'),
      align: 'right',
      render: (_, c) => formatDuration(c.queueMs) ?? none,
    },
    { key: 'talkMs', title: t('calls.col.talk'), align: 'right', render: (_, c) => formatDuration(c.talkMs) ?? none },
    {
      key: 'endReason',
      title: t('calls.col.endReason'),
      render: (_, c) =>
        c.endReason ? (
          <Tag color={REASON_COLOR[c.endReason]}>{t(`calls.endReason.${c.endReason}`)}</Tag>
        ) : (
          <Tag color="processing">{t('calls.inProgressShort')}</Tag>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('calls.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void calls.refetch()} aria-label={t('common.refresh')} />
        }
      />
      <CallFiltersForm onApply={(values) => setFilters((f) => ({ ...values, limit: f.limit, offset: 0 }))} />
      {calls.isError ? <QueryError message={errorMessage(calls.error)} onRetry={() => void calls.refetch()} /> : null}
      <Table<CallSummary>
        rowKey="id"
        size="middle"
        data-testid={CALLS_IDS.table}
        columns={columns}
        dataSource={calls.data?.items}
        loading={calls.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: calls.isLoading || calls.isError ? ' ' : <Empty description={t('calls.empty')} /> }}
        onRow={(c) => ({
          onClick: () => setOpenId(c.id),
          onKeyDown: (e) => {
            if (e.key === 'Enter') setOpenId(c.id);
          },
          tabIndex: 0,
          style: { cursor: 'pointer' },
          'aria-label': t('calls.open'),
        })}
        pagination={{
          current: Math.floor(filters.offset / filters.limit) + 1,
          pageSize: filters.limit,
          total: calls.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (count) => t('common.total', { count }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, limit: pageSize, offset: (page - 1) * pageSize })),
        }}
      />
      <CallDetailDrawer callId={openId} onClose={() => setOpenId(undefined)} />
    </>
  );
}
