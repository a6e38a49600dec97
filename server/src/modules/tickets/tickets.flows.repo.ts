import { and, asc, desc, eq, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db';
import { complaintSteps, followUps, incidents, incidentTickets } from './tickets.flows.schema';
import { tickets } from './tickets.schema';

export type StepRow = typeof complaintSteps.$inferSelect;
export type FollowUpRow = typeof followUps.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;

/** The tables of the complaint flow, follow-up visits and major incidents. */
export function createFlowsRepo() {
  return {
    // --- complaint steps ----------------------------------------------------------------------------
    async insertSteps(db: DbOrTx, rows: Array<typeof complaintSteps.$inferInsert>): Promise<void> {
      if (rows.length) await db.insert(complaintSteps).values(rows).onConflictDoNothing();
    },
    async steps(db: DbOrTx, ticketId: string): Promise<StepRow[]> {
      return db
        .select()
        .from(complaintSteps)
        .where(eq(complaintSteps.ticketId, ticketId))
        .orderBy(asc(complaintSteps.position));
    },
    async updateStep(db: DbOrTx, ticketId: string, key: string, patch: Partial<typeof complaintSteps.$inferInsert>) {
      await db
        .update(complaintSteps)
        .set(patch)
        .where(and(eq(complaintSteps.ticketId, ticketId), eq(complaintSteps.key, key)));
    },
    /** Current steps past their deadline whose overdue escalation has not fired, locked (SKIP LOCKED). */
    async lockOverdueSteps(tx: Tx, now: Date, limit: number): Promise<StepRow[]> {
      return tx
        .select()
        .from(complaintSteps)
        .where(
          and(eq(complaintSteps.status, 'current'), isNull(complaintSteps.overdueAt), lte(complaintSteps.dueAt, now)),
        )
        .orderBy(asc(complaintSteps.dueAt))
        .limit(limit)
        .for('update', { skipLocked: true });
    },

    // --- follow-up visits ------------------------------------------------------------------------------
    async insertFollowUp(db: DbOrTx, row: typeof followUps.$inferInsert): Promise<FollowUpRow> {
      const [r] = await db.insert(followUps).values(row).returning();
      return r!;
    },
    async followUp(db: DbOrTx, id: string, lock = false): Promise<FollowUpRow | undefined> {
      const q = db.select().from(followUps).where(eq(followUps.id, id));
      const [r] = lock ? await q.for('update') : await q;
      return r;
    },
    /** Gives a click-to-call claim back (voice refused the call), unless a later claim replaced it. */
    async releaseDialClaim(db: DbOrTx, id: string, claimedAt: Date, previous: Date | null): Promise<void> {
      await db
        .update(followUps)
        .set({ dialedAt: previous })
        .where(and(eq(followUps.id, id), eq(followUps.dialedAt, claimedAt)));
    },
    async openFollowUps(db: DbOrTx, ticketId: string): Promise<FollowUpRow[]> {
      return db
        .select()
        .from(followUps)
        .where(and(eq(followUps.ticketId, ticketId), eq(followUps.status, 'open')));
    },
    async updateFollowUp(db: DbOrTx, id: string, patch: Partial<typeof followUps.$inferInsert>): Promise<FollowUpRow> {
      const [r] = await db.update(followUps).set(patch).where(eq(followUps.id, id)).returning();
      return r!;
    },
    async listFollowUps(
      db: DbOrTx,
      f: { ownerUserId?: string; status?: string[]; dueBefore?: Date; ticketId?: string },
      page: number,
      pageSize: number,
    ) {
      const c: SQL[] = [];
      if (f.ownerUserId) c.push(eq(followUps.ownerUserId, f.ownerUserId));
      if (f.status) c.push(inArray(followUps.status, f.status));
      if (f.dueBefore) c.push(lte(followUps.dueAt, f.dueBefore));
      if (f.ticketId) c.push(eq(followUps.ticketId, f.ticketId));
      const w = and(...c);
      const [items, [total]] = await Promise.all([
        db
          .select({ f: followUps, t: tickets })
          .from(followUps)
          .innerJoin(tickets, eq(tickets.id, followUps.ticketId))
          .where(w)
          .orderBy(asc(followUps.dueAt), asc(followUps.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ n: sql<number>`count(*)::int` }).from(followUps).where(w),
      ]);
      return { items, total: total?.n ?? 0 };
    },

    // --- major incidents -------------------------------------------------------------------------------
    async insertIncident(db: DbOrTx, row: typeof incidents.$inferInsert): Promise<IncidentRow> {
      const [r] = await db.insert(incidents).values(row).returning();
      return r!;
    },
    async incident(db: DbOrTx, id: string, lock = false): Promise<IncidentRow | undefined> {
      const q = db.select().from(incidents).where(eq(incidents.id, id));
      const [r] = lock ? await q.for('update') : await q;
      return r;
    },
    async updateIncident(db: DbOrTx, id: string, patch: Partial<typeof incidents.$inferInsert>): Promise<IncidentRow> {
      const [r] = await db.update(incidents).set(patch).where(eq(incidents.id, id)).returning();
      return r!;
    },
    async incidents(db: DbOrTx, f: { status?: string[]; serviceKey?: string }): Promise<IncidentRow[]> {
      const c: SQL[] = [];
      if (f.status) c.push(inArray(incidents.status, f.status));
      if (f.serviceKey) c.push(eq(incidents.serviceKey, f.serviceKey));
      return db
        .select()
        .from(incidents)
        .where(and(...c))
        .orderBy(asc(incidents.grade), desc(incidents.createdAt));
    },
    async link(db: DbOrTx, incidentId: string, ticketIds: string[], at: Date): Promise<string[]> {
      if (!ticketIds.length) return [];
      const r = await db
        .insert(incidentTickets)
        .values(ticketIds.map((ticketId) => ({ incidentId, ticketId, linkedAt: at })))
        .onConflictDoNothing()
        .returning({ ticketId: incidentTickets.ticketId });
      return r.map((x) => x.ticketId);
    },
    async unlink(db: DbOrTx, incidentId: string, ticketId: string): Promise<boolean> {
      const r = await db
        .delete(incidentTickets)
        .where(and(eq(incidentTickets.incidentId, incidentId), eq(incidentTickets.ticketId, ticketId)))
        .returning({ ticketId: incidentTickets.ticketId });
      return r.length > 0;
    },
    async linkedTicketIds(db: DbOrTx, incidentId: string): Promise<string[]> {
      const r = await db
        .select({ ticketId: incidentTickets.ticketId })
        .from(incidentTickets)
        .where(eq(incidentTickets.incidentId, incidentId))
        .orderBy(asc(incidentTickets.linkedAt), asc(incidentTickets.ticketId));
      return r.map((x) => x.ticketId);
    },
    async incidentIdsOf(db: DbOrTx, ticketId: string): Promise<string[]> {
      const r = await db
        .select({ incidentId: incidentTickets.incidentId })
        .from(incidentTickets)
        .where(eq(incidentTickets.ticketId, ticketId));
      return r.map((x) => x.incidentId);
    },
    async existingTicketIds(db: DbOrTx, ids: string[]): Promise<string[]> {
      if (!ids.length) return [];
      const r = await db.select({ id: tickets.id }).from(tickets).where(inArray(tickets.id, ids));
      return r.map((x) => x.id);
    },
  };
}
export type FlowsRepo = ReturnType<typeof createFlowsRepo>;
