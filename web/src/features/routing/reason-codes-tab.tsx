import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReasonCode } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import {
  createReasonCode,
  type ReasonCodeBody,
  updateReasonCode,
  useInvalidateRoutingConfig,
  useReasonCodes,
} from './api';

type Values = Required<ReasonCodeBody>;

function ReasonDialog({ reason, onClose }: { reason?: ReasonCode; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateRoutingConfig();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(
    form,
    (v: Values) => {
      const body = { labelZh: v.labelZh.trim(), labelEn: v.labelEn.trim(), active: v.active, sortOrder: v.sortOrder };
      return reason ? updateReasonCode(reason.id, body) : createReasonCode({ code: v.code.trim(), ...body });
    },
    {
      fieldsByCode: { 'ROUTING.KEY_TAKEN': 'code' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t('routingAdmin.reasonSaved', { name: saved.labelZh }));
        onClose();
      },
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
      <Form.Item
        name="code"
        label={t('routingAdmin.code')}
        extra={reason ? undefined : t('routingAdmin.keyRule')}
        rules={
          reason ? [] : [{ required: true, pattern: /^[a-z][a-z0-9_-]{0,39}$/, message: t('routingAdmin.keyRule') }]
        }
      >
        <Input disabled={Boolean(reason)} autoComplete="off" autoFocus={!reason} />
      </Form.Item>
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
    {
      key: 'code',
      title: t('routingAdmin.code'),
      dataIndex: 'code',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
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
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, reason) => (
        <Button type="link" size="small" onClick={() => setDialog({ reason })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex justify="flex-end" className="page-filters">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({})}>
          {t('routingAdmin.createReason')}
        </Button>
      </Flex>
      {reasons.isError ? (
        <QueryError message={errorMessage(reasons.error)} onRetry={() => void reasons.refetch()} />
      ) : null}
      <Table<ReasonCode>
        rowKey="id"
        columns={columns}
        dataSource={[...(reasons.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder)}
        loading={reasons.isFetching}
        pagination={{ hideOnSinglePage: true, pageSize: 50 }}
        locale={{ emptyText: reasons.isLoading ? ' ' : <Empty /> }}
      />
      {dialog ? <ReasonDialog reason={dialog.reason} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
