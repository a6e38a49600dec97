import { App, Button, Card, Flex, Form, Input, Radio, Space, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComplaintStep, ComplaintStepBody, Ticket } from '../../../../contracts/tickets';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormError } from '../../ui/form-error';
import { useNow } from '../../ui/use-now';
import { useInvalidateTickets } from './api';
import { completeComplaintStep } from './flows-api';
import { GroupSelect, UserName } from './pickers';
import { TICKETS_IDS } from './testids';

/** Outcomes a step takes (the server's STEP_OUTCOMES, domain/complaint-flow.ts): required where listed. */
const OUTCOMES: Partial<Record<ComplaintStep['key'], readonly NonNullable<ComplaintStep['outcome']>[]>> = {
  agreement: ['agreed', 'disagreed'],
  education: ['educated', 'not_needed'],
};

const STATUS: Record<ComplaintStep['status'], 'wait' | 'process' | 'finish' | 'error'> = {
  pending: 'wait',
  current: 'process',
  done: 'finish',
  skipped: 'finish',
};

/**
 * 投诉处理: the complaint flow's eight steps with their deadlines (overdue in red), who completed each
 * and when; the current step has the form the server asks for (a note, an outcome where the step
 * takes one, a department group for the analysis).
 */
export function ComplaintStepper({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const session = useSession();
  const steps = ticket.complaint?.steps ?? [];
  if (!steps.length) return null;
  const current = steps.find((s) => s.status === 'current');
  const overdue = (s: ComplaintStep) =>
    s.status === 'current' && (s.overdue || (s.dueAt !== null && new Date(s.dueAt).getTime() < now));
  return (
    <Card
      size="small"
      title={t('complaint.title')}
      style={{ marginBottom: 16 }}
      data-testid={TICKETS_IDS.complaint}
      data-current={current?.key ?? ''}
    >
      <Steps
        orientation="vertical"
        size="small"
        current={current ? steps.indexOf(current) : steps.length}
        items={steps.map((s) => ({
          key: s.key,
          status: overdue(s) ? 'error' : STATUS[s.status],
          title: (
            <span data-testid={TICKETS_IDS.complaintStep(s.key)} data-status={s.status} data-overdue={overdue(s)}>
              {t(`complaint.step.${s.key}`)}
            </span>
          ),
          subTitle: (
            <Space size={4} wrap>
              {s.status === 'skipped' ? <Tag>{t('complaint.status.skipped')}</Tag> : null}
              {s.round > 1 ? <Tag color="purple">{t('complaint.round', { round: s.round })}</Tag> : null}
              {overdue(s) ? <Tag color="red">{t('complaint.overdue')}</Tag> : null}
            </Space>
          ),
          content: (
            <Flex vertical gap={4} style={{ paddingBottom: 8 }}>
              {s.dueAt && (s.status === 'current' || s.status === 'pending') ? (
                <Typography.Text type={overdue(s) ? 'danger' : 'secondary'}>
                  {t('complaint.due')} <DateTime value={s.dueAt} />
                </Typography.Text>
              ) : null}
              {s.doneAt ? <Done step={s} /> : null}
              {s.status === 'current' && session.can('tickets.work') ? <StepForm ticket={ticket} step={s} /> : null}
            </Flex>
          ),
        }))}
      />
      {!current ? <Typography.Text type="success">{t('complaint.finished')}</Typography.Text> : null}
    </Card>
  );
}

function Done({ step }: { step: ComplaintStep }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text type="secondary">
        {t('complaint.status.done')} · <DateTime value={step.doneAt} /> · <UserName id={step.by} />
      </Typography.Text>
      {step.outcome ? <Typography.Text>{t(`complaint.outcome.${step.outcome}`)}</Typography.Text> : null}
      {step.note ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{step.note}</Typography.Paragraph>
      ) : null}
    </>
  );
}

type Values = { note: string; outcome?: ComplaintStepBody['outcome']; groupId?: string | null };

function StepForm({ ticket, step }: { ticket: Ticket; step: ComplaintStep }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTickets();
  const [form] = Form.useForm<Values>();
  const outcomes = OUTCOMES[step.key];
  const save = useFormSubmit(
    form,
    (v: Values) =>
      completeComplaintStep(ticket.id, step.key, {
        note: v.note.trim(),
        ...(v.outcome ? { outcome: v.outcome } : {}),
        ...(v.groupId ? { groupId: v.groupId } : {}),
      }),
    {
      onSuccess: () => {
        void message.success(t('complaint.completed', { step: t(`complaint.step.${step.key}`) }));
        form.resetFields();
        invalidate();
      },
      // Someone else completed it meanwhile (409): the error stays shown, the stepper catches up.
      onError: () => invalidate(),
    },
  );
  return (
    <Form form={form} layout="vertical" onFinish={save.submit} style={{ maxWidth: 560, marginTop: 8 }}>
      <FormError message={save.formError} />
      {step.key === 'follow_up' ? (
        <Typography.Text type="secondary">{t('complaint.followUpHint')}</Typography.Text>
      ) : null}
      {outcomes ? (
        <Form.Item
          name="outcome"
          label={t('complaint.outcomeLabel')}
          rules={[{ required: true, message: t('complaint.outcomeRequired') }]}
        >
          <Radio.Group data-testid={TICKETS_IDS.complaintOutcome}>
            {outcomes.map((o) => (
              <Radio key={o} value={o}>
                {t(`complaint.outcome.${o}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
      ) : null}
      {step.key === 'analyze' ? (
        <div data-testid={TICKETS_IDS.complaintGroup}>
          <Form.Item name="groupId" label={t('complaint.group')}>
            <GroupSelect />
          </Form.Item>
        </div>
      ) : null}
      <Form.Item
        name="note"
        label={t('complaint.note')}
        rules={[{ required: true, whitespace: true, message: t('complaint.noteRequired') }, { max: 5_000 }]}
      >
        <Input.TextArea rows={3} data-testid={TICKETS_IDS.complaintNote} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.pending} data-testid={TICKETS_IDS.complaintSubmit}>
        {t('complaint.complete')}
      </Button>
    </Form>
  );
}
