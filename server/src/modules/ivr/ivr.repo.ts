import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { ivrFlows, ivrFlowVersions } from './ivr.schema';

export type FlowRow = typeof ivrFlows.$inferSelect;
export type FlowVersionRow = typeof ivrFlowVersions.$inferSelect;

/** The only code touching ivr_flows and ivr_flow_versions. Versions are inserted, never updated. */
export function createIvrRepo() {
  return {
    async insert(db: DbOrTx, row: typeof ivrFlows.$inferInsert): Promise<FlowRow> {
      const [r] = await db.insert(ivrFlows).values(row).returning();
      return r!;
    },
    async update(
      db: DbOrTx,
      id: string,
      patch: Partial<Pick<FlowRow, 'name' | 'draft' | 'publishedVersion' | 'updatedAt'>>,
    ): Promise<FlowRow | undefined> {
      const [r] = await db.update(ivrFlows).set(patch).where(eq(ivrFlows.id, id)).returning();
      return r;
    },
    async find(db: DbOrTx, id: string): Promise<FlowRow | undefined> {
      const [r] = await db.select().from(ivrFlows).where(eq(ivrFlows.id, id));
      return r;
    },
    /** The row locked until the transaction ends: two publishes of one flow take turns. */
    async findForUpdate(db: DbOrTx, id: string): Promise<FlowRow | undefined> {
      const [r] = await db.select().from(ivrFlows).where(eq(ivrFlows.id, id)).for('update');
      return r;
    },
    async findByKey(db: DbOrTx, key: string): Promise<FlowRow | undefined> {
      const [r] = await db.select().from(ivrFlows).where(eq(ivrFlows.key, key));
      return r;
    },
    async list(db: DbOrTx): Promise<FlowRow[]> {
      return db.select().from(ivrFlows).orderBy(asc(ivrFlows.key));
    },
    /** Flows whose draft or any published version names the calendar in a business_hours node. */
    async usingCalendar(db: DbOrTx, calendarId: string): Promise<Array<{ id: string; name: string }>> {
      const path = sql`'$.nodes.* ? (@.calendarId == $id)'::jsonpath`;
      const vars = sql`jsonb_build_object('id', ${calendarId}::text)`;
      return db
        .select({ id: ivrFlows.id, name: ivrFlows.name })
        .from(ivrFlows)
        .where(
          sql`jsonb_path_exists(${ivrFlows.draft}, ${path}, ${vars}) or exists (select 1 from ${ivrFlowVersions} v
            where v.flow_id = ${ivrFlows.id} and jsonb_path_exists(v.definition, ${path}, ${vars}))`,
        )
        .orderBy(asc(ivrFlows.name));
    },
    async exists(db: DbOrTx, id: string): Promise<boolean> {
      const [r] = await db.select({ one: sql<number>`1` }).from(ivrFlows).where(eq(ivrFlows.id, id));
      return !!r;
    },
    async insertVersion(db: DbOrTx, row: FlowVersionRow): Promise<FlowVersionRow> {
      const [r] = await db.insert(ivrFlowVersions).values(row).returning();
      return r!;
    },
    async listVersions(db: DbOrTx, flowId: string): Promise<Omit<FlowVersionRow, 'definition'>[]> {
      return db
        .select({
          flowId: ivrFlowVersions.flowId,
          version: ivrFlowVersions.version,
          publishedAt: ivrFlowVersions.publishedAt,
          publishedBy: ivrFlowVersions.publishedBy,
        })
        .from(ivrFlowVersions)
        .where(eq(ivrFlowVersions.flowId, flowId))
        .orderBy(asc(ivrFlowVersions.version));
    },
    async findVersion(db: DbOrTx, flowId: string, version: number): Promise<FlowVersionRow | undefined> {
      const [r] = await db
        .select()
        .from(ivrFlowVersions)
        .where(and(eq(ivrFlowVersions.flowId, flowId), eq(ivrFlowVersions.version, version)));
      return r;
    },
  };
}
export type IvrRepo = ReturnType<typeof createIvrRepo>;
