import type { CallSummary } from '../../../../contracts/calls';
import type { Actor } from '../../platform/audit';
import type { Tx } from '../../platform/db';
import type { PiiViewer } from '../../platform/pii';
import type { BusinessTimeLike } from './domain/business-time';

/** A customer as tickets see it: the tier matches SLA policies, name and numbers are searched. */
export type CustomerRef = { id: string; tier: string | null; name?: string; phones?: string[] };
export type Unavailable = { status: 'unavailable' };

/**
 * The customer directory (crm): finds or creates a customer by phone, and tells a customer's tier for
 * SLA matching. Bound in app.ts; until crm is merged the binding answers `unavailable`.
 */
export interface CustomerDirectory {
  findOrCreateByPhone(
    phone: string,
    actor: Actor,
    /** The order's transaction: a refused order leaves no customer behind. */
    tx?: Tx,
  ): Promise<{ status: 'found' | 'created'; customer: CustomerRef } | Unavailable>;
  describe(
    customerId: string,
  ): Promise<{ status: 'found'; customer: CustomerRef } | { status: 'not_found' } | Unavailable>;
}

/** Business calendars (calendars module): the business time of a calendar id. Bound in app.ts. */
export interface TicketCalendars {
  businessTime(
    calendarId: string,
  ): Promise<{ status: 'found'; time: BusinessTimeLike } | { status: 'not_found' } | Unavailable>;
}

/**
 * The voice module's click-to-call (外呼), the path of `POST /api/v1/voice/dial`: rings the agent's
 * phone, then calls the number through the outbound trunk; answers the call record id at once (the
 * call goes on in the background). Throws voice's own errors — VOICE.OFF, VOICE.NO_TRUNK,
 * VOICE.NO_PHONE — which reach the client as they are. Bound in tickets.module.ts to the `voice`
 * service that app.ts builds before tickets. The call has no routing contact: the order links the
 * call record id itself (LinkedCalls matches it). `display` is what the agent's desk phone shows in
 * place of the number (`外呼 <display>`), for agents who may not read the number in clear.
 */
export interface OutboundDialer {
  dial(agentUserId: string, number: string, opts: { display: string }): Promise<string>;
}

/**
 * The call records of an order's linked contacts — calls of those routing contacts, and calls whose
 * own id is linked (click-to-call) — from telephony's call log, bound in tickets.module.ts:
 * read through the port, never telephony's tables; numbers masked by the viewer's permissions.
 */
export interface LinkedCalls {
  byContacts(contactIds: readonly string[], viewer: PiiViewer): Promise<CallSummary[]>;
}
