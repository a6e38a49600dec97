import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp({
    chatRateLimits: { outside: { max: 2, timeWindow: 60_000 }, session: { max: 3, timeWindow: 60_000 } },
  });
  const admin = await t.adminToken();
  await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'lim', name: 'lim' } });
  key = (
    await t.request('POST', '/api/v1/channels', {
      token: admin,
      body: { name: '限流', queue: 'lim', settings: { kind: 'webchat' } },
    })
  ).json().publicKey;
});
afterAll(() => t.close());

const post = (url: string, body: unknown) =>
  t.kefu.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });

describe('the widget’s public routes are limited per client address', () => {
  it('sessions beyond the allowance answer 429; leaving messages (they reach people) a few a minute', async () => {
    const sessions = [];
    for (let i = 0; i < 4; i++) sessions.push((await post(`/api/v1/chat/widgets/${key}/session`, {})).statusCode);
    expect(sessions).toEqual([200, 200, 200, 429]);
    const left = [];
    for (let i = 0; i < 3; i++) {
      left.push(
        (await post(`/api/v1/chat/widgets/${key}/leave-message`, { name: `访客${i}`, text: '请回电' })).statusCode,
      );
    }
    expect(left).toEqual([201, 201, 429]);
  });
});
