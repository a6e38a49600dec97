import { z } from 'zod';
import type { InboxItem, InboxKind, InboxQuery, InboxReply, ReadInboxBody } from '../../../../contracts/notifications';
import type { Envelope, EventBus, EventName } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { InboxRow, NotificationsRepo } from './notifications.repo';

/**
 * Who belongs to a department group (tickets answers): an order assigned to a group notifies its
 * members. A port bound by the tickets module, which comes after this one in app.ts.
 */
export interface InboxGroups {
  members(groupId: string): Promise<string[]>;
}

/**
 * What the inbox reads of the tickets' events. notifications comes before tickets in app.ts and must
 * not import it: it subscribes by name and checks the shape here, at the boundary.
 */
const Snapshot = z.object({
  ticketId: z.uuid(),
  number: z.string(),
  subject: z.string(),
  status: z.string(),
  ownerUserId: z.uuid(),
  assigneeUserId: z.uuid().nullable(),
  assigneeGroupId: z.uuid().nullable(),
  actorUserId: z.uuid().nullable().optional(),
  actorName: z.string().nullable().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  fields: z.array(z.string()).optional(),
  visibility: z.string().optional(),
  target: z.string().optional(),
  dueAt: z.string().optional(),
  step: z.string().optional(),
  level: z.number().optional(),
  notifyUserIds: z.array(z.uuid()).optional(),
});
type Snapshot = z.infer<typeof Snapshot>;

/** The ticket events that reach an inbox, and the kind each becomes. */
export const INBOX_EVENTS = {
  'tickets.ticket.created': 'ticket.created',
  'tickets.ticket.updated': 'ticket.updated',
  'tickets.ticket.transitioned': 'ticket.transitioned',
  'tickets.ticket.commented': 'ticket.commented',
  'tickets.ticket.sla_warning': 'ticket.sla_warning',
  'tickets.ticket.sla_breached': 'ticket.sla_breached',
  'tickets.ticket.escalated': 'ticket.escalated',
} as const satisfies Partial<Record<EventName, InboxKind>>;

/**
 * What the inbox reads of `surveys.answer.low_score` (surveys comes after notifications in app.ts:
 * subscribed by name, checked here).
 */
const LowScore = z.object({
  answerId: z.uuid(),
  channel: z.string(),
  agentId: z.uuid().nullable(),
  agentName: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  csat: z.number().int().nullable(),
  nps: z.number().int().nullable(),
  ces: z.number().int().nullable(),
  notifyUserIds: z.array(z.uuid()),
});

/**
 * What the inbox reads of the quality module's evaluation events (quality comes after notifications
 * in app.ts: subscribed by name, checked here), and the kind each becomes.
 */
const Evaluation = z.object({
  evaluationId: z.uuid(),
  agentId: z.uuid(),
  status: z.string(),
  score: z.number().nullable(),
  notifyUserIds: z.array(z.uuid()),
  actorUserId: z.uuid().nullable().optional(),
  actorName: z.string().nullable().optional(),
});
const QUALITY_EVENTS = {
  'quality.evaluation.submitted': 'quality.evaluated',
  'quality.evaluation.appealed': 'quality.appealed',
  'quality.evaluation.decided': 'quality.decided',
} as const satisfies Record<string, InboxKind>;

/**
 * What the inbox reads of `wfm.request.changed` (wfm comes after notifications in app.ts: subscribed
 * by name, checked here). wfm decides who hears of each step (`notifyUserIds`).
 */
