import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from '../../../../../test/acd';
import { fixedClock } from '../../../platform/clock';

/**
 * The live path (issue 14): contacts through the real ACD — not the ingest — land in the reports as
 * the events arrive. One morning of two queues and two agents, every figure below worked out by hand
 * from DOMAIN.md (the comments show the arithmetic), and the wallboard's "today" equal to the
 * report's (one implementation).
 */
const T0 = Date.parse('2026-03-03T02:00:00Z'); // 10:00 in Shanghai, the center's time zone
const clock = fixedClock(new Date(T0));
let acd: Acd;

/** The clock to T0 + `s` seconds; the time rules due by then (RONA, wrap-up ends) have run. */
async function at(s: number): Promise<void> {
  clock.set(new Date(T0 + s * 1000));
  await acd.t.kefu.services.routing.wake();
}
const notes = (requestType = 'query') => ({ disposition: 'resolved', requestType, notes: '' });
const state = (who: string, body: Record<string, string>) => acd.call(who, 'PUT', '/api/v1/agents/me/state', body);

const ids: Record<'c1' | 'c2' | 'c2s' | 'c3' | 'c4' | 'c5', string> = {
  c1: '',
  c2: '',
  c2s: '',
  c3: '',
  c4: '',
  c5: '',
};

beforeAll(async () => {
  acd = await setupAcd({
    clock,
    queues: [
      { key: 'lq1', serviceLevelSeconds: 20, shortAbandonSeconds: 5, offerTimeoutSeconds: 15, wrapUpSeconds: 120 },
      { key: 'lq2', serviceLevelSeconds: 30, shortAbandonSeconds: 5, offerTimeoutSeconds: 15, wrapUpSeconds: 120 },
    ],
    users: [
      { name: 'la1', memberships: [{ queue: 'lq1' }] },
      { name: 'la2', memberships: [{ queue: 'lq2' }] },
    ],
  });

  // c1: waits 10 s, answered by la1; 60 s of conversation with 10 s on hold; notes after 15 s.
  ids.c1 = (await acd.create('lq1', { customer: { id: 'k1' } })).id;
  await at(8);
  expect(await acd.ready('la1')).toMatchObject({ state: 'reserved', offer: ids.c1 });
  await at(10);
  await acd.call('la1', 'POST', `/api/v1/contacts/${ids.c1}/accept`);
  await at(40);
  // Voice reports a hold as it ends (staged in a transaction, as voice does).
  await acd.t.kefu.bus.transaction((tx) =>
    acd.t.kefu.bus.stage(tx, 'voice.call.resumed', {
      callId: randomUUID(),
      contactId: ids.c1,
      agentId: acd.id('la1'),
      by: 'desktop',
      at: clock.now().toISOString(),
      heldMs: 10_000,
    }),
  );
  await at(70);
  await acd.call('la1', 'POST', `/api/v1/contacts/${ids.c1}/complete`, {});
  await at(85);
  await acd.call('la1', 'POST', `/api/v1/contacts/${ids.c1}/wrap-up`, notes());
  await state('la1', { state: 'not_ready', reason: 'break' }); // the same instant: ready lasted no time

  // c2: abandoned after 30 s; c2s: gone after 3 s, a short abandon.
  ids.c2 = (await acd.create('lq1')).id;
  await at(115);
  await acd.call('admin', 'POST', `/api/v1/contacts/${ids.c2}/abandon`);
  ids.c2s = (await acd.create('lq1')).id;
  await at(118);
  await acd.call('admin', 'POST', `/api/v1/contacts/${ids.c2s}/abandon`);

  // c3: the same customer again, waits 25 s (late), 40 s with la1, transferred to lq2 (c4); la1's
  // notes on c3 come 10 s after the transfer (the contact stays "transferred").
  await at(120);
  ids.c3 = (await acd.create('lq1', { customer: { id: 'k1' } })).id;
  await at(140);
  expect(await acd.ready('la1')).toMatchObject({ state: 'reserved', offer: ids.c3 });
  await at(145);
  await acd.call('la1', 'POST', `/api/v1/contacts/${ids.c3}/accept`);
  await at(150);
  await acd.ready('la2');
  await at(185);
  const child = await acd.call('la1', 'POST', `/api/v1/contacts/${ids.c3}/transfer`, { queue: 'lq2' });
  ids.c4 = child.id;
  expect(child).toMatchObject({ parentId: ids.c3, state: 'offered', agentId: acd.id('la2') });
  await at(190);
  await acd.call('la2', 'POST', `/api/v1/contacts/${ids.c4}/accept`);
  await at(195);
  await acd.call('la1', 'POST', `/api/v1/contacts/${ids.c3}/wrap-up`, notes('fault'));
  await at(200);
  await state('la1', { state: 'logged_out' });
  await at(210);
  await acd.call('la2', 'POST', `/api/v1/contacts/${ids.c4}/complete`, { wrapUp: notes('fault') });

  // c5: offered to la2, rings out after 15 s (RONA: la2 not ready / no_answer), answered after 25 s.
  await at(220);
  ids.c5 = (await acd.create('lq2', { customer: { id: 'k2' } })).id;
  expect(await acd.contact(ids.c5)).toMatchObject({ state: 'offered', agentId: acd.id('la2') });
  await at(235);
  expect(await acd.me('la2')).toMatchObject({ state: 'not_ready', reason: 'no_answer' });
  await at(240);
  expect(await acd.ready('la2')).toMatchObject({ offer: ids.c5 });
  await at(245);
  await acd.call('la2', 'POST', `/api/v1/contacts/${ids.c5}/accept`);
  await at(275);
  await acd.call('la2', 'POST', `/api/v1/contacts/${ids.c5}/complete`, { wrapUp: notes() });
  await at(280);
  await state('la2', { state: 'logged_out' });
  await at(300);

  await acd.t.kefu.bus.drain();
});
afterAll(() => acd.t.close());

