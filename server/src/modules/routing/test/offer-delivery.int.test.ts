import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { systemActor } from '../../../platform/audit';
import { fixedClock } from '../../../platform/clock';
import { SYSTEM_VIEWER } from '../routing.contact-view';
import { DELIVERY_ALLOWANCE_SECONDS, PHONE_HOLD_SECONDS, WAVE_AGENTS, WAVE_PAUSE_SECONDS } from '../runtime/moves';

// A voice offer is RONA only when the phone was reached (voice reports its first response) and then
// rang out; a phone that never responded is a delivery failure: the next agent, nobody goes not ready.
// Time moves only when a test moves it; `wake()` runs the time rules as the runtime's timer would.
const clock = fixedClock(new Date());
let t: TestApp;
let admin: string;
const pw = 'Agent-pass-1';
const agents: Record<string, { id: string; token: string }> = {};
const NAMES = ['da1', 'da2', 'da3', 'da4', 'da5', 'da6'];

// biome-ignore lint/suspicious/noExplicitAny: replies are checked field by field
async function ok(res: { statusCode: number; body: string; json(): any }, status = 200) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
}

const routing = () => t.kefu.services.routing;
async function elapse(ms: number): Promise<void> {
  clock.advance(ms);
  await routing().wake();
}
const me = async (name: string) => ok(await t.request('GET', '/api/v1/agents/me', { token: agents[name]!.token }));
const setState = async (name: string, state: 'ready' | 'not_ready') =>
  ok(
    await t.request('PUT', '/api/v1/agents/me/state', {
      token: agents[name]!.token,
      body: state === 'ready' ? { state } : { state, reason: 'meal' },
    }),
  );
const call = () =>
  routing().createChannelContact({ channel: 'voice', queue: 'hotline', priority: 0, attributes: {} }, null);
const contact = async (id: string) => ok(await t.request('GET', `/api/v1/contacts/${id}`, { token: admin }));

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.adminToken();
  await ok(
    await t.request('POST', '/api/v1/queues', {
      token: admin,
      body: { key: 'hotline', name: '热线', offerTimeoutSeconds: 5, wrapUpSeconds: 0 },
    }),
    201,
  );
  for (const name of NAMES) {
    const id = await t.addUser(name, ['agent'], { password: pw });
    await ok(
      await t.request('PUT', `/api/v1/agents/${id}/routing`, {
        token: admin,
        body: { skills: [], memberships: [{ queue: 'hotline', priority: 1, delaySeconds: 0 }] },
      }),
    );
    agents[name] = { id, token: await t.login(name, pw) };
  }
});
afterAll(() => t.close());

