import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { VisitorSocketIn, type VisitorSocketOut } from '../../../../contracts/conversations';
import type { EventBus } from '../../platform/bus';
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { VISITOR_KINDS, visitorMessageOut } from './conversations.dto';
import type { ConversationRow, ConversationsRepo } from './conversations.repo';
import type { Visitor, WebchatService } from './webchat.service';

type Conn = {
  socket: WebSocket;
  visitor: Visitor;
  conversationId: string | null;
  alive: boolean;
  standing: string;
  /** Frames received and not yet handled; last typing signal passed on (ms). */
  pending: number;
  typedAt: number;
};

/** Frames a socket may have waiting; beyond it the socket is closed (a client flooding it). */
const MAX_PENDING = 50;
/** A visitor's typing is passed on at most this often. */
const TYPING_EVERY_MS = 1_000;

const PING_EVERY_MS = 25_000;
const STANDING_EVERY_MS = 5_000;

/**
 * The widget's WebSocket: a second gateway beside platform/realtime because visitors are not
 * principals (no session, no permissions) — each socket belongs to one visitor and hears only that
 * visitor's conversation. What it pushes comes from the bus like everything realtime: stored
 * messages (`conversations.message.created`), state changes, the agent's typing signal.
 */
export function registerVisitorSocket(
  app: FastifyInstance,
  deps: { webchat: WebchatService; bus: EventBus; log: Logger; db: Database; repo: ConversationsRepo },
) {
  const { webchat, bus, log } = deps;
  const byConversation = new Map<string, Set<Conn>>();
  const byVisitor = new Map<string, Set<Conn>>();
  /**
   * What the last read of each followed conversation said: the standings round looks here, not in
   * the database, so thousands of chats with an agent cost it nothing. Every change of status or
   * contact publishes `conversations.conversation.updated`, whose pushState reads the row again.
   */
  const known = new Map<string, Pick<ConversationRow, 'status' | 'contactId'>>();
  const unsubs: Array<() => void> = [];

  const vkey = (v: Visitor) => `${v.channel.id}:${v.visitorId}`;
  function send(c: Conn, msg: VisitorSocketOut): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(msg));
  }
  function unbind(c: Conn): void {
    if (!c.conversationId) return;
    const set = byConversation.get(c.conversationId);
    set?.delete(c);
    if (set?.size === 0) {
      byConversation.delete(c.conversationId);
      known.delete(c.conversationId);
    }
  }
  function bind(c: Conn, conv: ConversationRow | undefined): void {
    const conversationId = conv?.id ?? null;
    if (conv) known.set(conv.id, { status: conv.status, contactId: conv.contactId });
    if (c.conversationId === conversationId) return;
    unbind(c);
    c.conversationId = conversationId;
    if (!conversationId) return;
    const set = byConversation.get(conversationId) ?? new Set<Conn>();
    set.add(c);
    byConversation.set(conversationId, set);
  }
  function drop(c: Conn): void {
    unbind(c);
    const vs = byVisitor.get(vkey(c.visitor));
    vs?.delete(c);
    if (vs?.size === 0) byVisitor.delete(vkey(c.visitor));
  }
  /** Every socket of the visitor follows the conversation they now write in (a new one after an end). */
  function follow(v: Visitor, conv: ConversationRow): void {
    for (const c of byVisitor.get(vkey(v)) ?? []) bind(c, conv);
  }

  async function pushState(conversationId: string): Promise<void> {
    const conns = byConversation.get(conversationId);
    if (!conns?.size) return;
    const c = await deps.repo.find(deps.db, conversationId);
    if (!c) return;
    if (byConversation.has(conversationId)) known.set(conversationId, { status: c.status, contactId: c.contactId });
    const msg: VisitorSocketOut = {
      t: 'state',
      status: c.status as 'waiting' | 'active' | 'ended',
      agentName: await webchat.agentName(c),
      standing: webchat.standing(c),
    };
    const json = JSON.stringify(msg);
    for (const conn of conns) {
      conn.standing = JSON.stringify(msg.standing);
      if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(json);
    }
  }

  function errorOf(err: unknown, clientId?: string): VisitorSocketOut {
    if (err instanceof AppError && err.status < 500) {
      return { t: 'error', code: err.code, message: err.message, ...(clientId ? { clientId } : {}) };
    }
    log.error({ err }, 'chat socket: a visitor message failed');
    return { t: 'error', code: 'INTERNAL', message: 'Internal error', ...(clientId ? { clientId } : {}) };
  }

  async function onMessage(c: Conn, raw: string): Promise<void> {
    let parsed: VisitorSocketIn;
    try {
      parsed = VisitorSocketIn.parse(JSON.parse(raw));
    } catch {
      send(c, { t: 'error', code: 'VALIDATION.FAILED', message: 'Not a message this socket understands' });
      return;
    }
    switch (parsed.t) {
      case 'send': {
        try {
          const { t: _t, ...body } = parsed;
          const message = await webchat.send(c.visitor, body);
          const conv = await webchat.latest(c.visitor);
          const before = c.conversationId;
          if (conv) follow(c.visitor, conv);
          send(c, { t: 'ack', clientId: parsed.clientId, message });
          // A new (or reopened) conversation's update may have been pushed before this socket
          // followed it: the visitor hears its state now rather than at the next standings round.
          if (conv && conv.id !== before) await pushState(conv.id);
        } catch (err) {
          send(c, errorOf(err, parsed.clientId));
        }
        return;
      }
      case 'typing': {
        const now = Date.now();
        if (now - c.typedAt < TYPING_EVERY_MS || !c.conversationId) return;
        c.typedAt = now;
        const k = known.get(c.conversationId);
        if (k?.status === 'ended') return;
        webchat.typing(c.visitor, await deps.repo.find(deps.db, c.conversationId));
        return;
      }
      case 'delivered':
      case 'read':
        await webchat.receipt(c.visitor, parsed.upToSeq, parsed.t).catch((err) => send(c, errorOf(err)));
        return;
      case 'sync': {
        const messages = await webchat.messages(c.visitor, parsed.afterSeq).catch(() => []);
        for (const m of messages) send(c, { t: 'message', message: m });
        if (c.conversationId) await pushState(c.conversationId);
        return;
      }
      case 'end':
        await webchat.end(c.visitor).catch((err) => send(c, errorOf(err)));
        return;
    }
  }

  unsubs.push(
    bus.subscribe('conversations.message.created', (e) => {
      const conns = byConversation.get(e.payload.conversationId);
      if (!conns?.size) return;
      const m = e.payload.message;
      if (!VISITOR_KINDS.includes(m.kind)) return;
      const json = JSON.stringify({
        t: 'message',
        message: visitorMessageOut({ ...m, createdAt: new Date(m.createdAt) }),
      } satisfies VisitorSocketOut);
      for (const c of conns) if (c.socket.readyState === c.socket.OPEN) c.socket.send(json);
    }),
    bus.subscribe('conversations.conversation.updated', (e) => pushState(e.payload.conversationId)),
    bus.subscribe('conversations.typing', (e) => {
      if (e.payload.from !== 'agent') return;
      for (const c of byConversation.get(e.payload.conversationId) ?? []) send(c, { t: 'typing' });
    }),
  );

  // Dead connections (a phone that lost its network without closing) are found by pings.
  const pinger = setInterval(() => {
    for (const set of byVisitor.values()) {
      for (const c of set) {
        if (!c.alive) {
          c.socket.terminate();
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
    }
  }, PING_EVERY_MS);
  pinger.unref();

  // The queue moves without events for this visitor: waiting ones hear their place every few seconds.
  // The place comes from the ACD's memory; only a changed one costs a read (pushState).
  const standings = setInterval(() => {
    for (const [conversationId, conns] of byConversation) {
      const k = known.get(conversationId);
      if (k?.status !== 'waiting') continue;
      const s = JSON.stringify(webchat.standing(k));
      if ([...conns].every((x) => x.standing === s)) continue;
      void pushState(conversationId).catch((err) => log.warn({ err }, 'chat socket: a queue position push failed'));
    }
  }, STANDING_EVERY_MS);
  standings.unref();

  app.route({
    method: 'GET',
    url: '/api/v1/chat/socket',
    config: { permission: 'public' },
    schema: { hide: true },
    preValidation: async (req) => {
      const token = (req.query as { token?: string }).token;
      (req as unknown as { visitor: Visitor }).visitor = await webchat.visitor(token, req.headers.origin, req.host);
    },
    handler: async () => {
      throw new AppError('REALTIME.UPGRADE_REQUIRED', 'Connect with a WebSocket upgrade');
    },
    wsHandler: (socket, req) => {
      const visitor = (req as unknown as { visitor: Visitor }).visitor;
      const c: Conn = { socket, visitor, conversationId: null, alive: true, standing: '', pending: 0, typedAt: 0 };
      const vs = byVisitor.get(vkey(visitor)) ?? new Set<Conn>();
      vs.add(c);
      byVisitor.set(vkey(visitor), vs);
      socket.on('pong', () => {
        c.alive = true;
      });
      socket.on('close', () => drop(c));
      socket.on('error', (err) => log.debug({ err }, 'chat socket error'));
      // Messages are handled one at a time per socket, in the order sent.
      let chain = Promise.resolve();
      socket.on('message', (data) => {
        const raw = data.toString();
        if (raw.length > 64 * 1024) {
          send(c, { t: 'error', code: 'HTTP.BODY_TOO_LARGE', message: 'Message too large' });
          return;
        }
        if (c.pending >= MAX_PENDING) {
          socket.close(1008, 'too many messages');
          return;
        }
        c.pending++;
        chain = chain
          .then(() => onMessage(c, raw))
          .catch((err) => log.error({ err }, 'chat socket handler failed'))
          .finally(() => {
            c.pending--;
          });
      });
      void webchat
        .latest(visitor)
        .then(async (conv) => {
          // Closed while the conversation was read: nothing to follow (and nothing left behind).
          if (socket.readyState !== socket.OPEN) return;
          const open = conv && conv.status !== 'ended' ? conv : undefined;
          if (conv) bind(c, conv);
          send(c, { t: 'hello', conversationId: conv?.id ?? null });
          if (open) await pushState(open.id);
        })
        .catch((err) => {
          log.warn({ err }, 'chat socket: reading the visitor’s conversation failed');
          socket.close(1011, 'try again');
        });
    },
  });

  return {
    connections: () => [...byVisitor.values()].reduce((n, s) => n + s.size, 0),
    close(): void {
      clearInterval(pinger);
      clearInterval(standings);
      for (const u of unsubs.splice(0)) u();
      for (const set of byVisitor.values()) for (const c of set) c.socket.close(1001, 'server shutting down');
      byVisitor.clear();
      byConversation.clear();
      known.clear();
    },
  };
}
