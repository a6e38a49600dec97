import { FormOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type Contact,
  DISPOSITIONS,
  type Disposition,
  type Queue,
  REQUEST_TYPES,
  type RequestType,
} from '../../../../contracts/routing';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormError } from '../../ui/form-error';
import { formatDuration, useNow } from '../../ui/use-now';
import { extendWrapUp, submitWrapUp, useInvalidateDesktop } from './api';
import { ContactDetails } from './contact-details';
import { usePoppedCustomer } from './customer-pop';
import { DESKTOP_IDS } from './testids';
import { createWrapUpTicket, ticketTypeOf, WrapUpTicket, type WrapUpTicketValues } from './wrap-up-ticket';

type Values = { disposition: Disposition; requestType: RequestType; notes?: string; ticket?: WrapUpTicketValues };

/**
 * 话后处理: the outcome, the request type and notes, before the wrap-up time runs out (the ACD then
 * completes the contact without them and the agent takes the next one).
 */
export function WrapUpPanel({
  contact,
  queues,
  wrapUpUntil,
}: {
  contact: Contact;
  queues: readonly Queue[] | undefined;
  wrapUpUntil: string | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const invalidate = useInvalidateDesktop();
  const now = useNow();
  const [form] = Form.useForm<Values>();
  const customer = usePoppedCustomer(contact.id, session.can('customers.view'));
  const save = useFormSubmit(
    form,
    async (values: Values) => {
      // The order first: if it fails the wrap-up stays open with the error, nothing half-done.
      if (values.ticket?.create && session.can('tickets.work')) {
        const ticket = await createWrapUpTicket(contact.id, values.ticket, customer, contact.channel);
        void message.success(t('desktopTicket.created', { number: ticket.number }));
        form.setFieldValue(['ticket', 'create'], false);
      }
      return submitWrapUp(contact.id, {
        disposition: values.disposition,
        requestType: values.requestType,
        notes: values.notes?.trim() ?? '',
      });
    },
    {
      onSuccess: () => {
        void message.success(t('desktop.wrapUpSaved'));
        invalidate();
      },
      onError: invalidate,
    },
  );
  const queue = queues?.find((q) => q.id === contact.queueId);
  const left = wrapUpUntil ? (new Date(wrapUpUntil).getTime() - now) / 1000 : undefined;

  return (
    <Card
      className="desktop-card desktop-wrap-up"
      data-testid={DESKTOP_IDS.wrapUp}
      title={
        <Space>
          <FormOutlined />
          {t('desktop.wrapUpTitle')}
          {contact.state === 'transferred' ? <Tag>{t('desktop.wasTransferred')}</Tag> : null}
        </Space>
      }
      extra={
        left !== undefined ? (
          <Space>
            <Typography.Text
              type={left <= 10 ? 'danger' : 'secondary'}
              className="timer"
              data-testid={DESKTOP_IDS.wrapUpTimer}
            >
              {t('desktop.wrapUpLeft', { time: formatDuration(left) })}
            </Typography.Text>
            <Button
              size="small"
              data-testid={DESKTOP_IDS.wrapUpExtend}
              onClick={() =>
                void extendWrapUp(contact.id, 60).then(invalidate, (err: unknown) => {
                  void message.error(err instanceof Error ? err.message : String(err));
                })
              }
            >
              {t('desktop.wrapUpExtend')}
            </Button>
          </Space>
        ) : null
      }
    >
      <ContactDetails contact={contact} queueName={queue?.name ?? contact.queueKey} />
      <Form
        form={form}
        layout="vertical"
        onFinish={save.submit}
        style={{ marginTop: 12 }}
        onValuesChange={(changed: Partial<Values>, all: Values) => {
          // 需建工单 ticks 建工单 by itself, and the request type becomes the order's type.
          if (changed.disposition === 'work_order') form.setFieldValue(['ticket', 'create'], true);
          if ((changed.disposition || changed.requestType) && !all.ticket?.type)
            form.setFieldValue(['ticket', 'type'], ticketTypeOf(all.requestType));
        }}
      >
        <FormError message={save.formError} />
        <Form.Item
          name="disposition"
          label={t('desktop.disposition')}
          rules={[{ required: true, message: t('desktop.dispositionRequired') }]}
        >
          <Radio.Group
            optionType="button"
            options={DISPOSITIONS.map((d) => ({ value: d, label: t(`acd.disposition.${d}`) }))}
            data-testid={DESKTOP_IDS.wrapUpDisposition}
          />
        </Form.Item>
        <Form.Item
          name="requestType"
          label={t('desktop.requestType')}
          rules={[{ required: true, message: t('desktop.requestTypeRequired') }]}
        >
          <Radio.Group
            optionType="button"
            options={REQUEST_TYPES.map((r) => ({ value: r, label: t(`acd.requestType.${r}`) }))}
            data-testid={DESKTOP_IDS.wrapUpRequestType}
          />
        </Form.Item>
        <Form.Item name="notes" label={t('desktop.notes')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} data-testid={DESKTOP_IDS.wrapUpNotes} />
        </Form.Item>
        {session.can('tickets.work') ? <WrapUpTicket customer={customer} /> : null}
        <Button type="primary" htmlType="submit" loading={save.pending} data-testid={DESKTOP_IDS.wrapUpSubmit}>
          {t('desktop.submitWrapUp')}
        </Button>
      </Form>
    </Card>
  );
}
