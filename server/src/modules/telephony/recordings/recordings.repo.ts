import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db';
import { telephonyRecordings } from '../telephony.schema';

export type RecordingRow = typeof telephonyRecordings.$inferSelect;

export function createRecordingsRepo() {
  return {
    async insert(db: DbOrTx, row: typeof telephonyRecordings.$inferInsert): Promise<RecordingRow> {
      const [r] = await db.insert(telephonyRecordings).values(row).returning();
      return r!;
    },
    async find(db: DbOrTx, id: string): Promise<RecordingRow | undefined> {
      const [r] = await db.select().from(telephonyRecordings).where(eq(telephonyRecordings.id, id));
      return r;
    },
    /** Recordings past their retention whose file is still there, oldest first. */
    async expired(db: DbOrTx, now: Date, limit: number): Promise<RecordingRow[]> {
      return db
        .select()
        .from(telephonyRecordings)
        .where(and(lte(telephonyRecordings.expiresAt, now), isNull(telephonyRecordings.deletedAt)))
        .orderBy(telephonyRecordings.expiresAt)
        .limit(limit);
    },
    async markDeleted(db: DbOrTx, ids: string[], at: Date): Promise<void> {
      if (ids.length === 0) return;
      await db
        .update(telephonyRecordings)
        .set({ deletedAt: at })
        .where(and(inArray(telephonyRecordings.id, ids), isNull(telephonyRecordings.deletedAt)));
    },
  };
}
export type RecordingsRepo = ReturnType<typeof createRecordingsRepo>;
