import { DownOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Dropdown, Empty, Space, Switch, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ChannelConfig,
  CONVERSATION_CHANNELS,
  type ConversationChannel,
} from '../../../../contracts/conversations';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { updateChannel, useChannels, useInvalidateChannels, useQueues } from './api';
import { ChannelDrawer } from './channel-drawer';
import { KindIcon } from './kind-icon';
import { CHANNELS_IDS } from './testids';

/** 渠道管理: web chat widgets, mailboxes, SMS numbers and WeChat accounts, each feeding a queue. */
export function ChannelsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const channels = useChannels();
  const queues = useQueues();
  const invalidate = useInvalidateChannels();
  const [drawer, setDrawer] = useState<{ kind: ConversationChannel; channel?: ChannelConfig } | null>(null);

  const toggle = useMutation({
    mutationFn: (c: ChannelConfig) => updateChannel(c.id, { enabled: !c.enabled }),
    onSuccess: (c) => {
      invalidate();
      void message.success(t(c.enabled ? 'channels.enabledOn' : 'channels.enabledOff', { name: c.name }));
    },
    onError: (err) => void message.error(errorMessage(err)),
  });

  const queueName = (key: string) => queues.data?.find((q) => q.key === key)?.name ?? key;

  const columns: TableColumnsType<ChannelConfig> = [
    {
      key: 'name',
      title: t('channels.col.name'),
      render: (_v, c) => (
        <Space>
          <KindIcon kind={c.kind} />
          <Space orientation="vertical" size={0}>
            <Button
              type="link"
              style={{ padding: 0, height: 'auto' }}
              onClick={() => setDrawer({ kind: c.kind, channel: c })}
            >
              {c.name}
            </Button>
            <Typography.Text type="secondary">{t(`channels.kind.${c.kind}`)}</Typography.Text>
          </Space>
        </Space>
      ),
    },
    { key: 'queue', title: t('channels.col.queue'), render: (_v, c) => queueName(c.queue) },
    {
      key: 'enabled',
      title: t('channels.col.enabled'),
      render: (_v, c) => (
        <Switch
          checked={c.enabled}
          loading={toggle.isPending && toggle.variables?.id === c.id}
          aria-label={`${c.name} · ${t('channels.col.enabled')}`}
          onChange={() => toggle.mutate(c)}
        />
      ),
    },
    {
      key: 'createdAt',
      title: t('channels.col.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, c) => (
        <Button type="link" size="small" onClick={() => setDrawer({ kind: c.kind, channel: c })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('channels.title')}
        description={t('channels.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => invalidate()} aria-label={t('common.refresh')} />
            <Dropdown
              trigger={['click']}
              menu={{
                items: CONVERSATION_CHANNELS.map((kind) => ({
                  key: kind,
                  icon: <KindIcon kind={kind} />,
                  label: (
                    <span data-testid={`${CHANNELS_IDS.kindOption}-${kind}`}>
                      <strong>{t(`channels.kind.${kind}`)}</strong>
                      <br />
                      <Typography.Text type="secondary">{t(`channels.kindHelp.${kind}`)}</Typography.Text>
                    </span>
                  ),
                })),
                onClick: ({ key }) => setDrawer({ kind: key as ConversationChannel }),
              }}
            >
              <Button type="primary" icon={<PlusOutlined />} data-testid={CHANNELS_IDS.create}>
                {t('channels.create')} <DownOutlined />
              </Button>
            </Dropdown>
          </>
        }
      />
      {channels.isError ? (
        <QueryError message={errorMessage(channels.error)} onRetry={() => void channels.refetch()} />
      ) : null}
      <div data-testid={CHANNELS_IDS.table}>
        <Table<ChannelConfig>
          rowKey="id"
          columns={columns}
          dataSource={channels.data}
          loading={channels.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: channels.isLoading || channels.isError ? ' ' : <Empty description={t('channels.empty')} />,
          }}
          pagination={{ hideOnSinglePage: true, pageSize: 50, showTotal: (count) => t('common.total', { count }) }}
        />
      </div>
      {drawer ? <ChannelDrawer kind={drawer.kind} channel={drawer.channel} onClose={() => setDrawer(null)} /> : null}
    </>
  );
}
