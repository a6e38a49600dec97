import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import type { CustomerHint } from './domain/customer-hints';
import {
  type AgentEventInsert,
  type AgentRow,
  type ContactEventInsert,
  type ContactRow,
  type ContactsAndAgents,
  writeContactsAndAgents,
} from './routing.acd-writes';
import {
  routingAgentEvents,
  routingAgents,
  routingContactEvents,
  routingContacts,
  routingCustomerHints,
  routingMemberships,
  routingQueues,
  routingReasonCodes,
  routingSkills,
} from './routing.schema';

export type SkillRow = typeof routingSkills.$inferSelect;
export type QueueRow = typeof routingQueues.$inferSelect;
export type ReasonCodeRow = typeof routingReasonCodes.$inferSelect;
export type MembershipRow = typeof routingMemberships.$inferSelect;
export type ContactEventRow = typeof routingContactEvents.$inferSelect;
type HintRow = typeof routingCustomerHints.$inferSelect;

export type { AgentEventInsert, AgentRow, ContactEventInsert, ContactRow, ContactsAndAgents };

const OPEN = ['queued', 'offered', 'connected', 'wrap_up'];

const toHint = (r: HintRow): CustomerHint => ({
  customerId: r.customerId,
  phones: r.phones,
  vip: r.vip,
  tier: r.tier,
  preferredAgentId: r.preferredAgentId,
  version: r.version.getTime(),
});

/** Today's per-queue figures, straight from the stored contacts (so the wallboard reconciles). */
/**
 * The ACD's own counts of a queue's day: handle time (its estimated wait) and offers that failed.
 * The KPIs (offered, service level, abandonment …) are the reporting module's (one implementation).
 */
export type QueueDayRow = {
  queueId: string;
  handleSeconds: number;
  handled: number;
  /** Offers that never reached the phone. */
  undelivered: number;
};

