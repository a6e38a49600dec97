import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, eventually, setupAcd } from '../../../../../test/acd';

let acd: Acd;
let key: string;

const visitor = async (method: 'POST', url: string, body: unknown, token?: string): Promise<Body> => {
  const res = await acd.t.kefu.app.inject({
    method,
    url,
    headers: { 'content-type': 'application/json', ...(token ? { 'x-visitor-token': token } : {}) },
    payload: JSON.stringify(body),
  });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? undefined : res.json();
};
const drain = () => acd.t.kefu.bus.drain();

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'qchat', wrapUpSeconds: 30 }],
    users: [
      {
        name: 'qa1',
        memberships: [{ queue: 'qchat' }],
        capacity: { voice: 1, chat: 3, email: 5, sms: 5, task: 1, callback: 1 },
      },
      { name: 'qq1', roles: ['qa'] },
    ],
  });
  key = (
    await acd.call(
      'admin',
      'POST',
      '/api/v1/channels',
      { name: '质检窗口', queue: 'qchat', settings: { kind: 'webchat' } },
      201,
    )
  ).publicKey;
});
afterAll(() => acd.t.close());

describe('a handled chat in quality: its transcript and its rating', () => {
  it('the automatic checks read the chat text (a forbidden phrase is found) and the end-of-chat rating is its CSAT', async () => {
    const s = await visitor('POST', `/api/v1/chat/widgets/${key}/session`, {});
    await visitor('POST', '/api/v1/chat/messages', { clientId: 'q-1', text: '我的账单怎么多扣了钱？' }, s.token);
    await drain();
    const conv = (await visitor('POST', `/api/v1/chat/widgets/${key}/session`, { token: s.token })).conversation;
    const d = await acd.call('admin', 'GET', `/api/v1/conversations/${conv.id}`);
    await acd.ready('qa1');
    await eventually(async () => (await acd.contact(d.contactId)).state === 'offered');
    await acd.call('qa1', 'POST', `/api/v1/contacts/${d.contactId}/accept`);
    await drain();
    await acd.call('qa1', 'POST', `/api/v1/conversations/${conv.id}/messages`, { text: '您好，很高兴为您服务' }, 201);
    await acd.call(
      'qa1',
      'POST',
      `/api/v1/conversations/${conv.id}/messages`,
      { text: '这个我不知道，你自己看账单' },
      201,
    );
    await acd.call(
      'qa1',
      'POST',
      `/api/v1/conversations/${conv.id}/messages`,
      { kind: 'note', text: '内部备注不进质检' },
      201,
    );
    expect(await acd.status('qa1', 'POST', `/api/v1/conversations/${conv.id}/end`)).toBe(204);
    await drain();
    await visitor('POST', '/api/v1/chat/csat', { score: 2 }, s.token);
    await acd.call('qa1', 'POST', `/api/v1/contacts/${d.contactId}/wrap-up`, {
      disposition: 'resolved',
      requestType: 'query',
    });
    await drain();
    await drain();
    await acd.t.kefu.services.quality.autoChecks.scan();
    const q = await eventually(async () => {
      const r = await acd.call('qq1', 'GET', `/api/v1/quality/contacts/${d.contactId}`);
      return r.autoCheckedAt ? r : undefined;
    });
    expect(q.channel).toBe('chat');
    expect(q.csat).toBe(2);
    expect(q.transcript.map((l: Body) => [l.speaker, l.text])).toEqual([
      ['customer', '我的账单怎么多扣了钱？'],
      ['agent', '您好，很高兴为您服务'],
      ['agent', '这个我不知道，你自己看账单'],
    ]);
    expect(q.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'forbidden', speaker: 'agent' })]),
    );
  });
});
