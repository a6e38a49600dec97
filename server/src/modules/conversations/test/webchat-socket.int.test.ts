import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { VisitorSocketOut } from '../../../../../contracts/conversations';
import { type Acd, type Body, eventually, setupAcd } from '../../../../../test/acd';

let acd: Acd;
let key: string;
let base: string;
const open: WebSocket[] = [];

/** A widget's socket that keeps what it hears, so a test awaits the message it expects. */
type Widget = {
  ws: WebSocket;
  heard: VisitorSocketOut[];
  next(match: (m: VisitorSocketOut) => boolean): Promise<VisitorSocketOut>;
};

async function widget(): Promise<Widget> {
  const r = await acd.t.kefu.app.inject({
    method: 'POST',
    url: `/api/v1/chat/widgets/${key}/session`,
    headers: { 'content-type': 'application/json' },
    payload: '{}',
  });
  const ws = new WebSocket(`${base}/api/v1/chat/socket?token=${encodeURIComponent(r.json().token)}`);
  open.push(ws);
  const heard: VisitorSocketOut[] = [];
  const waiting: Array<{ match(m: VisitorSocketOut): boolean; resolve(m: VisitorSocketOut): void }> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as VisitorSocketOut;
    heard.push(m);
    for (const w of [...waiting]) {
      if (!w.match(m)) continue;
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(m);
    }
  });
  const w: Widget = {
    ws,
    heard,
    next: (match) => {
      const seen = heard.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
  await w.next((m) => m.t === 'hello');
  return w;
}

const send = (w: Widget, clientId: string, text: string) => w.ws.send(JSON.stringify({ t: 'send', clientId, text }));
const position = (m: VisitorSocketOut) => (m.t === 'state' ? m.standing?.position : undefined);

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'websock', wrapUpSeconds: 30 }],
    users: [{ name: 'ws1', memberships: [{ queue: 'websock' }], capacity: { chat: 1 } }],
  });
  const ch = await acd.call(
    'admin',
    'POST',
    '/api/v1/channels',
    { name: '官网', queue: 'websock', settings: { kind: 'webchat' } },
    201,
  );
  key = ch.publicKey;
  await acd.t.kefu.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(acd.t.kefu.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  await acd.t.close();
});

describe('the widget socket', () => {
  it('acknowledges a message once however often it is resent', async () => {
    const w = await widget();
    send(w, 'once-1', '你好');
    const first = await w.next((m) => m.t === 'ack');
    send(w, 'once-1', '你好');
    await eventually(async () => w.heard.filter((m) => m.t === 'ack').length === 2);
    const acks = w.heard.filter((m) => m.t === 'ack');
    expect(acks.map((m) => m.t === 'ack' && m.message.id)).toEqual([
      first.t === 'ack' && first.message.id,
      first.t === 'ack' && first.message.id,
    ]);
    w.ws.send(JSON.stringify({ t: 'end' }));
    await w.next((m) => m.t === 'state' && m.status === 'ended');
  });

  it('a waiting visitor hears their place move up when the one ahead is served', async () => {
    const a = await widget();
    const b = await widget();
    send(a, 'a-1', '我先到');
    await a.next((m) => position(m) === 1);
    send(b, 'b-1', '我第二');
    await b.next((m) => position(m) === 2);

    await acd.ready('ws1');
    const offered = await eventually(async () => {
      const list = await acd.call('admin', 'GET', '/api/v1/contacts?state=offered');
      return (list.items ?? list).find((c: Body) => c.agentId === acd.id('ws1'));
    });
    await acd.call('ws1', 'POST', `/api/v1/contacts/${offered.id}/accept`);
    await a.next((m) => m.t === 'state' && m.status === 'active');
    // Nothing happened to b's conversation: the standings round (every 5 s) tells b.
    const moved = await b.next((m) => position(m) === 1);
    expect(moved).toMatchObject({ t: 'state', status: 'waiting' });
  }, 15_000);
});
