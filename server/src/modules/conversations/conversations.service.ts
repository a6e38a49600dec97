import type {
  ConversationChannel,
  ConversationDetail,
  ConversationListQuery,
  MessageAttachment,
  MessagesQuery,
  SendMessageBody,
} from '../../../../contracts/conversations';
import { ACD_CHANNEL_OF } from '../../../../contracts/conversations';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus, Staged } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import {
  conversationOut,
  messageOut,
  preview,
  type Reader,
  readsInClear,
  replyWindowClosesAt,
} from './conversations.dto';
import {
  attachmentNotFound,
  conversationEnded,
  conversationNotFound,
  notYourConversation,
  replyWindowClosed,
} from './conversations.errors';
import type { MessageCreated } from './conversations.events';
import type { ChannelRow, ConversationRow, ConversationsRepo, MessageRow } from './conversations.repo';

/** What the conversations module needs of the ACD (routing's service, bound in the module). */
export type ConversationAcd = {
  newContactId(): string;
  createChannelContact(
    body: {
      id: string;
      channel: 'chat' | 'email' | 'sms';
      queue: string;
      priority: number;
      attributes: Record<string, string | number | boolean>;
      customer?: { id?: string; name?: string; phone?: string; email?: string };
      subject?: string;
    },
    actor: null,
  ): Promise<unknown>;
  liveContact(id: string): { state: string; agentId: string | null; queueId: string } | undefined;
  standingOf(id: string): { position: number | null; estimatedWaitSeconds: number | null } | undefined;
  abandon(id: string): Promise<unknown>;
  complete(id: string, agentId: string): Promise<unknown>;
  /** A stored contact's state (undefined: no such contact). */
  storedState(id: string): Promise<
    | {
        state: string;
        agentId: string | null;
        connectedAt: string | null;
        endedAt: string | null;
        attributes: Record<string, unknown>;
      }
    | undefined
  >;
};

export type InboundFile = { name: string; contentType: string; bytes: Buffer };

/** A customer's message as a channel hands it over. */
export type Inbound = {
  channel: ChannelRow;
  /** The customer's address on the channel (visitor id, e-mail address, phone number, openid). */
  address: string;
  /** Web chat: the visitor's own conversation (a new message after it ended reopens it). */
  conversationId?: string | undefined;
  /** E-mail: the Message-IDs the mail replies to (In-Reply-To, References). */
  threadKeys?: string[] | undefined;
  /** A channel-wide id of this message (IMAP uidvalidity:uid, a webhook's message id): stored once. */
  externalKey?: string | undefined;
  /** The sender's id of the message within the conversation (the widget's message id). */
  clientId?: string | undefined;
  /** E-mail: this mail's Message-ID. */
  externalId?: string | undefined;
  text: string;
  html?: string | null | undefined;
  quoted?: string | null | undefined;
  subject?: string | null | undefined;
  /** Files the customer uploaded beforehand (web chat). */
  attachmentIds?: string[] | undefined;
  profile?:
    | {
        name?: string | undefined;
        phone?: string | undefined;
        email?: string | undefined;
        questionType?: string | undefined;
        page?: string | undefined;
      }
    | undefined;
  at?: Date | undefined;
  /**
   * Store only into a conversation that is open: an auto-responder's answer or a bounce may join the
   * thread an agent is working on, but never starts or reopens one (nor routes it to an agent).
   */
  onlyIfOpen?: boolean | undefined;
};

/** An `onlyIfOpen` message had no open conversation to join: nothing was stored. */
export class NoOpenConversation extends Error {}

export type Received = { conversation: ConversationRow; message: MessageRow; duplicate: boolean };

/** Attachment refs for a message from uploaded files of the same conversation. */
export type AttachmentBinder = {
  refs(tx: DbOrTx, conversationId: string, ids: string[]): Promise<MessageAttachment[]>;
};

export type ConversationsDeps = {
  db: Database;
  repo: ConversationsRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  acd: ConversationAcd;
  channels: { row(id: string): Promise<ChannelRow | undefined> };
  displayNames(ids: string[]): Promise<Map<string, string>>;
  /** The CRM's customer of a phone number or an e-mail address (none, or several: no link). */
  customers?: { match(q: { phone?: string | null; email?: string | null }): Promise<string | undefined> };
  /** Wakes the outbound sender (e-mail, SMS, WeChat replies are queued, then sent). */
  kickSender(): void;
};

