import { App, Form, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentStatus, Contact, Queue, UpdateContactBody } from '../../../../contracts/routing';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { OtherQueueSelect } from '../../ui/other-queue-select';
import { updateContact } from './api';
import { SUPERVISOR_IDS } from './testids';

export type ContactAction = 'queue' | 'priority' | 'assignTo';
type Values = { queue?: string; priority?: number; assignTo?: string | null };

type Props = {
  contact: Contact;
  action: ContactAction;
  queues: readonly Queue[] | undefined;
  agents: readonly AgentStatus[];
  onClose: () => void;
  onDone: () => void;
};

/** A supervisor moves a waiting contact to another queue, raises its priority, or names the agent who takes it. */
export function ContactActionDialog({ contact, action, queues, agents, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(
    form,
    (values: Values) => {
      const body: UpdateContactBody =
        action === 'queue'
          ? { queue: values.queue }
          : action === 'priority'
            ? { priority: values.priority }
            : { assignTo: values.assignTo ?? null };
      return updateContact(contact.id, body);
    },
    {
      onSuccess: () => {
        void message.success(t('wallboard.contactUpdated'));
        onDone();
        onClose();
      },
    },
  );

  return (
    <FormModal
      title={t(`wallboard.action.${action}`)}
      onClose={onClose}
      form={form}
      initialValues={{
        queue: undefined,
        priority: Math.min(100, contact.priority + 10),
        assignTo: contact.targetAgentId ?? undefined,
      }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('common.save')}
      submitTestId={SUPERVISOR_IDS.contactActionSubmit}
    >
      {action === 'queue' ? (
        <Form.Item
          name="queue"
          label={t('wallboard.toQueue')}
          rules={[{ required: true, message: t('wallboard.queueRequired') }]}
        >
          <OtherQueueSelect queues={queues} exceptId={contact.queueId} />
        </Form.Item>
      ) : null}
      {action === 'priority' ? (
        <Form.Item
          name="priority"
          label={t('wallboard.priority')}
          extra={t('wallboard.priorityHint', { current: contact.priority })}
          rules={[{ required: true, type: 'integer', min: 0, max: 100 }]}
        >
          <InputNumber min={0} max={100} precision={0} autoFocus />
        </Form.Item>
      ) : null}
      {action === 'assignTo' ? (
        <Form.Item name="assignTo" label={t('wallboard.assignTo')} extra={t('wallboard.assignHint')}>
          <Select
            autoFocus
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('wallboard.anyAgent')}
            options={agents.map((a) => ({
              value: a.userId,
              label: `${a.displayName} (${a.username}) · ${t(`acd.state.${a.state}`)}`,
            }))}
          />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}
