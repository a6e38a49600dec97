import { App, Form, Input, InputNumber, Switch, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReasonCode } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { FormModal } from '../../ui/form-modal';
import {
  createReasonCode,
  type ReasonCodeBody,
  updateReasonCode,
  useInvalidateRoutingConfig,
  useReasonCodes,
} from './api';
import { actionColumn, ConfigTable, keyColumn } from './config-table';
import { KeyField } from './form-fields';
import { useConfigSave } from './use-config-save';

type Values = Required<ReasonCodeBody>;

function ReasonDialog({ reason, onClose }: { reason?: ReasonCode; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useConfigSave(
    form,
    (v: Values) => {
      const body = { labelZh: v.labelZh.trim(), labelEn: v.labelEn.trim(), active: v.active, sortOrder: v.sortOrder };
      return reason ? updateReasonCode(reason.id, body) : createReasonCode({ code: v.code.trim(), ...body });
    },
    {
      keyField: 'code',
      savedMessage: (saved) => t('routingAdmin.reasonSaved', { name: saved.labelZh }),
      onClose,
    },
  );
  return (
    <FormModal
      title={t(reason ? 'routingAdmin.editReason' : 'routingAdmin.createReason')}
      onClose={onClose}
      form={form}
      initialValues={
        reason
          ? {
              code: reason.code,
              labelZh: reason.labelZh,
              labelEn: reason.labelEn,
              active: reason.active,
              sortOrder: reason.sortOrder,
            }
          : { active: true, sortOrder: 100 }
      }
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(reason ? 'common.save' : 'common.create')}
    >
      <KeyField name="code" label={t('routingAdmin.code')} editing={Boolean(reason)} />
      <Form.Item
        name="labelZh"
        label={t('routingAdmin.labelZh')}
        rules={[{ required: true, whitespace: true }, { max: 100 }]}
      >
        <Input autoComplete="off" autoFocus={Boolean(reason)} />
      </Form.Item>
      <Form.Item
        name="labelEn"
        label={t('routingAdmin.labelEn')}
        rules={[{ required: true, whitespace: true }, { max: 100 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="sortOrder" label={t('routingAdmin.sortOrder')}>
        <InputNumber min={0} max={1000} precision={0} />
      </Form.Item>
      <Form.Item name="active" label={t('routingAdmin.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}

export function ReasonCodesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateRoutingConfig();
  const reasons = useReasonCodes();
  const [dialog, setDialog] = useState<{ reason?: ReasonCode } | null>(null);
  const toggle = (r: ReasonCode, active: boolean) =>
    updateReasonCode(r.id, { active })
      .then(invalidate)
      .catch((error: unknown) => void message.error(errorMessage(error)));
  const columns: TableColumnsType<ReasonCode> = [
    keyColumn('code', t('routingAdmin.code')),
    { key: 'labelZh', title: t('routingAdmin.labelZh'), dataIndex: 'labelZh' },
    { key: 'labelEn', title: t('routingAdmin.labelEn'), dataIndex: 'labelEn' },
    { key: 'sortOrder', title: t('routingAdmin.sortOrder'), dataIndex: 'sortOrder', align: 'right' },
    {
      key: 'active',
      title: t('routingAdmin.active'),
      render: (_v, r) => (
        <Switch
          size="small"
          checked={r.active}
          onChange={(on) => void toggle(r, on)}
          aria-label={t('routingAdmin.active')}
        />
      ),
    },
    {
      key: 'system',
      title: t('routingAdmin.kind'),
      render: (_v, r) =>
        r.system ? <Tag>{t('routingAdmin.system')}</Tag> : <Tag color="blue">{t('routingAdmin.agentChosen')}</Tag>,
    },
    actionColumn(t('common.actions'), t('common.edit'), (reason: ReasonCode) => setDialog({ reason })),
  ];
  return (
    <>
      <ConfigTable<ReasonCode>
        query={reasons}
        columns={columns}
        rows={[...(reasons.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder)}
        create={{ label: t('routingAdmin.createReason'), onClick: () => setDialog({}) }}
      />
      {dialog ? <ReasonDialog reason={dialog.reason} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
