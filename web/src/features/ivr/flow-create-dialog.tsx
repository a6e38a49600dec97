import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../../../../contracts/ivr';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { createFlow, useInvalidateFlows } from './api';
import { starterFlow } from './starter-flow';
import { IVR_IDS } from './testids';

type Values = { key: string; name: string; language: 'zh-CN' | 'en-US' };

/** A new flow: key, name and language; the draft starts from a small working flow to edit. */
export function FlowCreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (flow: Flow) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateFlows();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(
    form,
    (v: Values) => createFlow({ key: v.key.trim(), name: v.name.trim(), definition: starterFlow(v.language) }),
    {
      fieldsByCode: { 'IVR.KEY_TAKEN': 'key' },
      onSuccess: (flow) => {
        invalidate();
        void message.success(t('ivr.created', { name: flow.name }));
        onCreated(flow);
      },
    },
  );
  return (
    <FormModal
      title={t('ivr.create')}
      onClose={onClose}
      form={form}
      initialValues={{ language: 'zh-CN' }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('common.create')}
      submitTestId={IVR_IDS.formSubmit}
    >
      <Form.Item
        name="key"
        label={t('ivr.form.key')}
        extra={t('ivr.form.keyHelp')}
        rules={[
          { required: true, message: t('ivr.form.keyRequired') },
          { pattern: /^[a-z0-9_-]{1,40}$/, message: t('ivr.form.keyPattern') },
        ]}
      >
        <Input autoComplete="off" autoFocus data-testid={IVR_IDS.formKey} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('ivr.form.name')}
        rules={[{ required: true, whitespace: true, message: t('ivr.form.nameRequired') }, { max: 100 }]}
      >
        <Input autoComplete="off" data-testid={IVR_IDS.formName} />
      </Form.Item>
      <Form.Item name="language" label={t('ivr.form.language')}>
        <Select
          options={[
            { value: 'zh-CN', label: '中文（普通话）' },
            { value: 'en-US', label: 'English' },
          ]}
        />
      </Form.Item>
    </FormModal>
  );
}
