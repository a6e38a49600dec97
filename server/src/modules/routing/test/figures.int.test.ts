import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock';
import { type Acd, type Body, setupAcd } from './acd-fixture';

// A fixed clock: waits are exact, so the figures are too. 10:00 in Shanghai, the center's time zone.
const clock = fixedClock('2026-03-02T02:00:00Z');
const sec = (s: number) => clock.advance(s * 1000);
let acd: Acd;

beforeAll(async () => {
  acd = await setupAcd({
    clock,
    queues: [
      { key: 'sl', serviceLevelSeconds: 20, shortAbandonSeconds: 5, offerTimeoutSeconds: 600 },
      { key: 'ewt', offerTimeoutSeconds: 600 },
    ],
    users: [
      { name: 'f1', memberships: [{ queue: 'sl' }] },
      { name: 'f2', memberships: [{ queue: 'ewt' }] },
      { name: 'f3', memberships: [{ queue: 'ewt' }] },
    ],
  });
});
afterAll(() => acd.t.close());

const wrapUp = { wrapUp: { disposition: 'resolved', requestType: 'query', notes: '' } };
const notReady = (name: string) =>
  acd.call(name, 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });

describe("a queue's figures today", () => {
  it('offered, answered, in threshold, abandoned, short abandons, service level and handle time are exact', async () => {
    const c1 = await acd.create('sl'); // T+0
    sec(10);
    expect(await acd.ready('f1')).toMatchObject({ offer: c1.id });
    sec(2);
    await acd.call('f1', 'POST', `/api/v1/contacts/${c1.id}/accept`); // waited 12 s: within 20 s
    const c2 = await acd.create('sl'); // T+12
    sec(3);
    await acd.call('admin', 'POST', `/api/v1/contacts/${c2.id}/abandon`); // after 3 s: a short abandon
    const c3 = await acd.create('sl'); // T+15
    sec(1);
    const c4 = await acd.create('sl'); // T+16
    sec(29);
    await acd.call('admin', 'POST', `/api/v1/contacts/${c3.id}/abandon`); // after 30 s: abandoned
    await acd.call('f1', 'POST', `/api/v1/contacts/${c1.id}/complete`, wrapUp); // handled 33 s
    expect(await acd.contact(c4.id)).toMatchObject({ state: 'offered', agentId: acd.id('f1') });
    await acd.call('f1', 'POST', `/api/v1/contacts/${c4.id}/accept`); // waited 29 s: late
    const c5 = await acd.create('sl'); // T+45, waits
    sec(60);
    await notReady('f1'); // after this contact
    await acd.call('f1', 'POST', `/api/v1/contacts/${c4.id}/complete`, wrapUp); // handled 60 s

    // Today's figures are the reports' read model, fed through the outbox: let it deliver first.
    await acd.t.kefu.bus.drain();
    const stats = await acd.call('admin', 'GET', '/api/v1/queues/sl/stats');
    expect(stats).toMatchObject({
      waiting: 1,
      longestWaitSeconds: 60,
      offeredToday: 4, // c1, c3, c4, c5: short abandons are not counted as offered
      answeredToday: 2,
      answeredInThresholdToday: 1,
      abandonedToday: 1,
      shortAbandonedToday: 1,
      ahtSeconds: 46.5, // (33 + 60) / 2
      agentsByState: { not_ready: 1, ready: 0, busy: 0 },
    });
    // Answered in 20 s ÷ (answered + abandoned); c5's outcome is not known yet.
    expect(stats.serviceLevelToday).toBe(0.3333); // ratios have four decimals (reporting/domain/kpi.ts)
    expect(stats.abandonRateToday).toBe(0.3333);
    expect(await acd.contact(c5.id)).toMatchObject({ state: 'queued', position: 1 });

    const board = await acd.call('admin', 'GET', '/api/v1/wallboard');
    expect(board.queues.find((q: Body) => q.key === 'sl')).toMatchObject({
      offeredToday: 4,
      answeredToday: 2,
      abandonedToday: 1,
      waiting: 1,
    });
  });
});

describe('place in queue and estimated wait', () => {
  it('count the contacts ahead and share the handle time among the logged-in members', async () => {
    await notReady('f2');
    await notReady('f3');
    const e = [await acd.create('ewt'), await acd.create('ewt'), await acd.create('ewt')];
    // Nothing handled today yet: 180 s a contact, two members logged in.
    const before = await Promise.all(e.map((c: Body) => acd.contact(c.id)));
    expect(before.map((c: Body) => [c.position, c.estimatedWaitSeconds])).toEqual([
      [1, 90],
      [2, 180],
      [3, 270],
    ]);
    expect((await acd.call('admin', 'GET', '/api/v1/queues/ewt/stats')).estimatedWaitSeconds).toBe(360);

    expect(await acd.ready('f2')).toMatchObject({ offer: e[0]!.id });
    await acd.call('f2', 'POST', `/api/v1/contacts/${e[0]!.id}/accept`);
    expect((await acd.contact(e[1]!.id)).position).toBe(1);
    sec(40);
    await acd.call('f2', 'POST', `/api/v1/contacts/${e[0]!.id}/complete`, wrapUp); // handled 40 s
    // f2 was offered e[1] at once; going not ready puts it back at its place.
    await notReady('f2');
    const after = await Promise.all(e.slice(1).map((c: Body) => acd.contact(c.id)));
    expect(after.map((c: Body) => [c.position, c.estimatedWaitSeconds])).toEqual([
      [1, 20],
      [2, 40],
    ]);
    // Logged out members do not serve: f3 leaving doubles the estimate.
    await acd.call('f3', 'PUT', '/api/v1/agents/me/state', { state: 'logged_out' });
    expect((await acd.contact(e[2]!.id)).estimatedWaitSeconds).toBe(80);
  });
});
