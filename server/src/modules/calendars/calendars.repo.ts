import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { calendarDays, calendars } from './calendars.schema';

export type CalendarRow = typeof calendars.$inferSelect;
export type CalendarDayRow = typeof calendarDays.$inferSelect;

export function createCalendarsRepo() {
  return {
    async insert(db: DbOrTx, row: typeof calendars.$inferInsert): Promise<CalendarRow> {
      const [r] = await db.insert(calendars).values(row).returning();
      return r!;
    },
    async update(
      db: DbOrTx,
      id: string,
      patch: Partial<typeof calendars.$inferInsert>,
    ): Promise<CalendarRow | undefined> {
      const [r] = await db.update(calendars).set(patch).where(eq(calendars.id, id)).returning();
      return r;
    },
    async delete(db: DbOrTx, id: string): Promise<void> {
      await db.delete(calendars).where(eq(calendars.id, id));
    },
    /** Locks the row: changes to one calendar's days are serialised. */
    async find(db: DbOrTx, id: string, lock = false): Promise<CalendarRow | undefined> {
      const q = db.select().from(calendars).where(eq(calendars.id, id));
      const [r] = lock ? await q.for('update') : await q;
      return r;
    },
    async findByName(db: DbOrTx, name: string): Promise<CalendarRow | undefined> {
      const [r] = await db.select().from(calendars).where(sql`lower(${calendars.name}) = lower(${name})`);
      return r;
    },
    async list(db: DbOrTx): Promise<CalendarRow[]> {
      return db.select().from(calendars).orderBy(asc(calendars.name));
    },
    async days(db: DbOrTx, calendarId: string): Promise<CalendarDayRow[]> {
      return db
        .select()
        .from(calendarDays)
        .where(eq(calendarDays.calendarId, calendarId))
        .orderBy(asc(calendarDays.date));
    },
    async dayCounts(db: DbOrTx): Promise<Map<string, { holiday: number; workday: number }>> {
      const rows = await db
        .select({ calendarId: calendarDays.calendarId, kind: calendarDays.kind, n: sql<number>`count(*)::int` })
        .from(calendarDays)
        .groupBy(calendarDays.calendarId, calendarDays.kind);
      const out = new Map<string, { holiday: number; workday: number }>();
      for (const r of rows) {
        const c = out.get(r.calendarId) ?? { holiday: 0, workday: 0 };
        c[r.kind] = r.n;
        out.set(r.calendarId, c);
      }
      return out;
    },
    async replaceDays(db: DbOrTx, calendarId: string, days: Omit<CalendarDayRow, 'calendarId'>[]): Promise<void> {
      await db.delete(calendarDays).where(eq(calendarDays.calendarId, calendarId));
      if (days.length) await db.insert(calendarDays).values(days.map((d) => ({ ...d, calendarId })));
    },
    /** Inserts or overwrites the entries of these dates, keeping the others. */
    async upsertDays(db: DbOrTx, calendarId: string, days: Omit<CalendarDayRow, 'calendarId'>[]): Promise<void> {
      if (!days.length) return;
      await db
        .insert(calendarDays)
        .values(days.map((d) => ({ ...d, calendarId })))
        .onConflictDoUpdate({
          target: [calendarDays.calendarId, calendarDays.date],
          set: { kind: sql`excluded.kind`, name: sql`excluded.name`, hours: sql`excluded.hours` },
        });
    },
  };
}
export type CalendarsRepo = ReturnType<typeof createCalendarsRepo>;
