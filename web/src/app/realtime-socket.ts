import type { RealtimeMessage } from '../../../contracts/realtime';
import { API_BASE } from './api-client';

export type RealtimeCallbacks = {
  onMessage: (message: RealtimeMessage) => void;
  /** Messages may have been missed (a seq gap, or a new socket after a drop): reload over HTTP. */
  onResync: () => void;
  onOpenChange: (open: boolean) => void;
  /**
   * The socket closed unasked; `attempt` counts failures in a row since the last open. Code 4001
   * is the server ending it for the session's sake (logout, expiry, lock).
   */
  onDrop: (attempt: number, code: number) => void;
};

const MAX_DELAY_MS = 30_000;

function isMessage(value: unknown): value is RealtimeMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { seq?: unknown }).seq === 'number'
  );
}

/**
 * One WebSocket to /api/v1/realtime, authenticated by the session cookie, reconnecting with
 * exponential backoff and jitter until closed.
 */
export function openRealtime(callbacks: RealtimeCallbacks): { close: () => void } {
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let failures = 0;
  let lastSeq: number | undefined;

  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${API_BASE}/realtime`;

  function connect(): void {
    timer = undefined;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      lastSeq = undefined;
      callbacks.onOpenChange(true);
      // Whatever happened while no socket was open is read again: after a drop, and also at the
      // first open — a page's first reads can start before the socket opens (a slow start on a busy
      // machine), and an event in between (a contact offered to this agent) would otherwise wait for
      // the slow fallback poll.
      callbacks.onResync();
    };
    ws.onmessage = (event) => {
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (!isMessage(message)) return;
      // seq restarts with every socket; within one it rises by exactly one.
      if (lastSeq !== undefined && message.seq !== lastSeq + 1) callbacks.onResync();
      lastSeq = message.seq;
      callbacks.onMessage(message);
    };
    ws.onclose = (event) => {
      if (socket === ws) socket = undefined;
      if (closed) return;
      callbacks.onOpenChange(false);
      failures += 1;
      callbacks.onDrop(failures, event.code);
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - 1));
      timer = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
    };
  }

  // Deferred a tick: a component mounted and at once unmounted (React StrictMode) opens nothing.
  timer = setTimeout(connect, 0);

  return {
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close(1000);
      socket = undefined;
    },
  };
}
