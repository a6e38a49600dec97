import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isValidPhoneNumber } from 'libphonenumber-js';
import type {
  CsatBody,
  LeaveMessageBody,
  LeftMessage,
  QueueStanding,
  VisitorMessage,
  VisitorSendBody,
  VisitorSession,
  VisitorSessionBody,
  WebchatSettings,
} from '../../../../contracts/conversations';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { rateLimited, validationFailed } from '../../platform/errors';
import type { ChannelsService } from './channels.service';
import type { ConversationFiles } from './conversations.attachments';
import { VISITOR_KINDS, visitorMessageOut } from './conversations.dto';
import {
  attachmentNotFound,
  channelDisabled,
  channelNotFound,
  chatClosed,
  conversationNotFound,
  originNotAllowed,
  visitorUnauthenticated,
} from './conversations.errors';
import type { ChannelRow, ConversationRow, ConversationsRepo } from './conversations.repo';
import type { ConversationAcd, ConversationsService } from './conversations.service';
import { createSenderLimit } from './domain/sender-limit';

/** A visitor's signed session lasts 30 days from its last use (each session call renews it). */
const TOKEN_TTL_S = 30 * 86_400;
/** Messages a visitor may send in a burst, and how fast the allowance refills (per second). */
const BURST = 20;
const REFILL_PER_S = 2;

export type Visitor = { channel: ChannelRow; settings: WebchatSettings; visitorId: string };

/**
 * The web chat widget's side: anonymous visitors with a signed session (never staff accounts),
 * each able to read and write only their own conversation. The token is
 * `<channelId>.<visitorId>.<expires>.<hmac>` signed with a key derived from the data key.
 */
