import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx, Tx } from '../../platform/db';
import type { SearchFilter } from '../../platform/search-page';
import {
  slaPolicies,
  ticketCategories,
  ticketComments,
  ticketEscalations,
  ticketEvents,
  ticketGroupMembers,
  ticketGroups,
  ticketSettings,
  tickets,
} from './tickets.schema';

/** A ticket's columns but its search vector, which only PostgreSQL reads (kilobytes per order). */
const { search: _search, ...ROW } = getTableColumns(tickets);
export type TicketRow = Omit<typeof tickets.$inferSelect, 'search'>;
export type TicketInsert = typeof tickets.$inferInsert;
export type PolicyRow = typeof slaPolicies.$inferSelect;
export type CategoryRow = typeof ticketCategories.$inferSelect;
export type GroupRow = typeof ticketGroups.$inferSelect;
export type EventInsert = typeof ticketEvents.$inferInsert;
export type EventRow = typeof ticketEvents.$inferSelect;
export type CommentRow = typeof ticketComments.$inferSelect;

/** Filters in repository terms (the service resolves work lists into ids first). */
export type TicketFilter = {
  status?: string[];
  type?: string[];
  priority?: string[];
  assigneeUserId?: string;
  ownerUserId?: string;
  groupIds?: string[];
  teamId?: string;
  customerId?: string;
  dueBefore?: Date;
  /** Created in [createdFrom, createdTo). */
  createdFrom?: Date;
  createdTo?: Date;
  breached?: boolean;
  /** Owner or assignee is this user. */
  involves?: string;
  openStatuses: readonly string[];
};
export type TicketSort = 'created' | '-created' | 'due' | '-due' | 'number';

function where(f: TicketFilter): SQL | undefined {
  const c: Array<SQL | undefined> = [];
  if (f.status) c.push(inArray(tickets.status, f.status));
  if (f.type) c.push(inArray(tickets.type, f.type));
  if (f.priority) c.push(inArray(tickets.priority, f.priority));
  if (f.assigneeUserId) c.push(eq(tickets.assigneeUserId, f.assigneeUserId));
  if (f.ownerUserId) c.push(eq(tickets.ownerUserId, f.ownerUserId));
  if (f.groupIds) c.push(f.groupIds.length ? inArray(tickets.assigneeGroupId, f.groupIds) : sql`false`);
  if (f.teamId) c.push(or(eq(tickets.assigneeTeamId, f.teamId), eq(tickets.ownerTeamId, f.teamId)));
  if (f.customerId) c.push(eq(tickets.customerId, f.customerId));
  if (f.involves) c.push(or(eq(tickets.ownerUserId, f.involves), eq(tickets.assigneeUserId, f.involves)));
  if (f.createdFrom) c.push(gte(tickets.createdAt, f.createdFrom));
  if (f.createdTo) c.push(lt(tickets.createdAt, f.createdTo));
  if (f.dueBefore) c.push(and(lte(tickets.resolveDueAt, f.dueBefore), inArray(tickets.status, [...f.openStatuses])));
  // The breached work list: open orders past a deadline (a closed one that once missed is history, for reports).
  if (f.breached !== undefined)
    c.push(
      f.breached
        ? and(isNotNull(tickets.breachedAt), inArray(tickets.status, [...f.openStatuses]))
        : sql`${tickets.breachedAt} is null`,
    );
  return and(...c);
}

const dialect = new PgDialect();

const ORDER: Record<TicketSort, SQL[]> = {
  created: [asc(tickets.createdAt), asc(tickets.id)],
  '-created': [desc(tickets.createdAt), desc(tickets.id)],
  due: [sql`${tickets.resolveDueAt} asc nulls last`, asc(tickets.id)],
  '-due': [sql`${tickets.resolveDueAt} desc nulls last`, asc(tickets.id)],
  number: [asc(tickets.number)],
};

