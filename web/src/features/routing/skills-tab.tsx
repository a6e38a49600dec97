import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Form, Input, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Skill } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import { createSkill, renameSkill, useInvalidateRoutingConfig, useSkills } from './api';

type Values = { key: string; name: string };

function SkillDialog({ skill, onClose }: { skill?: Skill; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateRoutingConfig();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(
    form,
    (v: Values) =>
      skill ? renameSkill(skill.id, v.name.trim()) : createSkill({ key: v.key.trim(), name: v.name.trim() }),
    {
      fieldsByCode: { 'ROUTING.KEY_TAKEN': 'key' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(
          t(skill ? 'routingAdmin.skillUpdated' : 'routingAdmin.skillCreated', { name: saved.name }),
        );
        onClose();
      },
    },
  );
  return (
    <FormModal
      title={t(skill ? 'routingAdmin.renameSkill' : 'routingAdmin.createSkill')}
      onClose={onClose}
      form={form}
      initialValues={{ key: skill?.key, name: skill?.name }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(skill ? 'common.save' : 'common.create')}
    >
      <Form.Item
        name="key"
        label={t('routingAdmin.key')}
        extra={skill ? undefined : t('routingAdmin.keyRule')}
        rules={
          skill ? [] : [{ required: true, pattern: /^[a-z][a-z0-9_-]{0,39}$/, message: t('routingAdmin.keyRule') }]
        }
      >
        <Input disabled={Boolean(skill)} autoComplete="off" autoFocus={!skill} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('routingAdmin.name')}
        rules={[{ required: true, whitespace: true, message: t('routingAdmin.nameRequired') }, { max: 100 }]}
      >
        <Input autoComplete="off" autoFocus={Boolean(skill)} />
      </Form.Item>
    </FormModal>
  );
}

export function SkillsTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const skills = useSkills();
  const [dialog, setDialog] = useState<{ skill?: Skill } | null>(null);
  const columns: TableColumnsType<Skill> = [
    {
      key: 'key',
      title: t('routingAdmin.key'),
      dataIndex: 'key',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { key: 'name', title: t('routingAdmin.name'), dataIndex: 'name' },
    {
      key: 'createdAt',
      title: t('routingAdmin.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, skill) => (
        <Button type="link" size="small" onClick={() => setDialog({ skill })}>
          {t('routingAdmin.rename')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex justify="flex-end" className="page-filters">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({})}>
          {t('routingAdmin.createSkill')}
        </Button>
      </Flex>
      {skills.isError ? (
        <QueryError message={errorMessage(skills.error)} onRetry={() => void skills.refetch()} />
      ) : null}
      <Table<Skill>
        rowKey="id"
        columns={columns}
        dataSource={skills.data}
        loading={skills.isFetching}
        pagination={{ hideOnSinglePage: true, pageSize: 50 }}
        locale={{ emptyText: skills.isLoading ? ' ' : <Empty description={t('routingAdmin.noSkills')} /> }}
      />
      {dialog ? <SkillDialog skill={dialog.skill} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
