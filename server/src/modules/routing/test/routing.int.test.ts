import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { fixedClock } from '../../../platform/clock';

// Time moves only when a test moves it; `wake()` then runs the time rules due (RONA, wrap-up ends),
// as the runtime's timer would: no test depends on how fast the machine is.
const clock = fixedClock(new Date());
let t: TestApp;
let admin: string;
const pw = 'Agent-pass-1';
const agents: Record<string, { id: string; token: string }> = {};

// biome-ignore lint/suspicious/noExplicitAny: replies are checked field by field
async function ok(res: { statusCode: number; body: string; json(): any }, status = 200) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.adminToken();
  await ok(await t.request('POST', '/api/v1/skills', { token: admin, body: { key: 'billing', name: '话费' } }), 201);
  await ok(
    await t.request('POST', '/api/v1/queues', {
      token: admin,
      body: {
        key: 'billing',
        name: '话费查询',
        skills: [{ skill: 'billing', minLevel: 2 }],
        wrapUpSeconds: 30,
        offerTimeoutSeconds: 1,
      },
    }),
    201,
  );
  await ok(
    await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'general', name: '人工服务' } }),
    201,
  );
  for (const name of ['ra1', 'ra2', 'ra3']) {
    const id = await t.addUser(name, ['agent'], { password: pw });
    await ok(
      await t.request('PUT', `/api/v1/agents/${id}/routing`, {
        token: admin,
        body: {
          skills: [{ skill: 'billing', level: name === 'ra3' ? 1 : 4 }],
          memberships: [
            { queue: 'billing', priority: 1, delaySeconds: 0 },
            { queue: 'general', priority: 2, delaySeconds: 0 },
          ],
        },
      }),
    );
    agents[name] = { id, token: await t.login(name, pw) };
  }
});
afterAll(() => t.close());

const as = (name: string) => agents[name]!.token;
/** The clock moves on `ms`; the time rules due by then have run when this resolves. */
async function elapse(ms: number): Promise<void> {
  clock.advance(ms);
  await t.kefu.services.routing.wake();
}

describe('an agent state', () => {
  it('is logged out with no time in it (since null) for a user the ACD has never seen, then timed from the first choice', async () => {
    await t.addUser('ra.new', ['agent'], { password: pw });
    const token = await t.login('ra.new', pw);
    const first = await ok(await t.request('GET', '/api/v1/agents/me', { token }));
    expect(first).toMatchObject({ state: 'logged_out', presence: 'logged_out', since: null });
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token, body: { state: 'not_ready' } }));
    const after = await ok(await t.request('GET', '/api/v1/agents/me', { token }));
    expect(after).toMatchObject({ state: 'not_ready', since: clock.now().toISOString() });
  });
});

