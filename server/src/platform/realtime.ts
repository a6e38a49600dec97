import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Permission } from '../../../contracts/permissions';
import type { RealtimeMessage } from '../../../contracts/realtime';
import type { Envelope, EventBus, EventMap, EventName } from './bus';
import { AppError, foreignOrigin, upgradeRequired } from './errors';
import { type Authenticator, type Principal, tokenOf } from './guard';
import type { Logger } from './logger';

/**
 * Who receives an event: principals holding any of `permissions`, plus the users `users` names.
 * An event with no audience never leaves the server.
 */
export type Audience<N extends EventName> = {
  permissions?: Permission[];
  users?: (payload: EventMap[N]) => Array<string | null | undefined>;
  /** Holders of these roles (e.g. everyone whose role was just edited: their menus change). */
  roles?: (payload: EventMap[N]) => string[];
};
export type AudienceTable = { [N in EventName]?: Audience<N> };

type Outgoing = RealtimeMessage extends infer M ? (M extends RealtimeMessage ? Omit<M, 'seq'> : never) : never;

type Conn = { socket: WebSocket; principal: Principal; token: string; seq: number };

export type RealtimeGateway = { connections(): number; close(): void };

/** Session events the gateway acts on itself (logout, disable): it closes the sockets of that session. */
export type SessionEnded = {
  sessionId: string | null;
  userId: string;
  reason: 'logout' | 'expired' | 'disabled' | 'locked';
};

export function registerRealtime(
  app: FastifyInstance,
  deps: {
    bus: EventBus;
    authenticator: Authenticator;
    audiences: AudienceTable;
    sessionEndedEvent: EventName;
    /** Events after which every socket's principal is read again (role permissions changed). */
    principalsChangedEvents?: EventName[];
    log: Logger;
    revalidateMs?: number;
  },
): RealtimeGateway {
  const conns = new Set<Conn>();

  function send(c: Conn, msg: Outgoing): void {
    sendSerialized(c, JSON.stringify(msg));
  }

  /**
   * `json` is the message without its `seq`, serialized once for every socket it goes to; the
   * socket's own `seq` is appended as the last key (the text JSON.stringify({ ...msg, seq }) gives).
   */
  function sendSerialized(c: Conn, json: string): void {
    if (c.socket.readyState !== c.socket.OPEN) return;
    c.seq += 1;
    c.socket.send(`${json.slice(0, -1)},"seq":${c.seq}}`);
  }

  function end(c: Conn, reason: 'logout' | 'expired' | 'locked' | 'disabled'): void {
    send(c, { type: 'session_ended', reason });
    conns.delete(c);
    c.socket.close(4001, reason);
  }

  function reaches(audience: Audience<EventName>, env: Envelope, p: Principal): boolean {
    if (audience.permissions?.some((perm) => p.permissions.has(perm))) return true;
    if (audience.roles?.(env.payload as never).some((r) => p.roles.includes(r))) return true;
    return !!audience.users?.(env.payload as never).includes(p.userId);
  }

  function push(env: Envelope): void {
    const audience = deps.audiences[env.name] as Audience<EventName> | undefined;
    if (!audience) return;
    let json: string | undefined;
    for (const c of conns) {
      if (reaches(audience, env, c.principal)) {
        const msg: Outgoing = { type: 'event', name: env.name, at: env.at, payload: env.payload } as Outgoing;
        json ??= JSON.stringify(msg);
        sendSerialized(c, json);
      }
    }
  }
  deps.bus.subscribeSignals(push);

  deps.bus.subscribe('*', async (env) => {
    if (deps.principalsChangedEvents?.includes(env.name)) await revalidateAll();
    if (env.name === deps.sessionEndedEvent) {
      const ended = env.payload as unknown as SessionEnded;
      for (const c of conns) {
        if (
          c.principal.sessionId === ended.sessionId ||
          (ended.sessionId === null && c.principal.userId === ended.userId)
        ) {
          end(c, ended.reason);
        }
      }
    }
    push(env);
  });

  // Permissions change (role edits) and sessions lock or expire: re-read each socket's principal.
  async function revalidateAll(): Promise<void> {
    for (const c of conns) {
      try {
        c.principal = await deps.authenticator.authenticate(c.token, { allowLocked: false, touch: false });
      } catch (err) {
        // Only a verdict about the session ends it; a failed lookup (database restarting) must not
        // sign every client out. The next round checks again.
        if (!(err instanceof AppError) || (err.kind !== 'unauthenticated' && err.kind !== 'forbidden')) {
          deps.log.warn({ err }, 'could not re-check a realtime session; keeping the socket');
          continue;
        }
        const code = err.code;
        end(c, code === 'AUTH.SESSION_LOCKED' ? 'locked' : code === 'AUTH.ACCOUNT_DISABLED' ? 'disabled' : 'expired');
      }
    }
  }
  const timer = setInterval(() => void revalidateAll(), deps.revalidateMs ?? 30_000);
  timer.unref();

  app.route({
    method: 'GET',
    url: '/api/v1/realtime',
    config: { permission: 'authenticated' },
    schema: { hide: true },
    // Browsers send the session cookie with a WebSocket upgrade from any page of the same site (another
    // port, a sibling host): only pages served by Kefu itself may open one. Non-browser clients send
    // no Origin and authenticate with a bearer token.
    preValidation: async (req) => {
      const origin = req.headers.origin;
      if (origin === undefined) return;
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {}
      if (host !== req.host) throw foreignOrigin();
    },
    // A plain HTTP request (no upgrade) gets the usual error shape, not an empty 404.
    handler: async () => {
      throw upgradeRequired();
    },
    wsHandler: (socket, req) => {
      const principal = req.principal;
      const token = tokenOf(req);
      if (!principal || !token) {
        socket.close(4001, 'unauthenticated');
        return;
      }
      const c: Conn = { socket, principal, token, seq: 0 };
      conns.add(c);
      send(c, { type: 'hello', userId: principal.userId });
      socket.on('close', () => conns.delete(c));
      socket.on('error', (err) => deps.log.debug({ err }, 'websocket error'));
      // Clients only listen; anything they send is ignored (pings are handled by the ws library).
    },
  });

  return {
    connections: () => conns.size,
    close() {
      clearInterval(timer);
      for (const c of conns) c.socket.close(1001, 'server shutting down');
      conns.clear();
    },
  };
}
