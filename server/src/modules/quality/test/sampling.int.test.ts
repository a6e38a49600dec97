/**
 * Sampling plans drawn over a month of handled contacts (quality's read model filled as its event
 * handlers do): each agent's random share holds over many days, the targeted rules take exactly
 * the contacts they name (with the reasons), nobody gets their own contacts, a period is drawn once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamplingPlanInput } from '../../../../../contracts/quality';
import { type Body, ok } from '../../../../../test/acd';
import { buildTestKefu, createTestApp, type TestApp } from '../../../../../test/app';
import type { Kefu } from '../../../app';
import { addDays } from '../../../platform/calendar';
import { seededRandom } from '../../../platform/random';
import { qualityContacts } from '../quality.schema';

let t: TestApp;
let admin: string;
const agents: string[] = [];
let q1: string;
let q2: string;
const QUEUE = randomUUID();
const DAYS = 30;
const FIRST = '2026-10-01';
/** Contacts per agent and day (varied, so shares are rarely whole numbers). */
const perDay = new Map<string, number>();

const at = (date: string, hh: number, mm = 0) =>
  new Date(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);

type Fixture = Partial<typeof qualityContacts.$inferInsert> & { agentId: string; connectedAt: Date };
async function contacts(rows: Fixture[]): Promise<string[]> {
  const values = rows.map((r) => ({
    contactId: randomUUID(),
    channel: 'voice',
    queueId: QUEUE,
    queuedAt: r.connectedAt,
    handleMs: 180_000,
    ...r,
  }));
  for (let i = 0; i < values.length; i += 1000) {
    await t.handle.db.insert(qualityContacts).values(values.slice(i, i + 1000));
  }
  return values.map((v) => v.contactId);
}

const plan = async (body: Partial<SamplingPlanInput>): Promise<Body> =>
  ok(
    await t.request('POST', '/api/v1/quality/plans', {
      token: admin,
      body: {
        name: `plan-${randomUUID().slice(0, 8)}`,
        enabled: false,
        evaluatorIds: [q1, q2],
        newHireDays: null,
        lowScoreBelow: null,
        complaints: false,
        longCallPercentile: null,
        lowCsatMax: null,
        repeatCallerHours: null,
        ...body,
      },
    }),
    201,
  );
const draw = async (planId: string, periodStart: string) =>
  ok(await t.request('POST', `/api/v1/quality/plans/${planId}/draw`, { token: admin, body: { periodStart } }));

async function tasksOf(
  drawId: string,
): Promise<Array<{ contact_id: string; agent_id: string; evaluator_id: string; reasons: string[] }>> {
  const r = await t.handle.pool.query(
    'select contact_id, agent_id, evaluator_id, reasons from quality_tasks where draw_id = $1',
    [drawId],
  );
  return r.rows;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  for (const name of ['s.a1', 's.a2', 's.a3']) agents.push(await t.addUser(name, ['agent']));
  q1 = await t.addUser('s.q1', ['qa']);
  // An evaluator who also takes calls: never given their own.
  q2 = await t.addUser('s.q2', ['qa', 'agent']);
  agents.push(q2);
  const random = seededRandom('sampling-fixture');
  const rows: Fixture[] = [];
  for (let d = 0; d < DAYS; d++) {
    const date = addDays(FIRST, d);
    for (const agentId of agents) {
      const n = random.int(7, 33);
      perDay.set(`${agentId}|${date}`, n);
      for (let i = 0; i < n; i++) rows.push({ agentId, connectedAt: at(date, 8 + (i % 12), i % 60) });
    }
  }
  await contacts(rows);
}, 120_000);

let newYork: Kefu | undefined;
afterAll(async () => {
  await newYork?.app.close();
  await t?.close();
});

