import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../../../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import { buildApp, type Kefu } from '../../../app';
import { DEMO_PASSWORD, seedDemo } from '../../../demo';
import { fixedClock } from '../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../platform/db';
import { uuidv7Generator } from '../../../platform/ids';
import { createLogger } from '../../../platform/logger';

// A Monday afternoon in Shanghai: today's part of the history is the morning and early afternoon.
// DEMO_NOW=2026-12-06T16:32:00+08:00 replays up to another now (a Sunday afternoon), to look at its figures.
const NOW = process.env.DEMO_NOW ?? '2026-12-07T15:00:00+08:00';
const DAY = 86_400_000;

let db: TestDatabase;
let handle: DbHandle;
let kefu: Kefu;
let dir: string;
let first: Awaited<ReturnType<typeof seedDemo>>;

const inject = async (method: 'GET', url: string, token: string) => {
  const res = await kefu.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res;
};
const login = async (username: string, password: string): Promise<string> => {
  const res = await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  expect(res.statusCode).toBe(200);
  return res.json().token;
};
const count = async (sql: string) => Number((await handle.pool.query(sql)).rows[0].count);

type Figures = { offered: number; answered: number; within20: number; abandoned: number };
type HourRow = Figures & { day: string; hour: number; queue: string; staffed: number };

/**
 * The history's traffic per day, hour and queue (calls that reached a queue, by the queue they ended
 * in: answered, within 20 s, abandoned in the queue) and, per hour, the most members of the queue who
 * were at work at once (logged in and not on a break: ready or on a call) — what a manager's interval
 * report shows. Printed, so a change to the rosters or the traffic shows what it did.
 */
async function intervals(): Promise<HourRow[]> {
  const tz = 'Asia/Shanghai';
  const calls = await handle.pool.query(
    `select to_char(c.queued_at at time zone '${tz}', 'YYYY-MM-DD') as day,
            extract(hour from c.queued_at at time zone '${tz}')::int as hour, q.key as queue,
            count(*)::int as offered, count(c.answered_at)::int as answered,
            count(*) filter (where c.answered_at <= c.queued_at + interval '20 seconds')::int as within20,
            count(*) filter (where c.end_reason = 'abandoned_queue')::int as abandoned
     from telephony_calls c join routing_queues q on q.id = c.queue_id
     where c.queued_at is not null group by 1, 2, 3`,
  );
  const members = await handle.pool.query(
    'select q.key as queue, m.user_id from routing_memberships m join routing_queues q on q.id = m.queue_id',
  );
  const events = await handle.pool.query('select user_id, at, state from routing_agent_events order by id');
  // Who was at work in each minute, per agent: a sweep over each agent's state changes.
  const working = new Map<string, Set<number>>();
  const byUser = new Map<string, { at: number; state: string }[]>();
  for (const e of events.rows) {
    const list = byUser.get(e.user_id) ?? [];
    list.push({ at: new Date(e.at).getTime(), state: e.state });
    byUser.set(e.user_id, list);
  }
  for (const [user, list] of byUser) {
    const minutes = new Set<number>();
    list.forEach((e, i) => {
      if (e.state === 'logged_out' || e.state === 'not_ready') return;
      const end = list[i + 1]?.at ?? e.at;
      for (let m = Math.floor(e.at / 60_000); m < Math.ceil(end / 60_000); m++) minutes.add(m);
    });
    working.set(user, minutes);
  }
  const rows: HourRow[] = calls.rows.map((r) => {
    const start = new Date(`${r.day}T${String(r.hour).padStart(2, '0')}:00:00+08:00`).getTime() / 60_000;
    const users = members.rows.filter((m) => m.queue === r.queue).map((m) => m.user_id as string);
    let staffed = 0;
    for (let m = start; m < start + 60; m++) {
      staffed = Math.max(staffed, users.filter((u) => working.get(u)?.has(m)).length);
    }
    return { ...r, staffed };
  });
  return rows.sort((a, b) => a.day.localeCompare(b.day) || a.hour - b.hour || a.queue.localeCompare(b.queue));
}

const sum = (rows: Figures[]): Figures =>
  rows.reduce(
    (s, r) => ({
      offered: s.offered + r.offered,
      answered: s.answered + r.answered,
      within20: s.within20 + r.within20,
      abandoned: s.abandoned + r.abandoned,
    }),
    { offered: 0, answered: 0, within20: 0, abandoned: 0 },
  );
const pct = (n: number, d: number) => (d ? Math.round((100 * n) / d) : 0);

