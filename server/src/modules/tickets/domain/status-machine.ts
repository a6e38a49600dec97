import {
  type ComplaintSeverity,
  TICKET_TRANSITIONS,
  type TicketStatus,
  type TicketType,
} from '../../../../../contracts/tickets';

/** The table lives in the contracts so the web offers the same moves the server allows. */
export const TRANSITIONS = TICKET_TRANSITIONS;

/** Statuses in which the SLA clock does not run: waiting on the customer, or done. */
export const CLOCK_STOPPED: ReadonlySet<TicketStatus> = new Set([
  'pending_customer',
  'resolved',
  'closed',
  'cancelled',
]);
export const FINAL: ReadonlySet<TicketStatus> = new Set(['resolved', 'closed', 'cancelled']);
export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'assigned',
  'in_progress',
  'pending_customer',
  'pending_internal',
];

export type TransitionSubject = {
  status: TicketStatus;
  type: TicketType;
  severity: ComplaintSeverity | null;
  assigneeUserId: string | null;
  assigneeGroupId: string | null;
};
export type TransitionInput = { to: TicketStatus; comment?: string; resolution?: string };

export type TransitionVerdict =
  | { ok: true; reopen: boolean }
  | { ok: false; reason: 'illegal'; from: TicketStatus; to: TicketStatus; allowed: readonly TicketStatus[] }
  | { ok: false; reason: 'missing'; fields: Array<{ path: string; message: string }> };

/**
 * Whether `input` may move the ticket, and what it lacks: every order needs a resolution text to be
 * resolved, a complaint its severity; assigning needs an assignee; reopening and cancelling need a
 * comment saying why (they undo someone's work).
 */
export function checkTransition(t: TransitionSubject, input: TransitionInput): TransitionVerdict {
  const allowed = TRANSITIONS[t.status];
  if (!allowed.includes(input.to)) return { ok: false, reason: 'illegal', from: t.status, to: input.to, allowed };
  const reopen = FINAL.has(t.status) && input.to === 'in_progress';
  const fields: Array<{ path: string; message: string }> = [];
  if (input.to === 'resolved') {
    if (!input.resolution) fields.push({ path: 'resolution', message: 'a resolution is required to resolve' });
    if (t.type === 'complaint' && !t.severity)
      fields.push({ path: 'severity', message: 'a complaint needs its severity before it is resolved' });
  }
  if (input.to === 'assigned' && !t.assigneeUserId && !t.assigneeGroupId)
    fields.push({ path: 'assigneeUserId', message: 'assign a person or a department group first' });
  if ((reopen || input.to === 'cancelled') && !input.comment)
    fields.push({ path: 'comment', message: 'say why in a comment' });
  return fields.length ? { ok: false, reason: 'missing', fields } : { ok: true, reopen };
}

/** Fields a new order of this type must carry (a complaint is classified from the start). */
export function requiredOnCreate(type: TicketType, body: { severity?: ComplaintSeverity | null }) {
  const fields: Array<{ path: string; message: string }> = [];
  if (type === 'complaint' && !body.severity)
    fields.push({ path: 'severity', message: 'a complaint needs a severity' });
  return fields;
}
