import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../../../../test/acd';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { fixedClock } from '../../../platform/clock';
import type { ContactRecord } from '../../routing';

/**
 * The hand-computed fixture (issue 14, Proof): about fifty contacts on Tuesday 2026-11-10 in
 * Shanghai (UTC+8) whose every figure below was worked out by hand from DOMAIN.md's definitions —
 * the comments show the arithmetic. The records go in through the same projector as the live
 * events and the rebuild; the API, the CSV and the XLSX must agree with the hand figures.
 *
 * Queues: A (voice, 20 s / short 5 s / FCR 168 h), B (voice, 30 s / short 10 s / FCR 24 h),
 * C (chat, 60 s / short 0 s). Agents a1, a2 (team T1), a3 (team T2).
 */
const clock = fixedClock('2026-11-20T04:00:00Z');
let t: TestApp;
let admin: string;
const Q: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
const AG: Record<'a1' | 'a2' | 'a3', string> = { a1: '', a2: '', a3: '' };
const TEAM: Record<'T1' | 'T2', string> = { T1: '', T2: '' };

let seq = 0;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** Local wall clock on day D (+offset days) → the instant. */
const at = (hms: string, dayOffset = 0): number => {
  const d = new Date(Date.UTC(2026, 10, 10 + dayOffset));
  const [h, m, s] = hms.split(':').map(Number) as [number, number, number];
  return d.getTime() + ((h - 8) * 3600 + m * 60 + s) * 1000;
};
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type Spec = {
  q: 'A' | 'B' | 'C';
  at: string;
  day?: number;
  /** Seconds waited (to the answer, or to leaving). */
  wait: number;
  /** Answered: seconds of conversation (hold included) and of wrap-up; absent: not answered. */
  conv?: number;
  wrap?: number;
  agent?: 'a1' | 'a2' | 'a3';
  state?: string;
  customer?: string;
  parent?: string;
  rona?: Array<'a1' | 'a2' | 'a3'>;
  requestType?: string;
  channel?: string;
  id?: string;
};
const records: ContactRecord[] = [];
const holds: Array<{ id: string; ms: number }> = [];
function contact(s: Spec): string {
  const id = s.id ?? uuid(++seq);
  const queued = at(s.at, s.day ?? 0);
  const answered = s.conv !== undefined;
  const connected = answered ? queued + s.wait * 1000 : null;
  const ended = answered ? connected! + s.conv! * 1000 : queued + s.wait * 1000;
  const completed = answered ? ended + (s.wrap ?? 0) * 1000 : s.state === 'queued' ? null : ended;
  records.push({
    id,
    parentId: s.parent ?? null,
    channel: s.channel ?? (s.q === 'C' ? 'chat' : 'voice'),
    direction: 'inbound',
    queueId: Q[s.q],
    state: s.state ?? (answered ? 'completed' : 'abandoned'),
    agentId: s.agent ? AG[s.agent] : null,
    customerId: s.customer ?? null,
    callId: null,
    queuedAt: iso(queued)!,
    connectedAt: iso(connected),
    endedAt: s.state === 'queued' ? null : iso(ended),
    completedAt: iso(completed),
    requestType: answered ? (s.requestType ?? 'query') : null,
    disposition: answered ? 'resolved' : null,
    rona: s.rona?.length ?? 0,
    ronaAgentIds: (s.rona ?? []).map((a) => AG[a]),
  });
  return id;
}

