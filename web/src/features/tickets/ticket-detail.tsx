import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Row, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  TICKET_PRIORITIES,
  TICKET_TRANSITIONS,
  type Ticket,
  type TicketStatus,
  type UpdateTicketBody,
} from '../../../../contracts/tickets';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { transitionTicket, updateTicket, useCategories, useInvalidateTickets, useTicket } from './api';
import { ComplaintStepper } from './complaint-stepper';
import { CategorySelect, categoryPath, GroupName, GroupSelect, UserName, UserSelect } from './pickers';
import { SlaBadge } from './sla-badge';
import { TICKETS_IDS } from './testids';
import { Comments, History } from './ticket-activity';
import { Attachments, LinkedCalls } from './ticket-attachments';
import { PRIORITY_COLORS, STATUS_COLORS } from './ticket-colors';
import { isReopen, needsText, TransitionDialog } from './transition-dialog';

/** One work order: status and its allowed moves, SLA deadlines, editable fields, comments, history. */
export function TicketDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const ticket = useTicket(id);
  const tk = ticket.data;
  return (
    <div data-testid={TICKETS_IDS.detail}>
      <PageHeader
        title={
          tk ? (
            <Space wrap>
              <span className="mono" style={{ fontSize: 'inherit' }}>
                {tk.number}
              </span>
              <Tag color={STATUS_COLORS[tk.status]} data-testid={TICKETS_IDS.status} data-status={tk.status}>
                {t(`tickets.status.${tk.status}`)}
              </Tag>
            </Space>
          ) : (
            t('tickets.title')
          )
        }
        description={tk ? tk.subject : undefined}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
            {t('tickets.back')}
          </Button>
        }
      />
      {ticket.isError ? (
        <QueryError message={errorMessage(ticket.error)} onRetry={() => void ticket.refetch()} />
      ) : null}
      {ticket.isLoading ? <Spin /> : null}
      {tk ? (
        <>
          <Actions ticket={tk} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <SlaCard ticket={tk} />
              <Fields ticket={tk} />
            </Col>
            <Col xs={24} xl={14}>
              {tk.type === 'complaint' ? <ComplaintStepper ticket={tk} /> : null}
              <Comments ticketId={tk.id} />
              <Attachments ticketId={tk.id} />
              {tk.contactIds.length ? <LinkedCalls ticketId={tk.id} /> : null}
              <History ticketId={tk.id} />
            </Col>
          </Row>
        </>
      ) : null}
    </div>
  );
}

/** A button per move the status machine allows from here; none for the others. */
function Actions({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTickets();
  const [asking, setAsking] = useState<TicketStatus>();
  const [pending, setPending] = useState<TicketStatus>();
  if (!session.can('tickets.work')) return null;
  const moves = TICKET_TRANSITIONS[ticket.status];
  const move = async (to: TicketStatus) => {
    if (needsText(ticket.status, to)) return setAsking(to);
    setPending(to);
    try {
      const next = await transitionTicket(ticket.id, { to });
      void message.success(t('tickets.moveDialog.done', { status: t(`tickets.status.${next.status}`) }));
    } catch (error) {
      // A 409 (someone moved it meanwhile) or a missing field: say so in words, then show the truth.
      void message.error(errorMessage(error));
    } finally {
      setPending(undefined);
      invalidate();
    }
  };
  const unassigned = !ticket.assigneeUserId && !ticket.assigneeGroupId;
  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid={TICKETS_IDS.actions}>
      {moves.map((to) => {
        const blocked = to === 'assigned' && unassigned;
        const button = (
          <Button
            key={to}
            type={to === 'resolved' || to === 'in_progress' ? 'primary' : 'default'}
            danger={to === 'cancelled'}
            disabled={blocked}
            loading={pending === to}
            onClick={() => void move(to)}
            data-testid={TICKETS_IDS.move(to)}
          >
            {t(`tickets.move.${isReopen(ticket.status, to) ? 'reopen' : to}`)}
          </Button>
        );
        return blocked ? (
          <Tooltip key={to} title={t('tickets.moveDialog.assignFirst')}>
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
      {asking ? <TransitionDialog ticket={ticket} to={asking} onClose={() => setAsking(undefined)} /> : null}
    </Flex>
  );
}

function SlaCard({ ticket: tk }: { ticket: Ticket }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Flex vertical gap={8}>
        <SlaBadge sla={tk.sla} responded={tk.respondedAt !== null} />
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'response', label: t('tickets.sla.response'), children: <DateTime value={tk.sla.responseDueAt} /> },
            { key: 'resolve', label: t('tickets.sla.resolve'), children: <DateTime value={tk.sla.resolveDueAt} /> },
            { key: 'responded', label: t('tickets.field.respondedAt'), children: <DateTime value={tk.respondedAt} /> },
            ...(tk.sla.breachedAt
              ? [
                  {
                    key: 'breached',
                    label: t('tickets.sla.breachedAt'),
                    children: <DateTime value={tk.sla.breachedAt} />,
                  },
                ]
              : []),
          ]}
        />
      </Flex>
    </Card>
  );
}

