import { DisconnectOutlined, DownOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Dropdown, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  AGENT_STATES,
  type AgentStatus,
  type Contact,
  type Queue,
  type ReasonCode,
  type SetStateBody,
} from '../../../../contracts/routing';
import type { Team } from '../../../../contracts/teams';
import { useErrorMessage } from '../../app/errors';
import { AgentStateTag, useReasonLabel } from '../../ui/agent-state-tag';
import { useDateTimeFormat } from '../../ui/date-time';
import { formatDuration, secondsSince } from '../../ui/use-now';
import { setAgentState } from './api';
import { SUPERVISOR_IDS } from './testids';

const WORKING: readonly AgentStatus['state'][] = ['reserved', 'busy', 'wrap_up'];

type Props = {
  agents: readonly AgentStatus[];
  teams: readonly Team[] | undefined;
  queues: readonly Queue[] | undefined;
  reasons: readonly ReasonCode[] | undefined;
  /** Open contacts by id: what each agent holds. */
  contacts: ReadonlyMap<string, Contact>;
  now: number;
  /** Supervisor actions; absent without supervisor.control. */
  control: boolean;
  loading: boolean;
  onChanged: () => void;
  onShowLog: (contactId: string) => void;
};

function ContactRef({
  id,
  contact,
  queues,
  onShowLog,
}: {
  id: string;
  contact: Contact | undefined;
  queues: Props['queues'];
  onShowLog: (id: string) => void;
}) {
  const { t } = useTranslation();
  const queue = queues?.find((q) => q.id === contact?.queueId);
  const label = contact
    ? [t(`acd.channel.${contact.channel}`), queue?.name ?? contact.queueKey, contact.customer?.name]
        .filter(Boolean)
        .join(' · ')
    : id.slice(-8);
  return (
    <Button type="link" size="small" onClick={() => onShowLog(id)} style={{ paddingInline: 0 }}>
      {label}
    </Button>
  );
}

/**
 * The agent's phone did not respond to an offer: no calls go to them until the time shown (they stay
 * ready). Shown only while that time is ahead.
 */
function PhoneFlag({ agent, now }: { agent: AgentStatus; now: number }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const until = agent.phoneUnreachableUntil;
  if (!until || Date.parse(until) <= now) return null;
  const time = formatTime(until, 'time');
  return (
    <Tooltip title={t('wallboard.phoneFlagHint', { time })}>
      <Tag color="warning" icon={<DisconnectOutlined />} data-testid={SUPERVISOR_IDS.agentPhoneFlag(agent.username)}>
        {t('wallboard.phoneFlag', { time })}
      </Tag>
    </Tooltip>
  );
}

/** Every agent with routing: state (coloured), time in it, the contacts in hand, and the supervisor's actions. */
export function AgentsTable({
  agents,
  teams,
  queues,
  reasons,
  contacts,
  now,
  control,
  loading,
  onChanged,
  onShowLog,
}: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const reasonLabel = useReasonLabel(reasons);
  const change = useMutation({
    mutationFn: ({ agent, body }: { agent: AgentStatus; body: SetStateBody }) => setAgentState(agent.userId, body),
    onSuccess: (_r, { agent }) => {
      void message.success(t('wallboard.stateSet', { name: agent.displayName }));
      onChanged();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const teamName = (id: string | null) => (id ? teams?.find((x) => x.id === id)?.name : undefined);
  const selectable = (reasons ?? []).filter((r) => r.active && !r.system).sort((a, b) => a.sortOrder - b.sortOrder);

  const columns: TableColumnsType<AgentStatus> = [
    {
      key: 'name',
      title: t('wallboard.col.agent'),
      sorter: (a, b) => a.username.localeCompare(b.username),
      render: (_v, a) => (
        <Space size={4}>
          <span>{a.displayName}</span>
          <Typography.Text type="secondary" className="mono">
            {a.username}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'team',
      title: t('wallboard.col.team'),
      filters: (teams ?? []).map((x) => ({ text: x.name, value: x.id })),
      onFilter: (value, a) => a.teamId === value,
      render: (_v, a) => teamName(a.teamId) ?? t('common.none'),
    },
    {
      key: 'state',
      title: t('wallboard.col.state'),
      filters: AGENT_STATES.map((s) => ({ text: t(`acd.state.${s}`), value: s })),
      onFilter: (value, a) => a.state === value,
      render: (_v, a) => (
        <Space size={4}>
          <AgentStateTag
            state={a.state}
            reason={a.state === 'not_ready' ? reasonLabel(a.reason) : null}
            testId={SUPERVISOR_IDS.agentState(a.username)}
          />
          {WORKING.includes(a.state) && a.presence !== 'ready' ? (
            <Tag bordered={false}>{t('wallboard.afterwards', { state: t(`acd.state.${a.presence}`) })}</Tag>
          ) : null}
          <PhoneFlag agent={a} now={now} />
        </Space>
      ),
    },
    {
      key: 'since',
      title: t('wallboard.col.timeInState'),
      sorter: (a, b) => (a.since ? Date.parse(a.since) : 0) - (b.since ? Date.parse(b.since) : 0),
      render: (_v, a) => (
        <span className="timer">
          {a.state === 'logged_out' ? t('common.none') : formatDuration(secondsSince(a.since, now))}
        </span>
      ),
    },
    {
      key: 'contacts',
      title: t('wallboard.col.contact'),
      render: (_v, a) => {
        const ids = [...(a.offer ? [a.offer] : []), ...a.contacts];
        if (ids.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
        return (
          <Space size={0} orientation="vertical">
            {ids.map((id) => (
              <ContactRef key={id} id={id} contact={contacts.get(id)} queues={queues} onShowLog={onShowLog} />
            ))}
          </Space>
        );
      },
    },
  ];
  if (control) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      // A signed-out agent has nothing to intervene in: no menu (signing in is the agent's own act).
      render: (_v, a) =>
        a.state === 'logged_out' ? (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ) : (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'ready', label: t('wallboard.setReady'), disabled: a.presence === 'ready' },
                {
                  key: 'not_ready',
                  label: t('wallboard.setNotReady'),
                  children: selectable.map((r) => ({
                    key: `not_ready:${r.code}`,
                    label: i18n.language === 'en-US' ? r.labelEn : r.labelZh,
                  })),
                },
                { type: 'divider' },
                {
                  key: 'logged_out',
                  label: t('wallboard.logOut'),
                  danger: true,
                  disabled: a.presence === 'logged_out',
                },
              ],
              onClick: ({ key }) => {
                const [state, reason] = key.split(':') as [SetStateBody['state'], string | undefined];
                change.mutate({ agent: a, body: reason ? { state, reason } : { state } });
              },
            }}
          >
            <Button size="small" data-testid={SUPERVISOR_IDS.agentActions(a.username)}>
              {t('wallboard.change')} <DownOutlined />
            </Button>
          </Dropdown>
        ),
    });
  }

  return (
    <Table<AgentStatus>
      rowKey="userId"
      size="small"
      columns={columns}
      dataSource={agents as AgentStatus[]}
      loading={loading}
      scroll={{ x: 'max-content' }}
      pagination={{ hideOnSinglePage: true, pageSize: 50, showTotal: (count) => t('common.total', { count }) }}
      data-testid={SUPERVISOR_IDS.agents}
    />
  );
}