const DAY = 'from=2026-03-03&to=2026-03-04';
const report = (q: string) => acd.call('admin', 'GET', `/api/v1/reports/kpis?${DAY}&${q}`);
const rowOf = (r: Body, key: string) => r.rows.find((x: Body) => x.key === key || x.name === key);
const queueId = (key: string) => acd.t.kefu.services.routing.listQueues().find((q) => q.key === key)!.id;

describe('contacts through the ACD, as the events arrive', () => {
  it('count per queue visit: answered, abandoned, short abandons, service level, handle time parts, FCR', async () => {
    const r = await report('groupBy=queue');
    expect(rowOf(r, queueId('lq1'))).toMatchObject({
      offered: 3, // c1, c2, c3 (c2s is a short abandon)
      shortAbandoned: 1,
      answered: 2,
      abandoned: 1,
      answeredWithinThreshold: 1, // c1 (10 s); c3 waited 25 s
      serviceLevel: 0.3333, // 1 / 3
      abandonRate: 0.3333,
      asaSeconds: 17.5, // (10 + 25) / 2
      handled: 2, // c1, and c3 handed over
      talkSeconds: 45, // (60 − 10 held + 40) / 2
      holdSeconds: 5, // 10 / 2
      wrapUpSeconds: 12.5, // (15 + c3's late notes 10) / 2
      ahtSeconds: 62.5, // (75 + 50) / 2
      fcr: 0.5, // k1 called again (c3) within 168 h of c1; nobody after c3
      transfers: 1,
      rona: 0,
    });
    expect(rowOf(r, queueId('lq2'))).toMatchObject({
      offered: 2, // c4 (the transfer's leg), c5
      answered: 2,
      abandoned: 0,
      answeredWithinThreshold: 2, // 5 s and 25 s, within 30 s
      serviceLevel: 1,
      asaSeconds: 15,
      handled: 2,
      talkSeconds: 25, // (20 + 30) / 2
      holdSeconds: 0,
      wrapUpSeconds: 0, // completed with the notes
      ahtSeconds: 25,
      rona: 1, // c5 rang out at la2
      transfers: 0,
    });
    // Thresholds overridden for the request: 25 s within 30 s counts for lq1 too.
    const relaxed = await report('groupBy=queue&serviceLevelSeconds=30&shortAbandonSeconds=2');
    expect(rowOf(relaxed, queueId('lq1'))).toMatchObject({
      offered: 4, // a 3 s abandon is no longer short
      shortAbandoned: 0,
      abandoned: 2,
      answeredWithinThreshold: 2,
      serviceLevel: 0.5,
    });
  });

  it('centre-wide, a transferred contact is one contact', async () => {
    const r = await report('groupBy=day');
    expect(r.scope).toBe('center');
    expect(r.total).toMatchObject({
      offered: 4, // c1, c2, c3→c4, c5
      answered: 3,
      abandoned: 1,
      shortAbandoned: 1,
      rona: 1,
      transfers: 1,
    });
  });

  it('agent states: occupancy, utilization and not-ready time by reason', async () => {
    const r = await report('groupBy=agent');
    // la1: reserved 2 + busy 60 + wrap-up 15 + break 55 + reserved 5 + busy 40 + wrap-up 10 + ready 5
    expect(rowOf(r, acd.id('la1'))).toMatchObject({
      handled: 2,
      ahtSeconds: 62.5,
      occupancy: 0.9124, // handling 125 ÷ (125 + ready 5 + reserved 7)
      utilization: 0.651, // 125 ÷ logged in 192
      notReadySeconds: { break: 55 },
    });
    // la2: ready 150–185, reserved 185–190, busy 190–210, ready 210–220, reserved 220–235,
    // not ready (no answer) 235–240, reserved 240–245, busy 245–275, ready 275–280
    expect(rowOf(r, acd.id('la2'))).toMatchObject({
      handled: 2,
      ahtSeconds: 25,
      occupancy: 0.4, // busy 50 ÷ (50 + ready 35 + 10 + 5 + reserved 5 + 15 + 5)
      utilization: 0.3846, // 50 ÷ 130
      notReadySeconds: { no_answer: 5 },
      rona: 1,
    });
  });

  it('the drill-down lists the contacts behind a figure', async () => {
    const list = async (figure: string, q: string) =>
      (await acd.call('admin', 'GET', `/api/v1/reports/contacts?${DAY}&${q}&figure=${figure}`)).items
        .map((c: Body) => c.id)
        .sort();
    expect(await list('abandoned', `groupBy=queue&key=${queueId('lq1')}`)).toEqual([ids.c2]);
    expect(await list('shortAbandoned', 'groupBy=queue')).toEqual([ids.c2s]);
    expect(await list('transferred', 'groupBy=queue')).toEqual([ids.c3]);
    expect(await list('rona', 'groupBy=queue')).toEqual([ids.c5]);
    expect(await list('fcrUnresolved', `groupBy=queue&key=${queueId('lq1')}`)).toEqual([ids.c1]);
    const c3 = (await acd.call('admin', 'GET', `/api/v1/reports/contacts?${DAY}&groupBy=queue&figure=transferred`))
      .items[0];
    expect(c3).toMatchObject({ talkSeconds: 40, wrapUpSeconds: 10, requestType: 'fault', transferred: true });
  });

  it("the wallboard's today is the report's figures", async () => {
    const board = await acd.call('admin', 'GET', '/api/v1/wallboard');
    const r = await report('groupBy=queue');
    for (const key of ['lq1', 'lq2']) {
      const live = board.queues.find((q: Body) => q.key === key);
      const row = rowOf(r, queueId(key));
      expect(live).toMatchObject({
        offeredToday: row.offered,
        answeredToday: row.answered,
        answeredInThresholdToday: row.answeredWithinThreshold,
        abandonedToday: row.abandoned,
        shortAbandonedToday: row.shortAbandoned,
        serviceLevelToday: row.serviceLevel,
        abandonRateToday: row.abandonRate,
        ahtSeconds: row.ahtSeconds,
      });
    }
    expect(board.queues.find((q: Body) => q.key === 'lq1')).toMatchObject({ offeredToday: 3, ahtSeconds: 62.5 });
  });
});
