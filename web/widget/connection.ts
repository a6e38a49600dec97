import type { VisitorSocketIn, VisitorSocketOut } from '../../contracts/conversations';
import { backoffDelay } from './backoff';

/** The part of a browser WebSocket the connection uses (a fake one in tests). */
export type SocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
};

const OPEN = 1;

export type ConnectionDeps = {
  /**
   * The socket's URL, asked before every attempt. `failedBefore`: the last attempt never opened (an
   * expired token, a disabled channel): the app renews its session first.
   */
  url(failedBefore: boolean): Promise<string | undefined>;
  open(url: string): SocketLike;
  onOpen(): void;
  onMessage(msg: VisitorSocketOut): void;
  /** The socket went away (or an attempt failed): the app shows "reconnecting". */
  onDown(): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  random?: () => number;
  online?: () => boolean;
};

export type Connection = ReturnType<typeof createConnection>;

/**
 * The widget's WebSocket to `/api/v1/chat/socket`, kept up: after a drop it reconnects with
 * exponential backoff and jitter (backoff.ts), at once when the browser says it is back online, and
 * not at all while it says it is offline. What to do on each (re)open — sync, resend the outbox —
 * is the app's, in `onOpen`.
 */
export function createConnection(deps: ConnectionDeps) {
  let socket: SocketLike | undefined;
  let attempt = 0;
  let timer: unknown;
  let stopped = true;
  let connecting = false;
  let failedBefore = false;

  function schedule(): void {
    if (stopped || timer !== undefined || connecting) return;
    if (deps.online && !deps.online()) return; // `online` brings it back
    const ms = backoffDelay(attempt, deps.random);
    attempt += 1;
    timer = deps.setTimer(() => {
      timer = undefined;
      void connect();
    }, ms);
  }

  async function connect(): Promise<void> {
    if (stopped || socket || connecting) return;
    connecting = true;
    let url: string | undefined;
    try {
      url = await deps.url(failedBefore);
    } catch {
      url = undefined;
    }
    connecting = false;
    if (stopped || socket) return;
    if (!url) {
      failedBefore = true;
      deps.onDown();
      schedule();
      return;
    }
    const s = deps.open(url);
    socket = s;
    let opened = false;
    s.onopen = () => {
      if (socket !== s) return;
      opened = true;
      attempt = 0;
      failedBefore = false;
      deps.onOpen();
    };
    s.onmessage = (ev) => {
      if (socket !== s || typeof ev.data !== 'string') return;
      let msg: VisitorSocketOut;
      try {
        msg = JSON.parse(ev.data) as VisitorSocketOut;
      } catch {
        return;
      }
      deps.onMessage(msg);
    };
    s.onerror = () => {};
    s.onclose = () => {
      if (socket !== s) return;
      socket = undefined;
      if (!opened) failedBefore = true;
      deps.onDown();
      schedule();
    };
  }

  function drop(): void {
    const s = socket;
    socket = undefined;
    if (!s) return;
    s.onopen = s.onclose = s.onmessage = null;
    try {
      s.close(4000, 'reconnect');
    } catch {}
    deps.onDown();
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      void connect();
    },
    stop(): void {
      stopped = true;
      if (timer !== undefined) deps.clearTimer(timer);
      timer = undefined;
      drop();
    },
    get open(): boolean {
      return socket?.readyState === OPEN;
    },
    /** Writes a message when the socket is open; false when it is not (the caller keeps it). */
    send(msg: VisitorSocketIn | Record<string, unknown>): boolean {
      if (socket?.readyState !== OPEN) return false;
      try {
        socket.send(JSON.stringify(msg));
        return true;
      } catch {
        return false;
      }
    },
    /** The socket looks open but answers nothing (no ack in time): drop it and try again soon. */
    restart(): void {
      drop();
      schedule();
    },
    /** The browser is back online: try now rather than after the backoff. */
    online(): void {
      if (stopped || socket) return;
      if (timer !== undefined) deps.clearTimer(timer);
      timer = undefined;
      attempt = 0;
      void connect();
    },
    /** The browser went offline: a socket it keeps open would swallow messages. */
    offline(): void {
      if (timer !== undefined) deps.clearTimer(timer);
      timer = undefined;
      drop();
    },
  };
}
