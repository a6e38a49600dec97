import { Button, Drawer, Dropdown, Empty, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentStatus, Contact, Queue, QueueStats } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { QueryError } from '../../ui/query-error';
import { formatDuration, secondsSince, useNow } from '../../ui/use-now';
import { VipTag } from '../../ui/vip-tag';
import { useWaitingContacts } from './api';
import { type ContactAction, ContactActionDialog } from './contact-action-dialog';
import { SUPERVISOR_IDS } from './testids';

type Props = {
  queue: QueueStats | undefined;
  queues: readonly Queue[] | undefined;
  agents: readonly AgentStatus[];
  control: boolean;
  onClose: () => void;
  onChanged: () => void;
  onShowLog: (contactId: string) => void;
};

/** The contacts waiting in one queue, in the order they will be served, with the supervisor's moves. */
export function WaitingDrawer({ queue, queues, agents, control, onClose, onChanged, onShowLog }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const now = useNow();
  const waiting = useWaitingContacts(queue?.key);
  const [dialog, setDialog] = useState<{ contact: Contact; action: ContactAction } | null>(null);
  const agentName = (id: string | null) => (id ? (agents.find((a) => a.userId === id)?.displayName ?? id) : null);
  const rows = [...(waiting.data ?? [])].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9));

  const columns: TableColumnsType<Contact> = [
    { key: 'position', title: t('wallboard.col.position'), dataIndex: 'position', width: 60 },
    {
      key: 'waited',
      title: t('wallboard.col.waited'),
      render: (_v, c) => <span className="timer">{formatDuration(secondsSince(c.queuedAt, now))}</span>,
    },
    { key: 'channel', title: t('desktop.channel'), render: (_v, c) => <Tag>{t(`acd.channel.${c.channel}`)}</Tag> },
    {
      key: 'priority',
      title: t('wallboard.priority'),
      render: (_v, c) => (
        <>
          {c.priority} <VipTag contact={c} />
        </>
      ),
    },
    {
      key: 'customer',
      title: t('desktop.customer'),
      render: (_v, c) => [c.customer?.name, c.customer?.phone].filter(Boolean).join(' · ') || t('common.none'),
    },
    { key: 'subject', title: t('desktop.subject'), render: (_v, c) => c.subject ?? t('common.none') },
    {
      key: 'target',
      title: t('wallboard.col.assigned'),
      render: (_v, c) => agentName(c.targetAgentId) ?? t('common.none'),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, c) => (
        <>
          <Button type="link" size="small" onClick={() => onShowLog(c.id)}>
            {t('wallboard.routingLog')}
          </Button>
          {control ? (
            <Dropdown
              trigger={['click']}
              menu={{
                items: (['queue', 'priority', 'assignTo'] as const).map((action) => ({
                  key: action,
                  label: t(`wallboard.action.${action}`),
                })),
                onClick: ({ key }) => setDialog({ contact: c, action: key as ContactAction }),
              }}
            >
              <Button type="link" size="small" data-testid={SUPERVISOR_IDS.waitingActions}>
                {t('wallboard.intervene')}
              </Button>
            </Dropdown>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <Drawer
      open={Boolean(queue)}
      onClose={onClose}
      size={860}
      title={queue ? t('wallboard.waitingIn', { name: queue.name }) : undefined}
      destroyOnHidden
    >
      {waiting.isError ? (
        <QueryError message={errorMessage(waiting.error)} onRetry={() => void waiting.refetch()} />
      ) : null}
      <Table<Contact>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={waiting.isLoading}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={{ emptyText: waiting.isLoading ? ' ' : <Empty description={t('wallboard.noneWaiting')} /> }}
      />
      {dialog ? (
        <ContactActionDialog
          contact={dialog.contact}
          action={dialog.action}
          queues={queues}
          agents={agents}
          onClose={() => setDialog(null)}
          onDone={() => {
            void waiting.refetch();
            onChanged();
          }}
        />
      ) : null}
    </Drawer>
  );
}