const MAX_TEXT = 100_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly what is removed
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
function cleanText(v: string, max: number): string;
function cleanText(v: string | null | undefined, max: number): string | null | undefined;
function cleanText(v: string | null | undefined, max: number): string | null | undefined {
  if (v === null || v === undefined) return v;
  const t = v.replace(CONTROL, '');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
/** The clientId of a mailbox's automatic answer: one per conversation, and marked Auto-Submitted. */
export const AUTO_REPLY = 'auto-reply';

/** A conversation's number as customers see it (an e-mail subject's tag, the auto-reply): short and stable. */
export const conversationNumber = (id: string) => id.replace(/-/g, '').slice(-10).toUpperCase();

/**
 * Conversations: storing what customers and agents write, and keeping each conversation in step
 * with its ACD contact (conversations.acd.ts follows the contact's events). A customer's message
 * is stored — and only then acknowledged to the sender — in one transaction that also takes the
 * conversation's next seq under a row lock; de-duplication by the sender's ids makes a resend a no-op.
 */
export function createConversationsService(deps: ConversationsDeps) {
  const { db, repo, bus, clock, ids } = deps;

  function messageEvent(c: ConversationRow, m: MessageRow): Staged {
    const payload: MessageCreated = {
      conversationId: c.id,
      channel: c.kind as ConversationChannel,
      agentId: c.agentId,
      message: {
        id: m.id,
        seq: m.seq,
        kind: m.kind as MessageCreated['message']['kind'],
        text: m.text,
        subject: m.subject,
        attachments: m.attachments,
        authorId: m.authorId,
        authorName: m.authorName,
        state: m.state as MessageCreated['message']['state'],
        clientId: m.clientId,
        createdAt: m.createdAt.toISOString(),
      },
      unread: c.unread,
    };
    return { name: 'conversations.message.created', payload };
  }

  function updatedEvent(c: ConversationRow, previousAgentId: string | null = null): Staged {
    return {
      name: 'conversations.conversation.updated',
      payload: {
        conversationId: c.id,
        channel: c.kind as ConversationChannel,
        status: c.status as 'waiting' | 'active' | 'ended',
        agentId: c.agentId,
        previousAgentId,
        contactId: c.contactId,
        lastSeq: c.lastSeq,
        unread: c.unread,
      },
    };
  }

  /** The conversation an inbound message belongs to, locked; created (waiting) when there is none. */
  async function locate(tx: Tx, m: Inbound, now: Date): Promise<{ conv: ConversationRow; created: boolean }> {
    let conv: ConversationRow | undefined;
    if (m.conversationId) {
      conv = await repo.lock(tx, m.conversationId);
      if (conv && (conv.channelId !== m.channel.id || conv.address !== m.address)) conv = undefined;
    } else if (m.threadKeys?.length) {
      const hit = await repo.conversationOfExternalIds(tx, m.channel.id, m.threadKeys);
      if (hit && hit.address === m.address) conv = await repo.lock(tx, hit.id);
    }
    // A reply to an ended thread while another of the address is open joins the open one: one open
    // conversation per customer and channel (a partial unique index).
    if (!conv || conv.status === 'ended') {
      const open = await repo.findOpen(tx, m.channel.id, m.address);
      if (open) conv = open;
    }
    if (conv) return { conv, created: false };
    const p = m.profile ?? {};
    const row = await repo.insertIfNone(tx, {
      id: ids.next(),
      channelId: m.channel.id,
      kind: m.channel.kind,
      status: 'waiting',
      address: m.address,
      customerName: p.name ?? null,
      customerPhone: p.phone ?? (m.channel.kind === 'sms' ? m.address : null),
      customerEmail: p.email ?? (m.channel.kind === 'email' ? m.address : null),
      subject: m.subject ?? null,
      questionType: p.questionType ?? null,
      page: p.page ?? null,
      createdAt: now,
      updatedAt: now,
    });
    if (row) return { conv: row, created: true };
    // Another first message of the same customer won the insert: join it.
    const open = await repo.findOpen(tx, m.channel.id, m.address);
    if (!open) throw new Error('conversation vanished between insert and select');
    return { conv: open, created: false };
  }

  /**
   * The ACD contact of a conversation that has none (new, or reopened by the customer): its id is
   * stored with the conversation first, so the contact's events always find it and a crash before
   * the contact exists is repaired by the sweep (conversations.acd.ts) with the same id.
   */
  async function route(conv: ConversationRow, channel: ChannelRow): Promise<void> {
    if (!conv.contactId) return;
    const customer: { id?: string; name?: string; phone?: string; email?: string } = {};
    if (conv.customerId) customer.id = conv.customerId;
    if (conv.customerName) customer.name = conv.customerName;
    if (conv.customerPhone) customer.phone = conv.customerPhone;
    if (conv.customerEmail) customer.email = conv.customerEmail;
    await deps.acd.createChannelContact(
      {
        id: conv.contactId,
        channel: ACD_CHANNEL_OF[conv.kind as ConversationChannel],
        queue: channel.queue,
        priority: 0,
        attributes: { conversationId: conv.id, medium: conv.kind },
        customer,
        ...(conv.subject ? { subject: conv.subject.slice(0, 200) } : {}),
      },
      null,
    );
  }

  /**
   * `attach` stores files that came with the message (an e-mail's attachments, a WeChat image) in
   * the same transaction, once the conversation is known.
   */
  async function receive(
    raw: Inbound,
    binder?: AttachmentBinder,
    attach?: (tx: Tx, conversationId: string) => Promise<MessageAttachment[]>,
  ): Promise<Received> {
    // What customers send is untrusted: NUL (PostgreSQL refuses it in text) and other C0 controls
    // but tab and newlines are dropped, and one message is at most 100,000 characters.
    const m: Inbound = {
      ...raw,
      text: cleanText(raw.text, MAX_TEXT) ?? '',
      html: cleanText(raw.html, MAX_TEXT * 5),
      quoted: cleanText(raw.quoted, MAX_TEXT),
      subject: cleanText(raw.subject, 500),
    };
    const now = m.at ?? clock.now();
    let needsRoute = false;
    const result = await bus.transaction(async (tx): Promise<Received> => {
      if (m.externalKey && !(await repo.claimInbound(tx, m.channel.id, m.externalKey, now))) {
        const prior = await repo.inboundMessageId(tx, m.channel.id, m.externalKey);
        const message = prior ? await repo.findMessage(tx, prior) : undefined;
        const conversation = message ? await repo.find(tx, message.conversationId) : undefined;
        if (message && conversation) return { conversation, message, duplicate: true };
      }
      const { conv, created } = await locate(tx, m, now);
      if (m.onlyIfOpen && (created || conv.status === 'ended')) throw new NoOpenConversation();
      if (m.clientId) {
        const prior = await repo.messageByClientId(tx, conv.id, m.clientId);
        if (prior) return { conversation: conv, message: prior, duplicate: true };
      }
      const attachments = [
        ...(binder && m.attachmentIds?.length ? await binder.refs(tx, conv.id, m.attachmentIds) : []),
        ...(attach ? await attach(tx, conv.id) : []),
      ];
      const seq = conv.lastSeq + 1;
      const message = await repo.insertMessage(tx, {
        id: ids.next(),
        conversationId: conv.id,
        seq,
        kind: 'in',
        text: m.text,
        html: m.html ?? null,
        quoted: m.quoted ?? null,
        subject: m.subject ?? null,
        attachments,
        state: 'received',
        clientId: m.clientId ?? null,
        externalId: m.externalId ?? null,
        createdAt: now,
      });
      if (!message) throw new Error('message seq taken under the conversation lock');
      if (attachments.length)
        await repo.bindAttachments(
          tx,
          attachments.map((a) => a.id),
          message.id,
        );
      if (m.externalKey) await repo.bindInbound(tx, m.channel.id, m.externalKey, message.id);
      const reopen = conv.status === 'ended';
      needsRoute = created || reopen || (conv.status === 'waiting' && !conv.contactId);
      const p = m.profile ?? {};
      const updated = await repo.update(tx, conv.id, {
        lastSeq: seq,
        unread: conv.unread + 1,
        lastMessageAt: now,
        lastInboundAt: now,
        lastMessage: preview(m.text, attachments.length),
        updatedAt: now,
        ...(reopen
          ? {
              status: 'waiting',
              agentId: null,
              endedAt: null,
              csat: null,
              csatComment: null,
              agentReadSeq: conv.lastSeq,
            }
          : {}),
        ...(needsRoute ? { contactId: deps.acd.newContactId() } : {}),
        ...(p.name && !conv.customerName ? { customerName: p.name } : {}),
        ...(p.phone && !conv.customerPhone ? { customerPhone: p.phone } : {}),
        ...(p.email && !conv.customerEmail ? { customerEmail: p.email } : {}),
        ...(m.subject && !conv.subject ? { subject: m.subject } : {}),
      });
      const events: Staged[] = [messageEvent(updated!, message)];
      if (needsRoute) events.push(updatedEvent(updated!, reopen ? conv.agentId : null));
      await bus.stageAll(tx, events);
      return { conversation: updated!, message, duplicate: false };
    });
    if (needsRoute && !result.duplicate) {
      try {
        const c = result.conversation;
        if (!c.customerId && deps.customers && (c.customerPhone || c.customerEmail)) {
          const customerId = await deps.customers.match({ phone: c.customerPhone, email: c.customerEmail });
          if (customerId) result.conversation = (await repo.update(db, c.id, { customerId })) ?? c;
        }
        await route(result.conversation, m.channel);
      } catch (err) {
        // Stored and acknowledged: the sweep routes it (conversations.acd.ts) — never lost.
        deps.log.error({ err, conversationId: result.conversation.id }, 'conversations: routing a conversation failed');
      }
    }
    return result;
  }

  async function mustFind(id: string): Promise<ConversationRow> {
    const c = await repo.find(db, id);
    if (!c) throw conversationNotFound(id);
    return c;
  }

  /** Readers: the serving agent, supervisors (supervisor.monitor), or whoever served it (their history). */
  function assertReader(c: ConversationRow, r: Reader): void {
    if (c.agentId === r.userId || r.permissions.has('supervisor.monitor')) return;
    throw notYourConversation(c.id);
  }

  async function detail(c: ConversationRow, r: Reader, q: MessagesQuery): Promise<ConversationDetail> {
    const rows = await repo.messages(db, c.id, { after: q.after, before: q.before, limit: q.limit + 1 });
    const more = q.after === undefined && rows.length > q.limit;
    const page = more ? rows.slice(1) : rows.slice(0, q.limit);
    const [channel, names] = await Promise.all([
      deps.channels.row(c.channelId),
      deps.displayNames(c.agentId ? [c.agentId] : []),
    ]);
    const clear = readsInClear(r, c);
    return {
      ...conversationOut(c, { channel, agentName: c.agentId ? (names.get(c.agentId) ?? null) : null, clear }),
      messages: page.map((m) => messageOut(m, clear)),
      more,
    };
  }

  /** An agent's write into their own open conversation: the row locked for the next seq. */
  async function ownOpen(
    tx: Tx,
    id: string,
    r: Reader,
    opts: { allowWaiting?: boolean } = {},
  ): Promise<ConversationRow> {
    const c = await repo.lock(tx, id);
    if (!c) throw conversationNotFound(id);
    if (c.status === 'ended') throw conversationEnded(id);
    if (c.agentId !== r.userId && !(opts.allowWaiting && c.status === 'waiting')) throw notYourConversation(id);
    return c;
  }

  return {
    receive,
    route,
    messageEvent,
    updatedEvent,

    async list(q: ConversationListQuery, r: Reader) {
      const agentId = q.scope === 'mine' || !r.permissions.has('supervisor.monitor') ? r.userId : undefined;
      const { rows: mine, total } = await repo.page(db, {
        ...(agentId ? { agentId } : {}),
        // The desktop's list: the agent's open conversations, however many ended ones they served.
        ...(q.status ? { status: q.status } : q.scope === 'mine' ? { open: true } : {}),
        ...(q.channel ? { kind: q.channel } : {}),
        // Searching by address or phone number finds a person: only for readers of personal data.
        ...(q.q ? { q: q.q, byAddress: r.permissions.has('pii.view') } : {}),
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      const names = await deps.displayNames([...new Set(mine.flatMap((c) => (c.agentId ? [c.agentId] : [])))]);
      const channels = new Map<string, ChannelRow | undefined>();
      for (const c of mine)
        if (!channels.has(c.channelId)) channels.set(c.channelId, await deps.channels.row(c.channelId));
      return {
        items: mine.map((c) =>
          conversationOut(c, {
            channel: channels.get(c.channelId),
            agentName: c.agentId ? (names.get(c.agentId) ?? null) : null,
            clear: readsInClear(r, c),
          }),
        ),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async get(id: string, r: Reader, q: MessagesQuery): Promise<ConversationDetail> {
      const c = await mustFind(id);
      assertReader(c, r);
      return detail(c, r, q);
    },

    /**
     * The transcript as a text file (quality checks, a complaint's evidence): every message with its
     * time and author, masked for readers without pii.view who do not serve it; the export is audited.
     */
    async transcript(id: string, r: Reader & { actor: Actor }): Promise<string> {
      const c = await mustFind(id);
      assertReader(c, r);
      const clear = readsInClear(r, c);
      const rows = await repo.messages(db, c.id, { after: 0, limit: 10_000 });
      await bus.transaction((tx) =>
        deps.audit.append(tx, r.actor, {
          action: 'conversations.transcript.exported',
          entityType: 'conversation',
          entityId: c.id,
          details: { messages: rows.length, masked: !clear },
        }),
      );
      const label: Record<string, string> = {
        in: 'customer',
        out: 'agent',
        note: 'note',
        whisper: 'whisper',
        system: 'system',
      };
      const head = [
        `conversation ${c.id}`,
        `channel ${c.kind}`,
        `customer ${conversationOut(c, { channel: undefined, agentName: null, clear }).address}`,
      ];
      const body = rows.map((m) => {
        const msg = messageOut(m, clear);
        const files = msg.attachments.map((a) => ` [${a.name}]`).join('');
        return `${m.createdAt.toISOString()}\t${label[m.kind] ?? m.kind}${m.authorName ? ` (${m.authorName})` : ''}\t${msg.text.replace(/\r?\n/g, ' / ')}${files}`;
      });
      return `${head.join('\n')}\n\n${body.join('\n')}\n`;
    },

    /** An agent's reply or internal note. */
    async send(id: string, body: SendMessageBody, r: Reader & { displayName: string }, binder?: AttachmentBinder) {
      const now = clock.now();
      const out = await bus.transaction(async (tx) => {
        const c = await ownOpen(tx, id, r);
        if (body.clientId) {
          const prior = await repo.messageByClientId(tx, c.id, body.clientId);
          if (prior) return { c, m: prior, dup: true };
        }
        if (body.kind === 'out') {
          const closes = replyWindowClosesAt(c);
          if (closes && closes.getTime() < now.getTime()) throw replyWindowClosed(closes.toISOString());
        }
        const attachments = binder ? await binder.refs(tx, c.id, body.attachmentIds) : [];
        if (attachments.length !== body.attachmentIds.length) throw attachmentNotFound(body.attachmentIds.join(','));
        const seq = c.lastSeq + 1;
        // Web chat is delivered by the push itself (the widget confirms receipt); the other channels
        // go through the sender's queue.
        const live = c.kind === 'webchat';
        const m = await repo.insertMessage(tx, {
          id: ids.next(),
          conversationId: c.id,
          seq,
          kind: body.kind,
          text: body.text,
          attachments,
          authorId: r.userId,
          authorName: r.displayName,
          state: body.kind === 'note' ? 'sent' : live ? 'sent' : 'queued',
          clientId: body.clientId ?? null,
          nextAttemptAt: body.kind === 'out' && !live ? now : null,
          createdAt: now,
        });
        if (!m) throw new Error('message seq taken under the conversation lock');
        if (attachments.length)
          await repo.bindAttachments(
            tx,
            attachments.map((a) => a.id),
            m.id,
          );
        const updated = await repo.update(tx, c.id, {
          lastSeq: seq,
          // Answering means the agent has read what came before.
          agentReadSeq: seq,
          unread: 0,
          ...(body.kind === 'out' ? { lastMessageAt: now, lastMessage: preview(body.text, attachments.length) } : {}),
          updatedAt: now,
        });
        await bus.stageAll(tx, [messageEvent(updated!, m)]);
        return { c: updated!, m, dup: false };
      });
      if (!out.dup && out.m.state === 'queued') deps.kickSender();
      return messageOut(out.m, true);
    },

    /** A supervisor's whisper: a message only the serving agent sees. */
    async whisper(id: string, text: string, r: Reader & { displayName: string }) {
      const now = clock.now();
      const m = await bus.transaction(async (tx) => {
        const c = await repo.lock(tx, id);
        if (!c) throw conversationNotFound(id);
        if (c.status === 'ended') throw conversationEnded(id);
        const seq = c.lastSeq + 1;
        const row = await repo.insertMessage(tx, {
          id: ids.next(),
          conversationId: c.id,
          seq,
          kind: 'whisper',
          text,
          attachments: [],
          authorId: r.userId,
          authorName: r.displayName,
          state: 'sent',
          createdAt: now,
        });
        const updated = await repo.update(tx, c.id, { lastSeq: seq, updatedAt: now });
        await bus.stageAll(tx, [messageEvent(updated!, row!)]);
        return row!;
      });
      return messageOut(m, true);
    },

    /** The agent read up to `upToSeq`: the unread count drops. */
    async read(id: string, upToSeq: number, r: Reader): Promise<void> {
      await bus.transaction(async (tx) => {
        const c = await repo.lock(tx, id);
        if (!c) throw conversationNotFound(id);
        if (c.agentId !== r.userId) throw notYourConversation(id);
        const upTo = Math.min(upToSeq, c.lastSeq);
        if (upTo <= c.agentReadSeq) return;
        const unreadRows = await repo.messages(tx, c.id, { after: upTo, limit: 1000, kinds: ['in'] });
        const updated = await repo.update(tx, c.id, { agentReadSeq: upTo, unread: unreadRows.length });
        await bus.stageAll(tx, [updatedEvent(updated!)]);
      });
    },

    /** The agent ends the conversation: the contact goes to wrap-up (or completes) in the ACD. */
    async end(id: string, r: Reader): Promise<void> {
      const c = await mustFind(id);
      if (c.status === 'ended') return;
      if (c.agentId !== r.userId) throw notYourConversation(id);
      // Only the side whose end took effect moves the contact (both ending at once: one does).
      if ((await markEnded(c.id, 'agent')).changed) await settleContact(c.contactId);
    },

    /** The customer ended it (the widget's end button): waiting → abandoned; served → the agent wraps up. */
    async endByCustomer(c: ConversationRow): Promise<void> {
      if (c.status === 'ended') return;
      if ((await markEnded(c.id, 'customer')).changed) await settleContact(c.contactId);
    },

    settleContact,

    /**
     * The automatic answer to a customer's first mail (the mailbox's auto-reply with the conversation's
     * number): queued like an agent's reply, once per conversation (its clientId is `auto-reply`).
     */
    async queueAutoReply(conversationId: string, text: string): Promise<void> {
      const now = clock.now();
      await bus.transaction(async (tx) => {
        const c = await repo.lock(tx, conversationId);
        if (!c || (await repo.messageByClientId(tx, c.id, AUTO_REPLY))) return;
        const seq = c.lastSeq + 1;
        const m = await repo.insertMessage(tx, {
          id: ids.next(),
          conversationId: c.id,
          seq,
          kind: 'out',
          text,
          attachments: [],
          state: 'queued',
          clientId: AUTO_REPLY,
          nextAttemptAt: now,
          createdAt: now,
        });
        const updated = await repo.update(tx, c.id, { lastSeq: seq, updatedAt: now });
        await bus.stageAll(tx, [messageEvent(updated!, m!)]);
      });
      deps.kickSender();
    },

    typing(id: string, from: 'customer' | 'agent', agentId: string | null): void {
      bus.signal('conversations.typing', { conversationId: id, agentId, from });
    },

    mustFind,
    markEnded,
  };

  /**
   * The ACD side of an ended conversation: a waiting contact is abandoned, a connected one completed
   * (its agent wraps up). A contact that moved on meanwhile (the offer accepted as the customer
   * left) is left as it is here: the follower completes a contact that connects to an ended
   * conversation. Routing's refusals (the contact changed state under us) are not the caller's error.
   */
  async function settleContact(contactId: string | null): Promise<void> {
    if (!contactId) return;
    const live = deps.acd.liveContact(contactId);
    try {
      if (live?.state === 'queued' || live?.state === 'offered') await deps.acd.abandon(contactId);
      else if (live?.state === 'connected' && live.agentId) await deps.acd.complete(contactId, live.agentId);
    } catch (err) {
      deps.log.info({ err: (err as Error).message, contactId }, 'conversations: the contact moved on while ending');
    }
  }

  /** Ends the conversation (once): a system line says who ended it; `changed` for the call that did. */
  async function markEnded(
    id: string,
    by: 'agent' | 'customer' | 'system',
  ): Promise<{ row: ConversationRow | undefined; changed: boolean }> {
    const now = clock.now();
    return bus.transaction(async (tx) => {
      const c = await repo.lock(tx, id);
      if (!c || c.status === 'ended') return { row: c, changed: false };
      const seq = c.lastSeq + 1;
      const m = await repo.insertMessage(tx, {
        id: ids.next(),
        conversationId: c.id,
        seq,
        kind: 'system',
        text: `ended:${by}`,
        attachments: [],
        state: 'sent',
        createdAt: now,
      });
      const updated = await repo.update(tx, c.id, { status: 'ended', endedAt: now, lastSeq: seq, updatedAt: now });
      await bus.stageAll(tx, [messageEvent(updated!, m!), updatedEvent(updated!)]);
      return { row: updated, changed: true };
    });
  }
}
export type ConversationsService = ReturnType<typeof createConversationsService>;
