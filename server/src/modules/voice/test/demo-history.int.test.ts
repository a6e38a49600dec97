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
const NOW = '2026-12-07T15:00:00+08:00';
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
    expect(await count(`select count(*) from telephony_calls where attributes ? 'csat'`)).toBeGreaterThan(0);
    expect(await count(`select count(*) from routing_contacts where wrap_up is not null`)).toBeGreaterThan(0);
    expect(await count(`select count(*) from routing_contact_events where note like '%RONA%'`)).toBeGreaterThan(0);
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
