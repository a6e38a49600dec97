import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db';
import { telephonyCallLegs, telephonyCalls, telephonyRecordings } from '../telephony.schema';

export type CallRow = typeof telephonyCalls.$inferSelect;
export type CallInsert = typeof telephonyCalls.$inferInsert;
export type LegRow = typeof telephonyCallLegs.$inferSelect;
export type LegInsert = typeof telephonyCallLegs.$inferInsert;
export type RecordingInfoRow = Pick<
  typeof telephonyRecordings.$inferSelect,
  'id' | 'durationMs' | 'expiresAt' | 'deletedAt'
>;

/** What the list filters become once the service has resolved the queue reference. */
export type CallFilter = {
  from?: Date;
  to?: Date;
  queueId?: string;
  agentUserId?: string;
  number?: string;
  endReason?: string;
  /**
   * A work order's linked contacts: calls whose routing contact is one of these ids, or whose own id is
   * (a click-to-call placed from the order links its call record id — it has no routing contact).
   */
  contactIds?: string[];
  /** Keyset: calls strictly older than this (started_at, id). */
  before?: { startedAt: Date; id: string };
};

const CALL_COLUMNS = getTableColumns(telephonyCalls) as Record<string, { name: string }>;
/** Leg rows per insert: well below PostgreSQL's 65,535 parameters in a statement. */
const LEGS_PER_STATEMENT = 2000;