describe('a task contact from arrival to wrap-up', () => {
  it('queues, offers to the ready agent, connects, wraps up and completes, with every step logged', async () => {
    const c0 = await ok(
      await t.request('POST', '/api/v1/contacts', {
        token: admin,
        body: {
          channel: 'task',
          queue: 'billing',
          subject: '查询话费',
          customer: { name: '张三', phone: '13812345678' },
        },
      }),
      201,
    );
    expect(c0).toMatchObject({ state: 'queued', queueKey: 'billing', position: 1 });
    expect(c0.customer.phone).toBe('13812345678'); // the admin may see personal data

    const st = await ok(
      await t.request('PUT', '/api/v1/agents/me/state', { token: as('ra1'), body: { state: 'ready' } }),
    );
    expect(st.state).toBe('reserved');
    expect(st.offer).toBe(c0.id);

    const me = await ok(await t.request('GET', '/api/v1/agents/me', { token: as('ra1') }));
    expect(me).toMatchObject({
      state: 'reserved',
      offer: c0.id,
      routing: { skills: [{ skill: 'billing', level: 4 }] },
    });

    const mine = await ok(await t.request('GET', `/api/v1/contacts/${c0.id}`, { token: as('ra1') }));
    expect(mine.customer.phone).toBe('138****5678'); // agents see it masked

    // Another agent may not take it.
    expect((await t.request('POST', `/api/v1/contacts/${c0.id}/accept`, { token: as('ra2') })).statusCode).toBe(403);
    const c1 = await ok(await t.request('POST', `/api/v1/contacts/${c0.id}/accept`, { token: as('ra1') }));
    expect(c1.state).toBe('connected');
    const c2 = await ok(await t.request('POST', `/api/v1/contacts/${c0.id}/complete`, { token: as('ra1'), body: {} }));
    expect(c2.state).toBe('wrap_up');
    expect((await ok(await t.request('GET', '/api/v1/agents/me', { token: as('ra1') }))).state).toBe('wrap_up');
    const bad = await t.request('POST', `/api/v1/contacts/${c0.id}/wrap-up`, {
      token: as('ra1'),
      body: { disposition: 'nope', requestType: 'query' },
    });
    expect(bad.statusCode).toBe(400);
    const c3 = await ok(
      await t.request('POST', `/api/v1/contacts/${c0.id}/wrap-up`, {
        token: as('ra1'),
        body: { disposition: 'resolved', requestType: 'query', notes: '已告知余额' },
      }),
    );
    expect(c3).toMatchObject({ state: 'completed', wrapUp: { disposition: 'resolved', requestType: 'query' } });
    expect((await ok(await t.request('GET', '/api/v1/agents/me', { token: as('ra1') }))).state).toBe('ready');

    const log = await ok(await t.request('GET', `/api/v1/contacts/${c0.id}/routing-log`, { token: admin }));
    expect(log.map((e: { toState: string }) => e.toState)).toEqual([
      'queued',
      'offered',
      'connected',
      'wrap_up',
      'completed',
    ]);
    expect(log[1]).toMatchObject({ rule: expect.stringContaining('agent became free'), agentId: agents.ra1!.id });

    // Today's figures are the reports' read model, fed through the outbox: delivered before they are read.
    await t.kefu.bus.drain();
    const stats = await ok(await t.request('GET', '/api/v1/queues/billing/stats', { token: admin }));
    expect(stats).toMatchObject({
      waiting: 0,
      offeredToday: 1,
      answeredToday: 1,
      answeredInThresholdToday: 1,
      serviceLevelToday: 1,
    });
    await ok(
      await t.request('PUT', '/api/v1/agents/me/state', {
        token: as('ra1'),
        body: { state: 'not_ready', reason: '小休' },
      }),
    );
  });

  it('explains why an agent without the skill level was skipped', async () => {
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token: as('ra3'), body: { state: 'ready' } }));
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token: as('ra2'), body: { state: 'ready' } }));
    const c = await ok(
      await t.request('POST', '/api/v1/contacts', { token: admin, body: { channel: 'chat', queue: 'billing' } }),
      201,
    );
    expect(c).toMatchObject({ state: 'offered', agentId: agents.ra2!.id });
    const log = await ok(await t.request('GET', `/api/v1/contacts/${c.id}/routing-log`, { token: admin }));
    expect(log[1].considered).toEqual(
      expect.arrayContaining([{ agentId: agents.ra3!.id, verdict: 'skipped', reason: 'billing 1 < 2' }]),
    );
    // Rejected: it goes to the next agent — here nobody else qualifies, so it waits.
    const r = await ok(await t.request('POST', `/api/v1/contacts/${c.id}/reject`, { token: as('ra2') }));
    expect(r.state).toBe('queued');
    await ok(await t.request('POST', `/api/v1/contacts/${c.id}/abandon`, { token: admin }));
    await ok(
      await t.request('PUT', '/api/v1/agents/me/state', {
        token: as('ra3'),
        body: { state: 'not_ready', reason: 'meal' },
      }),
    );
  });

  it('an unanswered offer rings out (RONA): the agent goes not ready / 未应答, the contact waits at its place', async () => {
    const c = await ok(
      await t.request('POST', '/api/v1/contacts', { token: admin, body: { channel: 'task', queue: 'billing' } }),
      201,
    );
    expect(c).toMatchObject({ state: 'offered', agentId: agents.ra2!.id });
    await elapse(999);
    expect((await ok(await t.request('GET', `/api/v1/contacts/${c.id}`, { token: admin }))).state).toBe('offered');
    await elapse(1);
    const me = await ok(await t.request('GET', '/api/v1/agents/me', { token: as('ra2') }));
    expect(me).toMatchObject({ state: 'not_ready', reason: 'no_answer' });
    const after = await ok(await t.request('GET', `/api/v1/contacts/${c.id}`, { token: admin }));
    expect(after).toMatchObject({ state: 'queued', position: 1 });
    await ok(await t.request('POST', `/api/v1/contacts/${c.id}/abandon`, { token: admin }));
  });

  it('rejects bad input with field details', async () => {
    const r1 = await t.request('POST', '/api/v1/contacts', { token: admin, body: { channel: 'task', queue: 'nope' } });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details.fields[0]).toMatchObject({ path: 'queue' });
    const r2 = await t.request('POST', '/api/v1/contacts', {
      token: admin,
      body: { channel: 'voice', queue: 'billing' },
    });
    expect(r2.statusCode).toBe(400);
    const r3 = await t.request('PUT', '/api/v1/agents/me/state', {
      token: as('ra1'),
      body: { state: 'not_ready', reason: '睡觉' },
    });
    expect(r3.statusCode).toBe(400);
    const r4 = await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'billing', name: 'dup' } });
    expect(r4.statusCode).toBe(409);
    expect(
      (await t.request('POST', '/api/v1/contacts', { token: as('ra1'), body: { channel: 'task', queue: 'billing' } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('preferred agent', () => {
  it('routes a returning customer to the agent who served them last, while the window is open', async () => {
    await ok(
      await t.request('POST', '/api/v1/queues', {
        token: admin,
        body: {
          key: 'loyal',
          name: '老客户',
          strategy: 'preferred_agent',
          preferredAgentSeconds: 60,
          wrapUpSeconds: 0,
        },
      }),
      201,
    );
    const ids: Record<string, string> = {};
    for (const name of ['pa1', 'pa2']) {
      const id = await t.addUser(name, ['agent'], { password: pw });
      await ok(
        await t.request('PUT', `/api/v1/agents/${id}/routing`, {
          token: admin,
          body: { skills: [], memberships: [{ queue: 'loyal', priority: 1, delaySeconds: 0 }] },
        }),
      );
      agents[name] = { id, token: await t.login(name, pw) };
      ids[name] = id;
    }
    // pa2 serves customer C-1 first.
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token: as('pa2'), body: { state: 'ready' } }));
    const first = await ok(
      await t.request('POST', '/api/v1/contacts', {
        token: admin,
        body: { channel: 'chat', queue: 'loyal', customer: { id: 'C-1' } },
      }),
      201,
    );
    expect(first.agentId).toBe(ids.pa2);
    await ok(await t.request('POST', `/api/v1/contacts/${first.id}/accept`, { token: as('pa2') }));
    await ok(await t.request('POST', `/api/v1/contacts/${first.id}/complete`, { token: as('pa2'), body: {} }));
    await ok(
      await t.request('PUT', '/api/v1/agents/me/state', {
        token: as('pa2'),
        body: { state: 'not_ready', reason: 'break' },
      }),
    );
    // pa1 is ready and idle longest, but C-1 waits for pa2.
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token: as('pa1'), body: { state: 'ready' } }));
    const again = await ok(
      await t.request('POST', '/api/v1/contacts', {
        token: admin,
        body: { channel: 'chat', queue: 'loyal', customer: { id: 'C-1' } },
      }),
      201,
    );
    expect(again).toMatchObject({ state: 'queued', preferredAgentId: ids.pa2 });
    const offered = await ok(
      await t.request('PUT', '/api/v1/agents/me/state', { token: as('pa2'), body: { state: 'ready' } }),
    );
    expect(offered.offer).toBe(again.id);
  });
});

