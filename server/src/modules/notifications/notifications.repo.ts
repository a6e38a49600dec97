import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { notificationsInbox } from './notifications.schema';

export type InboxRow = typeof notificationsInbox.$inferSelect;
export type InboxInsert = typeof notificationsInbox.$inferInsert;

/** The only reader and writer of the inbox table. */
export function createNotificationsRepo() {
  return {
    /** The rows written: a row already there for its (event, user) is skipped (redelivery). */
    async insert(db: DbOrTx, rows: InboxInsert[]): Promise<InboxRow[]> {
      if (!rows.length) return [];
      return db.insert(notificationsInbox).values(rows).onConflictDoNothing().returning();
    },
    async list(db: DbOrTx, userId: string, opts: { unread?: boolean; limit: number }): Promise<InboxRow[]> {
      const c = [eq(notificationsInbox.userId, userId)];
      if (opts.unread) c.push(isNull(notificationsInbox.readAt));
      return db
        .select()
        .from(notificationsInbox)
        .where(and(...c))
        .orderBy(desc(notificationsInbox.createdAt), desc(notificationsInbox.sourceEventId))
        .limit(opts.limit);
    },
    async unread(db: DbOrTx, userId: string): Promise<number> {
      const [r] = await db
        .select({ n: count() })
        .from(notificationsInbox)
        .where(and(eq(notificationsInbox.userId, userId), isNull(notificationsInbox.readAt)));
      return r?.n ?? 0;
    },
    /** Unread counts of many users in one query (a group of 200 is one count, not 200). */
    async unreadOf(db: DbOrTx, userIds: readonly string[]): Promise<Map<string, number>> {
      if (userIds.length === 0) return new Map();
      const rows = await db
        .select({ userId: notificationsInbox.userId, n: count() })
        .from(notificationsInbox)
        .where(and(inArray(notificationsInbox.userId, [...userIds]), isNull(notificationsInbox.readAt)))
        .groupBy(notificationsInbox.userId);
      return new Map(rows.map((r) => [r.userId, r.n]));
    },
    /** Marks the user's own unread rows (`ids`, or all) read; returns how many changed. */
    async markRead(db: DbOrTx, userId: string, ids: readonly string[] | 'all', at: Date): Promise<number> {
      const c = [eq(notificationsInbox.userId, userId), isNull(notificationsInbox.readAt)];
      if (ids !== 'all') c.push(inArray(notificationsInbox.id, [...ids]));
      const rows = await db
        .update(notificationsInbox)
        .set({ readAt: at })
        .where(and(...c))
        .returning({ id: notificationsInbox.id });
      return rows.length;
    },
  };
}
export type NotificationsRepo = ReturnType<typeof createNotificationsRepo>;
