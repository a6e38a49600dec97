import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { wfmForecasts } from './wfm.schema';

export type ForecastRow = typeof wfmForecasts.$inferSelect;

/** The only reader and writer of the wfm tables. */
export function createWfmRepo() {
  return {
    async insertForecast(db: DbOrTx, row: ForecastRow): Promise<void> {
      await db.insert(wfmForecasts).values(row);
    },
    async findForecast(db: DbOrTx, id: string): Promise<ForecastRow | undefined> {
      const [row] = await db.select().from(wfmForecasts).where(eq(wfmForecasts.id, id));
      return row;
    },
    /** The newest version of each series, newest series first. */
    async latestForecasts(db: DbOrTx, limit: number): Promise<ForecastRow[]> {
      // One statement: the rows whose id is its series' newest (distinct on), newest first.
      const newest = db
        .selectDistinctOn([wfmForecasts.seriesId], { id: wfmForecasts.id })
        .from(wfmForecasts)
        .orderBy(wfmForecasts.seriesId, desc(wfmForecasts.version));
      return db
        .select()
        .from(wfmForecasts)
        .where(inArray(wfmForecasts.id, newest))
        .orderBy(desc(wfmForecasts.createdAt))
        .limit(limit);
    },
    async versions(db: DbOrTx, seriesId: string): Promise<ForecastRow[]> {
      return db
        .select()
        .from(wfmForecasts)
        .where(eq(wfmForecasts.seriesId, seriesId))
        .orderBy(desc(wfmForecasts.version));
    },
    async lastVersion(db: DbOrTx, seriesId: string): Promise<number> {
      const [row] = await db
        .select({ v: sql<number>`max(${wfmForecasts.version})::int` })
        .from(wfmForecasts)
        .where(and(eq(wfmForecasts.seriesId, seriesId)));
      return row?.v ?? 0;
    },
  };
}
export type WfmRepo = ReturnType<typeof createWfmRepo>;