describe('wrap-up time', () => {
  it('the agent extends the wrap-up; it ends later than the queue says, then the agent is free', async () => {
    await ok(
      await t.request('POST', '/api/v1/queues', {
        token: admin,
        body: { key: 'short', name: '短话后', wrapUpSeconds: 1 },
      }),
      201,
    );
    const id = await t.addUser('wx1', ['agent'], { password: pw });
    await ok(
      await t.request('PUT', `/api/v1/agents/${id}/routing`, {
        token: admin,
        body: { skills: [], memberships: [{ queue: 'short', priority: 1, delaySeconds: 0 }] },
      }),
    );
    agents.wx1 = { id, token: await t.login('wx1', pw) };
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token: as('wx1'), body: { state: 'ready' } }));
    const c = await ok(
      await t.request('POST', '/api/v1/contacts', { token: admin, body: { channel: 'task', queue: 'short' } }),
      201,
    );
    await ok(await t.request('POST', `/api/v1/contacts/${c.id}/accept`, { token: as('wx1') }));
    await ok(await t.request('POST', `/api/v1/contacts/${c.id}/complete`, { token: as('wx1'), body: {} }));
    const ext = await ok(
      await t.request('POST', `/api/v1/contacts/${c.id}/wrap-up/extend`, { token: as('wx1'), body: { seconds: 2 } }),
    );
    expect(new Date(ext.wrapUpUntil).getTime() - clock.now().getTime()).toBe(3000);
    expect(
      (await t.request('POST', `/api/v1/contacts/${c.id}/wrap-up/extend`, { token: as('ra1'), body: { seconds: 2 } }))
        .statusCode,
    ).toBe(403);
    await elapse(2999); // past the queue's 1 s, short of the extended 3 s
    expect((await ok(await t.request('GET', '/api/v1/agents/me', { token: as('wx1') }))).state).toBe('wrap_up');
    await elapse(1);
    expect((await ok(await t.request('GET', '/api/v1/agents/me', { token: as('wx1') }))).state).toBe('ready');
    const done = await ok(await t.request('GET', `/api/v1/contacts/${c.id}`, { token: admin }));
    expect(done).toMatchObject({ state: 'completed', wrapUp: null });
  });
});