const get = async (url: string) => ok(await t.request('GET', url, { token: admin }));
const day = 'from=2026-11-10&to=2026-11-11';
const row = (rows: Array<Record<string, unknown>>, key: string) => rows.find((r) => r.key === key)!;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.adminToken();
  const post = async (url: string, body: unknown) => ok(await t.request('POST', url, { token: admin, body }), 201);
  TEAM.T1 = (await post('/api/v1/teams', { name: 'T1' })).id;
  TEAM.T2 = (await post('/api/v1/teams', { name: 'T2' })).id;
  Q.A = (await post('/api/v1/queues', { key: 'qa', name: 'A', serviceLevelSeconds: 20, shortAbandonSeconds: 5 })).id;
  Q.B = (await post('/api/v1/queues', { key: 'qb', name: 'B', serviceLevelSeconds: 30, shortAbandonSeconds: 10 })).id;
  Q.C = (await post('/api/v1/queues', { key: 'qc', name: 'C', serviceLevelSeconds: 60, shortAbandonSeconds: 0 })).id;
  AG.a1 = await t.addUser('a1', ['agent'], { teamId: TEAM.T1 });
  AG.a2 = await t.addUser('a2', ['agent'], { teamId: TEAM.T1 });
  AG.a3 = await t.addUser('a3', ['agent'], { teamId: TEAM.T2 });
  await t.kefu.bus.drain();
  const reporting = t.kefu.services.reporting;
  await reporting.syncDimensions();
  const fcr = await t.request('PUT', `/api/v1/reports/queues/${Q.B}/fcr-window`, {
    token: admin,
    body: { fcrWindowHours: 24 },
  });
  expect(fcr.statusCode).toBe(204);

  // ---- Queue A, answered (g1–g10): 120 s of conversation, 30 s of wrap-up each ------------------
  // waits 0 10 20 21 5 15 30 60 20 2 → sum 183; within 20 s (≤): g1 g2 g3 g5 g6 g9 g10 = 7
  const g1 = contact({ q: 'A', at: '09:00:00', wait: 0, conv: 120, wrap: 30, agent: 'a1', customer: 'C1' });
  const g2 = contact({ q: 'A', at: '09:05:00', wait: 10, conv: 120, wrap: 30, agent: 'a1', customer: 'C2' });
  const g3 = contact({ q: 'A', at: '09:14:59', wait: 20, conv: 120, wrap: 30, agent: 'a1' }); // 30 s hold
  const g4 = contact({ q: 'A', at: '09:15:00', wait: 21, conv: 120, wrap: 30, agent: 'a1' }); // 15 s hold
  const g5 = contact({ q: 'A', at: '09:20:00', wait: 5, conv: 120, wrap: 30, agent: 'a1' });
  contact({ q: 'A', at: '10:30:00', wait: 15, conv: 120, wrap: 30, agent: 'a2', customer: 'C6' }); // g6
  contact({ q: 'A', at: '10:40:00', wait: 30, conv: 120, wrap: 30, agent: 'a2', rona: ['a1'] }); // g7
  contact({ q: 'A', at: '10:50:00', wait: 60, conv: 120, wrap: 30, agent: 'a2' }); // g8
  contact({ q: 'A', at: '08:30:00', wait: 20, conv: 120, wrap: 30, agent: 'a2', customer: 'C4' }); // g9
  contact({ q: 'A', at: '11:00:30', wait: 2, conv: 120, wrap: 30, agent: 'a2' }); // g10
  holds.push({ id: g3, ms: 30_000 }, { id: g4, ms: 15_000 });

  // ---- Queue A, unanswered ----------------------------------------------------------------------
  contact({ q: 'A', at: '08:00:00', wait: 4.999, customer: 'C4' }); // short (strictly under 5 s)
  contact({ q: 'A', at: '08:10:00', wait: 5 }); // exactly 5 s: abandoned, not short
  contact({ q: 'A', at: '12:00:00', wait: 6 });
  contact({ q: 'A', at: '12:10:00', wait: 30 });
  contact({ q: 'A', at: '12:20:00', wait: 120 });
  contact({ q: 'A', at: '12:30:00', wait: 2 }); // short
  contact({ q: 'A', at: '16:00:00', wait: 0, state: 'queued' }); // W1: still waiting now

  // ---- Queue B, answered by a3: 60 s of conversation, no wrap-up ----------------------------------
  // waits 30 31 0 45 10 29 → sum 145; within 30 s: b1 b3 b5 b6 = 4
  contact({ q: 'B', at: '14:00:00', wait: 30, conv: 60, agent: 'a3', customer: 'C3' }); // b1
  contact({ q: 'B', at: '14:10:00', wait: 31, conv: 60, agent: 'a3', rona: ['a3', 'a1'] }); // b2
  contact({ q: 'B', at: '14:20:00', wait: 0, conv: 60, agent: 'a3' });
  contact({ q: 'B', at: '14:30:00', wait: 45, conv: 60, agent: 'a3' });
  contact({ q: 'B', at: '14:40:00', wait: 10, conv: 60, agent: 'a3' });
  contact({ q: 'B', at: '14:50:00', wait: 29, conv: 60, agent: 'a3' });
  contact({ q: 'B', at: '15:00:00', wait: 9 }); // short (under 10 s)
  contact({ q: 'B', at: '15:10:00', wait: 10 }); // abandoned
  contact({ q: 'B', at: '15:20:00', wait: 50 }); // abandoned

  // ---- A transfer A → B (customer C5) ---------------------------------------------------------------
  // X1: A at 10:00:00, a1 answers after 10 s, talks 60 s, hands over (notes 10 s later).
  const x1 = contact({
    q: 'A',
    at: '10:00:00',
    wait: 10,
    conv: 60,
    wrap: 10,
    agent: 'a1',
    customer: 'C5',
    state: 'transferred',
  });
  // X2: B at 10:01:10, a3 answers after 40 s (late for B), 100 s, wrap-up 10 s; request type fault.
  contact({
    q: 'B',
    at: '10:01:10',
    wait: 40,
    conv: 100,
    wrap: 10,
    agent: 'a3',
    customer: 'C5',
    parent: x1,
    requestType: 'fault',
  });
  // ---- An overflow A → B: Y1 waits 60 s in A unanswered; Y2 answered 20 s later in B, 50 s talk ------
  const y1 = contact({ q: 'A', at: '11:00:00', wait: 60, state: 'overflowed' });
  contact({ q: 'B', at: '11:01:00', wait: 20, conv: 50, agent: 'a3', parent: y1 });
  // ---- Across midnight: enters A at 23:59:50, answered at 00:00:05 the next day ------------------------
  contact({ q: 'A', at: '23:59:50', wait: 15, conv: 120, wrap: 30, agent: 'a2' });

  // ---- Queue C (chat), a2: 300 s conversations, no wrap-up; short abandons off (0 s) -----------------
  contact({ q: 'C', at: '13:00:00', wait: 60, conv: 300, agent: 'a2', requestType: 'billing' }); // within (≤ 60)
  contact({ q: 'C', at: '13:05:00', wait: 61, conv: 300, agent: 'a2', requestType: 'billing' }); // late
  contact({ q: 'C', at: '13:10:00', wait: 0, conv: 300, agent: 'a2', requestType: 'complaint' });
  contact({ q: 'C', at: '13:15:00', wait: 0 }); // abandoned at once: not short when the threshold is 0
  contact({ q: 'C', at: '13:20:00', wait: 100 });
  contact({ q: 'C', at: '13:25:00', wait: 30, conv: 300, agent: 'a2', requestType: 'billing' });

  // ---- Later contacts of the same customers (FCR), outside the day ------------------------------------
  contact({ q: 'A', at: '09:00:00', day: 3, wait: 1, conv: 10, agent: 'a1', customer: 'C1' }); // 72 h after g1
  contact({ q: 'A', at: '09:05:00', day: 8, wait: 1, conv: 10, agent: 'a1', customer: 'C2' }); // > 168 h after g2
  contact({ q: 'B', at: '14:00:00', day: 2, wait: 1, conv: 10, agent: 'a3', customer: 'C3' }); // 48 h after b1
  contact({ q: 'A', at: '10:30:00', day: 7, wait: 1, conv: 10, agent: 'a2', customer: 'C6' }); // exactly 168 h

  for (const h of holds) await reporting.ingest.hold(h.id, new Date(at('09:30:00')), h.ms);
  // In two batches, children after parents as the events come.
  await reporting.ingest.contacts(records.slice(0, 20));
  await reporting.ingest.contacts(records.slice(20));

  // ---- Survey answers: CSAT 5 4 3 1 (one missing), NPS 10 9 6 7 0, CES 2 3 7 ------------------------
  const answer = (contactId: string, csat: number | null, nps: number | null, ces: number | null) => ({
    answerId: `fixture:${contactId}`,
    contactId,
    queueId: null,
    agentId: null,
    channel: null,
    csat,
    nps,
    ces,
    answeredAt: new Date(at('18:00:00')).toISOString(),
  });
  await reporting.ingest.answers([
    answer(g1, 5, 10, 2),
    answer(g2, 4, 9, null),
    answer(g3, 3, 6, 3),
    answer(g4, 1, 7, null),
    answer(g5, null, 0, 7),
  ]);

  // ---- Three calls ended in the IVR (self-service) ----------------------------------------------------
  await reporting.ingest.calls(
    ['07:00:00', '12:00:00', '20:00:00'].map((hms, i) => ({
      callId: uuid(900 + i),
      flowId: null,
      startedAt: new Date(at(hms)),
      selfService: true,
    })),
  );

  // ---- a1's day: ready 08:00, busy 09:00, wrap-up 09:20, ready 09:25, lunch 12:00–13:00, out 17:00 ----
  // busy 20 min + wrap 5 min = 25 min handling; ready 60 + 155 + 240 = 455 min; logged in 540 min
  const states: Array<[string, string, string | null]> = [
    ['08:00:00', 'ready', null],
    ['09:00:00', 'busy', null],
    ['09:20:00', 'wrap_up', null],
    ['09:25:00', 'ready', null],
    ['12:00:00', 'not_ready', 'lunch'],
    ['13:00:00', 'ready', null],
    ['17:00:00', 'logged_out', null],
  ];
  await reporting.ingest.agentStates(
    states.map(([hms, state, reason]) => ({ agentId: AG.a1, at: new Date(at(hms)), state, reason })),
  );
});
afterAll(() => t.close());