const ShiftRequestStep = z.object({
  requestId: z.uuid(),
  kind: z.string(),
  state: z.string(),
  requesterName: z.string(),
  date: z.string(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  notifyUserIds: z.array(z.uuid()),
});
const shiftRequestKind = (state: string): InboxKind =>
  state === 'pending_peer'
    ? 'wfm.request.asked'
    : state === 'pending'
      ? 'wfm.request.to_approve'
      : 'wfm.request.decided';

/** The payload of `notifications.inbox.added`: one new notification of one user (realtime to that user). */
export type InboxAdded = { userId: string; item: InboxItem; unread: number };

declare module '../../platform/bus' {
  interface EventMap {
    'notifications.inbox.added': InboxAdded;
  }
}

function toItem(r: InboxRow): InboxItem {
  return {
    id: r.id,
    kind: r.kind as InboxKind,
    ticketId: r.ticketId,
    ticketNumber: r.ticketNumber,
    subject: r.subject,
    actorUserId: r.actorUserId,
    actorName: r.actorName,
    details: r.details,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/** The codes the web turns into a sentence ("状态：处理中 → 已解决"); nothing personal. */
function detailsOf(p: Snapshot): Record<string, unknown> {
  const d: Record<string, unknown> = { status: p.status };
  for (const k of ['from', 'to', 'fields', 'visibility', 'target', 'dueAt', 'step', 'level'] as const)
    if (p[k] !== undefined) d[k] = p[k];
  return d;
}

/**
 * The in-app inbox (docs/notifications.md, "In the app"): the owner, the assignee and the assigned
 * group's members hear of every change of an order, except the ones they made themselves; SLA alerts
 * and escalations also reach whoever the tickets' rules name.
 */
export function createInbox(deps: {
  db: Database;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  repo: NotificationsRepo;
  groups: InboxGroups;
}) {
  const { db, bus, repo } = deps;

  async function recipients(p: Snapshot): Promise<string[]> {
    const users = new Set<string>([p.ownerUserId]);
    if (p.assigneeUserId) users.add(p.assigneeUserId);
    if (p.assigneeGroupId) for (const u of await deps.groups.members(p.assigneeGroupId)) users.add(u);
    for (const u of p.notifyUserIds ?? []) users.add(u);
    if (p.actorUserId) users.delete(p.actorUserId);
    return [...users];
  }

  /** Writes the rows (a redelivered event writes none) and announces each new one to its user. */
  async function insertAndAnnounce(rows: Parameters<NotificationsRepo['insert']>[1]): Promise<void> {
    await bus.transaction(async (tx) => {
      const written = await repo.insert(tx, rows);
      // Only rows written now go out: a redelivered event rings no bell twice.
      const unread = await repo.unreadOf(
        tx,
        written.map((r) => r.userId),
      );
      for (const r of written) {
        await bus.stage(tx, 'notifications.inbox.added', {
          userId: r.userId,
          item: toItem(r),
          unread: unread.get(r.userId) ?? 0,
        });
      }
    });
  }

  /** A low survey score: the agent's team lead hears of it. */
  async function recordLowScore(env: Pick<Envelope, 'id' | 'at' | 'name'>, payload: unknown): Promise<void> {
    const parsed = LowScore.safeParse(payload);
    if (!parsed.success) {
      deps.log.warn({ event: env.name, id: env.id }, 'inbox: an event of an unknown shape was skipped');
      return;
    }
    const p = parsed.data;
    const users = [...new Set(p.notifyUserIds)];
    if (!users.length) return;
    await insertAndAnnounce(
      users.map((userId) => ({
        id: deps.ids.next(),
        userId,
        sourceEventId: env.id,
        kind: 'survey.low_score',
        ticketId: p.ticketId,
        ticketNumber: null,
        subject: p.agentName ?? '',
        actorUserId: null,
        actorName: null,
        details: { answerId: p.answerId, channel: p.channel, agentId: p.agentId, csat: p.csat, nps: p.nps, ces: p.ces },
        createdAt: new Date(env.at),
      })),
    );
  }

  /** An evaluation reached its agent, was appealed or decided: the agent and the evaluator hear of it. */
  async function recordEvaluation(kind: InboxKind, env: Pick<Envelope, 'id' | 'at' | 'name'>, payload: unknown) {
    const parsed = Evaluation.safeParse(payload);
    if (!parsed.success) {
      deps.log.warn({ event: env.name, id: env.id }, 'inbox: an event of an unknown shape was skipped');
      return;
    }
    const p = parsed.data;
    const users = new Set([p.agentId, ...p.notifyUserIds]);
    if (p.actorUserId) users.delete(p.actorUserId);
    if (!users.size) return;
    await insertAndAnnounce(
      [...users].map((userId) => ({
        id: deps.ids.next(),
        userId,
        sourceEventId: env.id,
        kind,
        ticketId: null,
        ticketNumber: null,
        subject: '',
        actorUserId: p.actorUserId ?? null,
        actorName: p.actorName ?? null,
        details: { evaluationId: p.evaluationId, score: p.score, status: p.status },
        createdAt: new Date(env.at),
      })),
    );
  }

  /** A shift request moved on: whoever wfm names hears of it (the colleague, the team lead, the agents). */
  async function recordShiftRequest(env: Pick<Envelope, 'id' | 'at' | 'name'>, payload: unknown): Promise<void> {
    const parsed = ShiftRequestStep.safeParse(payload);
    if (!parsed.success) {
      deps.log.warn({ event: env.name, id: env.id }, 'inbox: an event of an unknown shape was skipped');
      return;
    }
    const p = parsed.data;
    const users = new Set(p.notifyUserIds);
    if (p.actorUserId) users.delete(p.actorUserId);
    if (!users.size) return;
    await insertAndAnnounce(
      [...users].map((userId) => ({
        id: deps.ids.next(),
        userId,
        sourceEventId: env.id,
        kind: shiftRequestKind(p.state),
        ticketId: null,
        ticketNumber: null,
        subject: p.requesterName,
        actorUserId: p.actorUserId,
        actorName: p.actorName,
        details: { requestId: p.requestId, requestKind: p.kind, state: p.state, date: p.date },
        createdAt: new Date(env.at),
      })),
    );
  }

  async function record(kind: InboxKind, env: Pick<Envelope, 'id' | 'at' | 'name'>, payload: unknown): Promise<void> {
    const parsed = Snapshot.safeParse(payload);
    if (!parsed.success) {
      deps.log.warn({ event: env.name, id: env.id }, 'inbox: an event of an unknown shape was skipped');
      return;
    }
    const p = parsed.data;
    const users = await recipients(p);
    if (!users.length) return;
    await insertAndAnnounce(
      users.map((userId) => ({
        id: deps.ids.next(),
        userId,
        sourceEventId: env.id,
        kind,
        ticketId: p.ticketId,
        ticketNumber: p.number,
        subject: p.subject,
        actorUserId: p.actorUserId ?? null,
        actorName: p.actorName ?? null,
        details: detailsOf(p),
        createdAt: new Date(env.at),
      })),
    );
  }

  return {
    /** Subscribes to the ticket events, the surveys' low scores, evaluations and shift requests; returns the unsubscribe. */
    follow(): () => void {
      const offs = Object.entries(INBOX_EVENTS).map(([name, kind]) =>
        bus.subscribe(name as EventName, (e) => record(kind, e, e.payload)),
      );
      offs.push(bus.subscribe('surveys.answer.low_score' as EventName, (e) => recordLowScore(e, e.payload)));
      for (const [name, kind] of Object.entries(QUALITY_EVENTS))
        offs.push(bus.subscribe(name as EventName, (e) => recordEvaluation(kind, e, e.payload)));
      offs.push(bus.subscribe('wfm.request.changed' as EventName, (e) => recordShiftRequest(e, e.payload)));
      return () => {
        for (const off of offs) off();
      };
    },

    async list(userId: string, q: InboxQuery): Promise<InboxReply> {
      const [rows, unread] = await Promise.all([
        repo.list(db, userId, { unread: q.unread, limit: q.limit }),
        repo.unread(db, userId),
      ]);
      return { items: rows.map(toItem), unread };
    },

    async read(userId: string, body: ReadInboxBody): Promise<{ marked: number; unread: number }> {
      const marked = await repo.markRead(db, userId, body.all ? 'all' : (body.ids ?? []), deps.clock.now());
      return { marked, unread: await repo.unread(db, userId) };
    },
  };
}
export type Inbox = ReturnType<typeof createInbox>;
