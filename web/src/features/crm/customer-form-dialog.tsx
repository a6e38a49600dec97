import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS, CUSTOMER_TIERS, type Customer } from '../../../../contracts/crm';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { createCustomer, useInvalidateCustomers } from './api';
import { CRM_IDS } from './testids';

type Values = { name: string; kind: Customer['kind']; phones: string[]; tags: string[]; tier: Customer['tier'] };

/** Create a customer (the essentials; the rest is edited on the customer's page). */
export function CustomerFormDialog({ onClose, onCreated }: { onClose: () => void; onCreated?: (c: Customer) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCustomers();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(
    form,
    (v: Values) => createCustomer({ name: v.name.trim(), kind: v.kind, phones: v.phones, tags: v.tags, tier: v.tier }),
    {
      onSuccess: (c) => {
        invalidate();
        void message.success(t('crm.created', { name: c.name }));
        onCreated?.(c);
        onClose();
      },
    },
  );
  return (
    <FormModal
      title={t('crm.create')}
      onClose={onClose}
      form={form}
      initialValues={{ kind: 'person', tier: 'standard', phones: [], tags: [] }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('common.create')}
      submitTestId={CRM_IDS.formSubmit}
    >
      <Form.Item
        name="name"
        label={t('crm.form.name')}
        rules={[{ required: true, whitespace: true, message: t('crm.form.nameRequired') }, { max: 200 }]}
      >
        <Input autoComplete="off" autoFocus data-testid={CRM_IDS.formName} />
      </Form.Item>
      <Form.Item name="kind" label={t('crm.form.kind')}>
        <Select options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`crm.kind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="phones" label={t('crm.form.phones')} extra={t('crm.form.phonesHelp')}>
        <Select mode="tags" open={false} tokenSeparators={[',', ';']} data-testid={CRM_IDS.formPhones} />
      </Form.Item>
      <Form.Item name="tier" label={t('crm.form.tier')}>
        <Select options={CUSTOMER_TIERS.map((k) => ({ value: k, label: t(`crm.tier.${k}`) }))} />
      </Form.Item>
      <Form.Item name="tags" label={t('crm.form.tags')}>
        <Select mode="tags" tokenSeparators={[',', ';']} options={[{ value: 'VIP' }, { value: '易投诉' }]} />
      </Form.Item>
    </FormModal>
  );
}