export function createWebchatService(deps: {
  db: Database;
  repo: ConversationsRepo;
  bus: EventBus;
  clock: Clock;
  key: Buffer;
  channels: ChannelsService;
  conversations: ConversationsService;
  files: ConversationFiles;
  acd: ConversationAcd & {
    queueState(ref: string): Promise<{ open: boolean; full: boolean }>;
    /** A callback request in the queue (the voice module dials it when an agent takes it). */
    callback(body: {
      queue: string;
      phone: string;
      name?: string;
      email?: string;
      text: string;
      channel: string;
    }): Promise<string>;
  };
  /** A work order for a left message, owned by `ownerId`; its number. */
  leaveTicket(body: {
    ownerId: string;
    name: string;
    phone?: string;
    email?: string;
    text: string;
    channel: string;
  }): Promise<string>;
  /** Mail to a customer (the transcript). */
  mail(message: { to: string; subject: string; text: string }): Promise<void>;
  displayNames(ids: string[]): Promise<Map<string, string>>;
}) {
  const { db, repo, bus, clock, channels, conversations } = deps;
  // The least recently seen visitors are forgotten first when the table is full (never all at once).
  const buckets = createSenderLimit({ burst: BURST, perMinute: REFILL_PER_S * 60, maxKeys: 100_000 });
  /** Conversations whose transcript was mailed (once each: the address is the visitor's to give). */
  const mailed = new Set<string>();

  const sign = (body: string) => createHmac('sha256', deps.key).update(body).digest('base64url').slice(0, 32);

  function issue(channelId: string, visitorId: string): string {
    const body = `${channelId}.${visitorId}.${Math.floor(clock.now().getTime() / 1000) + TOKEN_TTL_S}`;
    return `${body}.${sign(body)}`;
  }

  function parse(token: string | undefined): { channelId: string; visitorId: string } | undefined {
    if (!token || token.length > 300) return undefined;
    const parts = token.split('.');
    if (parts.length !== 4) return undefined;
    const [channelId, visitorId, exp, sig] = parts as [string, string, string, string];
    const want = Buffer.from(sign(`${channelId}.${visitorId}.${exp}`));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
    if (Number(exp) * 1000 < clock.now().getTime()) return undefined;
    return { channelId, visitorId };
  }

  function widgetOf(ch: ChannelRow): WebchatSettings {
    const s = channels.opened(ch).settings;
    if (s.kind !== 'webchat') throw channelNotFound(ch.id);
    return s;
  }

  /**
   * Pages of Kefu itself (the H5 page) and the channel's listed origins may use a widget; a request
   * without an Origin (a server, curl) is not a browser page and is let through to the token check.
   */
  function assertOrigin(s: WebchatSettings, origin: string | undefined, host: string): void {
    if (!origin) return;
    let o: URL;
    try {
      o = new URL(origin);
    } catch {
      throw originNotAllowed(origin);
    }
    if (o.host === host) return;
    if (s.allowedOrigins.some((a) => a.toLowerCase() === `${o.protocol}//${o.host}`.toLowerCase())) return;
    throw originNotAllowed(origin);
  }

  async function channelByKey(key: string): Promise<ChannelRow> {
    const ch = await channels.byKey(key);
    if (ch?.kind !== 'webchat') throw channelNotFound(key);
    if (!ch.enabled) throw channelDisabled();
    return ch;
  }

  /** The visitor a token names, on an enabled web chat channel, from an allowed page. */
  async function visitor(token: string | undefined, origin: string | undefined, host: string): Promise<Visitor> {
    const t = parse(token);
    if (!t) throw visitorUnauthenticated();
    const channel = await channels.row(t.channelId);
    if (channel?.kind !== 'webchat') throw visitorUnauthenticated();
    if (!channel.enabled) throw channelDisabled();
    const settings = widgetOf(channel);
    assertOrigin(settings, origin, host);
    return { channel, settings, visitorId: t.visitorId };
  }

  function standing(c: Pick<ConversationRow, 'status' | 'contactId'>): QueueStanding | null {
    if (c.status !== 'waiting' || !c.contactId) return null;
    const s = deps.acd.standingOf(c.contactId);
    return s ? { position: s.position, estimatedWaitSeconds: s.estimatedWaitSeconds } : null;
  }

  async function agentName(c: ConversationRow): Promise<string | null> {
    if (!c.agentId || c.status !== 'active') return null;
    return (await deps.displayNames([c.agentId])).get(c.agentId) ?? null;
  }

  function allow(visitorId: string): void {
    if (!buckets.take(visitorId, clock.now().getTime())) throw rateLimited('Too many messages: wait a moment');
  }

  async function latest(v: Visitor): Promise<ConversationRow | undefined> {
    return repo.findLatest(db, v.channel.id, v.visitorId);
  }

  return {
    visitor,
    standing,
    agentName,
    latest,

    /** A widget's settings for its chat page (webchat.page.ts); undefined for an unknown or disabled key. */
    async widget(key: string): Promise<WebchatSettings | undefined> {
      const ch = await channels.byKey(key);
      if (ch?.kind !== 'webchat' || !ch.enabled) return undefined;
      return widgetOf(ch);
    },

    /** What the loader on a company's page shows before the chat opens; refused to pages not allowed. */
    async appearance(key: string, origin: string | undefined, host: string): Promise<{ title: string; color: string }> {
      const settings = widgetOf(await channelByKey(key));
      assertOrigin(settings, origin, host);
      return { title: settings.title, color: settings.color };
    },

    async session(
      key: string,
      body: VisitorSessionBody,
      origin: string | undefined,
      host: string,
    ): Promise<VisitorSession> {
      const channel = await channelByKey(key);
      const settings = widgetOf(channel);
      assertOrigin(settings, origin, host);
      const prior = parse(body.token);
      const visitorId =
        prior && prior.channelId === channel.id ? prior.visitorId : `v_${randomBytes(12).toString('base64url')}`;
      const v: Visitor = { channel, settings, visitorId };
      const [conv, q] = await Promise.all([latest(v), deps.acd.queueState(channel.queue)]);
      return {
        token: issue(channel.id, visitorId),
        visitorId,
        widget: {
          title: settings.title,
          greeting: settings.greeting,
          color: settings.color,
          preChat: settings.preChat,
          questionTypes: settings.questionTypes,
          csat: settings.csat,
          leaveMessage: settings.leaveMessage,
        },
        open: q.open && !q.full,
        conversation: conv
          ? {
              id: conv.id,
              status: conv.status as 'waiting' | 'active' | 'ended',
              agentName: await agentName(conv),
              standing: standing(conv),
              csat: conv.csat,
            }
          : null,
      };
    },

    /** A visitor's message: stored once (by its clientId), then acknowledged. */
    async send(v: Visitor, body: VisitorSendBody): Promise<VisitorMessage> {
      allow(v.visitorId);
      // The socket's frames skip the HTTP body's refinement: the same rule here.
      if (!body.text.trim() && body.attachmentIds.length === 0) {
        throw validationFailed([{ location: 'body', path: 'text', message: 'a message needs text or an attachment' }]);
      }
      const conv = await latest(v);
      // A resend of a message stored before (its ack was lost) is answered with it, open queue or not.
      const prior = conv ? await repo.messageByClientId(db, conv.id, body.clientId) : undefined;
      if (prior) return visitorMessageOut(prior);
      // A new conversation needs the queue open (a reply within an open one is always taken).
      if (!conv || conv.status === 'ended') {
        const q = await deps.acd.queueState(v.channel.queue);
        if (!q.open || q.full) throw chatClosed();
      }
      const p = body.profile;
      const r = await conversations.receive(
        {
          channel: v.channel,
          address: v.visitorId,
          conversationId: conv?.id,
          clientId: body.clientId,
          text: body.text,
          attachmentIds: body.attachmentIds,
          profile: p
            ? { name: p.name, phone: p.phone, email: p.email, questionType: p.questionType, page: p.page }
            : undefined,
        },
        deps.files.binder,
      );
      return visitorMessageOut(r.message);
    },

    async messages(v: Visitor, afterSeq: number): Promise<VisitorMessage[]> {
      const conv = await latest(v);
      if (!conv) return [];
      const rows = await repo.messages(db, conv.id, { after: afterSeq, limit: 500, kinds: [...VISITOR_KINDS] });
      return rows.map(visitorMessageOut);
    },

    async end(v: Visitor): Promise<void> {
      const conv = await latest(v);
      if (conv) await conversations.endByCustomer(conv);
    },

    /** The widget received (or showed) the agent's messages up to `upToSeq`. */
    async receipt(v: Visitor, upToSeq: number, state: 'delivered' | 'read'): Promise<void> {
      const conv = await latest(v);
      if (!conv) return;
      await bus.transaction(async (tx) => {
        const rows = await repo.advanceOutbound(tx, conv.id, upToSeq, state);
        if (rows.length === 0) return;
        await bus.stage(tx, 'conversations.message.state_changed', {
          conversationId: conv.id,
          agentId: conv.agentId,
          messageIds: rows.map((r) => r.id),
          state,
          error: null,
        });
      });
    },

    async csat(v: Visitor, body: CsatBody): Promise<void> {
      const conv = await latest(v);
      if (!conv) throw conversationNotFound('(none)');
      const now = clock.now();
      await bus.transaction(async (tx) => {
        const c = await repo.lock(tx, conv.id);
        if (!c || c.csat !== null) return;
        await repo.update(tx, c.id, { csat: body.score, csatComment: body.comment ?? null, updatedAt: now });
        await bus.stage(tx, 'conversations.csat.recorded', {
          conversationId: c.id,
          contactId: c.contactId,
          agentId: c.agentId,
          customerId: c.customerId,
          channel: 'webchat',
          score: body.score,
          comment: body.comment ?? null,
          at: now.toISOString(),
        });
      });
    },

    typing(_v: Visitor, conv: ConversationRow | undefined): void {
      if (conv && conv.status !== 'ended') conversations.typing(conv.id, 'customer', conv.agentId);
    },

    /**
     * "Leave a message" (closed hours, a full queue): a work order owned by the channel's owner, or a
     * callback request in the channel's queue — as the widget's settings say.
     */
    async leaveMessage(
      key: string,
      body: LeaveMessageBody,
      origin: string | undefined,
      host: string,
    ): Promise<LeftMessage> {
      const channel = await channelByKey(key);
      const settings = widgetOf(channel);
      assertOrigin(settings, origin, host);
      allow(`leave:${channel.id}:${body.phone ?? body.email ?? body.name}`);
      if (settings.leaveMessage === 'off') throw chatClosed();
      const who = {
        name: body.name,
        ...(body.phone ? { phone: body.phone } : {}),
        ...(body.email ? { email: body.email } : {}),
      };
      if (settings.leaveMessage === 'callback') {
        // An agent will dial it: a real number only (libphonenumber; mainland numbers without +86).
        if (!body.phone || !isValidPhoneNumber(body.phone, 'CN')) {
          throw validationFailed([{ location: 'body', path: 'phone', message: 'a phone number to call back' }]);
        }
        const id = await deps.acd.callback({
          queue: channel.queue,
          phone: body.phone,
          text: body.text,
          channel: channel.name,
          ...who,
        });
        return { kind: 'callback', reference: id };
      }
      const ownerId = settings.ticketOwnerId ?? channel.createdBy;
      if (!ownerId) throw chatClosed();
      const number = await deps.leaveTicket({ ownerId, text: body.text, channel: channel.name, ...who });
      return { kind: 'ticket', reference: number };
    },

    /** The visitor's transcript by e-mail (what they and the agents wrote, never notes). */
    async mailTranscript(v: Visitor, email: string): Promise<void> {
      allow(v.visitorId);
      const conv = await latest(v);
      if (!conv) throw conversationNotFound('(none)');
      // Mailing reaches outside Kefu: once per conversation, and only a conversation an agent answered
      // (a visitor cannot make the company's mailbox carry their own text to anyone).
      if (mailed.has(conv.id)) return;
      const rows = await repo.messages(db, conv.id, { after: 0, limit: 2000, kinds: ['in', 'out'] });
      if (!rows.some((m) => m.kind === 'out' && m.authorId)) throw conversationNotFound('(no answered conversation)');
      mailed.add(conv.id);
      const lines = rows.map((m) => {
        const who = m.kind === 'in' ? '我 / Me' : (m.authorName ?? '客服 / Agent');
        const files = m.attachments.map((a) => ` [${a.name}]`).join('');
        return `[${m.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC] ${who}: ${m.text}${files}`;
      });
      await deps.mail({
        to: email,
        subject: `${v.settings.title} — 聊天记录 / Chat transcript`,
        text: lines.join('\n'),
      });
    },

    async upload(v: Visitor, name: string, bytes: Buffer) {
      allow(v.visitorId);
      const conv = await latest(v);
      if (!conv || conv.status === 'ended') throw conversationNotFound('(none open)');
      return deps.files.store(conv.id, 'visitor', name, bytes);
    },

    /** A file of the visitor's conversation: one they sent, or one an agent sent them (never a note's). */
    async file(v: Visitor, id: string) {
      const conv = await latest(v);
      if (!conv) throw conversationNotFound('(none)');
      const a = await repo.findAttachment(db, conv.id, id);
      const m = a?.messageId ? await repo.findMessage(db, a.messageId) : undefined;
      const own = a && !a.messageId && a.uploadedBy === 'visitor';
      if (!own && m?.kind !== 'in' && m?.kind !== 'out') throw attachmentNotFound(id);
      return deps.files.open(conv.id, id);
    },
  };
}
export type WebchatService = ReturnType<typeof createWebchatService>;
