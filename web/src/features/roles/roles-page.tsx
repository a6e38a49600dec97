import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type Key, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoleDef } from '../../../../contracts/auth';
import { PERMISSIONS, ROLES } from '../../../../contracts/permissions';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { usePermissionList, useRoles } from './api';
import { RoleEditor } from './role-editor';

const order = (key: string) => {
  const index = (ROLES as readonly string[]).indexOf(key);
  return index === -1 ? ROLES.length : index;
};

export function RolesPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const roles = useRoles();
  const permissions = usePermissionList();
  const [expanded, setExpanded] = useState<readonly Key[]>([]);
  const rows = [...(roles.data ?? [])].sort((a, b) => order(a.key) - order(b.key));
  const known = permissions.data ?? PERMISSIONS;

  const columns: TableColumnsType<RoleDef> = [
    {
      key: 'role',
      title: t('rolesPage.col.role'),
      render: (_value, role) => (
        <Typography.Text strong title={role.key}>
          {t(`roleNames.${role.key}`, { defaultValue: role.key })}
        </Typography.Text>
      ),
    },
    {
      key: 'permissions',
      title: t('rolesPage.col.permissions'),
      render: (_value, role) => <Tag>{t('rolesPage.count', { count: role.permissions.length })}</Tag>,
    },
    {
      key: 'updatedAt',
      title: t('rolesPage.col.updatedAt'),
      dataIndex: 'updatedAt',
      render: (value: string) => <DateTime value={value} />,
    },
  ];

  const refetch = () => {
    void roles.refetch();
    void permissions.refetch();
  };

  return (
    <>
      <PageHeader
        title={t('rolesPage.title')}
        description={t('rolesPage.intro')}
        extra={<Button icon={<ReloadOutlined />} onClick={refetch} aria-label={t('common.refresh')} />}
      />
      {roles.isError ? <QueryError message={errorMessage(roles.error)} onRetry={refetch} /> : null}
      <Table<RoleDef>
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={roles.isFetching}
        pagination={false}
        locale={{ emptyText: roles.isLoading || roles.isError ? ' ' : <Empty /> }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: setExpanded,
          expandRowByClick: true,
          // Keyed by updatedAt: a save elsewhere (or a refetch) resets the checkboxes to the server's.
          expandedRowRender: (role) => <RoleEditor key={role.updatedAt} role={role} permissions={known} />,
        }}
      />
    </>
  );
}