export function createRoutingRepo() {
  return {
    // ---- configuration ------------------------------------------------------------------------
    skills: (db: DbOrTx) => db.select().from(routingSkills).orderBy(asc(routingSkills.key)),
    async insertSkill(db: DbOrTx, row: typeof routingSkills.$inferInsert) {
      return (await db.insert(routingSkills).values(row).returning())[0]!;
    },
    async updateSkill(db: DbOrTx, id: string, patch: Partial<typeof routingSkills.$inferInsert>) {
      return (await db.update(routingSkills).set(patch).where(eq(routingSkills.id, id)).returning())[0];
    },
    queues: (db: DbOrTx) => db.select().from(routingQueues).orderBy(asc(routingQueues.key)),
    async insertQueue(db: DbOrTx, row: typeof routingQueues.$inferInsert) {
      return (await db.insert(routingQueues).values(row).returning())[0]!;
    },
    async updateQueue(db: DbOrTx, id: string, patch: Partial<typeof routingQueues.$inferInsert>) {
      return (await db.update(routingQueues).set(patch).where(eq(routingQueues.id, id)).returning())[0];
    },
    reasonCodes: (db: DbOrTx) =>
      db.select().from(routingReasonCodes).orderBy(asc(routingReasonCodes.sortOrder), asc(routingReasonCodes.code)),
    async insertReasonCode(db: DbOrTx, row: typeof routingReasonCodes.$inferInsert) {
      return (await db.insert(routingReasonCodes).values(row).onConflictDoNothing().returning())[0];
    },
    async updateReasonCode(db: DbOrTx, id: string, patch: Partial<typeof routingReasonCodes.$inferInsert>) {
      return (await db.update(routingReasonCodes).set(patch).where(eq(routingReasonCodes.id, id)).returning())[0];
    },

    // ---- agents -------------------------------------------------------------------------------
    agents: (db: DbOrTx) => db.select().from(routingAgents),
    memberships: (db: DbOrTx) => db.select().from(routingMemberships),
    async upsertAgent(db: DbOrTx, row: typeof routingAgents.$inferInsert) {
      await db
        .insert(routingAgents)
        .values(row)
        .onConflictDoUpdate({ target: routingAgents.userId, set: { ...row, userId: undefined } });
    },
    async updateAgent(db: DbOrTx, userId: string, patch: Partial<typeof routingAgents.$inferInsert>) {
      await db.update(routingAgents).set(patch).where(eq(routingAgents.userId, userId));
    },
    async replaceMemberships(db: DbOrTx, userId: string, rows: MembershipRow[]) {
      await db.delete(routingMemberships).where(eq(routingMemberships.userId, userId));
      if (rows.length > 0) await db.insert(routingMemberships).values(rows);
    },
    /** When the newest agent state change happened (undefined: none yet). */
    async lastAgentEvent(db: DbOrTx): Promise<Date | undefined> {
      const [r] = await db
        .select({ at: routingAgentEvents.at })
        .from(routingAgentEvents)
        .orderBy(desc(routingAgentEvents.at))
        .limit(1);
      return r?.at;
    },
    async insertAgentEvents(db: DbOrTx, rows: AgentEventInsert[]) {
      if (rows.length > 0) await db.insert(routingAgentEvents).values(rows);
    },
    /** The agent's state changes since `from`, plus the one in force at `from`. */
    async agentEventsSince(db: DbOrTx, userId: string, from: Date) {
      const before = await db
        .select()
        .from(routingAgentEvents)
        .where(and(eq(routingAgentEvents.userId, userId), sql`${routingAgentEvents.at} < ${from}`))
        .orderBy(desc(routingAgentEvents.at), desc(routingAgentEvents.id))
        .limit(1);
      const after = await db
        .select()
        .from(routingAgentEvents)
        .where(and(eq(routingAgentEvents.userId, userId), gte(routingAgentEvents.at, from)))
        .orderBy(asc(routingAgentEvents.at), asc(routingAgentEvents.id));
      return [...before, ...after];
    },
    /** Handled contacts and their handle time (connected → completed) since `from`, per agent. */
    async handledSince(db: DbOrTx, from: Date, userId?: string) {
      const rows = await db
        .select({
          agentId: routingContacts.agentId,
          handled: sql<number>`count(*)::int`,
          seconds: sql<number>`coalesce(sum(extract(epoch from (${routingContacts.completedAt} - ${routingContacts.connectedAt}))), 0)::float8`,
        })
        .from(routingContacts)
        .where(
          and(
            gte(routingContacts.completedAt, from),
            sql`${routingContacts.connectedAt} is not null`,
            userId ? eq(routingContacts.agentId, userId) : undefined,
          ),
        )
        .groupBy(routingContacts.agentId);
      return new Map(rows.map((r) => [r.agentId!, { handled: r.handled, seconds: r.seconds }]));
    },

    /** Everything ACD commands changed, in one statement as a rule (routing.acd-writes.ts). */
    writeContactsAndAgents,

    // ---- customer hints (the CRM's read model) --------------------------------------------------
    /** Writes each hint unless a newer version of that customer is held already. */
    async upsertHints(db: DbOrTx, hints: CustomerHint[]): Promise<void> {
      if (hints.length === 0) return;
      await db
        .insert(routingCustomerHints)
        .values(
          hints.map((h) => ({
            customerId: h.customerId,
            phones: h.phones,
            vip: h.vip,
            tier: h.tier,
            preferredAgentId: h.preferredAgentId,
            version: new Date(h.version),
          })),
        )
        .onConflictDoUpdate({
          target: routingCustomerHints.customerId,
          set: {
            phones: sql`excluded.phones`,
            vip: sql`excluded.vip`,
            tier: sql`excluded.tier`,
            preferredAgentId: sql`excluded.preferred_agent_id`,
            version: sql`excluded.version`,
          },
          setWhere: sql`${routingCustomerHints.version} <= excluded.version`,
        });
    },
    async hints(db: DbOrTx, customerIds: string[], lock = false): Promise<CustomerHint[]> {
      if (customerIds.length === 0) return [];
      const q = db.select().from(routingCustomerHints).where(inArray(routingCustomerHints.customerId, customerIds));
      return (lock ? await q.for('update') : await q).map(toHint);
    },
    /** Every customer holding this E.164 number. */
    async hintsByPhone(db: DbOrTx, e164: string): Promise<CustomerHint[]> {
      const rows = await db
        .select()
        .from(routingCustomerHints)
        .where(sql`${routingCustomerHints.phones} @> array[${e164}]::text[]`);
      return rows.map(toHint);
    },
    async deleteHints(db: DbOrTx, customerIds: string[]): Promise<void> {
      if (customerIds.length > 0) {
        await db.delete(routingCustomerHints).where(inArray(routingCustomerHints.customerId, customerIds));
      }
    },
    /** After a rebuild: hints of customers the CRM no longer has (not `seen`, older than the rebuild). */
    async deleteHintsNotIn(db: DbOrTx, seen: ReadonlySet<string>, before: Date): Promise<number> {
      const stale = await db
        .select({ id: routingCustomerHints.customerId })
        .from(routingCustomerHints)
        .where(sql`${routingCustomerHints.version} < ${before}`);
      const gone = stale.map((r) => r.id).filter((id) => !seen.has(id));
      for (let i = 0; i < gone.length; i += 1000) {
        await db.delete(routingCustomerHints).where(inArray(routingCustomerHints.customerId, gone.slice(i, i + 1000)));
      }
      return gone.length;
    },
    async countHints(db: DbOrTx): Promise<number> {
      const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(routingCustomerHints);
      return r?.n ?? 0;
    },

    // ---- contacts -----------------------------------------------------------------------------
    async insertContacts(db: DbOrTx, rows: ContactRow[]) {
      if (rows.length > 0) await db.insert(routingContacts).values(rows);
    },
    async updateContact(db: DbOrTx, id: string, patch: Partial<ContactRow>) {
      await db.update(routingContacts).set(patch).where(eq(routingContacts.id, id));
    },
    async insertContactEvents(db: DbOrTx, rows: ContactEventInsert[]) {
      if (rows.length > 0) await db.insert(routingContactEvents).values(rows);
    },
    /** The agent who last handled a contact of this customer (preferred_agent routing). */
    async lastAgentOf(db: DbOrTx, customerId: string): Promise<string | undefined> {
      const [r] = await db
        .select({ agentId: routingContacts.agentId })
        .from(routingContacts)
        .where(
          and(sql`${routingContacts.customer}->>'id' = ${customerId}`, sql`${routingContacts.connectedAt} is not null`),
        )
        .orderBy(desc(routingContacts.connectedAt))
        .limit(1);
      return r?.agentId ?? undefined;
    },
    async findContact(db: DbOrTx, id: string) {
      return (await db.select().from(routingContacts).where(eq(routingContacts.id, id)))[0];
    },
    openContacts: (db: DbOrTx) =>
      db
        .select()
        .from(routingContacts)
        .where(inArray(routingContacts.state, OPEN))
        .orderBy(asc(routingContacts.queuedAt), asc(routingContacts.id)),
    /** Contacts whose wrap-up form is still due (a transfer ends the contact but not the agent's notes). */
    pendingWrapUps: (db: DbOrTx) =>
      db
        .select()
        .from(routingContacts)
        .where(
          and(
            eq(routingContacts.state, 'transferred'),
            sql`${routingContacts.wrapUp} is null`,
            sql`${routingContacts.connectedAt} is not null`,
            sql`${routingContacts.completedAt} is null`,
          ),
        ),
    listContacts: (db: DbOrTx, q: { states?: string[]; queueId?: string; agentId?: string; limit: number }) =>
      db
        .select()
        .from(routingContacts)
        .where(
          and(
            q.states ? inArray(routingContacts.state, q.states) : undefined,
            q.queueId ? eq(routingContacts.queueId, q.queueId) : undefined,
            q.agentId ? eq(routingContacts.agentId, q.agentId) : undefined,
          ),
        )
        .orderBy(desc(routingContacts.createdAt))
        .limit(q.limit),
    contactEvents: (db: DbOrTx, contactId: string) =>
      db
        .select()
        .from(routingContactEvents)
        .where(eq(routingContactEvents.contactId, contactId))
        .orderBy(asc(routingContactEvents.id)),

    /** Per queue, since `from`: handle time of the contacts handled and undelivered offers. */
    async queueDay(db: DbOrTx, from: Date, queues: Array<{ id: string }>): Promise<QueueDayRow[]> {
      if (queues.length === 0) return [];
      const ids = sql.join(
        queues.map((q) => sql`${q.id}::uuid`),
        sql`, `,
      );
      const r = await db.execute<QueueDayRow>(sql`
        with c as (
          select c.id, c.queue_id, c.connected_at, c.completed_at
          from routing_contacts c
          where c.queued_at >= ${from} and c.queue_id in (${ids})
        )
        select queue_id as "queueId",
          coalesce(sum(extract(epoch from (completed_at - connected_at))) filter (where completed_at is not null and connected_at is not null), 0)::float8 as "handleSeconds",
          count(*) filter (where completed_at is not null and connected_at is not null)::int as handled,
          coalesce(max(d.undelivered), 0)::int as undelivered
        from c left join (
          -- Offers that never reached the phone (moves.ts writes the note 'undelivered: …').
          select e.queue_id as qid, count(*) filter (where e.note like 'undelivered:%') as undelivered
          from routing_contact_events e
          where e.from_state = 'offered' and e.to_state = 'queued'
            and e.contact_id in (select id from c)
          group by e.queue_id
        ) d on d.qid = c.queue_id
        group by queue_id`);
      return r.rows;
    },
  };
}
export type RoutingRepo = ReturnType<typeof createRoutingRepo>;
