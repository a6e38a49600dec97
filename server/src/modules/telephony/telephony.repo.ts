import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { telephonyPhones } from './telephony.schema';

export type PhoneRow = typeof telephonyPhones.$inferSelect;

export function createTelephonyRepo() {
  return {
    async insert(db: DbOrTx, row: typeof telephonyPhones.$inferInsert): Promise<PhoneRow> {
      const [r] = await db.insert(telephonyPhones).values(row).returning();
      return r!;
    },
    async update(
      db: DbOrTx,
      id: string,
      patch: Partial<typeof telephonyPhones.$inferInsert>,
    ): Promise<PhoneRow | undefined> {
      const [r] = await db.update(telephonyPhones).set(patch).where(eq(telephonyPhones.id, id)).returning();
      return r;
    },
    async find(db: DbOrTx, id: string): Promise<PhoneRow | undefined> {
      const [r] = await db.select().from(telephonyPhones).where(eq(telephonyPhones.id, id));
      return r;
    },
    async findByUsername(db: DbOrTx, username: string): Promise<PhoneRow | undefined> {
      const [r] = await db.select().from(telephonyPhones).where(eq(telephonyPhones.username, username));
      return r;
    },
    async listByAgent(db: DbOrTx, agentUserId: string): Promise<PhoneRow[]> {
      return db
        .select()
        .from(telephonyPhones)
        .where(eq(telephonyPhones.agentUserId, agentUserId))
        .orderBy(asc(telephonyPhones.username));
    },
    async list(db: DbOrTx): Promise<PhoneRow[]> {
      return db.select().from(telephonyPhones).orderBy(asc(telephonyPhones.username));
    },
  };
}
export type TelephonyRepo = ReturnType<typeof createTelephonyRepo>;
