/**
 * An order's times and its stored SLA clock (ISO instants), as of the change: what read models such
 * as reporting's work-order SLA performance keep. `stoppedAt` is when the order last became
 * resolved, closed or cancelled (null while open); the SLA state of a finished order is met | missed.
 */
export type TicketTimes = {
  createdAt: string;
  updatedAt: string;
  respondedAt: string | null;
  resolvedAt: string | null;
  stoppedAt: string | null;
  responseDueAt: string | null;
  resolveDueAt: string | null;
  slaState: string;
  breachedAt: string | null;
};

/** What every ticket event carries: ids and a small snapshot (readers need no second query to route it). */
export type TicketSnapshot = {
  ticketId: string;
  number: string;
  /** What the order is about, for readers that show it (the customer's timeline). */
  subject: string;
  type: string;
  priority: string;
  status: string;
  customerId: string | null;
  ownerUserId: string;
  assigneeUserId: string | null;
  assigneeGroupId: string | null;
  channel: string;
  times: TicketTimes;
  /** Who made the change (the inbox spares them their own); absent when the system did (timers). */
  actorUserId?: string | null;
  actorName?: string | null;
};
export type TicketUpdated = TicketSnapshot & { fields: string[] };
export type TicketTransitioned = TicketSnapshot & {
  from: string;
  to: string;
  /** The customer heard of this move another way (a major incident's own message): no per-order notice. */
  quietCustomer?: boolean;
};
export type TicketCommented = TicketSnapshot & { commentId: string; visibility: 'internal' | 'public' };
/** A file attached or removed: its id, name, sniffed type and size (never its bytes). */
export type TicketAttachmentChanged = TicketSnapshot & {
  attachmentId: string;
  fileName: string;
  contentType: string;
  size: number;
};
export type TicketSlaAlert = TicketSnapshot & {
  target: 'response' | 'resolve';
  dueAt: string;
  notifyUserIds: string[];
};
export type TicketEscalated = TicketSnapshot & {
  target: 'response' | 'resolve';
  step: 'breach' | 'second_breach';
  /** 1: the team lead (or the group's lead); 2: the supervisors. */
  level: 1 | 2;
  notifyUserIds: string[];
  notifyRole: string | null;
};

declare module '../../platform/bus' {
  interface EventMap {
    'tickets.ticket.created': TicketSnapshot;
    'tickets.ticket.updated': TicketUpdated;
    'tickets.ticket.transitioned': TicketTransitioned;
    'tickets.ticket.commented': TicketCommented;
    'tickets.ticket.attachment_added': TicketAttachmentChanged;
    'tickets.ticket.attachment_deleted': TicketAttachmentChanged;
    'tickets.ticket.sla_warning': TicketSlaAlert;
    'tickets.ticket.sla_breached': TicketSlaAlert;
    'tickets.ticket.escalated': TicketEscalated;
  }
}