/** Queue A, day D (per queue visit). */
const QUEUE_A = {
  // 20 legs: g1–g10, six unanswered, W1, X1, Y1, the midnight one
  offered: 18, // 20 − 2 short
  shortAbandoned: 2,
  abandoned: 4, // 5 s, 6 s, 30 s, 120 s
  answered: 12, // g1–g10, X1, midnight
  answeredWithinThreshold: 9, // 7 + X1 (10 s) + midnight (15 s)
  serviceLevel: 0.5294, // 9 ÷ (18 − 1 waiting) = 9/17
  abandonRate: 0.2353, // 4/17
  asaSeconds: 17.3, // (183 + 10 + 15) / 12 = 17.33
  handled: 12,
  ahtSeconds: 143.3, // talk 1335 + hold 45 + wrap 340 = 1720 / 12
  talkSeconds: 111.3, // (1200 − 45 + 60 + 120) / 12 = 111.25
  holdSeconds: 3.8, // 45 / 12 = 3.75
  wrapUpSeconds: 28.3, // (300 + 10 + 30) / 12
  fcr: 0.6, // eligible g1 g2 g6 g9 X1; resolved g2 g9 X1
  csat: 0.5, // 5 4 | 3 1
  csatMean: 3.25,
  surveyAnswers: 5,
  nps: 0, // promoters 10 9, detractors 6 0, of 5
  ces: 4, // (2 + 3 + 7) / 3
  rona: 1,
  transfers: 1,
  occupancy: null,
  utilization: null,
};

