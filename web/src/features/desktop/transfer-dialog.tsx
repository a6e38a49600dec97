import { App, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Contact, Queue, TransferBody } from '../../../../contracts/routing';
import { schemaRule } from '../../app/form-rules';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { OtherQueueSelect } from '../../ui/other-queue-select';
import { transferContact, useInvalidateDesktop } from './api';
import { DESKTOP_IDS } from './testids';

type Values = { target: 'queue' | 'agent'; queue?: string; agentId?: string; note?: string };

/** Hands the conversation to another queue (or a named agent by id); the agent then wraps up. */
export function TransferDialog({
  contact,
  queues,
  onClose,
}: {
  contact: Contact;
  queues: readonly Queue[] | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateDesktop();
  const [form] = Form.useForm<Values>();
  const target = Form.useWatch('target', form) ?? 'queue';
  const save = useFormSubmit(
    form,
    (values: Values) => {
      const body: TransferBody =
        values.target === 'queue' ? { queue: values.queue } : { agentId: values.agentId?.trim() };
      if (values.note?.trim()) body.note = values.note.trim();
      return transferContact(contact.id, body);
    },
    {
      onSuccess: () => {
        invalidate();
        void message.success(t('desktop.transferred'));
        onClose();
      },
    },
  );

  return (
    <FormModal
      title={t('desktop.transferTitle')}
      onClose={onClose}
      form={form}
      initialValues={{ target: 'queue' }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('desktop.transfer')}
      submitTestId={DESKTOP_IDS.transferSubmit}
    >
      <Form.Item name="target" label={t('desktop.transferTo')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'queue', label: t('desktop.toQueue') },
            { value: 'agent', label: t('desktop.toAgent') },
          ]}
        />
      </Form.Item>
      {target === 'queue' ? (
        <Form.Item
          name="queue"
          label={t('desktop.queue')}
          rules={[{ required: true, message: t('desktop.queueRequired') }]}
        >
          <OtherQueueSelect
            queues={queues}
            exceptId={contact.queueId}
            loading={!queues}
            data-testid={DESKTOP_IDS.transferQueue}
          />
        </Form.Item>
      ) : (
        <Form.Item
          name="agentId"
          label={t('desktop.agentId')}
          extra={t('desktop.agentIdHint')}
          rules={[
            { required: true, message: t('desktop.agentIdRequired') },
            schemaRule(z.uuid(), t('desktop.agentIdRequired')),
          ]}
        >
          <Input autoComplete="off" autoFocus />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('desktop.transferNote')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
