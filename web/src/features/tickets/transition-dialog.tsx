import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Ticket, TicketStatus } from '../../../../contracts/tickets';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { transitionTicket, useInvalidateTickets } from './api';
import { TICKETS_IDS } from './testids';

/** A move out of resolved or closed back into work: it undoes someone's work, so it asks why. */
export const isReopen = (from: TicketStatus, to: TicketStatus) =>
  (from === 'resolved' || from === 'closed') && to === 'in_progress';

/** Whether a move needs text before it is sent: a resolution, or a reason for a reopen or cancel. */
export const needsText = (from: TicketStatus, to: TicketStatus) =>
  to === 'resolved' || to === 'cancelled' || isReopen(from, to);

type Values = { text: string };

/** Asks the resolution (→ resolved) or the reason (reopen, cancel) a move needs, then makes it. */
export function TransitionDialog({ ticket, to, onClose }: { ticket: Ticket; to: TicketStatus; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTickets();
  const [form] = Form.useForm<Values>();
  const resolving = to === 'resolved';
  const action = t(`tickets.move.${isReopen(ticket.status, to) ? 'reopen' : to}`);
  const save = useFormSubmit(
    form,
    (v: Values) =>
      transitionTicket(ticket.id, resolving ? { to, resolution: v.text.trim() } : { to, comment: v.text.trim() }),
    {
      onSuccess: (next) => {
        invalidate();
        void message.success(t('tickets.moveDialog.done', { status: t(`tickets.status.${next.status}`) }));
        onClose();
      },
    },
  );
  const field = resolving ? 'resolution' : 'comment';
  return (
    <FormModal
      title={t('tickets.moveDialog.title', { action, number: ticket.number })}
      onClose={onClose}
      form={form}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={action}
      submitTestId={TICKETS_IDS.moveSubmit}
    >
      <Form.Item
        name="text"
        label={t(`tickets.moveDialog.${field}`)}
        rules={[
          { required: true, whitespace: true, message: t(`tickets.moveDialog.${field}Required`) },
          { max: 10_000 },
        ]}
      >
        <Input.TextArea rows={4} autoFocus data-testid={TICKETS_IDS.moveText} />
      </Form.Item>
    </FormModal>
  );
}
