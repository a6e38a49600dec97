import { and, count, desc, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { knowledgeAnnouncementReaders, knowledgeAnnouncements, knowledgeHandoverNotes } from './knowledge.schema';

export type AnnouncementRow = typeof knowledgeAnnouncements.$inferSelect;
export type ReaderRow = typeof knowledgeAnnouncementReaders.$inferSelect;
export type HandoverRow = typeof knowledgeHandoverNotes.$inferSelect;
export type Tally = { readers: number; read: number; confirmed: number };

/** The only reader and writer of the announcement and handover tables. */
export function createAnnouncementsRepo() {
  return {
    async insert(db: DbOrTx, row: AnnouncementRow, readers: Pick<ReaderRow, 'userId' | 'teamId'>[]) {
      await db.insert(knowledgeAnnouncements).values(row);
      // In chunks: a center-wide notice names a thousand readers.
      for (let i = 0; i < readers.length; i += 500) {
        await db
          .insert(knowledgeAnnouncementReaders)
          .values(readers.slice(i, i + 500).map((r) => ({ announcementId: row.id, ...r })));
      }
    },
    async find(db: DbOrTx, id: string): Promise<AnnouncementRow | undefined> {
      const [r] = await db.select().from(knowledgeAnnouncements).where(eq(knowledgeAnnouncements.id, id));
      return r;
    },
    async list(db: DbOrTx, q: { senderId?: string; offset: number; limit: number }) {
      const where = q.senderId ? eq(knowledgeAnnouncements.senderId, q.senderId) : undefined;
      const rows = await db
        .select()
        .from(knowledgeAnnouncements)
        .where(where)
        .orderBy(desc(knowledgeAnnouncements.publishedAt))
        .offset(q.offset)
        .limit(q.limit);
      const [total] = await db.select({ n: count() }).from(knowledgeAnnouncements).where(where);
      return { rows, total: total?.n ?? 0 };
    },
    async tallies(db: DbOrTx, ids: string[]): Promise<Map<string, Tally>> {
      if (ids.length === 0) return new Map();
      const r = knowledgeAnnouncementReaders;
      const rows = await db
        .select({
          id: r.announcementId,
          readers: count(),
          read: sql<number>`count(${r.readAt})`.mapWith(Number),
          confirmed: sql<number>`count(${r.confirmedAt})`.mapWith(Number),
        })
        .from(r)
        .where(inArray(r.announcementId, ids))
        .groupBy(r.announcementId);
      return new Map(rows.map((x) => [x.id, { readers: x.readers, read: x.read, confirmed: x.confirmed }]));
    },
    /** The user's announcements not expired at `now`, newest first (pending: not yet confirmed, where asked). */
    async mine(db: DbOrTx, userId: string, now: Date, pending: boolean) {
      const a = knowledgeAnnouncements;
      const r = knowledgeAnnouncementReaders;
      return db
        .select({ a, r })
        .from(r)
        .innerJoin(a, eq(a.id, r.announcementId))
        .where(
          and(
            eq(r.userId, userId),
            or(isNull(a.expiresAt), gt(a.expiresAt, now)),
            pending ? and(eq(a.requireConfirmation, true), isNull(r.confirmedAt)) : undefined,
          ),
        )
        .orderBy(desc(a.publishedAt))
        .limit(100);
    },
    async reader(db: DbOrTx, id: string, userId: string): Promise<ReaderRow | undefined> {
      const r = knowledgeAnnouncementReaders;
      const [row] = await db
        .select()
        .from(r)
        .where(and(eq(r.announcementId, id), eq(r.userId, userId)))
        .for('update');
      return row;
    },
    async updateReader(db: DbOrTx, id: string, userId: string, patch: Partial<ReaderRow>) {
      const r = knowledgeAnnouncementReaders;
      await db
        .update(r)
        .set(patch)
        .where(and(eq(r.announcementId, id), eq(r.userId, userId)));
    },
    async markRead(db: DbOrTx, id: string, userId: string, at: Date) {
      const r = knowledgeAnnouncementReaders;
      await db
        .update(r)
        .set({ readAt: at })
        .where(and(eq(r.announcementId, id), eq(r.userId, userId), isNull(r.readAt)));
    },
    async readers(db: DbOrTx, id: string): Promise<ReaderRow[]> {
      return db.select().from(knowledgeAnnouncementReaders).where(eq(knowledgeAnnouncementReaders.announcementId, id));
    },
    async confirmedCount(db: DbOrTx, id: string): Promise<number> {
      const r = knowledgeAnnouncementReaders;
      const [x] = await db
        .select({ n: count() })
        .from(r)
        .where(and(eq(r.announcementId, id), isNotNull(r.confirmedAt)));
      return x?.n ?? 0;
    },

    async insertHandover(db: DbOrTx, row: HandoverRow) {
      await db.insert(knowledgeHandoverNotes).values(row);
    },
    async handovers(db: DbOrTx, teamId: string, limit: number): Promise<HandoverRow[]> {
      return db
        .select()
        .from(knowledgeHandoverNotes)
        .where(eq(knowledgeHandoverNotes.teamId, teamId))
        .orderBy(desc(knowledgeHandoverNotes.createdAt))
        .limit(limit);
    },
  };
}
export type AnnouncementsRepo = ReturnType<typeof createAnnouncementsRepo>;
