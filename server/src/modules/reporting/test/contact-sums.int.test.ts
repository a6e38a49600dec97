import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import { seededRandom } from '../../../../../test/seeded-random';
import { fixedClock } from '../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../platform/db';
import type { Leg } from '../domain/legs';
import { createProjector } from '../reporting.projector';
import { answerSums, contactSums, type KpiSpec, summable } from '../reporting.query';
import { createReportingRepo, type LegWrite } from '../reporting.repo';

const repo = createReportingRepo();
let tdb: TestDatabase;
let h: DbHandle;

beforeAll(async () => {
  tdb = await createTestDatabase();
  h = openDatabase(tdb.url, { max: 4 });
});
afterAll(async () => {
  await h?.close();
  await tdb?.drop();
});

const START = Date.parse('2026-03-01T00:00:00Z');
const DAYS = 3;
const queues = [0, 1, 2].map((i) => ({
  id: `00000000-0000-4000-8000-0000000000q${i}`.replace('q', '1'),
  key: `q${i}`,
  name: `队列 ${i}`,
  serviceLevelSeconds: 20,
  shortAbandonSeconds: 5,
  active: true,
}));
/** A queue only the legs name (imported history not yet known as a queue). */
const unknownQueue = '00000000-0000-4000-8000-000000000999';

/** Random chains of one or two legs over three days; entries sometimes exactly on a quarter hour. */
function chains(seed: number, n: number): LegWrite[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: LegWrite[] = [];
  for (let i = 0; i < n; i++) {
    let at = START + Math.floor(rnd() * DAYS * 86_400_000);
    if (rnd() < 0.1) at = Math.floor(at / 900_000) * 900_000;
    const customerId = rnd() < 0.1 ? null : `c${Math.floor(rnd() * 40)}`;
    const channel = pick(['voice', 'voice', 'chat']);
    const rootId = randomUUID();
    const legs = rnd() < 0.15 ? 2 : 1;
    let entered = at;
    for (let k = 0; k < legs; k++) {
      const r = rnd();
      const outcome: Leg['outcome'] =
        k < legs - 1 ? 'answered' : r < 0.15 ? 'abandoned' : r < 0.2 ? 'waiting' : r < 0.25 ? 'moved' : 'answered';
      const wait = pick([0, 4_999, 5_000, 19_999, 20_000, 20_001, 30_000, Math.floor(rnd() * 200_000)]);
      const answered = outcome === 'answered';
      const talk = answered ? Math.floor(rnd() * 600_000) : 0;
      const leg: Leg = {
        id: k === 0 ? rootId : randomUUID(),
        parentId: k === 0 ? null : rootId,
        channel,
        queueId: rnd() < 0.05 ? unknownQueue : pick(queues).id,
        agentId: answered ? randomUUID() : null,
        customerId,
        callId: null,
        requestType: pick(['billing', 'repair', null]),
        disposition: null,
        enteredAt: new Date(entered),
        answeredAt: answered ? new Date(entered + wait) : null,
        endedAt: outcome === 'waiting' ? null : new Date(entered + wait + talk),
        completedAt: answered ? new Date(entered + wait + talk + 30_000) : null,
        waitMs: outcome === 'waiting' ? 0 : wait,
        outcome,
        handled: answered,
        talkMs: talk,
        holdMs: answered && rnd() < 0.3 ? Math.floor(rnd() * 60_000) : 0,
        wrapMs: answered ? 30_000 : 0,
        rona: rnd() < 0.1 ? 1 : 0,
        ronaAgentIds: [],
        transferred: answered && k < legs - 1,
      };
      out.push({ leg, rootId, rootEnteredAt: new Date(at), source: 'acd' });
      entered += wait + talk + 1_000;
    }
  }
  return out;
}

const questions: Array<Partial<KpiSpec>> = [
  {},
  { time: 'interval', intervalMinutes: 15 },
  { time: 'interval', intervalMinutes: 30, tz: 'Asia/Kathmandu' },
  { time: 'hour', tz: 'America/New_York' },
  { time: 'day' },
  { time: 'month' },
  { entity: 'queue', time: 'day' },
  { entity: 'queue', time: 'interval', intervalMinutes: 15 },
  { entity: 'channel', time: 'hour' },
  { queueIds: [queues[1]!.id], time: 'day' },
  { channel: 'chat', time: 'day' },
  { time: 'day', from: new Date(START + 86_400_000 + 900_000), to: new Date(START + 2 * 86_400_000 - 1_800_000) },
];

const spec = (over: Partial<KpiSpec>): KpiSpec => ({
  from: new Date(START - 86_400_000),
  to: new Date(START + (DAYS + 1) * 86_400_000),
  tz: 'Asia/Shanghai',
  intervalMinutes: 15,
  now: new Date(START + DAYS * 86_400_000),
  ...over,
});

