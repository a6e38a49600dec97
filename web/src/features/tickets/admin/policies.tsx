import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaPolicy } from '../../../../../contracts/tickets';
import { useErrorMessage } from '../../../app/errors';
import { useSession } from '../../../app/session';
import { QueryError } from '../../../ui/query-error';
import { useCalendars, usePolicies } from '../api';
import { minutesHint } from './minutes';
import { PolicyFormDialog } from './policy-form-dialog';

export function Policies() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const session = useSession();
  const policies = usePolicies();
  const calendars = useCalendars(session.can('calendars.view'));
  const [editing, setEditing] = useState<SlaPolicy | 'new'>();
  const minutes = (m: number) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      {t('ticketsAdmin.policy.minutes', { count: m })}{' '}
      <span style={{ color: 'var(--ant-color-text-secondary)' }}>{minutesHint(m, t)}</span>
    </span>
  );
  const columns: TableColumnsType<SlaPolicy> = [
    { key: 'name', title: t('ticketsAdmin.policy.col.name'), dataIndex: 'name' },
    {
      key: 'criteria',
      title: t('ticketsAdmin.policy.col.criteria'),
      render: (_v, p) => {
        const tags = [
          p.type ? t(`tickets.type.${p.type}`) : null,
          p.priority,
          p.severity ? t(`tickets.severity.${p.severity}`) : null,
          p.customerTier ? t(`crm.tier.${p.customerTier}`, { defaultValue: p.customerTier }) : null,
        ].filter((x): x is string => Boolean(x));
        return tags.length ? tags.map((x) => <Tag key={x}>{x}</Tag>) : <Tag>{t('ticketsAdmin.any')}</Tag>;
      },
    },
    { key: 'response', title: t('ticketsAdmin.policy.col.response'), render: (_v, p) => minutes(p.responseMinutes) },
    { key: 'resolve', title: t('ticketsAdmin.policy.col.resolve'), render: (_v, p) => minutes(p.resolveMinutes) },
    {
      key: 'calendar',
      title: t('ticketsAdmin.policy.col.calendar'),
      render: (_v, p) =>
        p.calendarId
          ? (calendars.data?.find((c) => c.id === p.calendarId)?.name ?? '…')
          : t('ticketsAdmin.policy.allHours'),
    },
    {
      key: 'warning',
      title: t('ticketsAdmin.policy.col.warning'),
      render: (_v, p) => `${Math.round(p.warningShare * 100)}%`,
    },
    {
      key: 'active',
      title: t('ticketsAdmin.policy.col.active'),
      render: (_v, p) => (
        <Tag color={p.active ? 'green' : 'default'}>{t(p.active ? 'ticketsAdmin.active' : 'ticketsAdmin.retired')}</Tag>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, p) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('ticketsAdmin.policy.create')}
        </Button>
      </Flex>
      {policies.isError ? (
        <QueryError message={errorMessage(policies.error)} onRetry={() => void policies.refetch()} />
      ) : null}
      <Table<SlaPolicy>
        rowKey="id"
        columns={columns}
        dataSource={policies.data}
        loading={policies.isFetching}
        pagination={false}
        locale={{ emptyText: t('ticketsAdmin.policy.empty') }}
      />
      {editing ? (
        <PolicyFormDialog policy={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      ) : null}
    </>
  );
}
