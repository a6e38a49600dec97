import { Descriptions, Drawer, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentStatus, ContactState, Queue, RoutingLogEntry } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useRoutingLog } from './api';

type Props = {
  contactId: string | undefined;
  queues: readonly Queue[] | undefined;
  agents: readonly AgentStatus[];
  onClose: () => void;
};

const VERDICT_COLOR = { chosen: 'success', eligible: 'processing', skipped: 'default' } as const;
const STATE_COLOR: Partial<Record<ContactState, string>> = {
  offered: 'blue',
  connected: 'green',
  completed: 'gray',
  abandoned: 'red',
  timed_out: 'red',
};

/** Why a contact went where it went: each transition, the rule behind each offer, candidates and skip reasons. */
export function RoutingLogDrawer({ contactId, queues, agents, onClose }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const log = useRoutingLog(contactId);
  const agentName = (id: string | null) =>
    id ? (agents.find((a) => a.userId === id)?.displayName ?? id.slice(-8)) : t('common.none');
  const queueName = (id: string | null) => (id ? (queues?.find((q) => q.id === id)?.name ?? id) : t('common.none'));

  const item = (e: RoutingLogEntry) => ({
    color: STATE_COLOR[e.toState] ?? 'blue',
    title: <DateTime value={e.at} />,
    content: (
      <>
        <Typography.Text strong>
          {e.fromState ? `${t(`acd.contactState.${e.fromState}`)} → ` : ''}
          {t(`acd.contactState.${e.toState}`)}
        </Typography.Text>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'queue', label: t('desktop.queue'), children: queueName(e.queueId) },
            ...(e.agentId ? [{ key: 'agent', label: t('wallboard.col.agent'), children: agentName(e.agentId) }] : []),
            ...(e.rule
              ? [
                  {
                    key: 'rule',
                    label: t('wallboard.log.rule'),
                    children: e.step ? `${e.rule} · ${t('wallboard.log.step', { step: e.step })}` : e.rule,
                  },
                ]
              : []),
            ...(e.note ? [{ key: 'note', label: t('wallboard.log.note'), children: e.note }] : []),
            ...(e.unavailable
              ? [{ key: 'unavailable', label: t('wallboard.log.unavailable'), children: e.unavailable }]
              : []),
          ]}
        />
        {e.considered && e.considered.length > 0 ? (
          <div className="log-candidates">
            <Typography.Text type="secondary">{t('wallboard.log.candidates')}</Typography.Text>
            <ul>
              {e.considered.map((v) => (
                <li key={v.agentId}>
                  <Tag color={VERDICT_COLOR[v.verdict]}>{t(`wallboard.log.verdict.${v.verdict}`)}</Tag>
                  {agentName(v.agentId)}
                  {v.reason ? <Typography.Text type="secondary"> — {v.reason}</Typography.Text> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </>
    ),
  });

  return (
    <Drawer open={Boolean(contactId)} onClose={onClose} size={560} title={t('wallboard.routingLog')} destroyOnHidden>
      {log.isError ? <QueryError message={errorMessage(log.error)} onRetry={() => void log.refetch()} /> : null}
      {log.isLoading ? <Spin /> : null}
      {log.data && log.data.length === 0 ? <Empty /> : null}
      {log.data && log.data.length > 0 ? <Timeline items={log.data.map(item)} /> : null}
    </Drawer>
  );
}
