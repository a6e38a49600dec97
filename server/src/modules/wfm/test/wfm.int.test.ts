import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { addDays, localDateTimeText, weekdayOf } from '../../../platform/calendar';

let t: TestApp;
let admin: string;
let queueId: string;
let otherQueueId: string;
const TZ = 'Asia/Shanghai';
/** Today in Shanghai, and the Monday that starts the next week (the forecast's first day). */
let today: string;
let nextMonday: string;

const HEADER = 'externalId,channel,queue,enteredQueueAt,answeredAt,endedAt,talkSeconds,wrapUpSeconds';
/** Calls per half hour from 08:00 to 20:00 by weekday (1 = Monday): a clean weekly and daily pattern. */
const DAILY = [0, 10, 8, 8, 8, 9, 4, 2];
const shape = (slot: number) => 1 + Math.round(2 * Math.sin((Math.PI * slot) / 24)); // slot 0–23 from 08:00

/** Six weeks of history before today in queue `key`: every tenth call abandoned after 60 s, the others 180 s long. */
function historyCsv(key: string): { csv: string; rows: number } {
  const lines = [HEADER];
  let n = 0;
  for (let d = 42; d >= 1; d--) {
    const date = addDays(today, -d);
    const perSlot = DAILY[weekdayOf(date)]!;
    for (let slot = 0; slot < 24; slot++) {
      const calls = perSlot * shape(slot);
      for (let j = 0; j < calls; j++) {
        const minute = 8 * 60 + slot * 30 + Math.floor((j * 30) / calls);
        const at = new Date(Date.parse(`${date}T00:00:00+08:00`) + minute * 60_000);
        const iso = (ms: number) => new Date(at.getTime() + ms).toISOString();
        n++;
        if (n % 10 === 0) lines.push(`W-${key}-${n},voice,${key},${iso(0)},,${iso(60_000)},,`);
        else lines.push(`W-${key}-${n},voice,${key},${iso(0)},${iso(10_000)},${iso(190_000)},180,0`);
      }
    }
  }
  return { csv: lines.join('\n'), rows: n };
}

async function importHistory(csv: string) {
  const res = await t.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/contacts/import',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(res.statusCode, res.body).toBe(202);
  for (let i = 0; i < 2000; i++) {
    const job = (await t.request('GET', `/api/v1/jobs/${res.json().jobId}`, { token: admin })).json();
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the import did not finish');
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  today = localDateTimeText(TZ, new Date()).slice(0, 10);
  nextMonday = addDays(today, 8 - weekdayOf(today));
  const q = await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'wfm-hotline', name: '预测热线' } });
  expect(q.statusCode, q.body).toBe(201);
  queueId = q.json().id;
  const other = await t.request('POST', '/api/v1/queues', {
    token: admin,
    body: { key: 'wfm-quiet', name: '无历史队列' },
  });
  otherQueueId = other.json().id;
  const { csv, rows } = historyCsv('wfm-hotline');
  const job = await importHistory(csv);
  expect(job.result, JSON.stringify(job.result?.issues?.slice(0, 3))).toMatchObject({
    rows,
    applied: rows,
    rejected: 0,
  });
}, 120_000);
afterAll(() => t.close());

const post = (url: string, body: unknown, token = admin) => t.request('POST', url, { token, body });