const QUEUE_B = {
  offered: 10, // 11 − 1 short
  shortAbandoned: 1,
  abandoned: 2,
  answered: 8, // b1–b6, X2, Y2
  answeredWithinThreshold: 5, // b1 b3 b5 b6 + Y2 (20 s); X2 40 s late
  serviceLevel: 0.5,
  abandonRate: 0.2,
  asaSeconds: 25.6, // (145 + 40 + 20) / 8 = 25.625
  handled: 8,
  ahtSeconds: 65, // (360 + 100 + 50 talk + 10 wrap) / 8
  talkSeconds: 63.8, // 510 / 8 = 63.75
  holdSeconds: 0,
  wrapUpSeconds: 1.3, // 10 / 8 = 1.25
  fcr: 1, // b1 (next after 48 h > 24 h), X2
  csat: null,
  csatMean: null,
  nps: null,
  ces: null,
  surveyAnswers: 0,
  rona: 2,
  transfers: 0,
};

const QUEUE_C = {
  offered: 6,
  shortAbandoned: 0,
  abandoned: 2,
  answered: 4,
  answeredWithinThreshold: 3, // 60 (≤ 60), 0, 30
  serviceLevel: 0.5,
  abandonRate: 0.3333,
  asaSeconds: 37.8, // 151 / 4 = 37.75
  handled: 4,
  ahtSeconds: 300,
  fcr: null, // no identified customers
};

