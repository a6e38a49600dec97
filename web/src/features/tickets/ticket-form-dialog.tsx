import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  COMPLAINT_SEVERITIES,
  type ComplaintSeverity,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_TYPES,
  type Ticket,
  type TicketChannel,
  type TicketPriority,
  type TicketType,
} from '../../../../contracts/tickets';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { createTicket, useInvalidateTickets } from './api';
import { CategorySelect, CustomerSelect, GroupSelect } from './pickers';
import { TICKETS_IDS } from './testids';

type Values = {
  type: TicketType;
  categoryId?: string | null;
  priority: TicketPriority;
  severity?: ComplaintSeverity;
  subject: string;
  description?: string;
  channel: TicketChannel;
  customerPhone?: string;
  customerId?: string | null;
  assigneeGroupId?: string | null;
};

/** 新建工单: type, its category, priority (and a complaint's severity), subject, the customer by phone. */
export function TicketFormDialog({
  onClose,
  onCreated,
  customerId,
}: {
  onClose: () => void;
  onCreated?: (t: Ticket) => void;
  /** Set when opened from a customer's page: the order belongs to that customer. */
  customerId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTickets();
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch('type', form) ?? 'inquiry';
  const save = useFormSubmit(
    form,
    (v: Values) =>
      createTicket({
        type: v.type,
        categoryId: v.categoryId ?? undefined,
        priority: v.priority,
        severity: v.type === 'complaint' ? v.severity : undefined,
        subject: v.subject,
        description: v.description ?? '',
        channel: v.channel,
        customerId: customerId ?? v.customerId ?? undefined,
        // A chosen customer wins; otherwise the phone finds or creates one.
        customerPhone: customerId || v.customerId ? undefined : v.customerPhone?.trim() || undefined,
        assigneeGroupId: v.assigneeGroupId ?? undefined,
      }),
    {
      onSuccess: (created) => {
        invalidate();
        void message.success(t('tickets.created', { number: created.number }));
        onCreated?.(created);
        onClose();
      },
    },
  );
  return (
    <FormModal
      title={t('tickets.create')}
      onClose={onClose}
      form={form}
      initialValues={{ type: 'inquiry', priority: 'P3', channel: 'phone' }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('common.create')}
      submitTestId={TICKETS_IDS.formSubmit}
      width={640}
    >
      <Form.Item name="type" label={t('tickets.form.type')} rules={[{ required: true }]}>
        <Select
          data-testid={TICKETS_IDS.formType}
          options={TICKET_TYPES.map((v) => ({ value: v, label: t(`tickets.type.${v}`) }))}
          onChange={() => form.setFieldValue('categoryId', null)}
        />
      </Form.Item>
      <Form.Item name="categoryId" label={t('tickets.form.category')}>
        <CategorySelect type={type} />
      </Form.Item>
      <Form.Item name="priority" label={t('tickets.form.priority')}>
        <Select options={TICKET_PRIORITIES.map((v) => ({ value: v, label: v }))} />
      </Form.Item>
      {type === 'complaint' ? (
        <Form.Item
          name="severity"
          label={t('tickets.form.severity')}
          rules={[{ required: true, message: t('tickets.form.severityRequired') }]}
        >
          <Select options={COMPLAINT_SEVERITIES.map((v) => ({ value: v, label: t(`tickets.severity.${v}`) }))} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="subject"
        label={t('tickets.form.subject')}
        rules={[{ required: true, whitespace: true, message: t('tickets.form.subjectRequired') }, { max: 200 }]}
      >
        <Input autoComplete="off" data-testid={TICKETS_IDS.formSubject} />
      </Form.Item>
      <Form.Item name="description" label={t('tickets.form.description')} rules={[{ max: 10_000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      {customerId ? null : (
        <Form.Item name="customerId" label={t('tickets.form.customer')}>
          <CustomerSelect />
        </Form.Item>
      )}
      {customerId ? null : (
        <Form.Item
          name="customerPhone"
          label={t('tickets.form.customerPhone')}
          extra={t('tickets.form.customerPhoneHelp')}
          rules={[{ pattern: /^\+?[0-9][0-9 -]{2,30}$/, message: t('tickets.form.phoneInvalid') }]}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
      )}
      <Form.Item name="channel" label={t('tickets.form.channel')}>
        <Select options={TICKET_CHANNELS.map((v) => ({ value: v, label: t(`tickets.channel.${v}`) }))} />
      </Form.Item>
      <Form.Item name="assigneeGroupId" label={t('tickets.form.assigneeGroup')}>
        <GroupSelect />
      </Form.Item>
    </FormModal>
  );
}
