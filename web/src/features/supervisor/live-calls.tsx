import { AudioOutlined, CustomerServiceOutlined, SoundOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentStatus } from '../../../../contracts/routing';
import type { LiveCall, MonitorMode } from '../../../../contracts/voice';
import { useErrorMessage } from '../../app/errors';
import { QueryError } from '../../ui/query-error';
import { formatDuration, secondsSince } from '../../ui/use-now';
import { monitorCall, useLiveCalls } from './api';
import { SUPERVISOR_IDS } from './testids';

const PHASE_COLOR: Record<LiveCall['phase'], string> = {
  ivr: 'default',
  queue: 'orange',
  talk: 'green',
  after: 'default',
};
const MODE_ICON: Record<MonitorMode, ReactNode> = {
  listen: <CustomerServiceOutlined />,
  whisper: <AudioOutlined />,
  barge: <SoundOutlined />,
};

type Props = {
  agents: readonly AgentStatus[];
  /** The signed-in supervisor: "me" among the monitors. */
  userId: string | undefined;
  /** 强插 (barge) needs supervisor.control; 监听 and 耳语 only supervisor.monitor. */
  control: boolean;
  now: number;
};

/**
 * 通话监控: the calls in progress, who talks on each, who monitors them, and 监听 / 耳语 / 强插 for calls
 * in conversation. Kefu rings the supervisor's own SIP phone and joins it to the call.
 */
export function LiveCalls({ agents, userId, control, now }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const calls = useLiveCalls();
  const monitor = useMutation({
    mutationFn: ({ call, mode }: { call: LiveCall; mode: MonitorMode }) => monitorCall(call.contactId ?? '', { mode }),
    // The request returns once the supervisor's phone answered and joined the call.
    onMutate: ({ mode }) =>
      void message.info(t('wallboard.calls.ringing', { mode: t(`wallboard.calls.mode.${mode}`) })),
    onSuccess: (_r, { mode }) => {
      void message.success(t('wallboard.calls.joined', { mode: t(`wallboard.calls.mode.${mode}`) }));
      void calls.refetch();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const agentOf = (id: string | null) => (id ? agents.find((a) => a.userId === id) : undefined);
  const nameOf = (id: string) => (id === userId ? t('wallboard.calls.me') : (agentOf(id)?.displayName ?? id.slice(-8)));
  const modes: MonitorMode[] = control ? ['listen', 'whisper', 'barge'] : ['listen', 'whisper'];

  const columns: TableColumnsType<LiveCall> = [
    {
      key: 'agent',
      title: t('wallboard.col.agent'),
      render: (_v, c) => {
        const agent = agentOf(c.agentId);
        if (!agent) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
        return (
          <Space size={4}>
            <span>{agent.displayName}</span>
            <Typography.Text type="secondary" className="mono">
              {agent.username}
            </Typography.Text>
          </Space>
        );
      },
    },
    { key: 'caller', title: t('wallboard.calls.caller'), render: (_v, c) => <span className="mono">{c.caller}</span> },
    { key: 'called', title: t('wallboard.calls.called'), render: (_v, c) => <span className="mono">{c.called}</span> },
    {
      key: 'phase',
      title: t('wallboard.calls.phase'),
      filters: (['ivr', 'queue', 'talk', 'after'] as const).map((p) => ({
        text: t(`wallboard.calls.phases.${p}`),
        value: p,
      })),
      onFilter: (value, c) => c.phase === value,
      render: (_v, c) => (
        <Space size={4} wrap>
          <Tag color={PHASE_COLOR[c.phase]}>{t(`wallboard.calls.phases.${c.phase}`)}</Tag>
          {c.held ? <Tag color="warning">{t('wallboard.calls.held')}</Tag> : null}
          {c.conference.length > 0 ? (
            <Tag color="blue">{t('wallboard.calls.conference', { names: c.conference.map(nameOf).join('、') })}</Tag>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'duration',
      title: t('wallboard.calls.duration'),
      sorter: (a, b) => new Date(a.startedAt).getTime() - new Date(b.startedAt).getTime(),
      render: (_v, c) => <span className="timer">{formatDuration(secondsSince(c.startedAt, now))}</span>,
    },
    {
      key: 'monitors',
      title: t('wallboard.calls.monitors'),
      render: (_v, c) => {
        const who = agentOf(c.agentId)?.username ?? c.callId;
        if (c.monitors.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
        return (
          <Space size={4} wrap data-testid={SUPERVISOR_IDS.liveCallMonitors(who)}>
            {c.monitors.map((m) => (
              <Tag
                key={`${m.userId}-${m.mode}`}
                icon={MODE_ICON[m.mode]}
                color={m.userId === userId ? 'purple' : undefined}
              >
                {nameOf(m.userId)} · {t(`wallboard.calls.mode.${m.mode}`)}
              </Tag>
            ))}
          </Space>
        );
      },
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, c) => {
        if (c.phase !== 'talk' || !c.contactId || !c.agentId) return null;
        const who = agentOf(c.agentId)?.username ?? c.callId;
        const mine = c.monitors.find((m) => m.userId === userId)?.mode;
        return (
          <Space size={4}>
            {modes.map((mode) => (
              <Button
                key={mode}
                size="small"
                icon={MODE_ICON[mode]}
                type={mine === mode ? 'primary' : 'default'}
                danger={mode === 'barge'}
                disabled={mine === mode}
                loading={
                  monitor.isPending && monitor.variables?.call.callId === c.callId && monitor.variables.mode === mode
                }
                onClick={() => monitor.mutate({ call: c, mode })}
                data-testid={SUPERVISOR_IDS.monitor(mode, who)}
              >
                {t(`wallboard.calls.mode.${mode}`)}
              </Button>
            ))}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      {calls.isError ? <QueryError message={errorMessage(calls.error)} onRetry={() => void calls.refetch()} /> : null}
      <Table<LiveCall>
        rowKey="callId"
        size="small"
        columns={columns}
        dataSource={calls.data ?? []}
        loading={calls.isLoading}
        scroll={{ x: 'max-content' }}
        pagination={{ hideOnSinglePage: true, pageSize: 50, showTotal: (count) => t('common.total', { count }) }}
        locale={{ emptyText: t('wallboard.calls.none') }}
        data-testid={SUPERVISOR_IDS.liveCalls}
      />
    </>
  );
}
