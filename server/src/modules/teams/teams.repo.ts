import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { teams } from './teams.schema';

export type TeamRow = typeof teams.$inferSelect;

export function createTeamsRepo() {
  return {
    async insert(db: DbOrTx, row: typeof teams.$inferInsert): Promise<TeamRow> {
      const [r] = await db.insert(teams).values(row).returning();
      return r!;
    },
    async update(db: DbOrTx, id: string, patch: Partial<typeof teams.$inferInsert>): Promise<TeamRow | undefined> {
      const [r] = await db.update(teams).set(patch).where(eq(teams.id, id)).returning();
      return r;
    },
    async find(db: DbOrTx, id: string): Promise<TeamRow | undefined> {
      const [r] = await db.select().from(teams).where(eq(teams.id, id));
      return r;
    },
    async findByName(db: DbOrTx, name: string): Promise<TeamRow | undefined> {
      const [r] = await db.select().from(teams).where(sql`lower(${teams.name}) = lower(${name})`);
      return r;
    },
    async list(db: DbOrTx): Promise<TeamRow[]> {
      return db.select().from(teams).orderBy(asc(teams.name));
    },
  };
}
export type TeamsRepo = ReturnType<typeof createTeamsRepo>;