describe('a voice offer', () => {
  it('whose phone never responded is undelivered: the next agent gets it, the first stays ready and is flagged', async () => {
    await setState('da1', 'ready');
    clock.advance(10);
    await setState('da2', 'ready');
    const c = await call();
    expect(c).toMatchObject({ state: 'offered', agentId: agents.da1!.id });
    // Kefu's own lateness: the ring time has passed, but the phone was never reached — no RONA yet.
    await elapse(5_000);
    expect(await contact(c.id)).toMatchObject({ state: 'offered', agentId: agents.da1!.id });
    await elapse(DELIVERY_ALLOWANCE_SECONDS * 1000);
    expect(await contact(c.id)).toMatchObject({ state: 'offered', agentId: agents.da2!.id });
    const first = await me('da1');
    expect(first).toMatchObject({ state: 'ready' });
    expect(Date.parse(first.phoneUnreachableUntil)).toBe(clock.now().getTime() + PHONE_HOLD_SECONDS * 1000);
    const log = await ok(await t.request('GET', `/api/v1/contacts/${c.id}/routing-log`, { token: admin }));
    expect(log[2]).toMatchObject({
      fromState: 'offered',
      toState: 'queued',
      note: expect.stringMatching(/^undelivered:/),
    });
    await routing()
      .abandon(c.id, systemActor, SYSTEM_VIEWER)
      .catch(() => undefined);
  });

  it('whose phone was reached and rang out is RONA, timed from the phone, not from the decision', async () => {
    for (const n of ['da1', 'da2']) await setState(n, 'not_ready');
    await setState('da3', 'ready');
    const c = await call();
    expect(c).toMatchObject({ state: 'offered', agentId: agents.da3!.id });
    await elapse(4_000); // delivered late
    await routing().offerReached(c.id, agents.da3!.id);
    await elapse(4_999);
    expect(await contact(c.id)).toMatchObject({ state: 'offered' });
    expect(await me('da3')).toMatchObject({ state: 'reserved' });
    await elapse(1);
    expect(await me('da3')).toMatchObject({ state: 'not_ready', reason: 'no_answer', phoneUnreachableUntil: null });
    const log = await ok(await t.request('GET', `/api/v1/contacts/${c.id}/routing-log`, { token: admin }));
    expect(log[2]).toMatchObject({ note: `rona: no answer from ${agents.da3!.id}` });
    await routing()
      .abandon(c.id, systemActor, SYSTEM_VIEWER)
      .catch(() => undefined);
  });

  it('declined as undelivered holds the agent from calls until the hold ends or the agent chooses 示闲', async () => {
    for (const n of NAMES) await setState(n, 'not_ready');
    await setState('da4', 'ready');
    const c = await call();
    expect(c).toMatchObject({ state: 'offered', agentId: agents.da4!.id });
    await routing().declineOffer(c.id, agents.da4!.id, 'undelivered');
    expect(await contact(c.id)).toMatchObject({ state: 'queued' });
    expect(await me('da4')).toMatchObject({ state: 'ready' });
    await elapse(PHONE_HOLD_SECONDS * 1000 - 1);
    expect(await contact(c.id)).toMatchObject({ state: 'queued' });
    await elapse(1);
    expect(await contact(c.id)).toMatchObject({ state: 'offered', agentId: agents.da4!.id });
    await routing().declineOffer(c.id, agents.da4!.id, 'undelivered');
    expect(await contact(c.id)).toMatchObject({ state: 'queued' });
    // The agent fixed the phone and chooses 示闲 again: the hold ends at once.
    await setState('da4', 'not_ready');
    await setState('da4', 'ready');
    expect(await contact(c.id)).toMatchObject({ state: 'offered', agentId: agents.da4!.id });
    expect((await me('da4')).phoneUnreachableUntil).toBeNull();
    await routing()
      .abandon(c.id, systemActor, SYSTEM_VIEWER)
      .catch(() => undefined);
  });

  it('a wave of delivery failures pauses every voice offer briefly, without sending anyone not ready', async () => {
    for (const n of NAMES) await setState(n, 'not_ready');
    const failing = NAMES.slice(0, WAVE_AGENTS);
    for (const n of failing) await setState(n, 'ready');
    const contacts = [];
    for (let i = 0; i < WAVE_AGENTS; i++) contacts.push(await call());
    for (const c of contacts) {
      const now = await contact(c.id);
      expect(now.state).toBe('offered');
      await routing().declineOffer(c.id, now.agentId, 'undelivered');
    }
    for (const n of failing) expect(await me(n)).toMatchObject({ state: 'ready' });
    // An agent whose phone never failed joins during the pause: no offer until it ends.
    const fresh = NAMES[WAVE_AGENTS]!;
    await setState(fresh, 'ready');
    for (const c of contacts) expect(await contact(c.id)).toMatchObject({ state: 'queued' });
    expect((await me(fresh)).phoneUnreachableUntil).toBeNull();
    await elapse(WAVE_PAUSE_SECONDS * 1000);
    const after = await Promise.all(contacts.map((c) => contact(c.id)));
    expect(after.filter((c) => c.state === 'offered').map((c) => c.agentId)).toEqual([agents[fresh]!.id]);
    for (const c of contacts) {
      await routing()
        .abandon(c.id, systemActor, SYSTEM_VIEWER)
        .catch(() => undefined);
    }
  });

  it("counts today's RONA and delivery failures per queue on the wallboard", async () => {
    await t.kefu.bus.drain(); // RONA is the reports' figure, fed through the outbox
    const board = await ok(await t.request('GET', '/api/v1/wallboard', { token: admin }));
    const q = board.queues.find((x: { key: string }) => x.key === 'hotline');
    expect(q).toMatchObject({ ronaToday: 1 });
    expect(q.undeliveredToday).toBeGreaterThanOrEqual(1 + 2 + WAVE_AGENTS);
  });
});
