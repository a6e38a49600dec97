import type {
  FollowUp,
  FollowUpDialReply,
  FollowUpOutcomeBody,
  FollowUpPage,
  FollowUpsQuery,
  TicketStatus,
} from '../../../../contracts/tickets';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { type PiiViewer, piiPolicy } from '../../platform/pii';
import type { WorkAccess, Worker } from './tickets.access';
import type { AttachmentSettings } from './tickets.attachments';
import type { Complaints } from './tickets.complaints';
import { snapshotOf } from './tickets.dto';
import { dialInProgress, followUpDone, followUpNotFound, noDialNumber, ticketNotFound } from './tickets.errors';
import type { FlowsRepo, FollowUpRow } from './tickets.flows.repo';
import type { LinkedCalls, OutboundDialer } from './tickets.ports';
import type { TicketRow, TicketsRepo } from './tickets.repo';
import type { TicketHooks, TicketsService } from './tickets.service';

export type TicketsSettings = {
  /**
   * How long after a complaint or fault is resolved its follow-up visit (回访) falls due, in plain
   * minutes (default 24 h): customers are called back a day later whatever the calendar says.
   */
  followUpDelayMinutes?: number;
  /** The center's time zone (KEFU_TIMEZONE): exports show times in it. */
  timezone?: string;
  /**
   * Where work-order attachments are kept and how large they may be (main.ts: `<dataDir>/tickets/attachments`,
   * KEFU_ATTACHMENT_MAX_MB); absent: uploads answer 503 TICKETS.ATTACHMENTS_UNAVAILABLE.
   */
  ticketAttachments?: AttachmentSettings;
};

/** Orders whose resolution is followed up by a call to the customer. */
const FOLLOWED_UP: ReadonlySet<string> = new Set(['complaint', 'fault']);
/** Satisfaction at or below this reopens the order. */
const UNSATISFIED = 2;
const REOPENABLE: ReadonlySet<TicketStatus> = new Set(['resolved', 'closed']);
/** A follow-up dialled less than this ago is not dialled again (a double click, two tabs). */
export const DIAL_COOL_DOWN_MS = 60_000;
/**
 * A call record still open this long after its dial is taken for lost (a restart mid-call never
 * ended it): it no longer holds the follow-up's next dial back.
 */
const DIAL_STALE_MS = 2 * 60 * 60_000;

/** The number as the click-to-call route takes it (digits, optional +), or null. */
export function dialNumberOf(phone: string | null): string | null {
  if (!phone) return null;
  const n = phone.trim().replace(/[\s()-]/g, '');
  return /^\+?[0-9]{3,20}$/.test(n) ? n : null;
}

export type FollowUpsDeps = {
  db: Database;
  repo: TicketsRepo;
  flows: FlowsRepo;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  access: WorkAccess;
  complaints: Pick<Complaints, 'complete'>;
  tickets: Pick<TicketsService, 'applyTransition'>;
  /** The customer's first phone on file (crm), for orders opened without a number. */
  phoneOf(customerId: string): Promise<string | null>;
  /** Click-to-call (voice); its errors (no phone registered, no trunk, voice off) pass through. */
  dialer: OutboundDialer;
  /** Telephony's call log: whether a follow-up's last call has ended. */
  calls: LinkedCalls;
  delayMinutes: number;
};

/**
 * Follow-up visits (回访): a task created when a complaint or fault order is resolved, due after a
 * delay, owned by the order's owner; its outcome closes the order (satisfied) or reopens it.
 */