export function createTicketsRepo() {
  return {
    // --- tickets -------------------------------------------------------------------------------
    async nextNumber(db: DbOrTx): Promise<number> {
      const r = await db.execute<{ n: string }>(sql`select nextval('tickets_number_seq') as n`);
      return Number(r.rows[0]!.n);
    },
    async insert(db: DbOrTx, row: TicketInsert): Promise<TicketRow> {
      const [r] = await db.insert(tickets).values(row).returning(ROW);
      return r!;
    },
    async update(db: DbOrTx, id: string, patch: Partial<TicketInsert>): Promise<TicketRow> {
      const [r] = await db.update(tickets).set(patch).where(eq(tickets.id, id)).returning(ROW);
      return r!;
    },
    async find(db: DbOrTx, id: string): Promise<TicketRow | undefined> {
      const [r] = await db.select(ROW).from(tickets).where(eq(tickets.id, id));
      return r;
    },
    /** Every order in creation order, a page after `after` (the reporting rebuild reads them all). */
    async recordsPage(
      db: DbOrTx,
      after: { createdAt: string; id: string } | null,
      limit: number,
    ): Promise<TicketRow[]> {
      return db
        .select(ROW)
        .from(tickets)
        .where(
          after
            ? sql`(${tickets.createdAt}, ${tickets.id}) > (${new Date(after.createdAt)}, ${after.id}::uuid)`
            : undefined,
        )
        .orderBy(asc(tickets.createdAt), asc(tickets.id))
        .limit(limit);
    },
    /** Locks the row: changes to one ticket (requests, the scanner) happen one after another. */
    async findForUpdate(tx: Tx, id: string): Promise<TicketRow | undefined> {
      const [r] = await tx.select(ROW).from(tickets).where(eq(tickets.id, id)).for('update');
      return r;
    },
    async list(db: DbOrTx, f: TicketFilter, sort: TicketSort, page: number, pageSize: number) {
      const w = where(f);
      const [items, [total]] = await Promise.all([
        db
          .select(ROW)
          .from(tickets)
          .where(w)
          .orderBy(...ORDER[sort])
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ n: count() }).from(tickets).where(w),
      ]);
      return { items, total: total?.n ?? 0 };
    },
    /** The filter as SQL for `searchNewestFirst` (parameters `$1..$n`); undefined when it keeps every row. */
    filterSql(f: TicketFilter): SearchFilter | undefined {
      const w = where(f);
      if (!w) return undefined;
      const q = dialect.sqlToQuery(w);
      return { sql: q.sql, params: q.params };
    },
    /** The order with this number, if the filter keeps it. */
    async byNumber(db: DbOrTx, number: string, f: TicketFilter): Promise<TicketRow | undefined> {
      const [r] = await db
        .select(ROW)
        .from(tickets)
        .where(and(eq(tickets.number, number), where(f)));
      return r;
    },
    /** Rows by id, in the order of the ids (a search page's order). */
    async byIds(db: DbOrTx, ids: readonly string[]): Promise<TicketRow[]> {
      if (!ids.length) return [];
      const rows = await db
        .select(ROW)
        .from(tickets)
        .where(inArray(tickets.id, [...ids]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    /** Orders of `from` now belong to `to`; each moved row (locked) with the id it had. */
    async repointCustomer(
      tx: Tx,
      from: readonly string[],
      to: string,
      at: Date,
    ): Promise<Array<{ row: TicketRow; from: string }>> {
      const before = await tx
        .select({ id: tickets.id, customerId: tickets.customerId })
        .from(tickets)
        .where(inArray(tickets.customerId, [...from]))
        .for('update');
      if (!before.length) return [];
      const rows = await tx
        .update(tickets)
        .set({ customerId: to, updatedAt: at })
        .where(
          inArray(
            tickets.id,
            before.map((b) => b.id),
          ),
        )
        .returning(ROW);
      const was = new Map(before.map((b) => [b.id, b.customerId!]));
      return rows.map((row) => ({ row, from: was.get(row.id)! }));
    },
    async idsOfCustomer(db: DbOrTx, customerId: string): Promise<string[]> {
      const rows = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.customerId, customerId));
      return rows.map((r) => r.id);
    },
    /** Orders whose vector was never written (made before the column existed). */
    async unsearchable(db: DbOrTx, limit: number): Promise<string[]> {
      const rows = await db
        .select({ id: tickets.id })
        .from(tickets)
        .where(sql`${tickets.search} = ''::tsvector`)
        .limit(limit);
      return rows.map((r) => r.id);
    },
    async setSearch(db: DbOrTx, id: string, vector: string): Promise<void> {
      await db
        .update(tickets)
        .set({ search: sql`${vector}::tsvector` })
        .where(eq(tickets.id, id));
    },
    /** Appends a comment's vector: positions continue after the ticket's, so no phrase spans the two. */
    async appendSearch(db: DbOrTx, id: string, vector: string): Promise<void> {
      await db
        .update(tickets)
        .set({ search: sql`${tickets.search} || ${vector}::tsvector` })
        .where(eq(tickets.id, id));
    },

    /** Due escalations, locked so that several nodes (or a scan overlapping a request) never share one. */
    async lockDue(tx: Tx, now: Date, limit: number): Promise<TicketRow[]> {
      return tx
        .select(ROW)
        .from(tickets)
        .where(lte(tickets.nextEscalationAt, now))
        .orderBy(asc(tickets.nextEscalationAt))
        .limit(limit)
        .for('update', { skipLocked: true });
    },

    // --- history, comments, escalations -----------------------------------------------------------
    async insertEvents(db: DbOrTx, rows: EventInsert[]): Promise<void> {
      if (rows.length) await db.insert(ticketEvents).values(rows);
    },
    async history(db: DbOrTx, ticketId: string): Promise<EventRow[]> {
      return db
        .select()
        .from(ticketEvents)
        .where(eq(ticketEvents.ticketId, ticketId))
        .orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
    },
    async statusChanges(db: DbOrTx, ticketId: string) {
      return db
        .select({ at: ticketEvents.at, before: ticketEvents.before, after: ticketEvents.after })
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.field, 'status')))
        .orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
    },
    async insertComment(db: DbOrTx, row: typeof ticketComments.$inferInsert): Promise<CommentRow> {
      const [r] = await db.insert(ticketComments).values(row).returning();
      return r!;
    },
    async comments(db: DbOrTx, ticketId: string): Promise<CommentRow[]> {
      return db
        .select()
        .from(ticketComments)
        .where(eq(ticketComments.ticketId, ticketId))
        .orderBy(asc(ticketComments.createdAt), asc(ticketComments.id));
    },
    async firedSteps(db: DbOrTx, ticketId: string): Promise<Set<string>> {
      const rows = await db
        .select({ target: ticketEscalations.target, step: ticketEscalations.step })
        .from(ticketEscalations)
        .where(eq(ticketEscalations.ticketId, ticketId));
      return new Set(rows.map((r) => `${r.target}:${r.step}`));
    },
    /** Records a fired step; false when it was fired already (the unique key decides, not a read). */
    async recordEscalation(db: DbOrTx, row: typeof ticketEscalations.$inferInsert): Promise<boolean> {
      const r = await db
        .insert(ticketEscalations)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: ticketEscalations.id });
      return r.length > 0;
    },
    async escalations(db: DbOrTx, ticketId: string) {
      return db
        .select()
        .from(ticketEscalations)
        .where(eq(ticketEscalations.ticketId, ticketId))
        .orderBy(asc(ticketEscalations.firedAt));
    },

    // --- SLA policies ------------------------------------------------------------------------------
    async policies(db: DbOrTx): Promise<PolicyRow[]> {
      return db.select().from(slaPolicies).orderBy(asc(slaPolicies.createdAt), asc(slaPolicies.id));
    },
    async policy(db: DbOrTx, id: string): Promise<PolicyRow | undefined> {
      const [r] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, id));
      return r;
    },
    async insertPolicy(db: DbOrTx, row: typeof slaPolicies.$inferInsert): Promise<PolicyRow> {
      const [r] = await db.insert(slaPolicies).values(row).returning();
      return r!;
    },
    async updatePolicy(db: DbOrTx, id: string, patch: Partial<typeof slaPolicies.$inferInsert>) {
      const [r] = await db.update(slaPolicies).set(patch).where(eq(slaPolicies.id, id)).returning();
      return r;
    },
    /** Makes the scanner recompute the open tickets of a policy (its targets changed). */
    async dueNowByPolicy(db: DbOrTx, policyId: string, now: Date, openStatuses: readonly string[]): Promise<void> {
      await db
        .update(tickets)
        .set({ nextEscalationAt: now })
        .where(and(eq(tickets.slaPolicyId, policyId), inArray(tickets.status, [...openStatuses])));
    },

    // --- categories ------------------------------------------------------------------------------
    async categories(db: DbOrTx, type?: string): Promise<CategoryRow[]> {
      return db
        .select()
        .from(ticketCategories)
        .where(type ? eq(ticketCategories.type, type) : undefined)
        .orderBy(asc(ticketCategories.type), asc(ticketCategories.sortOrder), asc(ticketCategories.name));
    },
    async category(db: DbOrTx, id: string): Promise<CategoryRow | undefined> {
      const [r] = await db.select().from(ticketCategories).where(eq(ticketCategories.id, id));
      return r;
    },
    async insertCategory(db: DbOrTx, row: typeof ticketCategories.$inferInsert): Promise<CategoryRow> {
      const [r] = await db.insert(ticketCategories).values(row).returning();
      return r!;
    },
    async updateCategory(db: DbOrTx, id: string, patch: Partial<typeof ticketCategories.$inferInsert>) {
      const [r] = await db.update(ticketCategories).set(patch).where(eq(ticketCategories.id, id)).returning();
      return r;
    },

    // --- settings ----------------------------------------------------------------------------------
    async setting<T>(db: DbOrTx, key: string): Promise<T | undefined> {
      const [r] = await db.select().from(ticketSettings).where(eq(ticketSettings.key, key));
      return r?.value as T | undefined;
    },
    async putSetting(db: DbOrTx, key: string, value: unknown): Promise<void> {
      await db
        .insert(ticketSettings)
        .values({ key, value })
        .onConflictDoUpdate({ target: ticketSettings.key, set: { value } });
    },
    /** Whether a customer notice of this source event is in the order's history already. */
    async noticeRecorded(db: DbOrTx, ticketId: string, sourceEventId: number): Promise<boolean> {
      const rows = await db
        .select({ id: ticketEvents.id })
        .from(ticketEvents)
        .where(
          and(
            eq(ticketEvents.ticketId, ticketId),
            eq(ticketEvents.kind, 'notified'),
            sql`(${ticketEvents.after}->>'sourceEventId')::bigint = ${sourceEventId}`,
          ),
        )
        .limit(1);
      return rows.length > 0;
    },

    // --- department groups -------------------------------------------------------------------------
    async groups(db: DbOrTx): Promise<Array<GroupRow & { memberUserIds: string[] }>> {
      const [rows, members] = await Promise.all([
        db.select().from(ticketGroups).orderBy(asc(ticketGroups.name)),
        db.select().from(ticketGroupMembers),
      ]);
      return rows.map((g) => ({
        ...g,
        memberUserIds: members.filter((m) => m.groupId === g.id).map((m) => m.userId),
      }));
    },
    async group(db: DbOrTx, id: string): Promise<(GroupRow & { memberUserIds: string[] }) | undefined> {
      const [g] = await db.select().from(ticketGroups).where(eq(ticketGroups.id, id));
      if (!g) return undefined;
      const members = await db
        .select({ userId: ticketGroupMembers.userId })
        .from(ticketGroupMembers)
        .where(eq(ticketGroupMembers.groupId, id));
      return { ...g, memberUserIds: members.map((m) => m.userId) };
    },
    async insertGroup(db: DbOrTx, row: typeof ticketGroups.$inferInsert): Promise<GroupRow> {
      const [r] = await db.insert(ticketGroups).values(row).returning();
      return r!;
    },
    async updateGroup(db: DbOrTx, id: string, patch: Partial<typeof ticketGroups.$inferInsert>) {
      const [r] = await db.update(ticketGroups).set(patch).where(eq(ticketGroups.id, id)).returning();
      return r;
    },
    async setMembers(db: DbOrTx, groupId: string, userIds: string[]): Promise<void> {
      await db.delete(ticketGroupMembers).where(eq(ticketGroupMembers.groupId, groupId));
      if (userIds.length)
        await db.insert(ticketGroupMembers).values([...new Set(userIds)].map((userId) => ({ groupId, userId })));
    },
    /** The groups a user belongs to or leads (the "my group" work list, and who may work a group's orders). */
    async groupIdsOf(db: DbOrTx, userId: string): Promise<string[]> {
      const rows = await db.execute<{ id: string }>(
        sql`select id from tickets_groups where lead_user_id = ${userId}
            union select group_id from tickets_group_members where user_id = ${userId}`,
      );
      return rows.rows.map((r) => r.id);
    },
  };
}
export type TicketsRepo = ReturnType<typeof createTicketsRepo>;
