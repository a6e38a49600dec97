import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../contracts/teams';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useTeams } from './api';
import { TeamFormDialog } from './team-form-dialog';
import { TEAMS_IDS } from './testids';

function LeadName({ name }: { name: string | null }) {
  const { t } = useTranslation();
  if (!name) return <Typography.Text type="secondary">{t('teams.noLead')}</Typography.Text>;
  return <>{name}</>;
}

export function TeamsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const teams = useTeams();
  const [dialog, setDialog] = useState<{ team?: Team } | null>(null);
  const manage = session.can('teams.manage');

  const columns: TableColumnsType<Team> = [
    { key: 'name', title: t('teams.col.name'), dataIndex: 'name' },
    {
      key: 'lead',
      title: t('teams.col.lead'),
      dataIndex: 'leadName',
      render: (name: string | null) => <LeadName name={name} />,
    },
    { key: 'memberCount', title: t('teams.col.memberCount'), dataIndex: 'memberCount', align: 'right' },
    {
      key: 'createdAt',
      title: t('teams.col.createdAt'),
      dataIndex: 'createdAt',
      render: (value: string) => <DateTime value={value} />,
    },
  ];
  if (manage) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, team) => (
        <Button type="link" size="small" onClick={() => setDialog({ team })}>
          {t('common.edit')}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('teams.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void teams.refetch()} aria-label={t('common.refresh')} />
            {manage ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog({})}
                data-testid={TEAMS_IDS.create}
              >
                {t('teams.create')}
              </Button>
            ) : null}
          </>
        }
      />
      {teams.isError ? <QueryError message={errorMessage(teams.error)} onRetry={() => void teams.refetch()} /> : null}
      <Table<Team>
        rowKey="id"
        columns={columns}
        dataSource={teams.data}
        loading={teams.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: teams.isLoading || teams.isError ? ' ' : <Empty description={t('teams.empty')} /> }}
        pagination={{ hideOnSinglePage: true, pageSize: 50, showTotal: (count) => t('common.total', { count }) }}
      />
      {dialog ? <TeamFormDialog team={dialog.team} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
