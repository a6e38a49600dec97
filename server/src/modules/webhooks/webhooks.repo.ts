import { and, asc, count, desc, eq, inArray, lt, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { DeliveryQuery } from '../../../../contracts/webhooks';
import type { DbOrTx } from '../../platform/db';
import { webhookDeliveries, webhookSubscriptions } from './webhooks.schema';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
type DeliveryInsert = typeof webhookDeliveries.$inferInsert;

export function createWebhooksRepo() {
  return {
    async insertSubscription(db: DbOrTx, row: typeof webhookSubscriptions.$inferInsert): Promise<SubscriptionRow> {
      const [r] = await db.insert(webhookSubscriptions).values(row).returning();
      return r!;
    },
    async updateSubscription(
      db: DbOrTx,
      id: string,
      patch: Partial<typeof webhookSubscriptions.$inferInsert>,
    ): Promise<SubscriptionRow | undefined> {
      const [r] = await db.update(webhookSubscriptions).set(patch).where(eq(webhookSubscriptions.id, id)).returning();
      return r;
    },
    async deleteSubscription(db: DbOrTx, id: string): Promise<boolean> {
      const rows = await db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).returning();
      return rows.length > 0;
    },
    async findSubscription(db: DbOrTx, id: string): Promise<SubscriptionRow | undefined> {
      const [r] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
      return r;
    },
    async listSubscriptions(db: DbOrTx): Promise<SubscriptionRow[]> {
      return db.select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.createdAt));
    },
    async activeSubscriptions(db: DbOrTx): Promise<SubscriptionRow[]> {
      return db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.active, true));
    },

    /** New deliveries; one already made for the same subscription and outbox event is kept as it is. */
    async insertDeliveries(db: DbOrTx, rows: DeliveryInsert[]): Promise<DeliveryRow[]> {
      if (rows.length === 0) return [];
      return db
        .insert(webhookDeliveries)
        .values(rows)
        .onConflictDoNothing({ target: [webhookDeliveries.subscriptionId, webhookDeliveries.outboxId] })
        .returning();
    },
    async findDelivery(db: DbOrTx, id: string): Promise<DeliveryRow | undefined> {
      const [r] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
      return r;
    },

    /**
     * Claims due deliveries for one attempt each: SKIP LOCKED so several nodes share the work, and
     * the due time moved to `leaseUntil` so a node that dies mid-attempt leaves them due again then.
     */
    async claimDue(db: DbOrTx, now: Date, leaseUntil: Date, limit: number): Promise<DeliveryRow[]> {
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: leaseUntil, attempts: sql`${webhookDeliveries.attempts} + 1` })
        .where(inArray(webhookDeliveries.id, due))
        .returning();
    },
    async recordAttempt(db: DbOrTx, id: string, patch: Partial<DeliveryInsert>): Promise<DeliveryRow | undefined> {
      const [r] = await db.update(webhookDeliveries).set(patch).where(eq(webhookDeliveries.id, id)).returning();
      return r;
    },

    /** Finished deliveries created before `before` (the log's retention); pending ones stay. */
    async pruneFinished(db: DbOrTx, before: Date): Promise<number> {
      const rows = await db
        .delete(webhookDeliveries)
        .where(and(ne(webhookDeliveries.status, 'pending'), lt(webhookDeliveries.createdAt, before)))
        .returning({ id: webhookDeliveries.id });
      return rows.length;
    },

    async listDeliveries(db: DbOrTx, q: DeliveryQuery): Promise<{ rows: DeliveryRow[]; total: number }> {
      const where: SQL[] = [];
      if (q.webhookId) where.push(eq(webhookDeliveries.subscriptionId, q.webhookId));
      if (q.status) where.push(eq(webhookDeliveries.status, q.status));
      if (q.event) where.push(sql`${webhookDeliveries.event} like ${`${q.event.replace(/[\\%_]/g, '\\$&')}%`}`);
      const cond = where.length ? and(...where) : undefined;
      const [rows, totals] = await Promise.all([
        db
          .select()
          .from(webhookDeliveries)
          .where(cond)
          .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(webhookDeliveries).where(cond),
      ]);
      return { rows, total: totals[0]?.n ?? 0 };
    },
  };
}
export type WebhooksRepo = ReturnType<typeof createWebhooksRepo>;
