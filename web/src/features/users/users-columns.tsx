import { Button, Popconfirm, Space, type TableColumnsType, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { User } from '../../../../contracts/auth';
import { DateTime } from '../../ui/date-time';
import { RoleTags } from '../../ui/role-tags';

type Options = {
  t: TFunction;
  teamName: (id: string | null) => string | undefined;
  /** Row actions; absent when the viewer may not manage users. */
  actions?: {
    selfId: string;
    onEdit: (user: User) => void;
    onResetPassword: (user: User) => void;
    onToggleDisabled: (user: User) => void;
  };
};

function statusOf(user: User): 'disabled' | 'locked' | 'active' {
  if (user.disabled) return 'disabled';
  if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()) return 'locked';
  return 'active';
}

const STATUS_COLOR = { active: 'success', disabled: 'default', locked: 'warning' } as const;

export function usersColumns({ t, teamName, actions }: Options): TableColumnsType<User> {
  const columns: TableColumnsType<User> = [
    {
      key: 'username',
      title: t('users.col.username'),
      dataIndex: 'username',
      render: (value: string) => <Typography.Text code>{value}</Typography.Text>,
    },
    { key: 'displayName', title: t('users.col.displayName'), dataIndex: 'displayName' },
    {
      key: 'roles',
      title: t('users.col.roles'),
      dataIndex: 'roles',
      render: (roles: string[]) => <RoleTags roles={roles} />,
    },
    {
      key: 'team',
      title: t('users.col.team'),
      dataIndex: 'teamId',
      render: (teamId: string | null) => (teamId ? (teamName(teamId) ?? t('common.none')) : t('common.none')),
    },
    {
      key: 'phone',
      title: t('users.col.phone'),
      dataIndex: 'phone',
      // Already masked by the server unless the viewer holds pii.view.
      render: (phone: string | null) => phone ?? t('common.none'),
    },
    {
      key: 'status',
      title: t('users.col.status'),
      render: (_value, user) => {
        const status = statusOf(user);
        return <Tag color={STATUS_COLOR[status]}>{t(`users.status.${status}`)}</Tag>;
      },
    },
    {
      key: 'lastLogin',
      title: t('users.col.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (value: string | null) => <DateTime value={value} fallback={t('users.neverLoggedIn')} />,
    },
  ];
  if (!actions) return columns;

  columns.push({
    key: 'actions',
    title: t('common.actions'),
    fixed: 'right',
    render: (_value, user) => (
      <Space size={0} wrap>
        <Button type="link" size="small" onClick={() => actions.onEdit(user)}>
          {t('common.edit')}
        </Button>
        {/* Your own password is changed from the header menu (it asks for the current one). */}
        {user.id === actions.selfId ? null : (
          <Button type="link" size="small" onClick={() => actions.onResetPassword(user)}>
            {t('users.resetPassword')}
          </Button>
        )}
        {user.id === actions.selfId ? null : (
          <Popconfirm
            title={t(user.disabled ? 'users.enableConfirm' : 'users.disableConfirm', { name: user.displayName })}
            onConfirm={() => actions.onToggleDisabled(user)}
            okText={t(user.disabled ? 'users.enable' : 'users.disable')}
            cancelText={t('common.cancel')}
          >
            <Button type="link" size="small" danger={!user.disabled}>
              {t(user.disabled ? 'users.enable' : 'users.disable')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    ),
  });
  return columns;
}