describe('Erlang calculators', () => {
  it('staff the published example: 100 calls in 30 minutes, AHT 180 s, 80/20 → 14 agents, 20 scheduled at 30 % shrinkage', async () => {
    const res = await post('/api/v1/wfm/erlang-c', {
      callsPerInterval: 100,
      intervalMinutes: 30,
      ahtSeconds: 180,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 20,
      shrinkage: 0.3,
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ trafficErlangs: 10, agents: 14, scheduledAgents: 20 });
    expect(r.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(r.waitProbability).toBeCloseTo(0.1741, 4);
    expect(r.asaSeconds).toBeCloseTo(7.84, 2);
    expect(r.occupancy).toBeCloseTo(0.714, 3);
    const a = await post('/api/v1/wfm/erlang-a', {
      callsPerInterval: 100,
      intervalMinutes: 30,
      ahtSeconds: 180,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 20,
      patienceSeconds: 180,
    });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().agents).toBeLessThanOrEqual(14);
    expect(a.json().abandonRate).toBeGreaterThan(0);
    const ev = await post('/api/v1/wfm/erlang-c/evaluate', {
      callsPerInterval: 100,
      intervalMinutes: 30,
      ahtSeconds: 180,
      targetAnswerSeconds: 20,
      agents: 13,
    });
    expect(ev.statusCode, ev.body).toBe(200);
    expect(ev.json().serviceLevel).toBeLessThan(0.8);
  });

  it('refuse bad input naming the field, an unreachable target and too few agents with a 409', async () => {
    const bad = await post('/api/v1/wfm/erlang-c', {
      callsPerInterval: -1,
      intervalMinutes: 30,
      ahtSeconds: 0,
      targetServiceLevel: 2,
      targetAnswerSeconds: 20,
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['callsPerInterval', 'ahtSeconds', 'targetServiceLevel']));
    // 100,000 Erlangs at 5 % occupancy would take 2,000,000 agents: beyond any search.
    const unreachable = await post('/api/v1/wfm/erlang-c', {
      callsPerInterval: 1_000_000,
      intervalMinutes: 30,
      ahtSeconds: 180,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 20,
      maxOccupancy: 0.05,
    });
    expect(unreachable.statusCode, unreachable.body).toBe(409);
    expect(unreachable.json().error).toMatchObject({
      code: 'WFM.TARGET_UNREACHABLE',
      details: { unmet: ['occupancy'] },
    });
    const over = await post('/api/v1/wfm/erlang-c/evaluate', {
      callsPerInterval: 100,
      intervalMinutes: 30,
      ahtSeconds: 180,
      targetAnswerSeconds: 20,
      agents: 10,
    });
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json().error.code).toBe('WFM.OVERLOADED');
  });

  it('are for planners: an agent is refused', async () => {
    await t.addUser('wfm.agent', ['agent'], { password: 'Passw0rd!' });
    const token = await t.login('wfm.agent', 'Passw0rd!');
    const res = await post(
      '/api/v1/wfm/erlang-c',
      { callsPerInterval: 1, intervalMinutes: 30, ahtSeconds: 1, targetServiceLevel: 0.8, targetAnswerSeconds: 20 },
      token,
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('history and forecasts', () => {
  it("shows a queue's history by local day and its callers' patience", async () => {
    const from = addDays(today, -14);
    const res = await t.request(
      'GET',
      `/api/v1/wfm/history?queueId=${queueId}&from=${from}&to=${today}&intervalMinutes=30`,
      { token: admin },
    );
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h.days).toHaveLength(14);
    const day = h.days[0];
    // 08:00 is interval 16 of 48; its volume is the weekday's × shape(0) = ×1.
    expect(day.calls[16]).toBe(DAILY[weekdayOf(from)]! * shape(0));
    expect(day.calls[15]).toBe(0);
    expect(day.ahtSeconds[16]).toBeCloseTo(180, 0);
    // Every tenth call abandoned after 60 s; the others waited 10 s: patience = Σ wait ÷ abandons.
    expect(h.abandoned).toBeGreaterThan(0);
    expect(h.patienceSeconds).toBeGreaterThan(60);
    const bad = await t.request('GET', `/api/v1/wfm/history?queueId=${queueId}&from=${today}&to=${from}`, {
      token: admin,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('WFM.HISTORY_RANGE');
  });

  let forecastId: string;
  it('forecasts next week from six weeks of history: the weekly pattern, a backtest error per method, a queue without history explained', async () => {
    const res = await post('/api/v1/wfm/forecasts', {
      name: '下周预测',
      queueIds: [queueId, otherQueueId],
      startDate: nextMonday,
      days: 7,
      intervalMinutes: 30,
      historyWeeks: 6,
    });
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    forecastId = f.id;
    expect(f).toMatchObject({ version: 1, seriesId: f.id, name: '下周预测', days: 7, method: 'auto' });
    const [hot, quiet] = f.queues;
    expect(hot.queueName).toBe('预测热线');
    expect(['seasonal', 'holt_winters']).toContain(hot.method);
    expect(hot.backtest.seasonal.wapeInterval).toBeLessThan(0.1);
    expect(hot.days).toHaveLength(7);
    // Monday's history is the same every week: the forecast's Monday total is within 5 % of it.
    const mondayTotal = DAILY[1]! * Array.from({ length: 24 }, (_, s) => shape(s)).reduce((a, b) => a + b, 0);
    const total = hot.days[0].calls.reduce((a: number, b: number) => a + b, 0);
    expect(Math.abs(total - mondayTotal) / mondayTotal).toBeLessThan(0.05);
    expect(hot.days[0].ahtSeconds[20]).toBeGreaterThan(150);
    expect(hot.days[0].calls[2]).toBeLessThan(0.5); // 01:00: nobody calls
    // The quiet queue has no history: zero volume, with the reason.
    expect(quiet.days[0].calls.every((c: number) => c === 0) || quiet.method === null).toBe(true);
  });

  it("saves a planner's +20 % as the next version and keeps the first", async () => {
    const res = await post(`/api/v1/wfm/forecasts/${forecastId}/versions`, {
      adjustments: [{ date: nextMonday, factor: 1.2, note: '账单日' }],
      note: '账单日 +20%',
    });
    expect(res.statusCode, res.body).toBe(201);
    const v2 = res.json();
    expect(v2).toMatchObject({ version: 2, seriesId: forecastId });
    const hot = v2.queues[0];
    expect(hot.days[0].calls[20]).toBeCloseTo(hot.base[0].calls[20] * 1.2, 6);
    expect(hot.days[1].calls[20]).toBeCloseTo(hot.base[1].calls[20], 6);
    const versions = (await t.request('GET', `/api/v1/wfm/forecasts/${v2.id}/versions`, { token: admin })).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const list = (await t.request('GET', '/api/v1/wfm/forecasts', { token: admin })).json();
    expect(
      list.filter((x: { seriesId: string }) => x.seriesId === forecastId).map((x: { version: number }) => x.version),
    ).toEqual([2]);
    const outside = await post(`/api/v1/wfm/forecasts/${forecastId}/versions`, {
      adjustments: [{ date: today, factor: 2 }],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details.fields[0].path).toBe('adjustments.0.date');
    forecastId = v2.id;
  });

  it('turns the forecast into agents per interval (Erlang C), the same as the calculator for the same interval', async () => {
    const res = await post('/api/v1/wfm/requirements', {
      forecastId,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 20,
      shrinkage: 0.3,
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.days).toHaveLength(7);
    const cell = r.days[0].intervals[20].cells[0];
    expect(cell.calls).toBeGreaterThan(0);
    const calc = (
      await post('/api/v1/wfm/erlang-c', {
        callsPerInterval: cell.calls,
        intervalMinutes: 30,
        ahtSeconds: cell.ahtSeconds,
        targetServiceLevel: 0.8,
        targetAnswerSeconds: 20,
      })
    ).json();
    expect(cell.agents).toBe(calc.agents);
    expect(r.peak.scheduledAgents).toBeGreaterThanOrEqual(Math.ceil(cell.agents / 0.7));
    // What-if: twice the volume needs more agents at the peak.
    const doubled = (await post('/api/v1/wfm/requirements', { forecastId, volumeFactor: 2 })).json();
    expect(doubled.peak.agents).toBeGreaterThan(r.peak.agents);
    // Erlang A with the patience estimated from the history.
    const a = (await post('/api/v1/wfm/requirements', { forecastId, model: 'erlang_a' })).json();
    expect(a.queues[0].patienceSeconds).toBeGreaterThan(60);
    expect(a.peak.agents).toBeLessThanOrEqual(r.peak.agents);
  });

  it('compares a forecast of past days with what happened', async () => {
    const start = addDays(today, -7);
    const f = (
      await post('/api/v1/wfm/forecasts', {
        name: '回看',
        queueIds: [queueId],
        startDate: start,
        days: 7,
        historyWeeks: 4,
        method: 'seasonal',
      })
    ).json();
    const res = await t.request('GET', `/api/v1/wfm/forecasts/${f.id}/comparison`, { token: admin });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.queues[0].days).toHaveLength(7);
    expect(c.queues[0].wapeDay).toBeLessThan(0.05);
  });
});
