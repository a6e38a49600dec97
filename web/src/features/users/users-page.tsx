import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Input, Select, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../contracts/auth';
import { ROLES, type Role } from '../../../../contracts/permissions';
import { useErrorMessage } from '../../app/errors';
import { useTeams } from '../../app/lookups';
import { useSession } from '../../app/session';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { type UserFilters, updateUser, useInvalidateUsers, useUsers } from './api';
import { ResetPasswordDialog } from './reset-password-dialog';
import { USERS_IDS } from './testids';
import { UserFormDialog } from './user-form-dialog';
import { usersColumns } from './users-columns';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | null;

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateUsers();
  const [filters, setFilters] = useState<UserFilters>({ page: 1, pageSize: 20 });
  const [dialog, setDialog] = useState<Dialog>(null);
  const users = useUsers(filters);
  const teams = useTeams(session.can('teams.view'));
  const manage = session.can('users.manage');
  // Without teams.view there is nothing to pick from; an empty list, not an endless spinner.
  const teamOptions = session.can('teams.view') ? teams.data : [];

  const toggleDisabled = useMutation({
    mutationFn: (user: User) => updateUser(user.id, { disabled: !user.disabled }),
    onSuccess: (saved) => {
      invalidate();
      void message.success(t(saved.disabled ? 'users.disabledDone' : 'users.enabledDone', { name: saved.displayName }));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  const teamNames = useMemo(() => new Map((teams.data ?? []).map((team) => [team.id, team.name])), [teams.data]);
  const columns = usersColumns({
    t,
    teamName: (id) => (id ? teamNames.get(id) : undefined),
    actions:
      manage && session.me
        ? {
            selfId: session.me.user.id,
            onEdit: (user) => setDialog({ kind: 'edit', user }),
            onResetPassword: (user) => setDialog({ kind: 'reset', user }),
            onToggleDisabled: (user) => toggleDisabled.mutate(user),
          }
        : undefined,
  });

  const filter = (patch: Partial<UserFilters>) => setFilters((f) => ({ ...f, ...patch, page: 1 }));

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void users.refetch()} aria-label={t('common.refresh')} />
            {manage ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog({ kind: 'create' })}
                data-testid={USERS_IDS.create}
              >
                {t('users.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex gap={8} wrap className="page-filters" role="search">
        <Input.Search
          allowClear
          placeholder={t('users.searchPlaceholder')}
          aria-label={t('users.searchPlaceholder')}
          onSearch={(q) => filter({ q: q.trim() || undefined })}
          style={{ width: 260 }}
        />
        {teams.data ? (
          <Select
            allowClear
            placeholder={t('users.filterTeam')}
            aria-label={t('users.filterTeam')}
            options={teams.data.map((team) => ({ value: team.id, label: team.name }))}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(teamId?: string) => filter({ teamId })}
            style={{ width: 200 }}
          />
        ) : null}
        <Select
          allowClear
          placeholder={t('users.filterRole')}
          aria-label={t('users.filterRole')}
          options={ROLES.map((role) => ({ value: role, label: t(`roleNames.${role}`) }))}
          onChange={(role?: Role) => filter({ role })}
          style={{ width: 180 }}
        />
      </Flex>
      {users.isError ? <QueryError message={errorMessage(users.error)} onRetry={() => void users.refetch()} /> : null}
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items}
        loading={users.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: users.isLoading || users.isError ? ' ' : <Empty description={t('users.empty')} /> }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (count) => t('common.total', { count }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
      />
      {dialog?.kind === 'create' ? <UserFormDialog teams={teamOptions} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'edit' ? (
        <UserFormDialog user={dialog.user} teams={teamOptions} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'reset' ? <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
