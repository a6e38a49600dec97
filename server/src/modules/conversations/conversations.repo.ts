import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import {
  convAttachments,
  convCannedReplies,
  convChannels,
  convConversations,
  convInboundSeen,
  convMailState,
  convMessages,
  convSmsParts,
} from './conversations.schema';

export type ChannelRow = typeof convChannels.$inferSelect;
export type ConversationRow = typeof convConversations.$inferSelect;
export type ConversationInsert = typeof convConversations.$inferInsert;
export type MessageRow = typeof convMessages.$inferSelect;
export type MessageInsert = typeof convMessages.$inferInsert;
export type AttachmentRow = typeof convAttachments.$inferSelect;
export type CannedRow = typeof convCannedReplies.$inferSelect;

const OPEN = ne(convConversations.status, 'ended');

/** The only reader and writer of the conversations module's tables. */
export function createConversationsRepo() {
  return {
    // ---- channels -----------------------------------------------------------------------------
    listChannels: (db: DbOrTx): Promise<ChannelRow[]> =>
      db.select().from(convChannels).orderBy(asc(convChannels.createdAt)),
    async findChannel(db: DbOrTx, id: string): Promise<ChannelRow | undefined> {
      const [r] = await db.select().from(convChannels).where(eq(convChannels.id, id));
      return r;
    },
    async findChannelByKey(db: DbOrTx, publicKey: string): Promise<ChannelRow | undefined> {
      const [r] = await db.select().from(convChannels).where(eq(convChannels.publicKey, publicKey));
      return r;
    },
    async insertChannel(db: DbOrTx, row: typeof convChannels.$inferInsert): Promise<ChannelRow> {
      const [r] = await db.insert(convChannels).values(row).returning();
      return r!;
    },
    async updateChannel(db: DbOrTx, id: string, set: Partial<ChannelRow>): Promise<ChannelRow | undefined> {
      const [r] = await db.update(convChannels).set(set).where(eq(convChannels.id, id)).returning();
      return r;
    },

    // ---- conversations ------------------------------------------------------------------------
    async find(db: DbOrTx, id: string): Promise<ConversationRow | undefined> {
      const [r] = await db.select().from(convConversations).where(eq(convConversations.id, id));
      return r;
    },
    /** Locks the row for the rest of the transaction (a message takes the next seq under it). */
    async lock(db: DbOrTx, id: string): Promise<ConversationRow | undefined> {
      const [r] = await db.select().from(convConversations).where(eq(convConversations.id, id)).for('update');
      return r;
    },
    async findOpen(db: DbOrTx, channelId: string, address: string): Promise<ConversationRow | undefined> {
      const [r] = await db
        .select()
        .from(convConversations)
        .where(and(eq(convConversations.channelId, channelId), eq(convConversations.address, address), OPEN))
        .for('update');
      return r;
    },
    /** The address's most recent conversation on the channel (open or ended). */
    async findLatest(db: DbOrTx, channelId: string, address: string): Promise<ConversationRow | undefined> {
      const [r] = await db
        .select()
        .from(convConversations)
        .where(and(eq(convConversations.channelId, channelId), eq(convConversations.address, address)))
        .orderBy(desc(convConversations.createdAt))
        .limit(1);
      return r;
    },
    /** Inserts unless an open conversation of the address exists (a concurrent first message): undefined then. */
    async insertIfNone(db: DbOrTx, row: ConversationInsert): Promise<ConversationRow | undefined> {
      const [r] = await db.insert(convConversations).values(row).onConflictDoNothing().returning();
      return r;
    },
    /** The conversation of the channel whose number (conversationNumber: the id's last 10 hex digits) this is. */
    async byNumber(db: DbOrTx, channelId: string, number: string): Promise<ConversationRow | undefined> {
      if (!/^[0-9A-Fa-f]{10}$/.test(number)) return undefined;
      const [r] = await db
        .select()
        .from(convConversations)
        .where(
          and(
            eq(convConversations.channelId, channelId),
            sql`replace(${convConversations.id}::text, '-', '') like ${`%${number.toLowerCase()}`}`,
          ),
        )
        .limit(1);
      return r;
    },
    async update(db: DbOrTx, id: string, set: Partial<ConversationRow>): Promise<ConversationRow | undefined> {
      const [r] = await db.update(convConversations).set(set).where(eq(convConversations.id, id)).returning();
      return r;
    },
    async byContact(db: DbOrTx, contactId: string): Promise<ConversationRow | undefined> {
      const [r] = await db.select().from(convConversations).where(eq(convConversations.contactId, contactId)).limit(1);
      return r;
    },
    /** Open conversations an agent serves (the desktop's list). */
    openOfAgent: (db: DbOrTx, agentId: string): Promise<ConversationRow[]> =>
      db
        .select()
        .from(convConversations)
        .where(and(eq(convConversations.agentId, agentId), OPEN))
        .orderBy(desc(convConversations.lastMessageAt)),
    /** Waiting conversations, the longest waiting first (the sweep's round). */
    waitingOldest: (db: DbOrTx, limit: number): Promise<ConversationRow[]> =>
      db
        .select()
        .from(convConversations)
        .where(eq(convConversations.status, 'waiting'))
        .orderBy(asc(convConversations.updatedAt))
        .limit(limit),
    async page(
      db: DbOrTx,
      f: {
        agentId?: string;
        status?: string;
        open?: boolean;
        kind?: string;
        q?: string;
        byAddress?: boolean;
        limit: number;
        offset: number;
      },
    ): Promise<{ rows: ConversationRow[]; total: number }> {
      const conds = [
        f.agentId ? eq(convConversations.agentId, f.agentId) : undefined,
        f.status ? eq(convConversations.status, f.status) : undefined,
        f.open ? OPEN : undefined,
        f.kind ? eq(convConversations.kind, f.kind) : undefined,
        f.q
          ? or(
              f.byAddress ? sql`${convConversations.address} ilike ${`%${f.q}%`}` : undefined,
              sql`${convConversations.customerName} ilike ${`%${f.q}%`}`,
              sql`${convConversations.subject} ilike ${`%${f.q}%`}`,
            )
          : undefined,
      ].filter((c) => c !== undefined);
      const where = conds.length ? and(...conds) : undefined;
      const [rows, [n]] = await Promise.all([
        db
          .select()
          .from(convConversations)
          .where(where)
          .orderBy(desc(convConversations.updatedAt))
          .limit(f.limit)
          .offset(f.offset),
        db.select({ n: sql<number>`count(*)::int` }).from(convConversations).where(where),
      ]);
      return { rows, total: n?.n ?? 0 };
    },

    // ---- messages -----------------------------------------------------------------------------
    async insertMessage(db: DbOrTx, row: MessageInsert): Promise<MessageRow | undefined> {
      const [r] = await db.insert(convMessages).values(row).onConflictDoNothing().returning();
      return r;
    },
    async messageByClientId(db: DbOrTx, conversationId: string, clientId: string): Promise<MessageRow | undefined> {
      const [r] = await db
        .select()
        .from(convMessages)
        .where(and(eq(convMessages.conversationId, conversationId), eq(convMessages.clientId, clientId)));
      return r;
    },
    async findMessage(db: DbOrTx, id: string): Promise<MessageRow | undefined> {
      const [r] = await db.select().from(convMessages).where(eq(convMessages.id, id));
      return r;
    },
    /** Messages of a conversation in seq order: after `after`, or the last `limit` before `before`. */
    async messages(
      db: DbOrTx,
      conversationId: string,
      q: { after?: number | undefined; before?: number | undefined; limit: number; kinds?: string[] },
    ): Promise<MessageRow[]> {
      const conds = [
        eq(convMessages.conversationId, conversationId),
        q.after !== undefined ? gt(convMessages.seq, q.after) : undefined,
        q.before !== undefined ? lt(convMessages.seq, q.before) : undefined,
        q.kinds ? inArray(convMessages.kind, q.kinds) : undefined,
      ].filter((c) => c !== undefined);
      if (q.after !== undefined) {
        return db
          .select()
          .from(convMessages)
          .where(and(...conds))
          .orderBy(asc(convMessages.seq))
          .limit(q.limit);
      }
      const rows = await db
        .select()
        .from(convMessages)
        .where(and(...conds))
        .orderBy(desc(convMessages.seq))
        .limit(q.limit);
      return rows.reverse();
    },
    /** The conversation whose message has this e-mail Message-ID (threading). */
    async conversationOfExternalIds(
      db: DbOrTx,
      channelId: string,
      ids: string[],
    ): Promise<ConversationRow | undefined> {
      if (ids.length === 0) return undefined;
      const [r] = await db
        .select({ c: convConversations })
        .from(convMessages)
        .innerJoin(convConversations, eq(convConversations.id, convMessages.conversationId))
        .where(and(inArray(convMessages.externalId, ids), eq(convConversations.channelId, channelId)))
        .orderBy(desc(convMessages.createdAt))
        .limit(1);
      return r?.c;
    },
    async setMessageState(
      db: DbOrTx,
      ids: string[],
      set: Partial<Pick<MessageRow, 'state' | 'error' | 'attempts' | 'nextAttemptAt' | 'externalId'>>,
    ): Promise<MessageRow[]> {
      if (ids.length === 0) return [];
      return db.update(convMessages).set(set).where(inArray(convMessages.id, ids)).returning();
    },
    /** Outbound messages of the conversation up to `seq` still below `state` in the delivery order. */
    async advanceOutbound(
      db: DbOrTx,
      conversationId: string,
      upToSeq: number,
      state: 'delivered' | 'read',
    ): Promise<MessageRow[]> {
      const below = state === 'read' ? ['sent', 'delivered'] : ['sent'];
      return db
        .update(convMessages)
        .set({ state })
        .where(
          and(
            eq(convMessages.conversationId, conversationId),
            eq(convMessages.kind, 'out'),
            lte(convMessages.seq, upToSeq),
            inArray(convMessages.state, below),
          ),
        )
        .returning();
    },
    /** Outbound messages due for a sending attempt, locked for this sender (SKIP LOCKED: several senders). */
    dueOutbound: (db: DbOrTx, now: Date, limit: number): Promise<MessageRow[]> =>
      db
        .select()
        .from(convMessages)
        .where(
          and(
            eq(convMessages.state, 'queued'),
            lte(convMessages.nextAttemptAt, now),
            // In order per conversation: a reply waits while an earlier one is still to be sent.
            sql`not exists (select 1 from conv_messages e where e.conversation_id = ${convMessages.conversationId}
                  and e.state = 'queued' and e.seq < ${convMessages.seq})`,
          ),
        )
        .orderBy(asc(convMessages.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true }),

    // ---- inbound de-duplication ---------------------------------------------------------------
    /** True when the key is new (and now taken); false when it was seen before. */
    async claimInbound(db: DbOrTx, channelId: string, externalKey: string, now: Date): Promise<boolean> {
      const r = await db
        .insert(convInboundSeen)
        .values({ channelId, externalKey, seenAt: now })
        .onConflictDoNothing()
        .returning({ k: convInboundSeen.externalKey });
      return r.length === 1;
    },
    async bindInbound(db: DbOrTx, channelId: string, externalKey: string, messageId: string): Promise<void> {
      await db
        .update(convInboundSeen)
        .set({ messageId })
        .where(and(eq(convInboundSeen.channelId, channelId), eq(convInboundSeen.externalKey, externalKey)));
    },
    async inboundMessageId(db: DbOrTx, channelId: string, externalKey: string): Promise<string | null | undefined> {
      const [r] = await db
        .select({ m: convInboundSeen.messageId })
        .from(convInboundSeen)
        .where(and(eq(convInboundSeen.channelId, channelId), eq(convInboundSeen.externalKey, externalKey)));
      return r ? r.m : undefined;
    },

    // ---- attachments --------------------------------------------------------------------------
    async insertAttachment(db: DbOrTx, row: typeof convAttachments.$inferInsert): Promise<AttachmentRow> {
      const [r] = await db.insert(convAttachments).values(row).returning();
      return r!;
    },
    async attachments(db: DbOrTx, conversationId: string, ids: string[]): Promise<AttachmentRow[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(convAttachments)
        .where(and(eq(convAttachments.conversationId, conversationId), inArray(convAttachments.id, ids)));
    },
    async findAttachment(db: DbOrTx, conversationId: string, id: string): Promise<AttachmentRow | undefined> {
      const [r] = await db
        .select()
        .from(convAttachments)
        .where(and(eq(convAttachments.conversationId, conversationId), eq(convAttachments.id, id)));
      return r;
    },
    async bindAttachments(db: DbOrTx, ids: string[], messageId: string): Promise<void> {
      if (ids.length === 0) return;
      await db
        .update(convAttachments)
        .set({ messageId })
        .where(and(inArray(convAttachments.id, ids), isNull(convAttachments.messageId)));
    },

    // ---- canned replies -----------------------------------------------------------------------
    /** The replies a user may use: global ones, their team's, their own. */
    cannedFor: (db: DbOrTx, userId: string, teamId: string | null): Promise<CannedRow[]> =>
      db
        .select()
        .from(convCannedReplies)
        .where(
          or(
            eq(convCannedReplies.scope, 'global'),
            teamId ? and(eq(convCannedReplies.scope, 'team'), eq(convCannedReplies.teamId, teamId)) : undefined,
            and(eq(convCannedReplies.scope, 'personal'), eq(convCannedReplies.ownerId, userId)),
          ),
        )
        .orderBy(asc(convCannedReplies.shortcut)),
    async findCanned(db: DbOrTx, id: string): Promise<CannedRow | undefined> {
      const [r] = await db.select().from(convCannedReplies).where(eq(convCannedReplies.id, id));
      return r;
    },
    async insertCanned(db: DbOrTx, row: typeof convCannedReplies.$inferInsert): Promise<CannedRow> {
      const [r] = await db.insert(convCannedReplies).values(row).returning();
      return r!;
    },
    async updateCanned(db: DbOrTx, id: string, set: Partial<CannedRow>): Promise<CannedRow | undefined> {
      const [r] = await db.update(convCannedReplies).set(set).where(eq(convCannedReplies.id, id)).returning();
      return r;
    },
    async deleteCanned(db: DbOrTx, id: string): Promise<void> {
      await db.delete(convCannedReplies).where(eq(convCannedReplies.id, id));
    },

    /** An outbound message of the channel by the provider's id (delivery reports). */
    async outboundByExternalId(db: DbOrTx, channelId: string, externalId: string): Promise<MessageRow | undefined> {
      const [r] = await db
        .select({ m: convMessages })
        .from(convMessages)
        .innerJoin(convConversations, eq(convConversations.id, convMessages.conversationId))
        .where(
          and(
            eq(convMessages.externalId, externalId),
            eq(convMessages.kind, 'out'),
            eq(convConversations.channelId, channelId),
          ),
        )
        .limit(1);
      return r?.m;
    },

    // ---- SMS parts ----------------------------------------------------------------------------
    async addSmsPart(db: DbOrTx, row: typeof convSmsParts.$inferInsert): Promise<void> {
      await db.insert(convSmsParts).values(row).onConflictDoNothing();
    },
    smsParts: (db: DbOrTx, channelId: string, sender: string, ref: string) =>
      db
        .select()
        .from(convSmsParts)
        .where(and(eq(convSmsParts.channelId, channelId), eq(convSmsParts.sender, sender), eq(convSmsParts.ref, ref)))
        .orderBy(asc(convSmsParts.seq)),
    async dropSmsParts(db: DbOrTx, channelId: string, sender: string, ref: string): Promise<void> {
      await db
        .delete(convSmsParts)
        .where(and(eq(convSmsParts.channelId, channelId), eq(convSmsParts.sender, sender), eq(convSmsParts.ref, ref)));
    },
    /** Concatenations whose first part arrived before `before` (the wait for the rest is over). */
    staleSmsGroups: (db: DbOrTx, before: Date) =>
      db
        .selectDistinct({ channelId: convSmsParts.channelId, sender: convSmsParts.sender, ref: convSmsParts.ref })
        .from(convSmsParts)
        .where(lt(convSmsParts.receivedAt, before))
        .limit(100),

    // ---- IMAP state ---------------------------------------------------------------------------
    async mailState(db: DbOrTx, channelId: string): Promise<{ uidValidity: number; lastUid: number } | undefined> {
      const [r] = await db.select().from(convMailState).where(eq(convMailState.channelId, channelId));
      return r ? { uidValidity: r.uidValidity, lastUid: r.lastUid } : undefined;
    },
    async saveMailState(db: DbOrTx, channelId: string, s: { uidValidity: number; lastUid: number }, now: Date) {
      await db
        .insert(convMailState)
        .values({ channelId, ...s, updatedAt: now })
        .onConflictDoUpdate({ target: convMailState.channelId, set: { ...s, updatedAt: now } });
    },
  };
}
export type ConversationsRepo = ReturnType<typeof createConversationsRepo>;
