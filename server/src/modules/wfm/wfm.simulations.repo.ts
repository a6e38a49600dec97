import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { wfmSimulations } from './wfm.schema';

export type SimulationRow = typeof wfmSimulations.$inferSelect;

/** The only reader and writer of the simulation runs' table. */
export function createSimulationsRepo() {
  return {
    async insert(db: DbOrTx, row: SimulationRow): Promise<void> {
      await db.insert(wfmSimulations).values(row);
    },
    async find(db: DbOrTx, id: string): Promise<SimulationRow | undefined> {
      const [row] = await db.select().from(wfmSimulations).where(eq(wfmSimulations.id, id));
      return row;
    },
    /** Newest first. */
    async list(db: DbOrTx, limit: number): Promise<SimulationRow[]> {
      return db.select().from(wfmSimulations).orderBy(desc(wfmSimulations.createdAt)).limit(limit);
    },
  };
}
export type SimulationsRepo = ReturnType<typeof createSimulationsRepo>;
