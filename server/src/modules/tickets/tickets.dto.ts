import type { Ticket, TicketComment, TicketStatus } from '../../../../contracts/tickets';
import type { TicketSnapshot } from './tickets.events';
import type { TicketRow } from './tickets.repo';
import { slaOf } from './tickets.sla';

/** Numbers read in the hotline's own day (GD20261206-000123), whatever the server's zone. */
const NUMBER_ZONE = 'Asia/Shanghai';
const day = new Intl.DateTimeFormat('en-CA', {
  timeZone: NUMBER_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
export const ticketNumber = (at: Date, seq: number) =>
  `GD${day.format(at).replaceAll('-', '')}-${String(seq).padStart(6, '0')}`;

export function snapshotOf(r: TicketRow): TicketSnapshot {
  return {
    ticketId: r.id,
    number: r.number,
    subject: r.subject,
    type: r.type,
    priority: r.priority,
    status: r.status,
    customerId: r.customerId,
    ownerUserId: r.ownerUserId,
    assigneeUserId: r.assigneeUserId,
    assigneeGroupId: r.assigneeGroupId,
    channel: r.channel,
    times: {
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      respondedAt: r.respondedAt?.toISOString() ?? null,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      stoppedAt: r.stoppedAt?.toISOString() ?? null,
      responseDueAt: r.responseDueAt?.toISOString() ?? null,
      resolveDueAt: r.resolveDueAt?.toISOString() ?? null,
      slaState: r.slaState,
      breachedAt: r.breachedAt?.toISOString() ?? null,
    },
  };
}

export function toTicket(r: TicketRow, sla = slaOf(r)): Ticket {
  return {
    id: r.id,
    number: r.number,
    type: r.type as Ticket['type'],
    categoryId: r.categoryId,
    priority: r.priority as Ticket['priority'],
    severity: r.severity as Ticket['severity'],
    subject: r.subject,
    description: r.description,
    channel: r.channel as Ticket['channel'],
    customerId: r.customerId,
    customerPhone: r.customerPhone,
    contactIds: r.contactIds,
    ownerUserId: r.ownerUserId,
    assigneeUserId: r.assigneeUserId,
    assigneeGroupId: r.assigneeGroupId,
    status: r.status as TicketStatus,
    resolution: r.resolution,
    slaPolicyId: r.slaPolicyId,
    sla,
    respondedAt: r.respondedAt?.toISOString() ?? null,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toComment(c: {
  id: string;
  ticketId: string;
  authorUserId: string | null;
  visibility: string;
  body: string;
  createdAt: Date;
}): TicketComment {
  return {
    id: c.id,
    ticketId: c.ticketId,
    authorUserId: c.authorUserId,
    visibility: c.visibility as TicketComment['visibility'],
    body: c.body,
    createdAt: c.createdAt.toISOString(),
  };
}
