import { useQuery } from '@tanstack/react-query';
import { Checkbox, Form, Input, Select, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Customer } from '../../../../contracts/crm';
import type { RequestType } from '../../../../contracts/routing';
import {
  COMPLAINT_SEVERITIES,
  type ComplaintSeverity,
  TICKET_TYPES,
  Ticket,
  TicketCategory,
  type TicketChannel,
  type TicketType,
} from '../../../../contracts/tickets';
import { contractApi } from '../../app/api-client';
import { DESKTOP_IDS } from './testids';

/** The work-order part of the wrap-up form (under `ticket`). */
export type WrapUpTicketValues = {
  create?: boolean;
  type?: TicketType;
  categoryId?: string;
  severity?: ComplaintSeverity;
  subject?: string;
};

/** 受理类型 of the wrap-up → the work order's type (the lists differ only in 办理). */
export const ticketTypeOf = (r: RequestType | undefined): TicketType | undefined =>
  r === 'service' ? 'service_request' : r;

/** Files the work order for the wrapped-up contact in one request: the contact is linked by `contactId`. */
/** The ACD channel a contact came in on → the order's channel of origin (受理渠道). */
const ORIGIN: Record<string, TicketChannel> = {
  voice: 'phone',
  callback: 'phone',
  chat: 'chat',
  email: 'email',
  sms: 'sms',
};

export const createWrapUpTicket = (
  contactId: string,
  v: WrapUpTicketValues,
  customer: Customer | undefined,
  contactChannel?: string,
) =>
  contractApi.post(Ticket, '/tickets', {
    channel: ORIGIN[contactChannel ?? 'voice'] ?? 'other',
    type: v.type ?? 'inquiry',
    categoryId: v.categoryId,
    severity: v.type === 'complaint' ? v.severity : undefined,
    subject: v.subject?.trim() ?? '',
    contactId,
    customerId: customer?.id,
  });

/**
 * 建工单: a checkbox (ticked by itself when the outcome is 需建工单) that opens type, category and
 * subject; the order is created when the wrap-up is submitted.
 */
export function WrapUpTicket({ customer }: { customer: Customer | undefined }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const create = Form.useWatch(['ticket', 'create'], form) as boolean | undefined;
  const type = (Form.useWatch(['ticket', 'type'], form) as TicketType | undefined) ?? 'inquiry';
  const categories = useQuery({
    queryKey: ['tickets', 'categories', 'desktop'],
    queryFn: ({ signal }) => contractApi.get(z.array(TicketCategory), '/tickets/categories', undefined, signal),
    enabled: Boolean(create),
    staleTime: 300_000,
  });
  const rows = (categories.data ?? []).filter((c) => c.type === type && c.active);
  return (
    <div data-testid={DESKTOP_IDS.wrapUpTicket}>
      <Form.Item name={['ticket', 'create']} valuePropName="checked" style={{ marginBottom: create ? 8 : undefined }}>
        <Checkbox data-testid={DESKTOP_IDS.wrapUpTicketCreate}>{t('desktopTicket.create')}</Checkbox>
      </Form.Item>
      {create ? (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {customer ? t('desktopTicket.forCustomer', { name: customer.name }) : t('desktopTicket.noCustomer')}
          </Typography.Paragraph>
          <Form.Item name={['ticket', 'type']} label={t('desktopTicket.type')} rules={[{ required: true }]}>
            <Select
              data-testid={DESKTOP_IDS.wrapUpTicketType}
              options={TICKET_TYPES.map((v) => ({ value: v, label: t(`tickets.type.${v}`) }))}
              onChange={() => form.setFieldValue(['ticket', 'categoryId'], undefined)}
            />
          </Form.Item>
          <Form.Item name={['ticket', 'categoryId']} label={t('desktopTicket.category')}>
            <TreeSelect
              allowClear
              placeholder={t('desktopTicket.categoryPlaceholder')}
              treeDataSimpleMode={{ id: 'id', pId: 'parentId' }}
              treeData={rows.map((c) => ({ id: c.id, parentId: c.parentId ?? undefined, value: c.id, title: c.name }))}
              showSearch={{ treeNodeFilterProp: 'title' }}
              loading={categories.isLoading}
            />
          </Form.Item>
          {type === 'complaint' ? (
            <Form.Item
              name={['ticket', 'severity']}
              label={t('desktopTicket.severity')}
              rules={[{ required: true, message: t('desktopTicket.severityRequired') }]}
            >
              <Select
                data-testid={DESKTOP_IDS.wrapUpTicketSeverity}
                options={COMPLAINT_SEVERITIES.map((v) => ({ value: v, label: t(`tickets.severity.${v}`) }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name={['ticket', 'subject']}
            label={t('desktopTicket.subject')}
            rules={[{ required: true, whitespace: true, message: t('desktopTicket.subjectRequired') }, { max: 200 }]}
          >
            <Input autoComplete="off" data-testid={DESKTOP_IDS.wrapUpTicketSubject} />
          </Form.Item>
        </>
      ) : null}
    </div>
  );
}
