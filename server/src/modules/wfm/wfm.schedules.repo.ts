import { and, desc, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { wfmAgentRules, wfmSchedules, wfmShiftRequests, wfmShifts, wfmShiftTemplates } from './wfm.schema';

export type TemplateRow = typeof wfmShiftTemplates.$inferSelect;
export type AgentRulesRow = typeof wfmAgentRules.$inferSelect;
export type ScheduleRow = typeof wfmSchedules.$inferSelect;
export type ShiftRow = typeof wfmShifts.$inferSelect;
export type RequestRow = typeof wfmShiftRequests.$inferSelect;

/** The only reader and writer of the schedule tables (templates, agents' rules, schedules, shifts, requests). */
export function createSchedulesRepo() {
  return {
    // ---- templates ----------------------------------------------------------------------------
    async templates(db: DbOrTx, ids?: string[]): Promise<TemplateRow[]> {
      if (ids && ids.length === 0) return [];
      return db
        .select()
        .from(wfmShiftTemplates)
        .where(ids ? inArray(wfmShiftTemplates.id, ids) : undefined)
        .orderBy(wfmShiftTemplates.name);
    },
    async insertTemplate(db: DbOrTx, row: TemplateRow): Promise<void> {
      await db.insert(wfmShiftTemplates).values(row);
    },
    async updateTemplate(db: DbOrTx, id: string, set: Partial<TemplateRow>): Promise<TemplateRow | undefined> {
      const [row] = await db.update(wfmShiftTemplates).set(set).where(eq(wfmShiftTemplates.id, id)).returning();
      return row;
    },

    // ---- agents' rules ------------------------------------------------------------------------
    async agentRules(db: DbOrTx, userIds?: string[]): Promise<AgentRulesRow[]> {
      if (userIds && userIds.length === 0) return [];
      return db
        .select()
        .from(wfmAgentRules)
        .where(userIds ? inArray(wfmAgentRules.userId, userIds) : undefined);
    },
    async upsertAgentRules(db: DbOrTx, row: AgentRulesRow): Promise<void> {
      await db
        .insert(wfmAgentRules)
        .values(row)
        .onConflictDoUpdate({
          target: wfmAgentRules.userId,
          set: { rules: row.rules, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
        });
    },

    // ---- schedules ----------------------------------------------------------------------------
    async insertSchedule(db: DbOrTx, row: ScheduleRow, shifts: ShiftRow[]): Promise<void> {
      await db.insert(wfmSchedules).values(row);
      // Chunks keep each statement under PostgreSQL's 65,535 parameters.
      for (let i = 0; i < shifts.length; i += 2000) await db.insert(wfmShifts).values(shifts.slice(i, i + 2000));
    },
    async schedule(db: DbOrTx, id: string, forUpdate = false): Promise<ScheduleRow | undefined> {
      const q = db.select().from(wfmSchedules).where(eq(wfmSchedules.id, id));
      const [row] = forUpdate ? await q.for('update') : await q;
      return row;
    },
    /** Newest first, without the discarded ones. */
    async schedules(db: DbOrTx, limit: number): Promise<(ScheduleRow & { shiftCount: number; agentCount: number })[]> {
      const rows = await db
        .select()
        .from(wfmSchedules)
        .where(ne(wfmSchedules.state, 'discarded'))
        .orderBy(desc(wfmSchedules.createdAt))
        .limit(limit);
      const counts = await this.shiftCounts(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) => ({ ...r, ...(counts.get(r.id) ?? { shiftCount: 0, agentCount: 0 }) }));
    },
    async shiftCounts(db: DbOrTx, ids: string[]): Promise<Map<string, { shiftCount: number; agentCount: number }>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .select({
          id: wfmShifts.scheduleId,
          shiftCount: sql<number>`count(*)::int`,
          agentCount: sql<number>`count(distinct ${wfmShifts.agentId})::int`,
        })
        .from(wfmShifts)
        .where(inArray(wfmShifts.scheduleId, ids))
        .groupBy(wfmShifts.scheduleId);
      return new Map(rows.map((r) => [r.id, { shiftCount: r.shiftCount, agentCount: r.agentCount }]));
    },
    async setSchedule(db: DbOrTx, id: string, set: Partial<ScheduleRow>): Promise<void> {
      await db.update(wfmSchedules).set(set).where(eq(wfmSchedules.id, id));
    },

    // ---- shifts -------------------------------------------------------------------------------
    async shiftsOf(db: DbOrTx, scheduleId: string): Promise<ShiftRow[]> {
      return db
        .select()
        .from(wfmShifts)
        .where(eq(wfmShifts.scheduleId, scheduleId))
        .orderBy(wfmShifts.agentId, wfmShifts.startAt);
    },
    async shift(db: DbOrTx, id: string, forUpdate = false): Promise<ShiftRow | undefined> {
      const q = db.select().from(wfmShifts).where(eq(wfmShifts.id, id));
      const [row] = forUpdate ? await q.for('update') : await q;
      return row;
    },
    async shiftsByIds(db: DbOrTx, ids: string[]): Promise<ShiftRow[]> {
      if (ids.length === 0) return [];
      return db.select().from(wfmShifts).where(inArray(wfmShifts.id, ids));
    },
    /**
     * Published shifts (of published schedules) starting in [from, to), optionally of some agents;
     * `activeOnly` leaves out those on leave or replaced.
     */
    async publishedShifts(
      db: DbOrTx,
      q: { from: Date; to: Date; agentIds?: string[]; activeOnly?: boolean },
    ): Promise<ShiftRow[]> {
      if (q.agentIds && q.agentIds.length === 0) return [];
      const rows = await db
        .select({ shift: wfmShifts })
        .from(wfmShifts)
        .innerJoin(wfmSchedules, eq(wfmSchedules.id, wfmShifts.scheduleId))
        .where(
          and(
            eq(wfmSchedules.state, 'published'),
            gte(wfmShifts.startAt, q.from),
            lt(wfmShifts.startAt, q.to),
            q.agentIds ? inArray(wfmShifts.agentId, q.agentIds) : undefined,
            q.activeOnly ? eq(wfmShifts.state, 'active') : ne(wfmShifts.state, 'replaced'),
          ),
        )
        .orderBy(wfmShifts.startAt);
      return rows.map((r) => r.shift);
    },
    /** Publishing: active shifts of other published schedules on these dates are replaced. */
    async replaceShiftsOn(db: DbOrTx, exceptScheduleId: string, dates: string[]): Promise<number> {
      const r = await db.execute(sql`
        update wfm_shifts s set state = 'replaced'
          from wfm_schedules p
         where p.id = s.schedule_id and p.state = 'published' and s.schedule_id <> ${exceptScheduleId}
           and s.state <> 'replaced' and s.date = any(${sql.param(dates)}::text[])`);
      return r.rowCount ?? 0;
    },
    async setShift(db: DbOrTx, id: string, set: Partial<ShiftRow>): Promise<void> {
      await db.update(wfmShifts).set(set).where(eq(wfmShifts.id, id));
    },

    // ---- requests -----------------------------------------------------------------------------
    async insertRequest(db: DbOrTx, row: RequestRow): Promise<void> {
      await db.insert(wfmShiftRequests).values(row);
    },
    async request(db: DbOrTx, id: string, forUpdate = false): Promise<RequestRow | undefined> {
      const q = db.select().from(wfmShiftRequests).where(eq(wfmShiftRequests.id, id));
      const [row] = forUpdate ? await q.for('update') : await q;
      return row;
    },
    async setRequest(db: DbOrTx, id: string, set: Partial<RequestRow>): Promise<void> {
      await db.update(wfmShiftRequests).set(set).where(eq(wfmShiftRequests.id, id));
    },
    /** Requests of (or waiting for) these users, or of everyone; newest first. */
    async requests(db: DbOrTx, q: { userIds?: string[]; state?: string; limit: number }): Promise<RequestRow[]> {
      if (q.userIds && q.userIds.length === 0) return [];
      return db
        .select()
        .from(wfmShiftRequests)
        .where(
          and(
            q.userIds
              ? or(inArray(wfmShiftRequests.requesterId, q.userIds), inArray(wfmShiftRequests.peerId, q.userIds))
              : undefined,
            q.state ? eq(wfmShiftRequests.state, q.state) : undefined,
          ),
        )
        .orderBy(desc(wfmShiftRequests.createdAt))
        .limit(q.limit);
    },
    /** Open requests on a shift (one at a time per shift). */
    async openRequestsOn(db: DbOrTx, shiftIds: string[]): Promise<RequestRow[]> {
      return db
        .select()
        .from(wfmShiftRequests)
        .where(
          and(
            inArray(wfmShiftRequests.state, ['pending_peer', 'pending']),
            or(inArray(wfmShiftRequests.shiftId, shiftIds), inArray(wfmShiftRequests.peerShiftId, shiftIds)),
          ),
        );
    },
  };
}
export type SchedulesRepo = ReturnType<typeof createSchedulesRepo>;
