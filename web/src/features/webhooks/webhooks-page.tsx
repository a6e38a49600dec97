import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Empty, Popconfirm, Space, Table, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Webhook } from '../../../../contracts/webhooks';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { deleteWebhook, sendTestEvent, useInvalidateWebhooks, useWebhooks } from './api';
import { DeliveriesTab } from './deliveries-tab';
import { SecretDialog } from './secret-dialog';
import { WEBHOOKS_IDS } from './testids';
import { WebhookFormDialog } from './webhook-form-dialog';

/** Outgoing webhooks (docs/webhooks.md): subscriptions and their delivery log; needs webhooks.manage. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const webhooks = useWebhooks();
  const invalidate = useInvalidateWebhooks();
  const [dialog, setDialog] = useState<{ webhook?: Webhook } | null>(null);
  const [secret, setSecret] = useState<string>();
  const [tab, setTab] = useState('subscriptions');

  const test = useMutation({
    mutationFn: sendTestEvent,
    onSuccess: (d) => {
      invalidate();
      if (d.status === 'succeeded') void message.success(t('webhooks.testSent', { status: d.responseStatus }));
      else
        void message.warning(
          t('webhooks.testFailed', {
            reason: d.responseStatus !== null ? `HTTP ${d.responseStatus}` : (d.error ?? ''),
          }),
        );
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: deleteWebhook,
    onSuccess: () => {
      invalidate();
      void message.success(t('webhooks.deleted'));
    },
    onError: (err) => void message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<Webhook> = [
    {
      key: 'url',
      title: t('webhooks.col.url'),
      render: (_v, w) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text className="mono">{w.url}</Typography.Text>
          {w.description ? <Typography.Text type="secondary">{w.description}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      key: 'events',
      title: t('webhooks.col.events'),
      dataIndex: 'events',
      render: (events: string[]) => events.map((e) => <Tag key={e}>{e}</Tag>),
    },
    {
      key: 'active',
      title: t('webhooks.col.active'),
      dataIndex: 'active',
      render: (on: boolean) => (
        <Tag color={on ? 'green' : 'default'}>{t(on ? 'webhooks.active' : 'webhooks.inactive')}</Tag>
      ),
    },
    {
      key: 'secret',
      title: t('webhooks.col.secret'),
      dataIndex: 'secretHint',
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      key: 'createdAt',
      title: t('webhooks.col.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, w) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ webhook: w })}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            loading={test.isPending && test.variables === w.id}
            onClick={() => test.mutate(w.id)}
          >
            {t('webhooks.test')}
          </Button>
          <Popconfirm title={t('webhooks.deleteConfirm')} onConfirm={() => remove.mutate(w.id)}>
            <Button type="link" size="small" danger>
              {t('webhooks.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const list = (
    <>
      {webhooks.isError ? (
        <QueryError message={errorMessage(webhooks.error)} onRetry={() => void webhooks.refetch()} />
      ) : null}
      <Table<Webhook>
        rowKey="id"
        columns={columns}
        dataSource={webhooks.data}
        loading={webhooks.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: webhooks.isLoading || webhooks.isError ? ' ' : <Empty description={t('webhooks.empty')} />,
        }}
        pagination={{ hideOnSinglePage: true, pageSize: 50, showTotal: (count) => t('common.total', { count }) }}
      />
    </>
  );

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => invalidate()} aria-label={t('common.refresh')} />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog({})}
              data-testid={WEBHOOKS_IDS.create}
            >
              {t('webhooks.create')}
            </Button>
          </>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'subscriptions', label: t('webhooks.tabs.subscriptions'), children: list },
          {
            key: 'deliveries',
            label: <span data-testid={WEBHOOKS_IDS.tabDeliveries}>{t('webhooks.tabs.deliveries')}</span>,
            children: <DeliveriesTab webhooks={webhooks.data ?? []} />,
          },
        ]}
      />
      {dialog ? (
        <WebhookFormDialog webhook={dialog.webhook} onClose={() => setDialog(null)} onSecret={setSecret} />
      ) : null}
      {secret ? <SecretDialog secret={secret} onClose={() => setSecret(undefined)} /> : null}
    </>
  );
}
