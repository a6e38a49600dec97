import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Empty, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../../contracts/conversations';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { formatDuration, secondsSince, useNow } from '../../ui/use-now';
import { useConversationUpdates, useLiveConversations } from './api';
import { customerLabel } from './customer-label';
import { KindIcon } from './kind-icon';
import { CHANNELS_IDS } from './testids';
import { TranscriptDrawer } from './transcript-drawer';

/** 在线会话监控: every conversation waiting or in progress, and its transcript on demand. */
export function LiveConversationsPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const live = useLiveConversations();
  useConversationUpdates();
  const now = useNow();
  const [open, setOpen] = useState<string>();

  const columns: TableColumnsType<Conversation> = [
    {
      key: 'customer',
      title: t('liveChats.col.customer'),
      render: (_v, c) => {
        const name = customerLabel(c, t('liveChats.anonymous'));
        return (
          <Button
            type="link"
            style={{ padding: 0, height: 'auto' }}
            aria-label={t('liveChats.open', { customer: name })}
            onClick={(e) => {
              e.stopPropagation();
              setOpen(c.id);
            }}
          >
            {name}
          </Button>
        );
      },
    },
    {
      key: 'channel',
      title: t('liveChats.col.channel'),
      render: (_v, c) => (
        <Space size={6}>
          <KindIcon kind={c.channel} />
          <span>{c.channelName || t(`channels.kind.${c.channel}`)}</span>
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('liveChats.col.status'),
      render: (_v, c) => (
        <Tag color={c.status === 'waiting' ? 'orange' : 'green'}>{t(`liveChats.status.${c.status}`)}</Tag>
      ),
    },
    {
      key: 'agent',
      title: t('liveChats.col.agent'),
      render: (_v, c) => c.agentName ?? <Typography.Text type="secondary">{t('liveChats.noAgent')}</Typography.Text>,
    },
    {
      key: 'time',
      title: t('liveChats.col.time'),
      render: (_v, c) => <span className="timer">{formatDuration(secondsSince(c.createdAt, now))}</span>,
    },
    {
      key: 'unread',
      title: t('liveChats.col.unread'),
      align: 'center',
      render: (_v, c) =>
        c.unread > 0 ? <Badge count={c.unread} /> : <Typography.Text type="secondary">0</Typography.Text>,
    },
    {
      key: 'last',
      title: t('liveChats.col.lastMessage'),
      render: (_v, c) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: 360 }}>
          <Typography.Text ellipsis={{ tooltip: c.lastMessage }} style={{ maxWidth: 360 }}>
            {c.lastMessage ?? t('common.none')}
          </Typography.Text>
          {c.lastMessageAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <DateTime value={c.lastMessageAt} style="time" />
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('liveChats.title')}
        description={t('liveChats.description')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void live.refetch()} aria-label={t('common.refresh')} />
        }
      />
      {live.isError ? <QueryError message={errorMessage(live.error)} onRetry={() => void live.refetch()} /> : null}
      {live.data?.truncated ? (
        <Alert type="warning" showIcon title={t('liveChats.truncated')} style={{ marginBottom: 16 }} />
      ) : null}
      <div data-testid={CHANNELS_IDS.liveTable} className="live-conversations">
        <Table<Conversation>
          rowKey="id"
          columns={columns}
          dataSource={live.data?.items}
          loading={live.isLoading}
          scroll={{ x: 'max-content' }}
          onRow={(c) => ({ onClick: () => setOpen(c.id) })}
          locale={{ emptyText: live.isLoading || live.isError ? ' ' : <Empty description={t('liveChats.empty')} /> }}
          pagination={{ hideOnSinglePage: true, pageSize: 50, showTotal: (count) => t('common.total', { count }) }}
        />
      </div>
      <TranscriptDrawer id={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
