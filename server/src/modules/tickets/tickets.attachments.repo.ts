import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { ticketAttachments } from './tickets.schema';

export type AttachmentRow = typeof ticketAttachments.$inferSelect;
export type AttachmentInsert = typeof ticketAttachments.$inferInsert;

/** The only reader and writer of `tickets_attachments`. */
export function createAttachmentsRepo() {
  const live = (ticketId: string) => and(eq(ticketAttachments.ticketId, ticketId), isNull(ticketAttachments.deletedAt));
  return {
    async insert(db: DbOrTx, row: AttachmentInsert): Promise<AttachmentRow> {
      const [r] = await db.insert(ticketAttachments).values(row).returning();
      return r!;
    },
    /** The order's attachments that are not deleted, oldest first. */
    list: (db: DbOrTx, ticketId: string): Promise<AttachmentRow[]> =>
      db.select().from(ticketAttachments).where(live(ticketId)).orderBy(asc(ticketAttachments.createdAt)),
    async countLive(db: DbOrTx, ticketId: string): Promise<number> {
      const [r] = await db.select({ n: count() }).from(ticketAttachments).where(live(ticketId));
      return r?.n ?? 0;
    },
    /** One attachment of one order (deleted or not); undefined when it belongs to another order. */
    async find(db: DbOrTx, ticketId: string, id: string): Promise<AttachmentRow | undefined> {
      const [r] = await db
        .select()
        .from(ticketAttachments)
        .where(and(eq(ticketAttachments.id, id), eq(ticketAttachments.ticketId, ticketId)));
      return r;
    },
    async markDeleted(db: DbOrTx, id: string, at: Date, by: string): Promise<void> {
      await db.update(ticketAttachments).set({ deletedAt: at, deletedBy: by }).where(eq(ticketAttachments.id, id));
    },
  };
}
export type AttachmentsRepo = ReturnType<typeof createAttachmentsRepo>;
