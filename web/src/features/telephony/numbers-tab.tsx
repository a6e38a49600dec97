import { App, Button, Form, Input, Popconfirm, Select, Space, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneNumber } from '../../../../contracts/telephony';
import type { OverloadAction } from '../../../../contracts/voice';
import { useErrorMessage } from '../../app/errors';
import { useFlows } from '../../app/lookups';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { AdminTable } from './admin-table';
import { createNumber, deleteNumber, updateNumber, useInvalidateTelephony, useNumbers } from './api';
import { TELEPHONY_IDS } from './testids';

const DID = /^\+?[0-9*#]{1,32}$/;

type Values = { number: string; name?: string; flowId: string; overloadAction: OverloadAction };

const OVERLOAD_ACTIONS: readonly OverloadAction[] = ['reject', 'busy_prompt'];

function NumberDialog({ number, onClose }: { number?: PhoneNumber; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTelephony();
  const flows = useFlows();
  const [form] = Form.useForm<Values>();
  const overloadAction = Form.useWatch('overloadAction', form) ?? number?.overloadAction ?? 'reject';
  const save = useFormSubmit(
    form,
    async (v: Values) => {
      const name = v.name?.trim() || undefined;
      if (number)
        return updateNumber(number.id, { flowId: v.flowId, name: name ?? null, overloadAction: v.overloadAction });
      // A new number starts with 503; another choice is a second step (the create body has no such field).
      const created = await createNumber({ number: v.number.trim(), flowId: v.flowId, ...(name ? { name } : {}) });
      return v.overloadAction === created.overloadAction
        ? created
        : updateNumber(created.id, { overloadAction: v.overloadAction });
    },
    {
      fieldsByCode: { 'TELEPHONY.NUMBER_TAKEN': 'number', 'TELEPHONY.FLOW_NOT_FOUND': 'flowId' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t('telephonyAdmin.numbers.saved', { number: saved.number }));
        onClose();
      },
    },
  );
  return (
    <FormModal
      title={t(number ? 'telephonyAdmin.numbers.edit' : 'telephonyAdmin.numbers.create')}
      onClose={onClose}
      form={form}
      initialValues={
        number
          ? {
              number: number.number,
              name: number.name ?? '',
              flowId: number.flowId,
              overloadAction: number.overloadAction,
            }
          : { overloadAction: 'reject' }
      }
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(number ? 'common.save' : 'common.create')}
      submitTestId={TELEPHONY_IDS.numberFormSubmit}
    >
      <Form.Item
        name="number"
        label={t('telephonyAdmin.numbers.number')}
        extra={number ? undefined : t('telephonyAdmin.numbers.numberHelp')}
        rules={
          number
            ? []
            : [
                { required: true, whitespace: true, message: t('telephonyAdmin.numbers.numberRequired') },
                { pattern: DID, message: t('telephonyAdmin.numbers.numberPattern') },
              ]
        }
      >
        <Input
          disabled={Boolean(number)}
          autoComplete="off"
          autoFocus={!number}
          data-testid={TELEPHONY_IDS.numberFormNumber}
        />
      </Form.Item>
      <Form.Item name="name" label={t('telephonyAdmin.numbers.name')} rules={[{ max: 100 }]}>
        <Input
          autoComplete="off"
          placeholder={t('telephonyAdmin.numbers.namePlaceholder')}
          data-testid={TELEPHONY_IDS.numberFormName}
        />
      </Form.Item>
      <Form.Item
        name="flowId"
        label={t('telephonyAdmin.numbers.flow')}
        extra={t('telephonyAdmin.numbers.flowHelp')}
        rules={[{ required: true, message: t('telephonyAdmin.numbers.flowRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={flows.isLoading}
          placeholder={t('telephonyAdmin.numbers.flowPlaceholder')}
          options={(flows.data ?? []).map((f) => ({
            value: f.id,
            label: `${f.name} (${f.key})${f.publishedVersion ? '' : ` · ${t('ivr.notPublished')}`}`,
          }))}
          data-testid={TELEPHONY_IDS.numberFormFlow}
        />
      </Form.Item>
      <Form.Item
        name="overloadAction"
        label={t('telephonyAdmin.numbers.overload')}
        extra={t(`telephonyAdmin.numbers.overloadHelp.${overloadAction}`)}
      >
        <Select
          options={OVERLOAD_ACTIONS.map((a) => ({ value: a, label: t(`telephonyAdmin.numbers.overloadOptions.${a}`) }))}
          data-testid={TELEPHONY_IDS.numberFormOverload}
        />
      </Form.Item>
    </FormModal>
  );
}

export function NumbersTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTelephony();
  const numbers = useNumbers();
  const flows = useFlows();
  const [dialog, setDialog] = useState<{ number?: PhoneNumber } | null>(null);
  const flowById = new Map((flows.data ?? []).map((f) => [f.id, f]));
  const remove = (n: PhoneNumber) =>
    deleteNumber(n.id)
      .then(() => {
        invalidate();
        void message.success(t('telephonyAdmin.numbers.deleted', { number: n.number }));
      })
      .catch((error: unknown) => void message.error(errorMessage(error)));

  const columns: TableColumnsType<PhoneNumber> = [
    {
      key: 'number',
      title: t('telephonyAdmin.numbers.number'),
      dataIndex: 'number',
      render: (v: string, n) => (
        <Space size={4} wrap>
          <Typography.Text code>{v}</Typography.Text>
          {n.spike.enabled ? <Tag color="warning">{t('telephonyAdmin.numbers.spikeOn')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'name',
      title: t('telephonyAdmin.numbers.name'),
      dataIndex: 'name',
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      key: 'flow',
      title: t('telephonyAdmin.numbers.flow'),
      dataIndex: 'flowId',
      render: (flowId: string) => {
        const flow = flowById.get(flowId);
        if (!flow) return flows.isLoading ? null : <Tag color="red">{t('telephonyAdmin.numbers.flowMissing')}</Tag>;
        return (
          <Space size={4}>
            {flow.name}
            {flow.publishedVersion ? null : <Tag color="orange">{t('ivr.notPublished')}</Tag>}
          </Space>
        );
      },
    },
    {
      key: 'overload',
      title: t('telephonyAdmin.numbers.overload'),
      dataIndex: 'overloadAction',
      render: (a: OverloadAction, n) => (
        <span data-testid={TELEPHONY_IDS.numberOverload(n.number)} data-action={a}>
          {t(`telephonyAdmin.numbers.overloadShort.${a}`)}
        </span>
      ),
    },
    {
      key: 'updatedAt',
      title: t('telephonyAdmin.updatedAt'),
      dataIndex: 'updatedAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, n) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog({ number: n })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('telephonyAdmin.numbers.deleteConfirm', { number: n.number })}
            okText={t('telephonyAdmin.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(n)}
          >
            <Button type="link" size="small" danger>
              {t('telephonyAdmin.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <>
      <AdminTable<PhoneNumber>
        query={numbers}
        columns={columns}
        create={{
          label: t('telephonyAdmin.numbers.create'),
          onClick: () => setDialog({}),
          testId: TELEPHONY_IDS.numbersCreate,
        }}
        emptyText={t('telephonyAdmin.numbers.empty')}
        testId={TELEPHONY_IDS.numbersTable}
      />
      {dialog ? <NumberDialog number={dialog.number} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