/** Centre-wide, day D: a contact moved between queues counts once, from its first queue. */
const CENTER = {
  offered: 32, // 35 chains − 3 short (A 4.999 s, A 2 s, B 9 s)
  shortAbandoned: 3,
  abandoned: 8, // A 4 + B 2 + C 2
  answered: 23, // A 10 + X + Y + midnight + B 6 + C 4
  answeredWithinThreshold: 16, // A 7 + X (10 s) + midnight + B 4 + C 3; Y waited 80 s from A
  serviceLevel: 0.5161, // 16 / (32 − 1 waiting) = 16/31
  abandonRate: 0.2581, // 8/31
  asaSeconds: 25.4, // (183 + 10 + 80 + 15 + 145 + 151) / 23 = 584/23 = 25.39
  selfService: 3,
  handled: 23, // X counted once (its last handler)
  ahtSeconds: 149.6, // (3045 + 45 + 350) / 23 = 149.57
  talkSeconds: 132.4,
  holdSeconds: 2,
  wrapUpSeconds: 15.2,
  fcr: 0.6667, // g1 ✗ g2 ✓ g6 ✗ (exactly 168 h) g9 ✓ X ✓ b1 ✓ (B: 24 h)
  csat: 0.5,
  csatMean: 3.25,
  nps: 0,
  ces: 4,
  rona: 3,
  transfers: 1,
  occupancy: 0.0521, // a1: 25 / (25 + 455)
  utilization: 0.0463, // 25 / 540
  notReadySeconds: { lunch: 3600 },
};