export function createFollowUps(deps: FollowUpsDeps) {
  const { db, repo, flows, bus, clock, ids, access } = deps;

  /** TICKETS.DIAL_IN_PROGRESS while the follow-up's last dial is recent or its call goes on. */
  async function refuseWhileDialling(f: FollowUpRow, now: Date): Promise<void> {
    if (!f.dialedAt) return;
    const since = now.getTime() - f.dialedAt.getTime();
    if (since < DIAL_COOL_DOWN_MS) throw dialInProgress(f.id, f.callId, Math.ceil((DIAL_COOL_DOWN_MS - since) / 1000));
    if (!f.callId || since >= DIAL_STALE_MS) return;
    // The call log knows whether the call ended (a record not written yet counts as ended: the
    // cool-down covers the moment between placing a call and its record).
    const [call] = await deps.calls.byContacts([f.callId], null);
    if (call && call.id === f.callId && call.endedAt === null)
      throw dialInProgress(f.id, f.callId, Math.ceil(DIAL_COOL_DOWN_MS / 1000));
  }

  const phoneOfTicket = async (t: TicketRow) =>
    t.customerPhone ?? (t.customerId ? await deps.phoneOf(t.customerId) : null);

  async function toFollowUp(f: FollowUpRow, t: TicketRow): Promise<FollowUp> {
    const phone = await phoneOfTicket(t);
    return {
      id: f.id,
      ticketId: f.ticketId,
      ticketNumber: t.number,
      ticketType: t.type as FollowUp['ticketType'],
      subject: t.subject,
      customerId: t.customerId,
      customerPhone: phone,
      dialNumber: dialNumberOf(phone),
      ownerUserId: f.ownerUserId,
      status: f.status as FollowUp['status'],
      dueAt: f.dueAt.toISOString(),
      attempts: f.attempts,
      reached: f.reached === null ? null : f.reached === 'true',
      satisfaction: f.satisfaction,
      note: f.note,
      callId: f.callId,
      doneAt: f.doneAt?.toISOString() ?? null,
      createdAt: f.createdAt.toISOString(),
    };
  }

  const stage = (
    tx: Tx,
    name: 'tickets.follow_up.created' | 'tickets.follow_up.completed',
    f: FollowUpRow,
    t: TicketRow,
  ) =>
    bus.stage(tx, name, {
      ...snapshotOf(t),
      followUpId: f.id,
      followUpOwnerUserId: f.ownerUserId,
      dueAt: f.dueAt.toISOString(),
      status: f.status,
      satisfaction: f.satisfaction,
    });

  const hooks: TicketHooks = {
    async transitioned(tx, r, from) {
      const open = await flows.openFollowUps(tx, r.id);
      const now = clock.now();
      if (r.status === 'resolved' && FOLLOWED_UP.has(r.type) && !open.length) {
        const f = await flows.insertFollowUp(tx, {
          id: ids.next(),
          ticketId: r.id,
          ownerUserId: r.ownerUserId,
          status: 'open',
          dueAt: new Date(now.getTime() + deps.delayMinutes * 60_000),
          createdAt: now,
          updatedAt: now,
        });
        await stage(tx, 'tickets.follow_up.created', f, r);
      }
      // Reopened or cancelled by hand: the visit of the resolution that no longer stands is void.
      if (r.status === 'cancelled' || (REOPENABLE.has(from) && r.status === 'in_progress'))
        for (const f of open) await flows.updateFollowUp(tx, f.id, { status: 'cancelled', updatedAt: now });
    },
  };

  return {
    hooks,
    async list(q: FollowUpsQuery, w: Worker): Promise<FollowUpPage> {
      const { items, total } = await flows.listFollowUps(
        db,
        {
          ownerUserId: q.mine ? w.userId : q.ownerUserId,
          status: q.status,
          ticketId: q.ticketId,
          dueBefore: q.due ? new Date(q.due) : undefined,
        },
        q.page,
        q.pageSize,
      );
      return {
        items: await Promise.all(items.map((x) => toFollowUp(x.f, x.t))),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /**
     * POST /follow-ups/:id/dial: the customer's unmasked number, resolved here, is called through
     * voice (the agent's phone rings first); the call is linked to the order and counted as an attempt.
     *
     * Three steps, so that no row stays locked while voice places the call: (1) a short transaction
     * locks the order, then the follow-up (the order of the transition hook), checks the guard and
     * claims the dial (`dialedAt`) — a second request waits on the lock, then sees the claim; (2) voice
     * dials (a refusal — no trunk, no phone — gives the claim back); (3) a second short transaction
     * counts the attempt and links the call record id to the order.
     *
     * The guard (TICKETS.DIAL_IN_PROGRESS): a dial claimed less than DIAL_COOL_DOWN_MS ago, or whose
     * call record has not ended yet, refuses another — a double click rings the customer once.
     */
    async dial(id: string, w: Worker, viewer: PiiViewer): Promise<FollowUpDialReply> {
      const claim = await bus.transaction(async (tx) => {
        const peek = await flows.followUp(tx, id);
        if (!peek) throw followUpNotFound(id);
        const t = await access.workable(tx, peek.ticketId, w);
        const before = await flows.followUp(tx, id, true);
        if (!before) throw followUpNotFound(id);
        if (before.status !== 'open') throw followUpDone(id);
        const number = dialNumberOf(await phoneOfTicket(t));
        if (!number) throw noDialNumber(id);
        const now = clock.now();
        await refuseWhileDialling(before, now);
        await flows.updateFollowUp(tx, id, { dialedAt: now, updatedAt: now });
        return { ticketId: t.id, ticketNumber: t.number, number, claimedAt: now, previous: before.dialedAt };
      });

      let callId: string;
      try {
        // The desk phone shows the order and the number as this agent may read it (masked without pii.view).
        const display = `${claim.ticketNumber} ${piiPolicy(viewer).value('phone', claim.number)}`;
        callId = await deps.dialer.dial(w.userId, claim.number, { display });
      } catch (err) {
        // Nothing rang: the claim is given back, unless a later one replaced it.
        await flows.releaseDialClaim(db, id, claim.claimedAt, claim.previous);
        throw err;
      }

      const { f, t } = await bus.transaction(async (tx) => {
        let t = await repo.findForUpdate(tx, claim.ticketId);
        if (!t) throw ticketNotFound(claim.ticketId);
        const before = await flows.followUp(tx, id, true);
        if (!before) throw followUpNotFound(id);
        const now = clock.now();
        const f = await flows.updateFollowUp(tx, id, { attempts: before.attempts + 1, callId, updatedAt: now });
        if (!t.contactIds.includes(callId))
          t = await repo.update(tx, t.id, { contactIds: [...t.contactIds, callId], updatedAt: now });
        await repo.insertEvents(tx, [
          {
            id: ids.next(),
            ticketId: t.id,
            at: now,
            actorUserId: w.actor.userId,
            actorName: w.actor.name,
            kind: 'updated',
            field: 'contactIds',
            before: null,
            after: { followUpId: id, callId, attempt: f.attempts },
          },
        ]);
        await bus.stage(tx, 'tickets.ticket.updated', { ...snapshotOf(t), fields: ['contactIds'] });
        return { f, t };
      });
      return { callId, followUp: await toFollowUp(f, t) };
    },

    /** POST /follow-ups/:id/outcome: not reached keeps it open; satisfied closes the order; ≤ 2 reopens it. */
    /**
     * A follow-up visit asked for by another module (a low survey score): open and due now, owned by
     * the order's owner; the visit already open on the order when there is one.
     */
    async openVisit(ticketId: string): Promise<{ followUpId: string; created: boolean }> {
      return bus.transaction(async (tx) => {
        const t = await repo.findForUpdate(tx, ticketId);
        if (!t) throw ticketNotFound(ticketId);
        const [open] = await flows.openFollowUps(tx, ticketId);
        if (open) return { followUpId: open.id, created: false };
        const now = clock.now();
        const f = await flows.insertFollowUp(tx, {
          id: ids.next(),
          ticketId,
          ownerUserId: t.ownerUserId,
          status: 'open',
          dueAt: now,
          createdAt: now,
          updatedAt: now,
        });
        await stage(tx, 'tickets.follow_up.created', f, t);
        return { followUpId: f.id, created: true };
      });
    },

    async recordOutcome(id: string, body: FollowUpOutcomeBody, w: Worker): Promise<FollowUp> {
      const { f, t } = await bus.transaction(async (tx) => {
        const before = await flows.followUp(tx, id, true);
        if (!before) throw followUpNotFound(id);
        if (before.status !== 'open') throw followUpDone(id);
        let t = await access.workable(tx, before.ticketId, w);
        const now = clock.now();
        const satisfaction = body.reached ? (body.satisfaction ?? null) : null;
        const f = await flows.updateFollowUp(tx, id, {
          // A call placed through `dial` was counted when it was placed; its outcome is not another attempt.
          attempts: before.attempts + (body.callId && body.callId === before.callId ? 0 : 1),
          reached: String(body.reached),
          satisfaction,
          note: body.note,
          callId: body.callId ?? before.callId,
          ...(body.reached ? { status: 'done', doneAt: now, doneBy: w.userId } : {}),
          updatedAt: now,
        });
        if (body.callId && !t.contactIds.includes(body.callId))
          t = await repo.update(tx, t.id, { contactIds: [...t.contactIds, body.callId] });
        await repo.insertEvents(tx, [
          {
            id: ids.next(),
            ticketId: t.id,
            at: now,
            actorUserId: w.actor.userId,
            actorName: w.actor.name,
            kind: 'updated',
            field: 'follow_up',
            before: null,
            after: {
              followUpId: id,
              reached: body.reached,
              satisfaction,
              note: body.note,
              callId: body.callId ?? null,
            },
          },
        ]);
        if (!body.reached || satisfaction === null) return { f, t };
        if (satisfaction <= UNSATISFIED) {
          if (REOPENABLE.has(t.status as TicketStatus))
            t = await deps.tickets.applyTransition(
              tx,
              t.id,
              { to: 'in_progress', comment: `回访不满意（${satisfaction}/5）：${body.note}` },
              w,
            );
        } else {
          if (
            t.type === 'complaint' &&
            (await flows.steps(tx, t.id)).some((s) => s.key === 'follow_up' && s.status === 'current')
          )
            await deps.complaints.complete(tx, t, 'follow_up', { note: body.note }, w);
          if (t.status === 'resolved')
            t = await deps.tickets.applyTransition(
              tx,
              t.id,
              { to: 'closed', comment: `回访满意（${satisfaction}/5）：${body.note}` },
              w,
            );
        }
        await stage(tx, 'tickets.follow_up.completed', f, t);
        return { f, t };
      });
      return toFollowUp(f, t);
    },
  };
}
export type FollowUps = ReturnType<typeof createFollowUps>;