const ordered = (rows: Awaited<ReturnType<typeof contactSums>>) =>
  rows.map((r) => r).sort((a, b) => `${a.key}|${a.bucket}`.localeCompare(`${b.key}|${b.bucket}`));

async function expectSummedEqualsRaw() {
  for (const q of questions) {
    const s = spec(q);
    expect(summable(s)).toBe(true);
    const summed = ordered(await contactSums(h.db, s));
    const raw = ordered(await contactSums(h.db, s, { raw: true }));
    expect(raw.length).toBeGreaterThan(0);
    expect(summed).toEqual(raw);
  }
}

describe('contact sums kept by quarter hour', () => {
  it('answer every queue, channel and centre-wide question exactly as the legs do', async () => {
    await repo.upsertQueues(h.db, queues);
    const projector = createProjector({
      db: h.db,
      repo,
      clock: fixedClock(new Date(START)),
      contactRecords: async () => [],
    });
    const writes = chains(7, 400);
    // Written in small batches as events would, then some legs again with a later state.
    for (let i = 0; i < writes.length; i += 5) await projector.settle(writes.slice(i, i + 5));
    const again = writes
      .filter((w) => w.leg.outcome === 'waiting')
      .map((w) => ({
        ...w,
        leg: {
          ...w.leg,
          outcome: 'abandoned' as const,
          waitMs: 12_000,
          endedAt: new Date(w.leg.enteredAt.getTime() + 12_000),
        },
      }));
    expect(again.length).toBeGreaterThan(0);
    await projector.settle(again);
    await expectSummedEqualsRaw();
  });

  it('stay exact when a queue’s thresholds change, customers merge, or the queue becomes known', async () => {
    await repo.upsertQueues(h.db, [{ ...queues[0]!, serviceLevelSeconds: 30, shortAbandonSeconds: 10 }]);
    await repo.setFcrWindow(h.db, queues[1]!.id, 1);
    await repo.mergeCustomers(h.db, 'c1', ['c2', 'c3']);
    await repo.upsertQueues(h.db, [{ ...queues[0]!, id: unknownQueue, key: 'old', name: '旧队列', active: false }]);
    await expectSummedEqualsRaw();
  });

  it('a recomputation of all of them gives what was kept on the way', async () => {
    const read = () =>
      h.pool.query('select * from reporting_contact_intervals order by bucket, scope, queue_id nulls first, channel');
    const before = await read();
    await repo.refreshContactSums(h.db, 'all');
    expect((await read()).rows).toEqual(before.rows);
  });

  it('a refresh of a year of quarter hours (an import) fits in the lock table and changes nothing kept exactly', async () => {
    const read = () =>
      h.pool.query('select * from reporting_contact_intervals order by bucket, scope, queue_id nulls first, channel');
    const before = await read();
    const year = Array.from({ length: 35_040 }, (_, i) => new Date(START - 180 * 86_400_000 + i * 900_000));
    await h.db.transaction((tx) => repo.refreshContactSums(tx, year));
    expect((await read()).rows).toEqual(before.rows);
  });

  it('survey sums by quarter hour first are the sums answer by answer', async () => {
    const rnd = seededRandom(11);
    const score = (max: number, min = 0) => (rnd() < 0.3 ? null : min + Math.floor(rnd() * (max - min + 1)));
    await repo.upsertAnswers(
      h.db,
      Array.from({ length: 300 }, (_, i) => ({
        id: `t:${i}`,
        contactId: null,
        queueId: queues[i % 3]!.id,
        agentId: null,
        channel: i % 4 === 0 ? 'chat' : 'voice',
        requestType: null,
        at: new Date(START + Math.floor(rnd() * DAYS * 86_400_000)),
        answeredAt: new Date(START),
        csat: score(5, 1),
        nps: score(10),
        ces: score(7, 1),
      })),
    );
    for (const q of [...questions, { time: 'day' as const, from: new Date(START + 61_000) }]) {
      const s = spec(q);
      const quarterly = ordered(await answerSums(h.db, s));
      expect(quarterly.length).toBeGreaterThan(0);
      expect(quarterly).toEqual(ordered(await answerSums(h.db, s, { raw: true })));
    }
  });

  it('questions with their own thresholds, agents or request types read the legs', () => {
    expect(summable(spec({ serviceLevelSeconds: 10 }))).toBe(false);
    expect(summable(spec({ entity: 'agent' }))).toBe(false);
    expect(summable(spec({ requestType: 'billing' }))).toBe(false);
    expect(summable(spec({ from: new Date(START + 60_000) }))).toBe(false);
  });
});
