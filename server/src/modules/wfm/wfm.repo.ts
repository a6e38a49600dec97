import { and, desc, eq, sql } from 'drizzle-orm';
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
      const r = await db.execute<{ id: string }>(sql`
        select distinct on (series_id) id, created_at from wfm_forecasts
         order by series_id, version desc`);
      const ids = r.rows.map((x) => x.id);
      if (ids.length === 0) return [];
      return db
        .select()
        .from(wfmForecasts)
        .where(sql`${wfmForecasts.id} = any(${sql.param(ids)}::uuid[])`)
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
