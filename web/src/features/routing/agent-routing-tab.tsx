import { Input, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../app/lookups';
import { useSession } from '../../app/session';
import { AgentRoutingDialog } from './agent-routing-dialog';
import { type AgentRoutingRow, useAgentRoutings, useQueues, useSkills } from './api';
import { actionColumn, ConfigTable } from './config-table';

export function AgentRoutingTab() {
  const { t } = useTranslation();
  const session = useSession();
  const agents = useAgentRoutings();
  const skills = useSkills();
  const queues = useQueues();
  const teams = useTeams(session.can('teams.view'));
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<AgentRoutingRow | null>(null);
  const skillName = (key: string) => skills.data?.find((s) => s.key === key)?.name ?? key;
  const queueName = (key: string) => queues.data?.find((x) => x.key === key)?.name ?? key;
  const needle = q.trim().toLowerCase();
  const rows = (agents.data ?? []).filter(
    (a) => !needle || a.username.toLowerCase().includes(needle) || a.displayName.toLowerCase().includes(needle),
  );

  const columns: TableColumnsType<AgentRoutingRow> = [
    {
      key: 'agent',
      title: t('wallboard.col.agent'),
      sorter: (a, b) => a.username.localeCompare(b.username),
      defaultSortOrder: 'ascend',
      render: (_v, a) => (
        <>
          {a.displayName}{' '}
          <Typography.Text type="secondary" className="mono">
            {a.username}
          </Typography.Text>
        </>
      ),
    },
    {
      key: 'team',
      title: t('wallboard.col.team'),
      render: (_v, a) => teams.data?.find((x) => x.id === a.teamId)?.name ?? t('common.none'),
    },
    {
      key: 'skills',
      title: t('routingAdmin.skills'),
      render: (_v, a) =>
        a.skills.length === 0
          ? t('common.none')
          : a.skills.map((s) => (
              <Tag key={s.skill}>
                {skillName(s.skill)} · {s.level}
              </Tag>
            )),
    },
    {
      key: 'memberships',
      title: t('routingAdmin.memberships'),
      render: (_v, a) =>
        a.memberships.length === 0
          ? t('common.none')
          : [...a.memberships]
              .sort((x, y) => x.priority - y.priority)
              .map((m) => (
                <Tag key={m.queueId} color={m.priority === 1 ? 'blue' : undefined}>
                  {queueName(m.queueKey)} · P{m.priority}
                  {m.delaySeconds > 0 ? ` · ${m.delaySeconds}s` : ''}
                </Tag>
              )),
    },
    {
      key: 'chat',
      title: t('routingAdmin.chatCapacity'),
      render: (_v, a) => a.capacity.chat ?? t('common.none'),
    },
    actionColumn<AgentRoutingRow>(t('common.actions'), t('common.edit'), setEditing),
  ];

  return (
    <>
      <ConfigTable<AgentRoutingRow>
        query={agents}
        columns={columns}
        rows={rows}
        rowKey="userId"
        size="small"
        filters={
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            style={{ maxWidth: 280 }}
            onChange={(e) => setQ(e.target.value)}
          />
        }
        emptyText={t('routingAdmin.noAgents')}
        scroll={{ x: 'max-content' }}
        showTotal
      />
      {editing ? <AgentRoutingDialog agent={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
