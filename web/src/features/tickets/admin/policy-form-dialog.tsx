import { App, Flex, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_TIERS } from '../../../../../contracts/crm';
import {
  COMPLAINT_SEVERITIES,
  type CreateSlaPolicyBodyInput,
  type SlaPolicy,
  TICKET_PRIORITIES,
  TICKET_TYPES,
} from '../../../../../contracts/tickets';
import { useSession } from '../../../app/session';
import { useFormSubmit } from '../../../app/use-form-submit';
import { FormModal } from '../../../ui/form-modal';
import { createPolicy, updatePolicy, useCalendars, useInvalidateTickets } from '../api';
import { minutesHint } from './minutes';

type Values = Omit<CreateSlaPolicyBodyInput, 'warningShare'> & { warningPercent: number };

/** Create or edit an SLA policy: criteria (empty = any), targets in minutes, warning, calendar. */
export function PolicyFormDialog({ policy, onClose }: { policy?: SlaPolicy; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const invalidate = useInvalidateTickets();
  const calendars = useCalendars(session.can('calendars.view'));
  const [form] = Form.useForm<Values>();
  const response = Form.useWatch('responseMinutes', form);
  const resolve = Form.useWatch('resolveMinutes', form);
  const save = useFormSubmit(
    form,
    ({ warningPercent, ...v }: Values) => {
      const body = {
        ...v,
        type: v.type ?? null,
        priority: v.priority ?? null,
        severity: v.severity ?? null,
        customerTier: v.customerTier ?? null,
        calendarId: v.calendarId ?? null,
        warningShare: warningPercent / 100,
      };
      return policy ? updatePolicy(policy.id, body) : createPolicy(body);
    },
    {
      fieldsByCode: { 'TICKETS.UNKNOWN_CALENDAR': 'calendarId' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t('ticketsAdmin.policy.saved', { name: saved.name }));
        onClose();
      },
    },
  );
  const initial: Partial<Values> = policy
    ? { ...policy, warningPercent: Math.round(policy.warningShare * 100) }
    : { responseMinutes: 1440, resolveMinutes: 4320, warningPercent: 80, reescalateAfterMinutes: 240, active: true };
  return (
    <FormModal
      title={t(policy ? 'ticketsAdmin.policy.edit' : 'ticketsAdmin.policy.create')}
      onClose={onClose}
      form={form}
      initialValues={initial}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(policy ? 'common.save' : 'common.create')}
      width={640}
    >
      <Form.Item
        name="name"
        label={t('ticketsAdmin.policy.name')}
        rules={[{ required: true, whitespace: true, message: t('ticketsAdmin.policy.nameRequired') }, { max: 100 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('ticketsAdmin.policy.col.criteria')} extra={t('ticketsAdmin.policy.criteriaHelp')}>
        <Flex gap={8} wrap>
          <Form.Item name="type" noStyle>
            <Select
              allowClear
              style={{ width: 'calc(50% - 4px)' }}
              placeholder={t('ticketsAdmin.anyOf', { what: t('ticketsAdmin.policy.type') })}
              options={TICKET_TYPES.map((v) => ({ value: v, label: t(`tickets.type.${v}`) }))}
            />
          </Form.Item>
          <Form.Item name="priority" noStyle>
            <Select
              allowClear
              style={{ width: 'calc(50% - 4px)' }}
              placeholder={t('ticketsAdmin.anyOf', { what: t('ticketsAdmin.policy.priority') })}
              options={TICKET_PRIORITIES.map((v) => ({ value: v, label: v }))}
            />
          </Form.Item>
          <Form.Item name="severity" noStyle>
            <Select
              allowClear
              style={{ width: 'calc(50% - 4px)' }}
              placeholder={t('ticketsAdmin.anyOf', { what: t('ticketsAdmin.policy.severity') })}
              options={COMPLAINT_SEVERITIES.map((v) => ({ value: v, label: t(`tickets.severity.${v}`) }))}
            />
          </Form.Item>
          <Form.Item name="customerTier" noStyle>
            <Select
              allowClear
              style={{ width: 'calc(50% - 4px)' }}
              placeholder={t('ticketsAdmin.anyOf', { what: t('ticketsAdmin.policy.tier') })}
              options={CUSTOMER_TIERS.map((v) => ({ value: v, label: t(`crm.tier.${v}`) }))}
            />
          </Form.Item>
        </Flex>
      </Form.Item>
      <Form.Item
        name="responseMinutes"
        label={t('ticketsAdmin.policy.responseMinutes')}
        extra={minutesHint(response, t)}
        rules={[{ required: true, message: t('ticketsAdmin.policy.minutesRequired') }]}
      >
        <InputNumber min={1} max={525_600} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="resolveMinutes"
        label={t('ticketsAdmin.policy.resolveMinutes')}
        extra={minutesHint(resolve, t)}
        rules={[{ required: true, message: t('ticketsAdmin.policy.minutesRequired') }]}
      >
        <InputNumber min={1} max={525_600} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="calendarId"
        label={t('ticketsAdmin.policy.calendar')}
        extra={
          calendars.isError ? t('ticketsAdmin.policy.calendarsUnavailable') : t('ticketsAdmin.policy.calendarHelp')
        }
      >
        <Select
          allowClear
          placeholder={t('ticketsAdmin.policy.calendarNone')}
          loading={calendars.isLoading}
          options={(calendars.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.timeZone})` }))}
        />
      </Form.Item>
      <Form.Item
        name="warningPercent"
        label={t('ticketsAdmin.policy.warningShare')}
        extra={t('ticketsAdmin.policy.warningHelp')}
        rules={[{ required: true }]}
      >
        <InputNumber min={1} max={99} precision={0} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="reescalateAfterMinutes" label={t('ticketsAdmin.policy.reescalateMinutes')}>
        <InputNumber min={1} max={525_600} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="active" label={t('ticketsAdmin.policy.activeLabel')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}
