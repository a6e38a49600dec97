import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    queues: [{ key: 'web', wrapUpSeconds: 30 }],
    users: [
      {
        name: 'wa1',
        memberships: [{ queue: 'web' }],
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
