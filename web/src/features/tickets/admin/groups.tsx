import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentGroup } from '../../../../../contracts/tickets';
import { useErrorMessage } from '../../../app/errors';
import { useFormSubmit } from '../../../app/use-form-submit';
import { FormModal } from '../../../ui/form-modal';
import { QueryError } from '../../../ui/query-error';
import { createGroup, updateGroup, useGroups, useInvalidateTickets } from '../api';
import { UserName, UserSelect, UsersSelect } from '../pickers';

/** 处理组: the back-office departments orders are assigned to (技术, 账务, 物流 …), with lead and members. */
export function Groups() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const groups = useGroups();
  const [editing, setEditing] = useState<DepartmentGroup | 'new'>();
  const columns: TableColumnsType<DepartmentGroup> = [
    { key: 'name', title: t('ticketsAdmin.group.col.name'), dataIndex: 'name' },
    { key: 'lead', title: t('ticketsAdmin.group.col.lead'), render: (_v, g) => <UserName id={g.leadUserId} /> },
    {
      key: 'members',
      title: t('ticketsAdmin.group.col.members'),
      render: (_v, g) => (
        <Flex gap={4} wrap>
          {g.memberUserIds.map((id, i) => (
            <span key={id}>
              <UserName id={id} />
              {i < g.memberUserIds.length - 1 ? '、' : ''}
            </span>
          ))}
        </Flex>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, g) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(g)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('ticketsAdmin.group.create')}
        </Button>
      </Flex>
      {groups.isError ? (
        <QueryError message={errorMessage(groups.error)} onRetry={() => void groups.refetch()} />
      ) : null}
      <Table<DepartmentGroup>
        rowKey="id"
        columns={columns}
        dataSource={groups.data}
        loading={groups.isFetching}
        pagination={false}
        locale={{ emptyText: t('ticketsAdmin.group.empty') }}
      />
      {editing ? (
        <GroupFormDialog group={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      ) : null}
    </>
  );
}

type Values = { name: string; leadUserId?: string | null; memberUserIds: string[] };

function GroupFormDialog({ group, onClose }: { group?: DepartmentGroup; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTickets();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(
    form,
    (v: Values) => {
      const body = { name: v.name.trim(), leadUserId: v.leadUserId ?? null, memberUserIds: v.memberUserIds ?? [] };
      return group ? updateGroup(group.id, body) : createGroup(body);
    },
    {
      fieldsByCode: { 'TICKETS.GROUP_NAME_TAKEN': 'name', 'TICKETS.UNKNOWN_USER': 'memberUserIds' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t('ticketsAdmin.group.saved', { name: saved.name }));
        onClose();
      },
    },
  );
  return (
    <FormModal
      title={t(group ? 'ticketsAdmin.group.edit' : 'ticketsAdmin.group.create')}
      onClose={onClose}
      form={form}
      initialValues={group ?? { memberUserIds: [] }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(group ? 'common.save' : 'common.create')}
    >
      <Form.Item
        name="name"
        label={t('ticketsAdmin.group.name')}
        rules={[{ required: true, whitespace: true, message: t('ticketsAdmin.group.nameRequired') }, { max: 100 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="leadUserId" label={t('ticketsAdmin.group.lead')}>
        <UserSelect />
      </Form.Item>
      <Form.Item name="memberUserIds" label={t('ticketsAdmin.group.members')}>
        <UsersSelect />
      </Form.Item>
    </FormModal>
  );
}