export function createCallsRepo() {
  const where = (f: CallFilter): SQL | undefined => {
    const c = telephonyCalls;
    const parts: SQL[] = [];
    if (f.from) parts.push(gte(c.startedAt, f.from));
    if (f.to) parts.push(lte(c.startedAt, f.to));
    if (f.queueId) parts.push(eq(c.queueId, f.queueId));
    if (f.agentUserId) parts.push(sql`${c.agentUserIds} @> ${JSON.stringify([f.agentUserId])}::jsonb`);
    if (f.number) {
      // The contract allows only digits, *, # and +: nothing LIKE would read as a wildcard.
      const suffix = `%${f.number}`;
      parts.push(or(sql`${c.caller} like ${suffix}`, sql`${c.called} like ${suffix}`)!);
    }
    if (f.endReason) parts.push(eq(c.endReason, f.endReason));
    if (f.contactIds)
      parts.push(
        f.contactIds.length ? or(inArray(c.contactId, f.contactIds), inArray(c.id, f.contactIds))! : sql`false`,
      );
    if (f.before) {
      parts.push(
        or(lt(c.startedAt, f.before.startedAt), and(eq(c.startedAt, f.before.startedAt), lt(c.id, f.before.id)))!,
      );
    }
    return parts.length ? and(...parts) : undefined;
  };

  return {
    /** One statement for every call begun since the last batch; a row already there is left alone. */
    async insertOpen(db: DbOrTx, rows: CallInsert[]): Promise<void> {
      if (rows.length === 0) return;
      await db.insert(telephonyCalls).values(rows).onConflictDoNothing({ target: telephonyCalls.id });
    },

    /**
     * The final rows (upserts: each stands even when its opening insert was lost) and their legs, one
     * statement per table for every call in the batch. Legs are written once, at the end: a leg row
     * is never updated afterwards. A call appears once per batch (it ends once).
     */
    async writeFinals(tx: DbOrTx, calls: CallInsert[], legs: LegInsert[]): Promise<void> {
      if (calls.length === 0) return;
      const set = Object.fromEntries(
        Object.keys(calls[0]!)
          .filter((k) => k !== 'id')
          .map((k) => [k, sql.raw(`excluded."${CALL_COLUMNS[k]!.name}"`)]),
      );
      await tx.insert(telephonyCalls).values(calls).onConflictDoUpdate({ target: telephonyCalls.id, set });
      for (let i = 0; i < legs.length; i += LEGS_PER_STATEMENT) {
        await tx
          .insert(telephonyCallLegs)
          .values(legs.slice(i, i + LEGS_PER_STATEMENT))
          .onConflictDoUpdate({
            target: telephonyCallLegs.id,
            set: {
              ringingAt: sql`excluded.ringing_at`,
              answeredAt: sql`excluded.answered_at`,
              endedAt: sql`excluded.ended_at`,
              endReason: sql`excluded.end_reason`,
              sipCode: sql`excluded.sip_code`,
            },
          });
      }
    },

    /** When the latest call whose SIP Call-ID starts with `prefix` started (the demo history's marker). */
    async lastStartedWithCallIdPrefix(db: DbOrTx, prefix: string): Promise<Date | undefined> {
      const c = telephonyCalls;
      const [r] = await db
        .select({ at: sql<string | null>`max(${c.startedAt})` })
        .from(c)
        .where(sql`${c.sipCallId} like ${`${prefix.replace(/[%_\\]/g, '\\$&')}%`}`);
      return r?.at ? new Date(r.at) : undefined;
    },

    /** Closes every open call (and its open legs) except those still live in this process. */
    async closeOpen(db: DbOrTx, at: Date, reason: string, except: string[]): Promise<number> {
      const c = telephonyCalls;
      const cond = except.length
        ? and(
            isNull(c.endedAt),
            sql`${c.id} not in (${sql.join(
              except.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
          )
        : isNull(c.endedAt);
      const closed = await db
        .update(c)
        .set({ endedAt: sql`greatest(${c.startedAt}, ${at})`, endReason: reason })
        .where(cond)
        .returning({ id: c.id });
      if (closed.length) {
        const ids = closed.map((r) => r.id);
        await db
          .update(telephonyCallLegs)
          .set({ endedAt: sql`greatest(${telephonyCallLegs.startedAt}, ${at})`, endReason: reason })
          .where(and(inArray(telephonyCallLegs.callId, ids), isNull(telephonyCallLegs.endedAt)));
      }
      return closed.length;
    },

    async list(db: DbOrTx, f: CallFilter, page: { limit: number; offset: number }): Promise<CallRow[]> {
      return db
        .select()
        .from(telephonyCalls)
        .where(where(f))
        .orderBy(desc(telephonyCalls.startedAt), desc(telephonyCalls.id))
        .limit(page.limit)
        .offset(page.offset);
    },

    async count(db: DbOrTx, f: CallFilter): Promise<number> {
      const { before: _before, ...rest } = f;
      const [r] = await db.select({ n: count() }).from(telephonyCalls).where(where(rest));
      return r?.n ?? 0;
    },

    async find(db: DbOrTx, id: string): Promise<CallRow | undefined> {
      const [r] = await db.select().from(telephonyCalls).where(eq(telephonyCalls.id, id));
      return r;
    },

    async legs(db: DbOrTx, callId: string): Promise<LegRow[]> {
      return db
        .select()
        .from(telephonyCallLegs)
        .where(eq(telephonyCallLegs.callId, callId))
        .orderBy(asc(telephonyCallLegs.startedAt), asc(telephonyCallLegs.id));
    },

    /** Per trunk, calls started since `since` (index on started_at): how many since `recent`, and the last one. */
    async trunkUsage(
      db: DbOrTx,
      since: Date,
      recent: Date,
    ): Promise<Array<{ trunkId: string; recentCalls: number; lastCallAt: Date }>> {
      const c = telephonyCalls;
      const rows = await db
        .select({
          trunkId: c.trunkId,
          recentCalls: sql<number>`(count(*) filter (where ${c.startedAt} >= ${recent}))::int`,
          lastCallAt: sql<Date>`max(${c.startedAt})`,
        })
        .from(c)
        .where(and(gte(c.startedAt, since), sql`${c.trunkId} is not null`))
        .groupBy(c.trunkId);
      return rows.flatMap((r) =>
        r.trunkId
          ? [{ trunkId: r.trunkId, recentCalls: Number(r.recentCalls), lastCallAt: new Date(r.lastCallAt) }]
          : [],
      );
    },

    /** Calls ended as 'shed' (admission control) since `since`, per called number (admission control's today). */
    async shedSince(db: DbOrTx, since: Date): Promise<Array<{ number: string; count: number }>> {
      const c = telephonyCalls;
      const rows = await db
        .select({ number: c.called, count: sql<number>`count(*)::int` })
        .from(c)
        .where(and(gte(c.startedAt, since), eq(c.endReason, 'shed')))
        .groupBy(c.called);
      return rows.map((r) => ({ number: r.number, count: Number(r.count) }));
    },

    /** The call's recordings, oldest first. */
    async recordingsOf(db: DbOrTx, callId: string): Promise<RecordingInfoRow[]> {
      return db
        .select({
          id: telephonyRecordings.id,
          durationMs: telephonyRecordings.durationMs,
          expiresAt: telephonyRecordings.expiresAt,
          deletedAt: telephonyRecordings.deletedAt,
        })
        .from(telephonyRecordings)
        .where(eq(telephonyRecordings.callId, callId))
        .orderBy(asc(telephonyRecordings.createdAt), asc(telephonyRecordings.id));
    },
  };
}
export type CallsRepo = ReturnType<typeof createCallsRepo>;
