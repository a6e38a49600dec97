import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db';
import { reportingSchedules } from './reporting.schedules.schema';

export type ScheduleRow = typeof reportingSchedules.$inferSelect;
export type ScheduleInsert = typeof reportingSchedules.$inferInsert;

/** The only file touching reporting_schedules. */
export function createSchedulesRepo() {
  return {
    async insert(db: DbOrTx, row: ScheduleInsert): Promise<ScheduleRow> {
      const [r] = await db.insert(reportingSchedules).values(row).returning();
      return r!;
    },
    async update(db: DbOrTx, id: string, patch: Partial<ScheduleInsert>): Promise<ScheduleRow | undefined> {
      const [r] = await db.update(reportingSchedules).set(patch).where(eq(reportingSchedules.id, id)).returning();
      return r;
    },
    async find(db: DbOrTx, id: string): Promise<ScheduleRow | undefined> {
      const [r] = await db.select().from(reportingSchedules).where(eq(reportingSchedules.id, id));
      return r;
    },
    /** Locks one schedule for an edit or a run now (a runner holding it makes the caller wait). */
    async lock(tx: Tx, id: string): Promise<ScheduleRow | undefined> {
      const [r] = await tx.select().from(reportingSchedules).where(eq(reportingSchedules.id, id)).for('update');
      return r;
    },
    /** Every schedule, or those one user created. */
    async list(db: DbOrTx, createdBy?: string): Promise<ScheduleRow[]> {
      return db
        .select()
        .from(reportingSchedules)
        .where(createdBy ? eq(reportingSchedules.createdBy, createdBy) : undefined)
        .orderBy(asc(reportingSchedules.name), asc(reportingSchedules.id));
    },
    async delete(db: DbOrTx, id: string): Promise<boolean> {
      const r = await db
        .delete(reportingSchedules)
        .where(eq(reportingSchedules.id, id))
        .returning({ id: reportingSchedules.id });
      return r.length > 0;
    },
    /**
     * Due schedules, locked (SKIP LOCKED: another node's claim is left to it) and leased: their next
     * run moves to `leaseUntil` so a node that dies mid-run is retried there. Answers the rows as
     * they were (their `nextRunAt` is the run they serve).
     */
    async claimDue(tx: Tx, now: Date, limit: number, leaseUntil: Date): Promise<ScheduleRow[]> {
      const rows = await tx
        .select()
        .from(reportingSchedules)
        .where(and(eq(reportingSchedules.enabled, true), sql`${reportingSchedules.nextRunAt} <= ${now}`))
        .orderBy(asc(reportingSchedules.nextRunAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return [];
      await tx
        .update(reportingSchedules)
        .set({ nextRunAt: leaseUntil, lastStatus: 'running' })
        .where(
          inArray(
            reportingSchedules.id,
            rows.map((r) => r.id),
          ),
        );
      return rows;
    },
  };
}
export type SchedulesRepo = ReturnType<typeof createSchedulesRepo>;
