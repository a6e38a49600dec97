import { Form, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Skill } from '../../../../contracts/routing';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { createSkill, renameSkill, useSkills } from './api';
import { actionColumn, ConfigTable, keyColumn } from './config-table';
import { KeyField, NameField } from './form-fields';
import { useConfigSave } from './use-config-save';

type Values = { key: string; name: string };

function SkillDialog({ skill, onClose }: { skill?: Skill; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useConfigSave(
    form,
    (v: Values) =>
      skill ? renameSkill(skill.id, v.name.trim()) : createSkill({ key: v.key.trim(), name: v.name.trim() }),
    {
      keyField: 'key',
      savedMessage: (saved) =>
        t(skill ? 'routingAdmin.skillUpdated' : 'routingAdmin.skillCreated', { name: saved.name }),
      onClose,
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
      <KeyField label={t('routingAdmin.key')} editing={Boolean(skill)} />
      <NameField editing={Boolean(skill)} />
    </FormModal>
  );
}

export function SkillsTab() {
  const { t } = useTranslation();
  const skills = useSkills();
  const [dialog, setDialog] = useState<{ skill?: Skill } | null>(null);
  const columns: TableColumnsType<Skill> = [
    keyColumn('key', t('routingAdmin.key')),
    { key: 'name', title: t('routingAdmin.name'), dataIndex: 'name' },
    {
      key: 'createdAt',
      title: t('routingAdmin.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => <DateTime value={v} />,
    },
    actionColumn(t('common.actions'), t('routingAdmin.rename'), (skill: Skill) => setDialog({ skill })),
  ];
  return (
    <>
      <ConfigTable<Skill>
        query={skills}
        columns={columns}
        create={{ label: t('routingAdmin.createSkill'), onClick: () => setDialog({}) }}
        emptyText={t('routingAdmin.noSkills')}
      />
      {dialog ? <SkillDialog skill={dialog.skill} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
