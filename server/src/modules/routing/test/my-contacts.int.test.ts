import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;
const pw = 'Agent-pass-1';
const tokens: Record<string, string> = {};

type Reply = { statusCode: number; body: string; json(): unknown };
type Row = { id: string; state: string; customer: { phone?: string } | null };

async function ok<T = Row>(res: Reply, status = 200): Promise<T> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  await ok(
    await t.request('POST', '/api/v1/queues', {
      token: admin,
      body: { key: 'desk', name: '工作台', wrapUpSeconds: 60 },
    }),
    201,
  );
  await ok(await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'elsewhere', name: '别处' } }), 201);
  for (const name of ['mc1', 'mc2']) {
    const id = await t.addUser(name, ['agent'], { password: pw });
    await ok(
      await t.request('PUT', `/api/v1/agents/${id}/routing`, {
        token: admin,
        body: { skills: [], memberships: name === 'mc1' ? [{ queue: 'desk', priority: 1, delaySeconds: 0 }] : [] },
      }),
    );
    tokens[name] = await t.login(name, pw);
  }
  await t.addUser('mcqa', ['qa'], { password: pw });
  tokens.mcqa = await t.login('mcqa', pw);
});
afterAll(() => t.close());

const mine = async (name: string) =>
  ok<Row[]>(await t.request('GET', '/api/v1/agents/me/contacts', { token: tokens[name] }));

describe('GET /agents/me/contacts: the agent desktop finds its own work', () => {
  it('lists the offer, the conversation, and each wrap-up still due — transferred ones too — and nobody else’s', async () => {
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token: tokens.mc1, body: { state: 'ready' } }));
    expect(await mine('mc1')).toEqual([]);

    const a = await ok(
      await t.request('POST', '/api/v1/contacts', {
        token: admin,
        body: { channel: 'task', queue: 'desk', customer: { phone: '13812345678' } },
      }),
      201,
    );
    const offered = await mine('mc1');
    expect(offered).toMatchObject([{ id: a.id, state: 'offered', customer: { phone: '138****5678' } }]);
    expect(await mine('mc2')).toEqual([]);

    await ok(await t.request('POST', `/api/v1/contacts/${a.id}/accept`, { token: tokens.mc1 }));
    expect(await mine('mc1')).toMatchObject([{ id: a.id, state: 'connected' }]);

    // Transferred away: the conversation is gone, its wrap-up is still the agent's to give.
    await ok(
      await t.request('POST', `/api/v1/contacts/${a.id}/transfer`, { token: tokens.mc1, body: { queue: 'elsewhere' } }),
    );
    expect(await mine('mc1')).toMatchObject([{ id: a.id, state: 'transferred' }]);
    await ok(
      await t.request('POST', `/api/v1/contacts/${a.id}/wrap-up`, {
        token: tokens.mc1,
        body: { disposition: 'resolved', requestType: 'query' },
      }),
    );
    expect(await mine('mc1')).toEqual([]);

    const b = await ok(
      await t.request('POST', '/api/v1/contacts', { token: admin, body: { channel: 'task', queue: 'desk' } }),
      201,
    );
    await ok(await t.request('POST', `/api/v1/contacts/${b.id}/accept`, { token: tokens.mc1 }));
    await ok(await t.request('POST', `/api/v1/contacts/${b.id}/complete`, { token: tokens.mc1, body: {} }));
    expect(await mine('mc1')).toMatchObject([{ id: b.id, state: 'wrap_up' }]);
    expect(await mine('mc2')).toEqual([]);

    await ok(
      await t.request('POST', `/api/v1/contacts/${b.id}/wrap-up`, {
        token: tokens.mc1,
        body: { disposition: 'follow_up', requestType: 'fault' },
      }),
    );
    expect(await mine('mc1')).toEqual([]);
  });

  it('is refused to users without the agent desktop', async () => {
    expect((await t.request('GET', '/api/v1/agents/me/contacts', { token: tokens.mcqa })).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/agents/me/contacts')).statusCode).toBe(401);
  });
});
