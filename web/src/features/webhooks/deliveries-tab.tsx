import { ReloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  type Webhook,
  type WebhookDelivery,
} from '../../../../contracts/webhooks';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { type DeliveryFilters, redeliver, useDeliveries, useDelivery, useInvalidateWebhooks } from './api';
import { WEBHOOKS_IDS } from './testids';

const STATUS_COLOR: Record<DeliveryStatus, string> = { pending: 'gold', succeeded: 'green', failed: 'red' };

export function StatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`webhooks.deliveries.status.${status}`)}</Tag>;
}

function Response({ d }: { d: WebhookDelivery }) {
  const { t } = useTranslation();
  if (d.responseStatus !== null) return <>HTTP {d.responseStatus}</>;
  if (d.attempts === 0) return <>—</>;
  return (
    <Typography.Text type="secondary" title={d.error ?? undefined}>
      {t('webhooks.deliveries.noAnswer')}
    </Typography.Text>
  );
}

/** The delivery log: filters, pages, a drawer with the body sent and the answer, and redeliver. */
export function DeliveriesTab({ webhooks, initialWebhookId }: { webhooks: Webhook[]; initialWebhookId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateWebhooks();
  const [filters, setFilters] = useState<DeliveryFilters>({ page: 1, pageSize: 20, webhookId: initialWebhookId });
  const [open, setOpen] = useState<string>();
  const deliveries = useDeliveries(filters);
  const detail = useDelivery(open);
  const urlOf = (id: string) => webhooks.find((w) => w.id === id)?.url ?? id;

  const again = useMutation({
    mutationFn: redeliver,
    onSuccess: (d) => {
      invalidate();
      if (d.status === 'succeeded')
        void message.success(t('webhooks.deliveries.redelivered', { status: d.responseStatus }));
      else
        void message.warning(
          t('webhooks.deliveries.redeliverFailed', {
            reason: d.responseStatus !== null ? `HTTP ${d.responseStatus}` : (d.error ?? ''),
          }),
        );
    },
    onError: (err) => void message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<WebhookDelivery> = [
    {
      key: 'createdAt',
      title: t('webhooks.deliveries.col.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'webhook',
      title: t('webhooks.deliveries.col.webhook'),
      render: (_v, d) => (
        <Typography.Text ellipsis style={{ maxWidth: 260 }} title={urlOf(d.webhookId)}>
          {urlOf(d.webhookId)}
        </Typography.Text>
      ),
    },
    {
      key: 'event',
      title: t('webhooks.deliveries.col.event'),
      dataIndex: 'event',
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      key: 'status',
      title: t('webhooks.deliveries.col.status'),
      dataIndex: 'status',
      render: (s: DeliveryStatus) => <StatusTag status={s} />,
    },
    { key: 'attempts', title: t('webhooks.deliveries.col.attempts'), dataIndex: 'attempts', align: 'right' },
    { key: 'response', title: t('webhooks.deliveries.col.response'), render: (_v, d) => <Response d={d} /> },
    {
      key: 'duration',
      title: t('webhooks.deliveries.col.duration'),
      dataIndex: 'durationMs',
      align: 'right',
      render: (ms: number | null) => (ms === null ? '—' : t('webhooks.deliveries.durationMs', { ms })),
    },
    {
      key: 'next',
      title: t('webhooks.deliveries.col.nextAttempt'),
      dataIndex: 'nextAttemptAt',
      render: (v: string | null) => (v ? <DateTime value={v} /> : '—'),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, d) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpen(d.id)}>
            {t('webhooks.deliveries.details')}
          </Button>
          <Button
            type="link"
            size="small"
            loading={again.isPending && again.variables === d.id}
            onClick={() => again.mutate(d.id)}
          >
            {t('webhooks.deliveries.redeliver')}
          </Button>
        </Space>
      ),
    },
  ];

  const set = (patch: Partial<DeliveryFilters>) => setFilters((f) => ({ ...f, ...patch, page: 1 }));
  const d = detail.data;
  return (
    <div data-testid={WEBHOOKS_IDS.deliveriesLog}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ minWidth: 260 }}
          placeholder={t('webhooks.deliveries.allWebhooks')}
          value={filters.webhookId}
          onChange={(webhookId?: string) => set({ webhookId })}
          options={webhooks.map((w) => ({ value: w.id, label: w.description || w.url }))}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('webhooks.deliveries.allStatuses')}
          value={filters.status}
          onChange={(status?: DeliveryStatus) => set({ status })}
          options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`webhooks.deliveries.status.${s}`) }))}
          data-testid={WEBHOOKS_IDS.deliveryStatusFilter}
        />
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('webhooks.deliveries.eventFilter')}
          onSearch={(event) => set({ event: event.trim() || undefined })}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void deliveries.refetch()} aria-label={t('common.refresh')} />
      </Space>
      {deliveries.isError ? (
        <QueryError message={errorMessage(deliveries.error)} onRetry={() => void deliveries.refetch()} />
      ) : null}
      <Table<WebhookDelivery>
        rowKey="id"
        columns={columns}
        dataSource={deliveries.data?.items}
        loading={deliveries.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText:
            deliveries.isLoading || deliveries.isError ? ' ' : <Empty description={t('webhooks.deliveries.empty')} />,
        }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: deliveries.data?.total ?? 0,
          showTotal: (count) => t('common.total', { count }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
      />
      <Drawer
        open={!!open}
        size={640}
        destroyOnHidden
        title={t('webhooks.deliveries.details')}
        onClose={() => setOpen(undefined)}
      >
        {detail.isError ? (
          <QueryError message={errorMessage(detail.error)} onRetry={() => void detail.refetch()} />
        ) : null}
        {d ? (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('webhooks.deliveries.col.event')}>{d.event}</Descriptions.Item>
            <Descriptions.Item label="X-Kefu-Delivery">
              <span className="mono">{d.id}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('webhooks.deliveries.col.status')}>
              <StatusTag status={d.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('webhooks.deliveries.col.attempts')}>{d.attempts}</Descriptions.Item>
            <Descriptions.Item label={t('webhooks.deliveries.col.response')}>
              <Response d={d} />
            </Descriptions.Item>
            {d.error ? <Descriptions.Item label={t('webhooks.deliveries.error')}>{d.error}</Descriptions.Item> : null}
            {d.redeliveryOf ? (
              <Descriptions.Item label={t('webhooks.deliveries.redeliveryOf')}>
                <span className="mono">{d.redeliveryOf}</span>
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('webhooks.deliveries.responseBody')}>
              <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.responseBody ?? '—'}</pre>
            </Descriptions.Item>
            <Descriptions.Item label={t('webhooks.deliveries.payload')}>
              <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify(d.payload, null, 2)}</pre>
            </Descriptions.Item>
          </Descriptions>
        ) : null}
      </Drawer>
    </div>
  );
}