beforeAll(async () => {
  db = await createTestDatabase();
  handle = openDatabase(db.url, { max: 5 });
  dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-demo-history-'));
  const clock = fixedClock(NOW);
  kefu = await buildApp({
    db: handle.db,
    pool: handle.pool,
    clock,
    ids: uuidv7Generator(clock),
    log: createLogger('silent'),
    sessionSeconds: 12 * 3600,
    idleLockSeconds: 15 * 60,
    serveWeb: false,
    recordings: { dir, key: randomBytes(32), keyId: 'test', retentionDays: 180 },
  });
  await kefu.services.users.bootstrapAdmin(ADMIN_PASSWORD);
  await kefu.app.ready();
  first = await seedDemo(kefu, undefined, { history: true });
  await kefu.bus.drain();
}, 300_000);

afterAll(async () => {
  await kefu?.app.close();
  await handle?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the demo with history', () => {
  it('has calls in the call log on each of the last 14 days and in every queue, and says what it made', async () => {
    console.log('demo history', first.history);
    const token = await login('admin', ADMIN_PASSWORD);
    const counts = first.history!.counts;
    expect(counts.telephony!.calls).toBeGreaterThan(14 * 150);
    const days = await handle.pool.query(
      `select to_char(started_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*)::int as n
       from telephony_calls group by 1 order by 1`,
    );
    expect(days.rows.map((r) => r.day)).toHaveLength(14);
    expect(days.rows[13].day).toBe('2026-12-07');
    // Mondays are busier than Sundays.
    const n = Object.fromEntries(days.rows.map((r) => [r.day, r.n]));
    expect(n['2026-11-30']).toBeGreaterThan(n['2026-12-06']);
    const list = (await inject('GET', '/api/v1/calls?limit=500', token)).json();
    expect(list.items.length).toBeGreaterThan(0);
    for (const queue of ['billing', 'fault', 'complaints', 'general']) {
      const q = (await inject('GET', `/api/v1/calls?queue=${queue}&limit=1`, token)).json();
      expect(q.items.length, queue).toBe(1);
    }
    const from = new Date(new Date(NOW).getTime() - 14 * DAY).toISOString();
    const abandoned = (
      await inject('GET', `/api/v1/calls?endReason=abandoned_queue&from=${encodeURIComponent(from)}`, token)
    ).json();
    expect(abandoned.items.length).toBeGreaterThan(0);
    const ivr = (await inject('GET', '/api/v1/calls?endReason=abandoned_ivr', token)).json();
    expect(ivr.items.length).toBeGreaterThan(0);
    expect(await count(`select count(*) from telephony_calls where transfers > 0`)).toBeGreaterThan(0);
    expect(await count(`select count(*) from telephony_calls where hold_ms > 0`)).toBeGreaterThan(0);
    const surveyed = await count(`select count(*) from telephony_calls where attributes ? 'csat'`);
    expect(surveyed).toBeGreaterThan(0);
    // The IVR survey's digits are survey answers too: the surveys module reads the same events.
    expect(await count(`select count(*) from survey_answers where channel = 'ivr'`)).toBe(surveyed);
    expect(
      await count(
        `select count(*) from survey_answers a join telephony_calls c on c.id = a.call_id
         where a.csat = (c.attributes->>'csat')::int and a.agent_id is not null and a.queue_id is not null`,
      ),
    ).toBe(surveyed);
    expect(await count(`select count(*) from routing_contacts where wrap_up is not null`)).toBeGreaterThan(0);
    expect(await count(`select count(*) from routing_contact_events where note like 'rona:%'`)).toBeGreaterThan(0);
    expect(await count(`select count(*) from routing_agent_events where reason = 'meal'`)).toBeGreaterThan(0);
  });

  it('keeps a few recordings that play as WAV', async () => {
    const token = await login('admin', ADMIN_PASSWORD);
    const rows = await handle.pool.query('select id from telephony_recordings');
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) {
      const res = await inject('GET', `/api/v1/recordings/${r.id}`, token);
      // A RIFF WAVE file, stereo (caller left, agent right), over 5 s of 8 kHz 16-bit audio.
      const wav = res.rawPayload;
      expect([wav.toString('latin1', 0, 4), wav.toString('latin1', 8, 12)]).toEqual(['RIFF', 'WAVE']);
      expect(wav.readUInt16LE(22)).toBe(2);
      expect(wav.readUInt32LE(24)).toBe(8000);
      expect(wav.length).toBeGreaterThan(44 + 8000 * 2 * 2 * 5);
    }
  });

  it("shows today's figures on the wallboard and per agent", async () => {
    const token = await login('super01', DEMO_PASSWORD);
    const board = (await inject('GET', '/api/v1/wallboard', token)).json();
    const offered = board.queues.reduce((s: number, q: { offeredToday: number }) => s + q.offeredToday, 0);
    const answered = board.queues.reduce((s: number, q: { answeredToday: number }) => s + q.answeredToday, 0);
    expect(offered).toBeGreaterThan(50);
    expect(answered).toBeGreaterThan(0);
    // Everyone the replay logged in is logged out again: the demo hands over to real agents.
    expect(board.agents.every((a: { state: string }) => a.state === 'logged_out')).toBe(true);
    const stats = (await inject('GET', '/api/v1/queues/billing/stats', token)).json();
    expect(stats.answeredToday).toBeGreaterThan(0);
    // agent01 works the early shift on weekdays (unless on leave): someone of the early shift has figures.
    const days = await Promise.all(
      ['agent01', 'agent03', 'agent05', 'agent07'].map(async (u) => {
        const me = (await inject('GET', '/api/v1/agents/me', await login(u, DEMO_PASSWORD))).json();
        return me.today;
      }),
    );
    expect(days.some((d) => d.handled > 0 && d.readySeconds > 0)).toBe(true);
  });

  it('leaves no contact or call open, and the call log agrees with the contacts', async () => {
    expect(await count('select count(*) from telephony_calls where ended_at is null')).toBe(0);
    expect(
      await count(`select count(*) from routing_contacts where state in ('queued','offered','connected','wrap_up')`),
    ).toBe(0);
    // Every answered call has a connected contact; every connected voice contact's call was answered.
    const answeredCalls = await count('select count(*) from telephony_calls where answered_at is not null');
    const callsOfConnected = await count(
      `select count(distinct attributes->>'callId') from routing_contacts where connected_at is not null`,
    );
    expect(answeredCalls).toBe(callsOfConnected);
    const abandonedCalls = await count(`select count(*) from telephony_calls where end_reason = 'abandoned_queue'`);
    const abandonedContacts = await count(`select count(*) from routing_contacts where state = 'abandoned'`);
    expect(abandonedCalls).toBe(abandonedContacts);
  });

  it('is a healthy hotline every day: service level, abandons, and someone to serve every queue', async () => {
    const rows = await intervals();
    const days = [...new Set(rows.map((r) => r.day))];
    const lines: string[] = [];
    for (const day of days) {
      const of = rows.filter((r) => r.day === day);
      const all = sum(of);
      const queues = ['billing', 'fault', 'complaints', 'general'].map((q) => {
        const f = sum(of.filter((r) => r.queue === q));
        return `${q} ${f.answered}/${f.abandoned}`;
      });
      lines.push(
        `${day} offered ${all.offered} SL ${pct(all.within20, all.offered)}% abandoned ${pct(all.abandoned, all.offered)}% · ${queues.join(' ')}`,
      );
    }
    const bad = rows.filter((r) => r.hour >= 9 && r.hour < 18 && r.abandoned >= 2 && r.answered === 0);
    for (const r of rows.filter((x) => x.abandoned * 2 > x.offered && x.offered >= 2)) {
      lines.push(
        `  ${r.day} ${r.hour}h ${r.queue}: ${r.offered} offered, ${r.answered} answered, ${r.abandoned} abandoned, ${r.staffed} at work`,
      );
    }
    console.log(`demo history per day (answered/abandoned per queue)\n${lines.join('\n')}`);
    for (const day of days) {
      const all = sum(rows.filter((r) => r.day === day));
      expect(pct(all.within20, all.offered), `${day} service level`).toBeGreaterThanOrEqual(60);
      expect(pct(all.abandoned, all.offered), `${day} abandon rate`).toBeLessThanOrEqual(15);
    }
    // Between 09:00 and 18:00 no queue has callers who all give up: someone serves every queue.
    expect(bad.map((r) => `${r.day} ${r.hour}h ${r.queue} (${r.staffed} at work)`)).toEqual([]);
    expect(
      rows.filter((r) => r.hour >= 9 && r.hour < 18 && r.staffed === 0).map((r) => `${r.day} ${r.hour}h ${r.queue}`),
    ).toEqual([]);
  });

  it('has quality evaluations of every agent, scored in the agent performance report, and appeals', async () => {
    // Two of each agent's calls (the team leads answered calls too).
    const made = first.history!.counts.quality!.evaluations!;
    expect(made).toBeGreaterThanOrEqual(40);
    const token = await login('super01', DEMO_PASSWORD);
    const from = encodeURIComponent(new Date(new Date(NOW).getTime() - 15 * 86_400_000).toISOString());
    const to = encodeURIComponent(new Date(NOW).toISOString());
    const report = (await inject('GET', `/api/v1/reports/kpis?groupBy=agent&from=${from}&to=${to}`, token)).json();
    const scored = report.rows.filter((r: { qualityEvaluations: number }) => r.qualityEvaluations > 0);
    expect(scored.length * 2).toBe(made);
    expect(scored.every((r: { qualityEvaluations: number }) => r.qualityEvaluations === 2)).toBe(true);
    expect(report.total.qualityEvaluations).toBe(made);
    expect(report.total.qualityScore).toBeGreaterThan(60);
    expect(report.total.qualityScore).toBeLessThan(100);
    const appeals = (await inject('GET', '/api/v1/quality/appeals', token)).json();
    expect(appeals.map((a: { status: string }) => a.status).sort()).toEqual(['changed', 'open']);
  });

  it("has next week's forecast learnt from it (backtested on the last week), with a planner's adjustment", async () => {
    expect(first.history!.counts.wfm).toEqual({ forecasts: 1, schedules: 1, simulations: 1, templates: 2, agents: 20 });
    const token = await login('wfm01', DEMO_PASSWORD);
    const list = (await inject('GET', '/api/v1/wfm/forecasts', token)).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ version: 2, holdoutWeeks: 1, days: 7 });
    const f = (await inject('GET', `/api/v1/wfm/forecasts/${list[0].id}`, token)).json();
    for (const q of f.queues) {
      expect(q.method, q.queueName).toBe('seasonal');
      expect(q.backtest.seasonal.wapeDay, q.queueName).toBeLessThan(0.5);
    }
    const busiest = f.queues.reduce((a: { base: Array<{ calls: number[] }> }, b: typeof a) =>
      b.base[0]!.calls.reduce((x, y) => x + y, 0) > a.base[0]!.calls.reduce((x, y) => x + y, 0) ? b : a,
    );
    // Monday 10:00 (interval 20) is the adjusted morning: 15 % above the base.
    expect(busiest.days[0].calls[20]).toBeGreaterThan(0);
    expect(busiest.days[0].calls[20]).toBeCloseTo(busiest.base[0].calls[20] * 1.15, 3);
  });

  it("has next week's schedule published for the 20 agents, and a leave request waiting for the team lead", async () => {
    const planner = await login('wfm01', DEMO_PASSWORD);
    const [schedule] = (await inject('GET', '/api/v1/wfm/schedules', planner)).json().items;
    expect(schedule).toMatchObject({ name: '下周排班（演示）', state: 'published', days: 7, agentCount: 20 });
    const agent = await login('agent05', DEMO_PASSWORD);
    const last = new Date(Date.parse(`${schedule.startDate}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    const shifts = (await inject('GET', `/api/v1/wfm/my-shifts?from=${schedule.startDate}&to=${last}`, agent)).json();
    expect(shifts.items.length).toBeGreaterThanOrEqual(4);
    expect(shifts.items.some((s: { state: string }) => s.state === 'active')).toBe(true);
    const requests = (await inject('GET', '/api/v1/wfm/requests', agent)).json().items;
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ kind: 'leave', state: 'pending' });
    // agent05's team lead sees it.
    const leads = await Promise.all(['lead01', 'lead02', 'lead03'].map((u) => login(u, DEMO_PASSWORD)));
    const seen = await Promise.all(
      leads.map(async (tok) => (await inject('GET', '/api/v1/wfm/requests/inbox', tok)).json().items.length),
    );
    expect(seen.filter((n) => n === 1)).toHaveLength(1);
    // 模拟: the schedule's first day through the ACD engine, saved with its figures.
    const sims = (await inject('GET', '/api/v1/wfm/simulations', planner)).json().items;
    expect(sims).toHaveLength(1);
    expect(sims[0]).toMatchObject({ source: 'schedule', date: schedule.startDate, replications: 5 });
    expect(sims[0].contacts).toBeGreaterThan(0);
    expect(sims[0].serviceLevel).toBeGreaterThan(0);
  });

  it('adds nothing when seeded again', async () => {
    const before = await count('select count(*) from telephony_calls');
    const contacts = await count('select count(*) from routing_contacts');
    const again = await seedDemo(kefu, undefined, { history: true });
    expect(again.created).toBe(0);
    expect(again.history?.counts).toEqual({});
    expect(await count('select count(*) from telephony_calls')).toBe(before);
    expect(await count('select count(*) from routing_contacts')).toBe(contacts);
  });
});
