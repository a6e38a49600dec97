import { and, asc, count, desc, eq, gt, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import {
  surveyAnswers,
  surveyCallLinks,
  surveyInvitations,
  surveyQueueTemplates,
  surveyTemplates,
} from './surveys.schema';

export type TemplateRow = typeof surveyTemplates.$inferSelect;
export type AnswerRow = typeof surveyAnswers.$inferSelect;
export type InvitationRow = typeof surveyInvitations.$inferSelect;
export type CallLinkRow = typeof surveyCallLinks.$inferSelect;

export type AnswerFilter = {
  from?: Date;
  to?: Date;
  queueId?: string;
  agentId?: string;
  channel?: string;
  lowOnly?: boolean;
};

/** The only reader and writer of the surveys' tables. */
export function createSurveysRepo() {
  return {
    // Templates and the queue → template map.
    async insertTemplate(db: DbOrTx, row: typeof surveyTemplates.$inferInsert): Promise<TemplateRow> {
      const [r] = await db.insert(surveyTemplates).values(row).returning();
      return r!;
    },
    /** The default template written unless one exists (two nodes starting at once write one). */
    async insertDefaultIfMissing(db: DbOrTx, row: typeof surveyTemplates.$inferInsert): Promise<void> {
      await db.insert(surveyTemplates).values(row).onConflictDoNothing();
    },
    async updateTemplate(
      db: DbOrTx,
      id: string,
      patch: Partial<typeof surveyTemplates.$inferInsert>,
    ): Promise<TemplateRow | undefined> {
      const [r] = await db.update(surveyTemplates).set(patch).where(eq(surveyTemplates.id, id)).returning();
      return r;
    },
    async clearDefault(db: DbOrTx): Promise<void> {
      await db.update(surveyTemplates).set({ isDefault: false }).where(eq(surveyTemplates.isDefault, true));
    },
    async findTemplate(db: DbOrTx, id: string): Promise<TemplateRow | undefined> {
      const [r] = await db.select().from(surveyTemplates).where(eq(surveyTemplates.id, id));
      return r;
    },
    async defaultTemplate(db: DbOrTx): Promise<TemplateRow | undefined> {
      const [r] = await db.select().from(surveyTemplates).where(eq(surveyTemplates.isDefault, true));
      return r;
    },
    async listTemplates(db: DbOrTx): Promise<TemplateRow[]> {
      return db.select().from(surveyTemplates).orderBy(desc(surveyTemplates.isDefault), asc(surveyTemplates.name));
    },
    async queueTemplates(db: DbOrTx): Promise<Array<{ queueId: string; templateId: string }>> {
      return db
        .select({ queueId: surveyQueueTemplates.queueId, templateId: surveyQueueTemplates.templateId })
        .from(surveyQueueTemplates);
    },
    async templateIdOfQueue(db: DbOrTx, queueId: string): Promise<string | undefined> {
      const [r] = await db
        .select({ templateId: surveyQueueTemplates.templateId })
        .from(surveyQueueTemplates)
        .where(eq(surveyQueueTemplates.queueId, queueId));
      return r?.templateId;
    },
    async setQueueTemplate(db: DbOrTx, queueId: string, templateId: string | null, at: Date): Promise<void> {
      if (templateId === null) {
        await db.delete(surveyQueueTemplates).where(eq(surveyQueueTemplates.queueId, queueId));
        return;
      }
      await db
        .insert(surveyQueueTemplates)
        .values({ queueId, templateId, updatedAt: at })
        .onConflictDoUpdate({ target: surveyQueueTemplates.queueId, set: { templateId, updatedAt: at } });
    },

    // Answers.
    /** The row written, or undefined when the call or invitation has its answer already (redelivery). */
    async insertAnswer(db: DbOrTx, row: typeof surveyAnswers.$inferInsert): Promise<AnswerRow | undefined> {
      const [r] = await db.insert(surveyAnswers).values(row).onConflictDoNothing().returning();
      return r;
    },
    async findAnswer(db: DbOrTx, id: string): Promise<AnswerRow | undefined> {
      const [r] = await db.select().from(surveyAnswers).where(eq(surveyAnswers.id, id));
      return r;
    },
    /** Claims the answer's follow-up once: false when another delivery did it already. */
    async setFollowUpTicket(db: DbOrTx, id: string, ticketId: string): Promise<boolean> {
      const rows = await db
        .update(surveyAnswers)
        .set({ followUpTicketId: ticketId })
        .where(and(eq(surveyAnswers.id, id), isNull(surveyAnswers.followUpTicketId)))
        .returning({ id: surveyAnswers.id });
      return rows.length > 0;
    },
    async listAnswers(
      db: DbOrTx,
      f: AnswerFilter,
      page: { offset: number; limit: number },
    ): Promise<{ items: AnswerRow[]; total: number }> {
      const c: SQL[] = [];
      if (f.from) c.push(gte(surveyAnswers.answeredAt, f.from));
      if (f.to) c.push(lt(surveyAnswers.answeredAt, f.to));
      if (f.queueId) c.push(eq(surveyAnswers.queueId, f.queueId));
      if (f.agentId) c.push(eq(surveyAnswers.agentId, f.agentId));
      if (f.channel) c.push(eq(surveyAnswers.channel, f.channel));
      if (f.lowOnly) c.push(eq(surveyAnswers.low, true));
      const where = c.length ? and(...c) : undefined;
      const [items, [total]] = await Promise.all([
        db
          .select()
          .from(surveyAnswers)
          .where(where)
          .orderBy(desc(surveyAnswers.answeredAt), desc(surveyAnswers.id))
          .offset(page.offset)
          .limit(page.limit),
        db.select({ n: count() }).from(surveyAnswers).where(where),
      ]);
      return { items, total: total?.n ?? 0 };
    },
    /** Every answer in id order after `afterId` (a full rebuild pages through them). */
    async answersAfter(db: DbOrTx, afterId: string | null, limit: number): Promise<AnswerRow[]> {
      return db
        .select()
        .from(surveyAnswers)
        .where(afterId ? gt(surveyAnswers.id, afterId) : undefined)
        .orderBy(asc(surveyAnswers.id))
        .limit(limit);
    },

    // Link invitations.
    /** Undefined when the contact has its invitation of that source already (the partial unique indexes). */
    async insertInvitation(db: DbOrTx, row: typeof surveyInvitations.$inferInsert): Promise<InvitationRow | undefined> {
      const [r] = await db.insert(surveyInvitations).values(row).onConflictDoNothing().returning();
      return r;
    },
    async setInvitationSent(db: DbOrTx, id: string, sent: boolean): Promise<void> {
      await db.update(surveyInvitations).set({ sent }).where(eq(surveyInvitations.id, id));
    },
    async invitationByHash(db: DbOrTx, tokenHash: string): Promise<InvitationRow | undefined> {
      const [r] = await db.select().from(surveyInvitations).where(eq(surveyInvitations.tokenHash, tokenHash));
      return r;
    },
    /**
     * Marks the invitation used if it is still unused and unexpired at `now`: one statement, so two
     * answers sent at once cannot both pass. False: used or expired meanwhile.
     */
    async claimInvitation(db: DbOrTx, id: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(surveyInvitations)
        .set({ usedAt: now })
        .where(
          and(eq(surveyInvitations.id, id), isNull(surveyInvitations.usedAt), gt(surveyInvitations.expiresAt, now)),
        )
        .returning({ id: surveyInvitations.id });
      return rows.length > 0;
    },

    // The IVR survey's halves (merged atomically by upserts: either may come first).
    async mergeFlowHalf(
      db: DbOrTx,
      callId: string,
      csat: number | null,
      scoredAt: Date | null,
      now: Date,
    ): Promise<CallLinkRow> {
      const [r] = await db
        .insert(surveyCallLinks)
        .values({ callId, flowSeen: true, csat, scoredAt, endedSeen: false, createdAt: now })
        .onConflictDoUpdate({
          target: surveyCallLinks.callId,
          set: { flowSeen: true, csat: sql`excluded.csat`, scoredAt: sql`excluded.scored_at` },
        })
        .returning();
      return r!;
    },
    async mergeEndedHalf(
      db: DbOrTx,
      callId: string,
      ended: { contactId: string | null; agentId: string | null; queueId: string | null; endedAt: Date },
      now: Date,
    ): Promise<CallLinkRow> {
      const [r] = await db
        .insert(surveyCallLinks)
        .values({ callId, flowSeen: false, endedSeen: true, ...ended, createdAt: now })
        .onConflictDoUpdate({
          target: surveyCallLinks.callId,
          set: {
            endedSeen: true,
            contactId: sql`excluded.contact_id`,
            agentId: sql`excluded.agent_id`,
            queueId: sql`excluded.queue_id`,
            endedAt: sql`excluded.ended_at`,
          },
        })
        .returning();
      return r!;
    },
    /** Removes the call's row and returns it (one statement: two deliveries cannot both take it). */
    async takeCallLink(db: DbOrTx, callId: string): Promise<CallLinkRow | undefined> {
      const [r] = await db.delete(surveyCallLinks).where(eq(surveyCallLinks.callId, callId)).returning();
      return r;
    },
    /** Halves whose other half never came (a call whose flow broke off before its record ended). */
    async pruneCallLinks(db: DbOrTx, before: Date): Promise<number> {
      const rows = await db
        .delete(surveyCallLinks)
        .where(lt(surveyCallLinks.createdAt, before))
        .returning({ id: surveyCallLinks.callId });
      return rows.length;
    },
  };
}
export type SurveysRepo = ReturnType<typeof createSurveysRepo>;
