import { z } from 'zod';
import type { TimelineEntry } from '../../../../contracts/crm';
import type { Envelope, EventBus, EventMap, EventName } from '../../platform/bus';
import type { Database, DbOrTx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { customerNotFound } from './crm.errors';
import type { CrmRepo } from './crm.repo';
import { phoneKey } from './domain/phone';

/** Who an entry is about: a customer id when the event names one, else a number or address to match. */
export type TimelineMatch = { customerId?: string; phone?: string; email?: string };

export type TimelineFact = {
  match: TimelineMatch;
  kind: TimelineEntry['kind'];
  at: string;
  refs: Record<string, string>;
  summary: Record<string, unknown>;
  /** Unique per fact (a redelivered event is a no-op): `voice.call.ended:<callId>`. */
  source: string;
};

/**
 * How one event becomes timeline entries. The CRM never reads other modules' tables: each feed is a
 * pure function of an event's payload. Tickets add theirs to `TIMELINE_FEEDS` (their payload names
 * the customer: `match: { customerId }`).
 */
export type TimelineFeed<N extends EventName = EventName> = {
  event: N;
  /** `envelope`: the event's outbox id and time, for facts that recur (a ticket's status changes). */
  facts(payload: EventMap[N], envelope: Pick<Envelope, 'id' | 'at'>): TimelineFact[];
};
const feed = <N extends EventName>(f: TimelineFeed<N>) => f as unknown as TimelineFeed;

/** A payload that is not the shape a feed reads: a producer's bug, which a retry would not mend. */
export class MalformedPayload extends Error {}

/**
 * What the CRM reads of the tickets' events. crm comes before tickets in app.ts and must not import
 * it: the feeds subscribe by name and check the shape here, at the boundary.
 */
const TicketPayload = z.object({
  ticketId: z.string(),
  number: z.string(),
  subject: z.string().optional(),
  type: z.string(),
  priority: z.string(),
  status: z.string(),
  customerId: z.string().nullable(),
});
const TicketTransitionPayload = TicketPayload.extend({ from: z.string(), to: z.string() });
/** A follow-up visit's outcome (回访): the customer's satisfaction is the survey answer of the timeline. */
const FollowUpPayload = TicketPayload.extend({
  followUpId: z.string(),
  satisfaction: z.number().int().nullable(),
});

/**
 * A survey answer (surveys comes after crm in app.ts: subscribed by name, its shape checked here).
 * Answers of a known customer join the timeline as survey entries beside the follow-up visits'.
 */
const SurveyAnswerPayload = z.object({
  answerId: z.string(),
  channel: z.string(),
  contactId: z.string().nullable(),
  callId: z.string().nullable(),
  ticketId: z.string().nullable(),
  customerId: z.string().nullable(),
  csat: z.number().int().nullable(),
  nps: z.number().int().nullable(),
  ces: z.number().int().nullable(),
  answeredAt: z.string(),
});

function parse<S extends z.ZodType>(schema: S, event: string, payload: unknown): z.infer<S> {
  const r = schema.safeParse(payload);
  if (!r.success) throw new MalformedPayload(`${event}: ${z.prettifyError(r.error)}`);
  return r.data;
}

/** A work order on its customer's timeline: created, and each change of status. */
function ticketFact(
  p: z.infer<typeof TicketPayload>,
  at: string,
  source: string,
  change: Record<string, unknown>,
): TimelineFact[] {
  if (!p.customerId) return [];
  return [
    {
      match: { customerId: p.customerId },
      kind: 'ticket',
      at,
      refs: { ticketId: p.ticketId },
      summary: {
        number: p.number,
        ...(p.subject !== undefined ? { subject: p.subject } : {}),
        type: p.type,
        priority: p.priority,
        status: p.status,
        ...change,
      },
      source,
    },
  ];
}

export const TIMELINE_FEEDS: readonly TimelineFeed[] = [
  // The call record's end carries both numbers and the ids (call, contact, agent): the customer is
  // the caller of an inbound call and the called party of an outbound one.
  feed({
    event: 'voice.call.ended',
    facts: (p) => [
      {
        match: { phone: p.direction === 'inbound' ? p.caller : p.called },
        kind: 'call',
        at: p.startedAt,
        refs: {
          callId: p.callId,
          ...(p.contactId ? { contactId: p.contactId } : {}),
          ...(p.agentId ? { agentId: p.agentId } : {}),
          ...(p.queueId ? { queueId: p.queueId } : {}),
        },
        summary: {
          direction: p.direction,
          endReason: p.endReason,
          answered: p.answeredAt !== null,
          talkMs: p.talkMs,
          transfers: p.transfers,
          ...(p.recordingId ? { recordingId: p.recordingId } : {}),
        },
        source: `voice.call.ended:${p.callId}`,
      },
    ],
  }),
  feed({
    event: 'tickets.ticket.created',
    facts: (payload: unknown, e) => {
      const p = parse(TicketPayload, 'tickets.ticket.created', payload);
      return ticketFact(p, e.at, `tickets.ticket.created:${p.ticketId}`, { change: 'created' });
    },
  }),
  feed({
    event: 'tickets.ticket.transitioned',
    // A status may be entered twice (resolved, reopened, resolved): the event's id tells them apart.
    facts: (payload: unknown, e) => {
      const p = parse(TicketTransitionPayload, 'tickets.ticket.transitioned', payload);
      return ticketFact(p, e.at, `tickets.ticket.transitioned:${p.ticketId}:${e.id}`, {
        change: 'transitioned',
        from: p.from,
        to: p.to,
      });
    },
  }),
  feed({
    event: 'tickets.follow_up.completed',
    facts: (payload: unknown, e) => {
      const p = parse(FollowUpPayload, 'tickets.follow_up.completed', payload);
      if (!p.customerId || p.satisfaction === null) return [];
      return [
        {
          match: { customerId: p.customerId },
          kind: 'survey',
          at: e.at,
          refs: { ticketId: p.ticketId, followUpId: p.followUpId },
          summary: { source: 'follow_up', number: p.number, subject: p.subject, satisfaction: p.satisfaction },
          source: `tickets.follow_up.completed:${p.followUpId}`,
        },
      ];
    },
  }),
  feed({
    event: 'surveys.answer.recorded' as EventName,
    facts: (payload: unknown) => {
      const p = parse(SurveyAnswerPayload, 'surveys.answer.recorded', payload);
      if (!p.customerId) return [];
      const refs: Record<string, string> = { answerId: p.answerId };
      for (const k of ['contactId', 'callId', 'ticketId'] as const) if (p[k]) refs[k] = p[k];
      return [
        {
          match: { customerId: p.customerId },
          kind: 'survey',
          at: p.answeredAt,
          refs,
          summary: { source: p.channel, csat: p.csat, nps: p.nps, ces: p.ces },
          source: `surveys.answer.recorded:${p.answerId}`,
        },
      ];
    },
  }),
];

/** A non-voice contact as the timeline records it (voice contacts come with their call record). */
export type FinishedContact = {
  id: string;
  channel: string;
  queueId: string;
  agentId: string | null;
  customer: { phone?: string | undefined; email?: string | undefined } | null;
  createdAt: string;
  connectedAt: string | null;
  endedAt: string | null;
  wrapUp: { disposition: string; requestType: string } | null;
};
/** Reads a finished contact (routing); undefined when it is gone. */
export type ContactSource = (contactId: string) => Promise<FinishedContact | undefined>;

/** The timeline kind of a contact's channel; voice is recorded from the call record instead. */
export function contactKind(channel: string): TimelineEntry['kind'] | null {
  if (channel === 'chat' || channel === 'email' || channel === 'sms') return channel;
  return null;
}

/** A chat, e-mail or SMS contact on the timeline, matched by its customer's number or address. */
export function contactFacts(c: FinishedContact): TimelineFact[] {
  const kind = contactKind(c.channel);
  const match: TimelineMatch | null = c.customer?.phone
    ? { phone: c.customer.phone }
    : c.customer?.email
      ? { email: c.customer.email }
      : null;
  if (!kind || !match) return [];
  return [
    {
      match,
      kind,
      at: c.createdAt,
      refs: { contactId: c.id, queueId: c.queueId, ...(c.agentId ? { agentId: c.agentId } : {}) },
      summary: {
        channel: c.channel,
        answered: c.connectedAt !== null,
        ...(c.connectedAt && c.endedAt
          ? { handledMs: Math.max(0, new Date(c.endedAt).getTime() - new Date(c.connectedAt).getTime()) }
          : {}),
        ...(c.wrapUp ? { disposition: c.wrapUp.disposition, requestType: c.wrapUp.requestType } : {}),
      },
      source: `routing.contact.completed:${c.id}`,
    },
  ];
}

export function createTimelineService(deps: {
  db: Database;
  repo: CrmRepo;
  ids: IdGenerator;
  log: Logger;
  bus: EventBus;
  /** Finished chat, e-mail and SMS contacts (routing); without it they are not recorded. */
  contacts?: ContactSource;
}) {
  const { db, repo, ids } = deps;

  async function customersOf(tx: DbOrTx, m: TimelineMatch): Promise<string[]> {
    if (m.customerId) return [m.customerId];
    const key = m.phone ? phoneKey(m.phone) : null;
    if (key) return (await repo.byPhones(tx, [key])).map((r) => r.id);
    const email = m.email?.trim().toLowerCase();
    return email ? (await repo.byEmail(tx, email)).map((r) => r.id) : [];
  }

  const service = {
    /** Records facts for every customer they match (a shared family number: each of them). */
    async record(tx: DbOrTx, facts: TimelineFact[]): Promise<number> {
      let n = 0;
      for (const f of facts) {
        const customers = await customersOf(tx, f.match);
        await repo.insertTimeline(
          tx,
          customers.map((customerId) => ({
            id: ids.next(),
            customerId,
            kind: f.kind,
            at: new Date(f.at),
            refs: f.refs,
            summary: f.summary,
            source: f.source,
          })),
        );
        n += customers.length;
      }
      return n;
    },

    async list(customerId: string, q: { kind?: TimelineEntry['kind'] | undefined; page: number; pageSize: number }) {
      if (!(await repo.find(db, customerId))) throw customerNotFound(customerId);
      const { rows, total } = await repo.timeline(db, customerId, q);
      return {
        items: rows.map(
          (r): TimelineEntry => ({
            id: r.id,
            customerId: r.customerId,
            kind: r.kind as TimelineEntry['kind'],
            at: r.at.toISOString(),
            refs: r.refs,
            summary: r.summary,
          }),
        ),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** Subscribes every feed; returns the unsubscribe. */
    follow(feeds: readonly TimelineFeed[] = TIMELINE_FEEDS): () => void {
      const offs = feeds.map((f) =>
        deps.bus.subscribe(f.event, async (e) => {
          try {
            await service.record(db, f.facts(e.payload as never, e));
          } catch (err) {
            if (err instanceof MalformedPayload) {
              deps.log.warn({ err, event: e.name, id: e.id }, 'crm timeline: an event of an unknown shape was skipped');
              return;
            }
            deps.log.error({ err, event: e.name, id: e.id }, 'crm timeline: the event was not recorded');
            throw err;
          }
        }),
      );
      const contacts = deps.contacts;
      if (contacts) {
        // Voice contacts reach the timeline with their call record (voice.call.ended); the others
        // when they complete, read back from routing for their customer (the event names none).
        offs.push(
          deps.bus.subscribe('routing.contact.completed', async (e) => {
            if (!contactKind(e.payload.channel)) return;
            const c = await contacts(e.payload.contactId);
            if (c) await service.record(db, contactFacts(c));
          }),
        );
      }
      return () => {
        for (const off of offs) off();
      };
    },
  };
  return service;
}
export type TimelineService = ReturnType<typeof createTimelineService>;