describe('a random share per agent', () => {
  it('takes 10 % of each agent’s contacts over a month, within a point and a half', async () => {
    const p = await plan({ randomPercent: 10 });
    const picked = new Map<string, number>();
    const offered = new Map<string, number>();
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(FIRST, d);
      const result = await draw(p.id, date);
      expect(result).toMatchObject({ existing: false, periodStart: date, periodEnd: addDays(date, 1) });
      for (const task of await tasksOf(result.drawId)) {
        expect(task.reasons).toEqual(['random']);
        expect(task.evaluator_id).not.toBe(task.agent_id);
        picked.set(task.agent_id, (picked.get(task.agent_id) ?? 0) + 1);
      }
      for (const a of agents) offered.set(a, (offered.get(a) ?? 0) + perDay.get(`${a}|${date}`)!);
    }
    for (const a of agents) {
      const share = (100 * picked.get(a)!) / offered.get(a)!;
      expect(share, a).toBeGreaterThanOrEqual(8.5);
      expect(share, a).toBeLessThanOrEqual(11.5);
    }
    // q2's contacts all went to q1; the lists are otherwise balanced.
    const byEvaluator = await t.handle.pool.query(
      `select evaluator_id, count(*)::int as n, count(*) filter (where agent_id = evaluator_id)::int as own
         from quality_tasks t join quality_draws d on d.id = t.draw_id where d.plan_id = $1 group by 1`,
      [p.id],
    );
    expect(byEvaluator.rows.every((r) => r.own === 0)).toBe(true);
    const [x, y] = byEvaluator.rows.map((r) => r.n as number);
    expect(Math.abs(x! - y!)).toBeLessThanOrEqual(2);
  });

  it('draws a period once: drawing it again answers the first draw', async () => {
    const p = await plan({ randomPercent: 20 });
    const first = await draw(p.id, FIRST);
    const again = await draw(p.id, FIRST);
    expect(again).toMatchObject({
      existing: true,
      drawId: first.drawId,
      picked: first.picked,
      seed: `${p.id}:${FIRST}`,
    });
    expect(first.byReason).toEqual({ random: first.picked });
  });
});

describe('targeted rules', () => {
  it('take exactly the contacts they name, each with its reasons', async () => {
    const day = '2026-11-10';
    const [a1, a2] = agents as [string, string];
    const customer = `k-${randomUUID()}`;
    // Ordinary contacts of 3 minutes, then one of each kind.
    await contacts(Array.from({ length: 40 }, (_, i) => ({ agentId: i % 2 ? a1 : a2, connectedAt: at(day, 9, i) })));
    const [complaint, long, lowCsat, transfer, earlier, repeat, okCsat] = await contacts([
      { agentId: a1, connectedAt: at(day, 10), complaint: true },
      { agentId: a2, connectedAt: at(day, 10, 5), handleMs: 3_600_000 },
      { agentId: a1, connectedAt: at(day, 10, 10), csat: 2 },
      { agentId: a2, connectedAt: at(day, 10, 15), transferred: true },
      { agentId: a1, connectedAt: at(addDays(day, -2), 20), customerId: customer },
      { agentId: a2, connectedAt: at(day, 11), customerId: customer, csat: 1 },
      { agentId: a1, connectedAt: at(day, 11, 5), csat: 3 },
    ]);
    const p = await plan({
      randomPercent: 0,
      complaints: true,
      longCallPercentile: 95,
      lowCsatMax: 2,
      transfers: true,
      repeatCallerHours: 72,
    });
    const result = await draw(p.id, day);
    const tasks = new Map((await tasksOf(result.drawId)).map((x) => [x.contact_id, x.reasons]));
    expect(Object.fromEntries(tasks)).toEqual({
      [complaint!]: ['complaint'],
      [long!]: ['long_call'],
      [lowCsat!]: ['low_csat'],
      [transfer!]: ['transfer'],
      [repeat!]: ['low_csat', 'repeat_caller'],
    });
    expect(tasks.has(earlier!)).toBe(false);
    expect(tasks.has(okCsat!)).toBe(false);
    expect(result.byReason).toEqual({ complaint: 1, long_call: 1, low_csat: 2, transfer: 1, repeat_caller: 1 });
  });

  it('shows the work list with why each contact was chosen, to its evaluator only', async () => {
    const q1Token = await t.login('s.q1', 'Passw0rd!');
    const list = ok(await t.request('GET', '/api/v1/quality/tasks?pageSize=200', { token: q1Token }));
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((x: Body) => x.evaluatorId === q1 && x.reasons.length > 0)).toBe(true);
    expect(list.items[0]).toMatchObject({ status: 'open', evaluatorName: 's.q1', queueId: QUEUE });
    const others = await t.request('GET', `/api/v1/quality/tasks?evaluatorId=${q2}`, { token: q1Token });
    expect(others.statusCode).toBe(200); // the qa role manages quality (qa.manage)
    const agentToken = await t.login('s.a1', 'Passw0rd!');
    expect((await t.request('GET', '/api/v1/quality/tasks', { token: agentToken })).statusCode).toBe(403);
  });
});

