import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { telephonyNumbers, telephonyTrunks } from './telephony.schema';

export type NumberRow = typeof telephonyNumbers.$inferSelect;
export type TrunkRow = typeof telephonyTrunks.$inferSelect;

/** Called numbers (DIDs) and trunks. */
export function createNumbersRepo() {
  return {
    async insertNumber(db: DbOrTx, row: typeof telephonyNumbers.$inferInsert): Promise<NumberRow> {
      const [r] = await db.insert(telephonyNumbers).values(row).returning();
      return r!;
    },
    async updateNumber(db: DbOrTx, id: string, patch: Partial<NumberRow>): Promise<NumberRow | undefined> {
      const [r] = await db.update(telephonyNumbers).set(patch).where(eq(telephonyNumbers.id, id)).returning();
      return r;
    },
    async deleteNumber(db: DbOrTx, id: string): Promise<NumberRow | undefined> {
      const [r] = await db.delete(telephonyNumbers).where(eq(telephonyNumbers.id, id)).returning();
      return r;
    },
    async numbers(db: DbOrTx): Promise<NumberRow[]> {
      return db.select().from(telephonyNumbers).orderBy(asc(telephonyNumbers.number));
    },
    async insertTrunk(db: DbOrTx, row: typeof telephonyTrunks.$inferInsert): Promise<TrunkRow> {
      const [r] = await db.insert(telephonyTrunks).values(row).returning();
      return r!;
    },
    async updateTrunk(db: DbOrTx, id: string, patch: Partial<TrunkRow>): Promise<TrunkRow | undefined> {
      const [r] = await db.update(telephonyTrunks).set(patch).where(eq(telephonyTrunks.id, id)).returning();
      return r;
    },
    async trunks(db: DbOrTx): Promise<TrunkRow[]> {
      return db.select().from(telephonyTrunks).orderBy(asc(telephonyTrunks.name));
    },
  };
}
export type NumbersRepo = ReturnType<typeof createNumbersRepo>;