describe('a disabled user', () => {
  it('is logged out of the ACD, and an offer pending goes back to the queue', async () => {
    const id = await t.addUser('dx1', ['agent'], { password: pw });
    await ok(
      await t.request('PUT', `/api/v1/agents/${id}/routing`, {
        token: admin,
        body: { skills: [], memberships: [{ queue: 'general', priority: 1, delaySeconds: 0 }] },
      }),
    );
    const tok = await t.login('dx1', pw);
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token: tok, body: { state: 'ready' } }));
    const c = await ok(
      await t.request('POST', '/api/v1/contacts', { token: admin, body: { channel: 'task', queue: 'general' } }),
      201,
    );
    expect(c.agentId).toBe(id);
    await ok(await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { disabled: true } }));
    await t.kefu.bus.drain();
    await expect
      .poll(async () => (await ok(await t.request('GET', `/api/v1/contacts/${c.id}`, { token: admin }))).state)
      .toBe('queued');
    const log = await ok(await t.request('GET', `/api/v1/contacts/${c.id}/routing-log`, { token: admin }));
    expect(log.map((e: { note: string | null }) => e.note).join(' ')).toContain('disabled');
    const audit = await ok(await t.request('GET', '/api/v1/audit?action=routing.agent.state_set', { token: admin }));
    expect(JSON.stringify(audit)).toContain('user disabled');
    await ok(await t.request('POST', `/api/v1/contacts/${c.id}/abandon`, { token: admin }));
  });
});