describe('across plans', () => {
  it('samples a contact once when two plans covering its queue draw at the same moment', async () => {
    const day = '2026-11-20';
    const [a1, a2] = agents as [string, string];
    const ids = await contacts(
      Array.from({ length: 30 }, (_, i) => ({ agentId: i % 2 ? a1 : a2, connectedAt: at(day, 9, i) })),
    );
    // Both take every contact of the queue: whichever draw inserts second must skip them.
    const [p1, p2] = await Promise.all([
      plan({ randomPercent: 100, queueIds: [QUEUE] }),
      plan({ randomPercent: 100, queueIds: [QUEUE] }),
    ]);
    const responses = await Promise.all(
      [p1, p2].map((p) =>
        t.request('POST', `/api/v1/quality/plans/${p.id}/draw`, { token: admin, body: { periodStart: day } }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200]);
    const [d1, d2] = responses.map((r) => r.json());
    const tasks = await t.handle.pool.query<{ contact_id: string; n: number }>(
      `select contact_id, count(*)::int as n from quality_tasks where contact_id = any($1::uuid[]) group by 1`,
      [ids],
    );
    expect(tasks.rows.filter((r) => r.n > 1)).toEqual([]);
    expect(tasks.rowCount).toBe(30);
    // Each draw reports what it took.
    expect(d1.picked + d2.picked).toBe(30);
    expect([(await tasksOf(d1.drawId)).length, (await tasksOf(d2.drawId)).length]).toEqual([d1.picked, d2.picked]);
  });
});

describe('weekly plans', () => {
  it('refuse a period that does not start on a Monday, naming the field', async () => {
    const p = await plan({ frequency: 'weekly', randomPercent: 5 });
    // 2026-10-07 is a Wednesday.
    const res = await t.request('POST', `/api/v1/quality/plans/${p.id}/draw`, {
      token: admin,
      body: { periodStart: '2026-10-07' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'QUALITY.PERIOD_NOT_MONDAY',
      details: { fields: [{ location: 'body', path: 'periodStart' }] },
    });
    const monday = await draw(p.id, '2026-10-05');
    expect(monday).toMatchObject({ periodStart: '2026-10-05', periodEnd: '2026-10-12', existing: false });
  });

  it('are drawn by the scheduler for the last Monday–Sunday week of the center’s time zone', async () => {
    // Monday 03:30 UTC is still Sunday evening in New York: its last complete week began on the
    // Monday two weeks before (in UTC or Shanghai it would be the week that just ended).
    newYork = await buildTestKefu(t.handle, {
      clock: { now: () => new Date('2026-10-12T03:30:00Z') },
      timezone: 'America/New_York',
    });
    await newYork.app.ready();
    await newYork.bus.stop();
    const p = await plan({ frequency: 'weekly', randomPercent: 5, enabled: true });
    await newYork.services.quality.sampling.drawDue();
    const drawn = await t.handle.pool.query<{ start: string; end: string }>(
      `select period_start::text as start, period_end::text as end from quality_draws where plan_id = $1`,
      [p.id],
    );
    expect(drawn.rows).toEqual([{ start: '2026-09-28', end: '2026-10-05' }]);
  });
});