describe('the hand-computed fixture (DOMAIN.md KPIs)', () => {
  it('per queue: every figure of A, B and C', async () => {
    const r = await get(`/api/v1/reports/kpis?${day}&groupBy=queue`);
    expect(r.scope).toBe('queue');
    expect(row(r.rows, Q.A)).toMatchObject({ name: 'A', ...QUEUE_A });
    expect(row(r.rows, Q.B)).toMatchObject({ name: 'B', ...QUEUE_B });
    expect(row(r.rows, Q.C)).toMatchObject({ name: 'C', ...QUEUE_C });
  });

  it('centre-wide: a moved contact once, self-service apart, agent time in', async () => {
    const r = await get(`/api/v1/reports/kpis?${day}&groupBy=day`);
    expect(r.scope).toBe('center');
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ start: '2026-11-10T00:00:00+08:00', ...CENTER });
    expect(r.total).toMatchObject(CENTER);
  });

  it('by channel: voice and chat', async () => {
    const r = await get(`/api/v1/reports/kpis?${day}&groupBy=channel`);
    expect(row(r.rows, 'voice')).toMatchObject({
      offered: 26,
      shortAbandoned: 3,
      abandoned: 6,
      answered: 19,
      answeredWithinThreshold: 13,
      serviceLevel: 0.52, // 13 / 25
      abandonRate: 0.24,
      asaSeconds: 22.8, // 433 / 19
      selfService: 3,
      handled: 19,
      ahtSeconds: 117.9, // 2240 / 19
    });
    expect(row(r.rows, 'chat')).toMatchObject({ offered: 6, serviceLevel: 0.5, ahtSeconds: 300, selfService: 0 });
  });

  it('by agent and by team: what each handled, their RONA, their time', async () => {
    const r = await get(`/api/v1/reports/kpis?${day}&groupBy=agent`);
    expect(r.rows.map((x: { name: string }) => x.name)).toEqual(['a1', 'a2', 'a3']);
    expect(row(r.rows, AG.a1)).toMatchObject({
      offered: null,
      serviceLevel: null,
      answered: 6, // g1–g5, X1
      handled: 6,
      asaSeconds: 11, // (0 + 10 + 20 + 21 + 5 + 10) / 6
      ahtSeconds: 136.7, // (615 + 45 + 160) / 6
      fcr: 0.6667, // g1 ✗ g2 ✓ X1 ✓
      csat: 0.5,
      rona: 2, // g7 and b2 rang out on a1
      transfers: 1,
      occupancy: 0.0521,
      utilization: 0.0463,
      notReadySeconds: { lunch: 3600 },
    });
    expect(row(r.rows, AG.a2)).toMatchObject({
      answered: 10, // g6–g10, midnight, four chats
      asaSeconds: 29.3, // (142 + 151) / 10
      ahtSeconds: 210, // (720 + 180 + 1200) / 10
      fcr: 0.5, // g6 ✗ g9 ✓
      rona: 0,
      occupancy: null,
      csat: null,
    });
    expect(row(r.rows, AG.a3)).toMatchObject({ answered: 8, ahtSeconds: 65, fcr: 1, rona: 1 });

    const teams = await get(`/api/v1/reports/kpis?${day}&groupBy=team`);
    expect(row(teams.rows, TEAM.T1)).toMatchObject({
      name: 'T1',
      answered: 16,
      asaSeconds: 22.4, // 359 / 16
      ahtSeconds: 182.5, // (820 + 2100) / 16
      fcr: 0.6, // 3 of 5
      rona: 2,
    });
    expect(row(teams.rows, TEAM.T2)).toMatchObject({ name: 'T2', answered: 8, rona: 1 });
  });

  it('intervals: 09:14:59 and 09:15:00 fall apart; a contact crossing midnight stays in its day', async () => {
    const r = await get(`/api/v1/reports/kpis?${day}&groupBy=interval&intervalMinutes=15&queue=qa`);
    expect(r.rows).toHaveLength(96);
    const at = (hm: string) => r.rows.find((x: { start: string }) => x.start === `2026-11-10T${hm}:00+08:00`);
    expect(at('09:00')).toMatchObject({ offered: 3, answeredWithinThreshold: 3 });
    expect(at('09:15')).toMatchObject({ offered: 2, answeredWithinThreshold: 1, serviceLevel: 0.5 });
    expect(at('23:45')).toMatchObject({ offered: 1, answered: 1, handled: 1, ahtSeconds: 150 });
    expect(at('03:00')).toMatchObject({
      offered: 0,
      answered: 0,
      serviceLevel: null,
      asaSeconds: null,
      ahtSeconds: null,
    });

    const half = await get(`/api/v1/reports/kpis?${day}&groupBy=interval&intervalMinutes=30&queue=qa`);
    expect(half.rows).toHaveLength(48);
    expect(half.rows.find((x: { start: string }) => x.start === '2026-11-10T09:00:00+08:00')).toMatchObject({
      offered: 5,
    });

    const days = await get('/api/v1/reports/kpis?from=2026-11-10&to=2026-11-12&groupBy=day&queue=qa');
    expect(days.rows.map((x: { start: string; offered: number }) => [x.start, x.offered])).toEqual([
      ['2026-11-10T00:00:00+08:00', 18],
      ['2026-11-11T00:00:00+08:00', 0],
    ]);
  });

  it('another time zone regroups the same contacts', async () => {
    const r = await get(
      '/api/v1/reports/kpis?from=2026-11-10T00:00:00Z&to=2026-11-10T02:00:00Z&groupBy=hour&queue=qa&tz=UTC',
    );
    expect(r.rows.map((x: { start: string; offered: number }) => [x.start, x.offered])).toEqual([
      ['2026-11-10T00:00:00+00:00', 2], // 08:00–09:00 local: 08:10 and 08:30 (08:00 was a short abandon)
      ['2026-11-10T01:00:00+00:00', 5], // g1–g5
    ]);
  });

  it('thresholds overridden per request', async () => {
    const sl10 = await get(`/api/v1/reports/kpis?${day}&groupBy=queue&serviceLevelSeconds=10`);
    // within 10 s: g1 g2 g5 g10 X1 = 5 of 17
    expect(row(sl10.rows, Q.A)).toMatchObject({ answeredWithinThreshold: 5, serviceLevel: 0.2941 });
    const noShort = await get(`/api/v1/reports/kpis?${day}&groupBy=queue&shortAbandonSeconds=0`);
    // no short abandons: 20 offered, 6 abandoned, 19 decided
    expect(row(noShort.rows, Q.A)).toMatchObject({
      offered: 20,
      abandoned: 6,
      abandonRate: 0.3158,
      serviceLevel: 0.4737,
    });
    const week = await get(`/api/v1/reports/kpis?${day}&groupBy=queue&fcrWindowHours=168`);
    expect(row(week.rows, Q.B)).toMatchObject({ fcr: 0.5 }); // b1's caller came back within 168 h
  });

  it('request types of the chat queue, with the unanswered apart', async () => {
    const r = await get(`/api/v1/reports/kpis?${day}&groupBy=requestType&queue=qc`);
    expect(row(r.rows, 'billing')).toMatchObject({ answered: 3, handled: 3 });
    expect(row(r.rows, 'complaint')).toMatchObject({ answered: 1 });
    expect(r.rows.find((x: { key: string | null }) => x.key === null)).toMatchObject({ offered: 2, abandoned: 2 });
  });

  it('drill-down lists exactly the contacts behind a figure', async () => {
    const ab = await get(`/api/v1/reports/contacts?${day}&groupBy=queue&figure=abandoned&key=${Q.A}`);
    expect(ab.total).toBe(4);
    expect(ab.items.map((c: { waitSeconds: number }) => c.waitSeconds).sort((a: number, b: number) => a - b)).toEqual([
      5, 6, 30, 120,
    ]);
    const short = await get(`/api/v1/reports/contacts?${day}&figure=shortAbandoned`);
    expect(short.total).toBe(3);
    const late = await get(`/api/v1/reports/contacts?${day}&groupBy=queue&figure=answeredLate&key=${Q.A}`);
    expect(late.total).toBe(3);
    const unresolved = await get(`/api/v1/reports/contacts?${day}&figure=fcrUnresolved`);
    expect(unresolved.items.map((c: { customerId: string }) => c.customerId).sort()).toEqual(['C1', 'C6']);
    const interval = await get(
      `/api/v1/reports/contacts?${day}&groupBy=interval&queue=qa&figure=offered&start=2026-11-10T09:15:00%2B08:00`,
    );
    expect(interval.total).toBe(2);
    const csv = await t.request('GET', `/api/v1/reports/contacts.csv?${day}&figure=abandoned&lang=en-US`, {
      token: admin,
    });
    expect(csv.body.split(/\r?\n/).filter(Boolean)).toHaveLength(1 + 8);
  });

  it('the CSV and the XLSX carry the same figures', async () => {
    const csv = await t.request('GET', `/api/v1/reports/kpis.csv?${day}&groupBy=queue&lang=en-US`, { token: admin });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\ufeff')).toBe(true);
    const lines = csv.body
      .slice(1)
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(','));
    const head = lines[0]!;
    const col = (name: string) => head.indexOf(name);
    const a = lines.find((l) => l[0] === 'A')!;
    expect(a[col('Offered')]).toBe('18');
    expect(a[col('Service level')]).toBe('0.5294');
    expect(a[col('ASA (s)')]).toBe('17.3');
    expect(a[col('AHT (s)')]).toBe('143.3');
    expect(a[col('FCR')]).toBe('0.6');
    expect(a[col('CSAT mean')]).toBe('3.25');
    expect(a[col('Occupancy')]).toBe(''); // no data: an empty cell, not 0
    const c = lines.find((l) => l[0] === 'C')!;
    expect(c[col('FCR')]).toBe('');

    const x = await t.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/reports/kpis.xlsx?${day}&groupBy=queue&lang=zh-CN`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const cells = new Map<string, unknown[]>();
    ws.eachRow((r, i) => {
      if (i > 1)
        cells.set(
          String(r.getCell(1).value),
          header.map((_, j) => r.getCell(j + 1).value ?? null),
        );
    });
    const b = cells.get('B')!;
    expect(b[header.indexOf('呼入量')]).toBe(10);
    expect(b[header.indexOf('服务水平')]).toBe(0.5);
    expect(b[header.indexOf('平均应答速度(秒)')]).toBe(25.6);
    expect(b[header.indexOf('满意度')]).toBeNull();
    expect(cells.get('合计')![header.indexOf('呼入量')]).toBe(34); // 18 + 10 + 6
  });

  it('bad questions get field errors', async () => {
    const bad = await t.request('GET', '/api/v1/reports/kpis?from=2026-11-11&to=2026-11-10', { token: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('REPORTING.RANGE_INVALID');
    const dims = await t.request('GET', `/api/v1/reports/kpis?${day}&groupBy=queue,agent`, { token: admin });
    expect(dims.statusCode).toBe(400);
    const tz = await t.request('GET', `/api/v1/reports/kpis?${day}&tz=Mars/Olympus`, { token: admin });
    expect(tz.statusCode).toBe(400);
    const q = await t.request('GET', `/api/v1/reports/kpis?${day}&queue=nope`, { token: admin });
    expect(q.json().error).toMatchObject({ code: 'REPORTING.UNKNOWN_FILTER' });
    const big = await t.request('GET', '/api/v1/reports/kpis?from=2020-01-01&to=2026-01-01&groupBy=interval', {
      token: admin,
    });
    expect(big.json().error.code).toBe('REPORTING.RANGE_TOO_LARGE');
  });
});