/** The order's fields; assignee, group, priority and category change in place (one PATCH each). */
function Fields({ ticket: tk }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTickets();
  const categories = useCategories();
  const editable = session.can('tickets.work');
  const me = session.me?.user.id;
  const patch = async (body: UpdateTicketBody) => {
    try {
      await updateTicket(tk.id, body);
      void message.success(t('tickets.saved'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      invalidate();
    }
  };
  const none = t('common.none');
  return (
    <Card size="small">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'type', label: t('tickets.form.type'), children: t(`tickets.type.${tk.type}`) },
          ...(tk.severity
            ? [{ key: 'severity', label: t('tickets.field.severity'), children: t(`tickets.severity.${tk.severity}`) }]
            : []),
          {
            key: 'priority',
            label: t('tickets.field.priority'),
            children: editable ? (
              <Select
                size="small"
                style={{ width: 100 }}
                value={tk.priority}
                onChange={(priority) => void patch({ priority })}
                options={TICKET_PRIORITIES.map((p) => ({ value: p, label: p }))}
              />
            ) : (
              <Tag color={PRIORITY_COLORS[tk.priority]}>{tk.priority}</Tag>
            ),
          },
          {
            key: 'category',
            label: t('tickets.field.category'),
            children: editable ? (
              <div style={{ width: '100%', maxWidth: 360 }}>
                <CategorySelect
                  type={tk.type}
                  value={tk.categoryId}
                  onChange={(categoryId) => void patch({ categoryId })}
                />
              </div>
            ) : (
              (categoryPath(categories.data, tk.categoryId) ?? none)
            ),
          },
          {
            key: 'assignee',
            label: t('tickets.field.assignee'),
            children:
              editable && session.can('users.view') ? (
                <UserSelect value={tk.assigneeUserId} onChange={(assigneeUserId) => void patch({ assigneeUserId })} />
              ) : (
                <Space>
                  <UserName id={tk.assigneeUserId} />
                  {/* Without the user directory an agent can still take the order on. */}
                  {editable && me && tk.assigneeUserId !== me ? (
                    <Button size="small" onClick={() => void patch({ assigneeUserId: me })}>
                      {t('tickets.assignToMe')}
                    </Button>
                  ) : null}
                </Space>
              ),
          },
          {
            key: 'group',
            label: t('tickets.field.group'),
            children: editable ? (
              <div style={{ width: '100%', maxWidth: 360 }}>
                <GroupSelect
                  value={tk.assigneeGroupId}
                  onChange={(assigneeGroupId) => void patch({ assigneeGroupId })}
                />
              </div>
            ) : (
              <GroupName id={tk.assigneeGroupId} />
            ),
          },
          { key: 'owner', label: t('tickets.field.owner'), children: <UserName id={tk.ownerUserId} /> },
          {
            key: 'customer',
            label: t('tickets.field.customer'),
            children: tk.customerId ? (
              <Link to={`/customers?id=${encodeURIComponent(tk.customerId)}`}>
                {tk.customerPhone ? <span className="mono">{tk.customerPhone}</span> : null} {t('tickets.openCustomer')}
              </Link>
            ) : (
              (tk.customerPhone ?? none)
            ),
          },
          { key: 'channel', label: t('tickets.field.channel'), children: t(`tickets.channel.${tk.channel}`) },
          {
            key: 'contacts',
            label: t('tickets.field.contacts'),
            children: tk.contactIds.length ? (
              <Flex vertical>
                {tk.contactIds.map((c) => (
                  <Typography.Text key={c} className="mono" copyable>
                    {c}
                  </Typography.Text>
                ))}
              </Flex>
            ) : (
              t('tickets.noContacts')
            ),
          },
          { key: 'createdAt', label: t('tickets.field.createdAt'), children: <DateTime value={tk.createdAt} /> },
          {
            key: 'description',
            label: t('tickets.field.description'),
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {tk.description || none}
              </Typography.Paragraph>
            ),
          },
          ...(tk.resolution
            ? [{ key: 'resolution', label: t('tickets.field.resolution'), children: tk.resolution }]
            : []),
        ]}
      />
    </Card>
  );
}
