import type {
  CallDetail,
  CallEndReason,
  CallLeg,
  CallListReply,
  CallQuery,
  CallSummary,
  IvrStep,
} from '../../../../../contracts/calls';
import type { Database } from '../../../platform/db';
import { type PiiViewer, piiPolicy } from '../../../platform/pii';
import type { UsersService } from '../../auth';
import { badCursor, callNotFound } from './calls.errors';
import type { CallFilter, CallRow, CallsRepo, LegRow } from './calls.repo';

/** Port: the ACD's queues, as call records refer to them (wired in app.ts; routing's internals stay there). */
export interface CallQueueDirectory {
  /** A queue key or id → its id; undefined when there is no such queue. */
  resolveQueue(ref: string): string | undefined;
  /** The key and name shown beside a queue id; undefined for a queue that was removed. */
  describeQueue(id: string): { key: string; name: string } | undefined;
}

/** Who is asking: the PII policy decides by what they may see whether numbers are masked. */
export type CallViewer = PiiViewer;

export type CallsServiceDeps = {
  db: Database;
  repo: CallsRepo;
  queues: CallQueueDirectory;
  users: Pick<UsersService, 'displayNames'>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** IVR input longer than this is a collected number (account, ID), not a menu choice: masked. */
const MENU_INPUT_MAX = 4;

/** Reading call records: the list with its filters, one call with its legs, path and recording. */
export function createCallsService(deps: CallsServiceDeps) {
  const { db, repo, queues } = deps;

  const iso = (d: Date | null) => (d ? d.toISOString() : null);

  function maskerFor(viewer: CallViewer) {
    const pii = piiPolicy(viewer);
    return {
      phone: (v: string) => pii.value('phone', v),
      input: (v: string) => (v.length <= MENU_INPUT_MAX ? v : pii.value('phone', v)),
    };
  }

  /** One lookup per queue and request, however many calls of a page sit in it. */
  function queueLabels() {
    const seen = new Map<string, { key: string; name: string } | undefined>();
    return (id: string) => {
      if (!seen.has(id)) seen.set(id, queues.describeQueue(id));
      return seen.get(id);
    };
  }

  function toSummary(
    r: CallRow,
    names: Map<string, string>,
    mask: ReturnType<typeof maskerFor>,
    queueOf: (id: string) => { key: string; name: string } | undefined,
  ): CallSummary {
    const q = r.queueId ? queueOf(r.queueId) : undefined;
    return {
      id: r.id,
      direction: r.direction as CallSummary['direction'],
      caller: mask.phone(r.caller),
      called: mask.phone(r.called),
      startedAt: r.startedAt.toISOString(),
      queuedAt: iso(r.queuedAt),
      answeredAt: iso(r.answeredAt),
      endedAt: iso(r.endedAt),
      endReason: (r.endReason as CallEndReason | null) ?? null,
      sipCode: r.sipCode,
      queue: r.queueId ? { id: r.queueId, key: q?.key ?? null, name: q?.name ?? null } : null,
      agents: r.agentUserIds.map((userId) => ({ userId, name: names.get(userId) ?? null })),
      queueMs: r.queueMs,
      ringMs: r.ringMs,
      talkMs: r.talkMs,
      holdMs: r.holdMs,
      transfers: r.transfers,
      recordingId: r.recordingId,
    };
  }

  function toLeg(l: LegRow, names: Map<string, string>, mask: ReturnType<typeof maskerFor>): CallLeg {
    // Agent and monitor legs reach an agent phone (a SIP account), not a customer's number.
    const personal = l.kind === 'caller' || l.kind === 'outbound';
    return {
      id: l.id,
      kind: l.kind as CallLeg['kind'],
      agentUserId: l.agentUserId,
      agentName: l.agentUserId ? (names.get(l.agentUserId) ?? null) : null,
      remote: personal ? mask.phone(l.remote) : l.remote,
      startedAt: l.startedAt.toISOString(),
      ringingAt: iso(l.ringingAt),
      answeredAt: iso(l.answeredAt),
      endedAt: iso(l.endedAt),
      endReason: l.endReason,
      sipCode: l.sipCode,
    };
  }

  return {
    /**
     * How much each trunk carried: calls in the 24 hours before `now` and the last call within 7 days
     * (the system overview; only the last week is read, so the answer stays cheap as records grow).
     */
    async trunkUsage(now: Date): Promise<Map<string, { callsLastDay: number; lastCallAt: string }>> {
      const day = 86_400_000;
      const rows = await repo.trunkUsage(db, new Date(now.getTime() - 7 * day), new Date(now.getTime() - day));
      return new Map(
        rows.map((r) => [r.trunkId, { callsLastDay: r.recentCalls, lastCallAt: r.lastCallAt.toISOString() }]),
      );
    },

    /** Calls shed by admission control since `since`, per called number (read back at start). */
    shedSince: (since: Date) => repo.shedSince(db, since),

    /** Newest first. An unknown queue matches nothing (not an error: it may have been removed). */
    async list(q: CallQuery, viewer: CallViewer): Promise<CallListReply> {
      const filter: CallFilter = {};
      if (q.from) filter.from = new Date(q.from);
      if (q.to) filter.to = new Date(q.to);
      if (q.queue) {
        const id = queues.resolveQueue(q.queue);
        if (!id) return { items: [], total: 0, limit: q.limit, offset: q.offset, nextCursor: null };
        filter.queueId = id;
      }
      if (q.agent) filter.agentUserId = q.agent;
      if (q.number) filter.number = q.number;
      if (q.endReason) filter.endReason = q.endReason;
      if (q.cursor) filter.before = decodeCursor(q.cursor);
      const offset = q.cursor ? 0 : q.offset;
      const [rows, total] = await Promise.all([
        repo.list(db, filter, { limit: q.limit + 1, offset }),
        repo.count(db, filter),
      ]);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const names = await deps.users.displayNames(db, [...new Set(page.flatMap((r) => r.agentUserIds))]);
      const mask = maskerFor(viewer);
      const queueOf = queueLabels();
      return {
        items: page.map((r) => toSummary(r, names, mask, queueOf)),
        total,
        limit: q.limit,
        offset,
        nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
      };
    },

    /**
     * The calls of a work order's linked contacts, newest first: calls of those routing contacts, and the
     * calls whose own id is linked (a follow-up's click-to-call); ids that are neither match nothing.
     * At most 100: an order links a handful.
     */
    async byContacts(contactIds: readonly string[], viewer: CallViewer): Promise<CallSummary[]> {
      const ids = contactIds.filter((id) => UUID.test(id));
      if (!ids.length) return [];
      const rows = await repo.list(db, { contactIds: ids }, { limit: 100, offset: 0 });
      const names = await deps.users.displayNames(db, [...new Set(rows.flatMap((r) => r.agentUserIds))]);
      const mask = maskerFor(viewer);
      const queueOf = queueLabels();
      return rows.map((r) => toSummary(r, names, mask, queueOf));
    },

    async get(id: string, viewer: CallViewer): Promise<CallDetail> {
      const r = await repo.find(db, id);
      if (!r) throw callNotFound(id);
      const [legs, recs] = await Promise.all([repo.legs(db, id), repo.recordingsOf(db, id)]);
      const recordings = recs.map((rec) => ({
        id: rec.id,
        durationMs: rec.durationMs,
        expiresAt: rec.expiresAt.toISOString(),
        deleted: rec.deletedAt !== null,
      }));
      const userIds = [...r.agentUserIds, ...legs.flatMap((l) => (l.agentUserId ? [l.agentUserId] : []))];
      const names = await deps.users.displayNames(db, [...new Set(userIds)]);
      const mask = maskerFor(viewer);
      const path = (r.ivrPath as IvrStep[]).map((s) =>
        s.input === undefined ? s : { ...s, input: mask.input(s.input) },
      );
      return {
        ...toSummary(r, names, mask, queueLabels()),
        sipCallId: r.sipCallId,
        trunkId: r.trunkId,
        flowId: r.flowId,
        flowVersion: r.flowVersion,
        contactId: r.contactId,
        ivrPath: path,
        attributes: r.attributes as Record<string, string>,
        legs: legs.map((l) => toLeg(l, names, mask)),
        recording: recordings.find((x) => x.id === r.recordingId) ?? null,
        recordings,
      };
    },
  };
}
export type CallsService = ReturnType<typeof createCallsService>;

function encodeCursor(r: CallRow): string {
  return Buffer.from(`${r.startedAt.toISOString()}|${r.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(at ?? '');
  if (Number.isNaN(startedAt.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) throw badCursor();
  return { startedAt, id };
}
