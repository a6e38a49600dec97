import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Acd, type Body, eventually, setupAcd } from '../../../../../test/acd';

let acd: Acd;
let key: string;

type Res = { statusCode: number; body: string; json(): Body };
const visitorReq = async (
  method: 'GET' | 'POST',
  url: string,
  opts: { token?: string; body?: unknown; origin?: string } = {},
): Promise<Res> =>
  acd.t.kefu.app.inject({
    method,
    url,
    headers: {
      ...(opts.token ? { 'x-visitor-token': opts.token } : {}),
      ...(opts.origin ? { origin: opts.origin } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
const ok = (r: Res, status = 200) => {
  if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode}: ${r.body}`);
  return r.statusCode === 204 ? undefined : r.json();
};
const session = async (token?: string, origin?: string) =>
  ok(await visitorReq('POST', `/api/v1/chat/widgets/${key}/session`, { body: token ? { token } : {}, origin }));
const drain = () => acd.t.kefu.bus.drain();

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'web', wrapUpSeconds: 30 }, { key: 'web2' }, { key: 'vip' }],
    users: [
      {
        name: 'wa1',
        memberships: [{ queue: 'web' }],
        capacity: { voice: 1, chat: 3, email: 5, sms: 5, task: 1, callback: 1 },
      },
      {
        name: 'wb1',
        memberships: [{ queue: 'web2' }],
        capacity: { voice: 1, chat: 3, email: 5, sms: 5, task: 1, callback: 1 },
      },
      { name: 'wlead', roles: ['team_lead'] },
      { name: 'wsup', roles: ['supervisor'] },
    ],
  });
  const ch = await acd.call(
    'admin',
    'POST',
    '/api/v1/channels',
    { name: '官网在线客服', queue: 'web', settings: { kind: 'webchat', allowedOrigins: ['https://shop.example.com'] } },
    201,
  );
  key = ch.publicKey;
});
afterAll(() => acd.t.close());

describe('web chat: a visitor and an agent, through the ACD', () => {
  let token: string;
  let conversationId: string;
  let contactId: string;

  it('a visitor gets a signed session; a page from a foreign origin is refused', async () => {
    const s = await session();
    expect(s).toMatchObject({ open: true, conversation: null, widget: { title: '在线客服' } });
    token = s.token;
    expect((await session(token)).visitorId).toBe(s.visitorId);
    expect((await session(undefined, 'https://shop.example.com')).open).toBe(true);
    const foreign = await visitorReq('POST', `/api/v1/chat/widgets/${key}/session`, {
      body: {},
      origin: 'https://evil.example.net',
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('CONVERSATIONS.ORIGIN_NOT_ALLOWED');
    const bad = await visitorReq('GET', '/api/v1/chat/messages', { token: `${token.slice(0, -2)}xx` });
    expect(bad.statusCode).toBe(401);
  });

  it('the first message starts a conversation that waits in the queue; a resend is stored once', async () => {
    const body = {
      clientId: 'm-1',
      text: '你好，我的宽带断了，电话 13812345678',
      profile: { name: '张三', phone: '13812345678' },
    };
    const m1 = ok(await visitorReq('POST', '/api/v1/chat/messages', { token, body }));
    const again = ok(await visitorReq('POST', '/api/v1/chat/messages', { token, body }));
    expect(again.id).toBe(m1.id);
    expect(m1).toMatchObject({ seq: 1, from: 'visitor', clientId: 'm-1' });
    const s = await session(token);
    expect(s.conversation).toMatchObject({ status: 'waiting', standing: { position: 1 } });
    conversationId = s.conversation.id;
    const contacts = await acd.call('admin', 'GET', '/api/v1/contacts?state=queued');
    const c = (contacts.items ?? contacts).find((x: Body) => x.attributes?.conversationId === conversationId);
    expect(c).toMatchObject({ channel: 'chat', state: 'queued', customer: { name: '张三' } });
    contactId = c.id;
  });

  it('an agent accepts the offer: the conversation is theirs, with the unread message', async () => {
    await acd.ready('wa1');
    await eventually(async () => (await acd.contact(contactId)).state === 'offered');
    await acd.call('wa1', 'POST', `/api/v1/contacts/${contactId}/accept`);
    await drain();
    const list = await acd.call('wa1', 'GET', '/api/v1/conversations');
    expect(list.items).toMatchObject([
      { id: conversationId, status: 'active', unread: 1, customerPhone: '13812345678' },
    ]);
    const s = await session(token);
    expect(s.conversation).toMatchObject({ status: 'active', standing: null });
    expect(s.conversation.agentName).toBeTruthy();
  });

  it('replies reach the visitor, notes and whispers never do; receipts advance the delivery state', async () => {
    const reply = await acd.call(
      'wa1',
      'POST',
      `/api/v1/conversations/${conversationId}/messages`,
      { text: '您好，请稍等，我帮您查询' },
      201,
    );
    expect(reply).toMatchObject({ kind: 'out', state: 'sent', seq: 2 });
    await acd.call(
      'wa1',
      'POST',
      `/api/v1/conversations/${conversationId}/messages`,
      { kind: 'note', text: '疑似光猫故障' },
      201,
    );
    await acd.call(
      'wsup',
      'POST',
      `/api/v1/conversations/${conversationId}/whisper`,
      { text: '先查账户是否欠费' },
      201,
    );
    const seen = ok(await visitorReq('GET', '/api/v1/chat/messages?after=0', { token }));
    expect(seen.map((m: Body) => [m.from, m.text])).toEqual([
      ['visitor', '你好，我的宽带断了，电话 13812345678'],
      ['agent', '您好，请稍等，我帮您查询'],
    ]);
    ok(await visitorReq('POST', '/api/v1/chat/receipts', { token, body: { upToSeq: 2, state: 'read' } }), 204);
    const d = await acd.call('wa1', 'GET', `/api/v1/conversations/${conversationId}`);
    expect(d.messages.map((m: Body) => [m.kind, m.state])).toEqual([
      ['in', 'received'],
      ['out', 'read'],
      ['note', 'sent'],
      ['whisper', 'sent'],
    ]);
    expect(d.unread).toBe(0);
  });

  it('a reader without pii.view sees the transcript masked; the serving agent and holders of pii.view in clear', async () => {
    expect(await acd.status('wlead', 'GET', `/api/v1/conversations/${conversationId}`)).toBe(200);
    const lead = await acd.call('wlead', 'GET', `/api/v1/conversations/${conversationId}`);
    expect(lead.customerPhone).toBe('138****5678');
    expect(lead.messages[0].text).toBe('你好，我的宽带断了，电话 138****5678');
    const sup = await acd.call('wsup', 'GET', `/api/v1/conversations/${conversationId}`);
    expect(sup.messages[0].text).toContain('13812345678');
  });

  it('the agent ends it: the contact goes to wrap-up, the visitor rates it once', async () => {
    expect(await acd.status('wa1', 'POST', `/api/v1/conversations/${conversationId}/end`)).toBe(204);
    await drain();
    expect((await acd.contact(contactId)).state).toBe('wrap_up');
    const s = await session(token);
    expect(s.conversation).toMatchObject({ status: 'ended', csat: null });
    ok(await visitorReq('POST', '/api/v1/chat/csat', { token, body: { score: 5 } }), 204);
    ok(await visitorReq('POST', '/api/v1/chat/csat', { token, body: { score: 1 } }), 204);
    expect((await session(token)).conversation.csat).toBe(5);
    await acd.call('wa1', 'POST', `/api/v1/contacts/${contactId}/wrap-up`, {
      disposition: 'resolved',
      requestType: 'fault',
    });
  });

  it("the visitor's next message reopens the conversation as a new contact in the queue", async () => {
    ok(await visitorReq('POST', '/api/v1/chat/messages', { token, body: { clientId: 'm-2', text: '又断了' } }));
    await drain();
    const s = await session(token);
    expect(s.conversation).toMatchObject({ id: conversationId });
    expect(['waiting', 'active']).toContain(s.conversation.status);
    const d = await acd.call('wsup', 'GET', `/api/v1/conversations/${conversationId}`);
    expect(d.contactId).not.toBe(contactId);
  });

  it('another visitor reads only their own (empty) conversation', async () => {
    const other = await session();
    expect(ok(await visitorReq('GET', '/api/v1/chat/messages?after=0', { token: other.token }))).toEqual([]);
  });
});

describe('web chat: the live socket, transfers, leaving a message, transcripts', () => {
  it('over the WebSocket: a send is acknowledged once stored, a resend after a drop is not duplicated, a sync fetches what came meanwhile', async () => {
    await acd.t.kefu.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (acd.t.kefu.app.server.address() as { port: number }).port;
    const s = await session();
    const open = () =>
      new Promise<{ ws: WebSocket; inbox: Body[] }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/chat/socket?token=${encodeURIComponent(s.token)}`);
        const inbox: Body[] = [];
        ws.on('message', (d) => inbox.push(JSON.parse(d.toString())));
        ws.on('open', () => resolve({ ws, inbox }));
        ws.on('error', reject);
      });
    const next = async (inbox: Body[], pred: (m: Body) => boolean) => eventually(async () => inbox.find(pred));
    const a = await open();
    await next(a.inbox, (m) => m.t === 'hello');
    a.ws.send(JSON.stringify({ t: 'send', clientId: 'w-1', text: '在吗', profile: { name: '李四' } }));
    const ack = await next(a.inbox, (m) => m.t === 'ack' && m.clientId === 'w-1');
    expect(ack.message).toMatchObject({ seq: 1, from: 'visitor', text: '在吗' });
    // The network drops before the widget saw the ack of w-2: it sends it again on a new socket.
    a.ws.send(JSON.stringify({ t: 'send', clientId: 'w-2', text: '我的快递丢了' }));
    await next(a.inbox, (m) => m.t === 'ack' && m.clientId === 'w-2');
    a.ws.terminate();
    const b = await open();
    b.ws.send(JSON.stringify({ t: 'send', clientId: 'w-2', text: '我的快递丢了' }));
    const again = await next(b.inbox, (m) => m.t === 'ack' && m.clientId === 'w-2');
    expect(again.message.seq).toBe(2);
    b.ws.send(JSON.stringify({ t: 'sync', afterSeq: 0 }));
    await eventually(async () => b.inbox.filter((m) => m.t === 'message').length >= 2 || undefined);
    expect(b.inbox.filter((m) => m.t === 'message').map((m) => m.message.text)).toEqual(['在吗', '我的快递丢了']);
    // Not JSON, or not a message this socket knows: an error, the socket stays.
    b.ws.send('hello');
    await next(b.inbox, (m) => m.t === 'error' && m.code === 'VALIDATION.FAILED');
    b.ws.close();
    const bad = await acd.t.kefu.app.inject({ method: 'GET', url: '/api/v1/chat/socket?token=forged' });
    expect(bad.statusCode).toBe(401);
  });

  it('a transfer to another queue hands the same conversation to the next agent', async () => {
    const ch = await acd.call(
      'admin',
      'POST',
      '/api/v1/channels',
      { name: '第二个窗口', queue: 'web2', settings: { kind: 'webchat' } },
      201,
    );
    const s = ok(await visitorReq('POST', `/api/v1/chat/widgets/${ch.publicKey}/session`, { body: {} }));
    ok(
      await visitorReq('POST', '/api/v1/chat/messages', { token: s.token, body: { clientId: 't-1', text: '转人工' } }),
    );
    await drain();
    const conv = ok(
      await visitorReq('POST', `/api/v1/chat/widgets/${ch.publicKey}/session`, { body: { token: s.token } }),
    ).conversation;
    const first = await acd.call('wsup', 'GET', `/api/v1/conversations/${conv.id}`);
    await acd.call('admin', 'PUT', `/api/v1/agents/${acd.id('wsup')}/routing`, {
      skills: [],
      memberships: [{ queue: 'vip', priority: 1, delaySeconds: 0 }],
      capacity: { voice: 1, chat: 3, email: 5, sms: 5, task: 1, callback: 1 },
    });
    await acd.ready('wb1');
    await eventually(async () => (await acd.contact(first.contactId)).state === 'offered');
    await acd.call('wb1', 'POST', `/api/v1/contacts/${first.contactId}/accept`);
    await drain();
    await acd.call('wb1', 'POST', `/api/v1/contacts/${first.contactId}/transfer`, { queue: 'vip' });
    await drain();
    const moved = await acd.call('wsup', 'GET', `/api/v1/conversations/${conv.id}`);
    expect(moved.contactId).not.toBe(first.contactId);
    expect(moved.status).toBe('waiting');
    await acd.ready('wsup');
    await eventually(async () => (await acd.contact(moved.contactId)).state === 'offered');
    await acd.call('wsup', 'POST', `/api/v1/contacts/${moved.contactId}/accept`);
    await drain();
    const mine = await acd.call('wsup', 'GET', '/api/v1/conversations');
    expect(mine.items.map((c: Body) => c.id)).toContain(conv.id);
    expect((await acd.call('wb1', 'GET', '/api/v1/conversations')).items.map((c: Body) => c.id)).not.toContain(conv.id);
    // The history came along.
    const d = await acd.call('wsup', 'GET', `/api/v1/conversations/${conv.id}`);
    expect(d.messages[0].text).toBe('转人工');
  });

  it('a left message becomes a work order owned by the channel’s creator', async () => {
    const left = ok(
      await visitorReq('POST', `/api/v1/chat/widgets/${key}/leave-message`, {
        body: { name: '赵六', phone: '13900000000', text: '晚上网速很慢，请明天联系我' },
      }),
      201,
    );
    expect(left.kind).toBe('ticket');
    const tickets = await acd.call('admin', 'GET', `/api/v1/tickets?q=${encodeURIComponent(left.reference)}`);
    const t = (tickets.items ?? tickets)[0];
    expect(t).toMatchObject({ number: left.reference, channel: 'web' });
  });

  it('the agent exports the transcript as text (audited); a reader without pii.view gets it masked', async () => {
    const list = await acd.call('wsup', 'GET', '/api/v1/conversations?scope=all');
    const id = list.items.find((c: Body) => c.customerName === '张三').id;
    const res = await acd.t.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${id}/transcript`,
      headers: { authorization: `Bearer ${acd.token('wlead')}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).not.toContain('13812345678');
    const audit = await acd.call('admin', 'GET', '/api/v1/audit?action=conversations.transcript.exported');
    expect((audit.items ?? audit).length).toBeGreaterThan(0);
  });
});
