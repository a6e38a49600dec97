import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db';
import { telephonyPrompts } from '../telephony.schema';

export type PromptRow = typeof telephonyPrompts.$inferSelect;

/** Uploaded prompts: one row per key and language, the file relative to the uploads folder. */
export function createPromptsRepo() {
  return {
    /** Inserts the row, or replaces file and duration of the existing one (keeping its id and createdAt). */
    async upsert(db: DbOrTx, row: typeof telephonyPrompts.$inferInsert): Promise<PromptRow> {
      const [r] = await db
        .insert(telephonyPrompts)
        .values(row)
        .onConflictDoUpdate({
          target: [telephonyPrompts.key, telephonyPrompts.language],
          set: { file: row.file, durationMs: row.durationMs, updatedAt: row.updatedAt },
        })
        .returning();
      return r!;
    },
    async delete(db: DbOrTx, language: string, key: string): Promise<PromptRow | undefined> {
      const [r] = await db
        .delete(telephonyPrompts)
        .where(and(eq(telephonyPrompts.language, language), eq(telephonyPrompts.key, key)))
        .returning();
      return r;
    },
    async list(db: DbOrTx): Promise<PromptRow[]> {
      return db.select().from(telephonyPrompts).orderBy(asc(telephonyPrompts.language), asc(telephonyPrompts.key));
    },
  };
}
export type PromptsRepo = ReturnType<typeof createPromptsRepo>;
