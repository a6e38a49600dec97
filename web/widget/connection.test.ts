import { describe, expect, it } from 'vitest';
import type { VisitorSocketOut } from '../../contracts/conversations';
import { createConnection, type SocketLike } from './connection';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  accept() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  die() {
    this.readyState = 3;
    this.onclose?.(new Event('close') as CloseEvent);
  }
  push(msg: VisitorSocketOut) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(msg) }));
  }
}

function harness(opts: { online?: () => boolean } = {}) {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const log: string[] = [];
  const urlCalls: boolean[] = [];
  const conn = createConnection({
    url: async (failedBefore) => {
      urlCalls.push(failedBefore);
      return `ws://kefu/api/v1/chat/socket?token=t${urlCalls.length}`;
    },
    open: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onOpen: () => log.push('open'),
    onDown: () => log.push('down'),
    onMessage: (m) => log.push(`msg:${m.t}`),
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      (t as { cleared: boolean }).cleared = true;
    },
    random: () => 0.5,
    online: opts.online,
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  /** Fires the pending reconnect timer and waits for the attempt. */
  const fire = async () => {
    const t = timers.filter((x) => !x.cleared).pop();
    if (!t) throw new Error('no timer pending');
    t.cleared = true;
    t.fn();
    await flush();
    return t.ms;
  };
  return { conn, sockets, timers, log, urlCalls, flush, fire, last: () => sockets[sockets.length - 1]! };
}

describe('the widget connection', () => {
  it('reconnects after a drop with growing waits, and starts over once connected', async () => {
    const h = harness();
    h.conn.start();
    await h.flush();
    h.last().accept();
    h.last().push({ t: 'hello', conversationId: null });
    expect(h.log).toEqual(['open', 'msg:hello']);
    h.last().die();
    expect(await h.fire()).toBe(500);
    h.last().die(); // refused before opening
    expect(await h.fire()).toBe(1000);
    h.last().die();
    expect(await h.fire()).toBe(2000);
    h.last().accept();
    h.last().die();
    expect(await h.fire()).toBe(500);
    expect(h.sockets).toHaveLength(5);
  });

  it('asks for a fresh session after an attempt that never opened', async () => {
    const h = harness();
    h.conn.start();
    await h.flush();
    h.last().accept();
    h.last().die(); // a drop after a good connection: the token is still fine
    await h.fire();
    h.last().die(); // never opened: maybe the token expired
    await h.fire();
    expect(h.urlCalls).toEqual([false, false, true]);
  });

  it('sends only while open', async () => {
    const h = harness();
    h.conn.start();
    await h.flush();
    expect(h.conn.send({ t: 'typing' })).toBe(false);
    h.last().accept();
    expect(h.conn.send({ t: 'typing' })).toBe(true);
    expect(h.last().sent).toEqual(['{"t":"typing"}']);
  });

  it('waits for the browser to be online, then connects at once', async () => {
    let online = true;
    const h = harness({ online: () => online });
    h.conn.start();
    await h.flush();
    h.last().accept();
    online = false;
    h.conn.offline();
    expect(h.log).toEqual(['open', 'down']);
    expect(h.timers.filter((t) => !t.cleared)).toEqual([]);
    online = true;
    h.conn.online();
    await h.flush();
    expect(h.sockets).toHaveLength(2);
    h.last().accept();
    expect(h.log).toEqual(['open', 'down', 'open']);
  });

  it('a socket that stopped answering is replaced', async () => {
    const h = harness();
    h.conn.start();
    await h.flush();
    const first = h.last();
    first.accept();
    h.conn.restart();
    expect(first.readyState).toBe(3);
    await h.fire();
    expect(h.sockets).toHaveLength(2);
    // The old socket's late close changes nothing.
    first.onclose?.(new Event('close') as CloseEvent);
    expect(h.log).toEqual(['open', 'down']);
  });

  it('stops for good', async () => {
    const h = harness();
    h.conn.start();
    await h.flush();
    h.last().accept();
    h.conn.stop();
    expect(h.timers.filter((t) => !t.cleared)).toEqual([]);
    expect(h.conn.open).toBe(false);
  });
});
