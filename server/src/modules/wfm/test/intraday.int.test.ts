import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { addDays } from '../../../platform/calendar';
import { fixedClock } from '../../../platform/clock';

/**
 * Intraday on a Monday at 10:05 (Shanghai): three Mondays of history with 10 calls per half hour
 * from 08:00 to 18:00, today twice that so far, three agents logged in since 08:00.
 */
const TODAY = '2026-11-16';
const clock = fixedClock('2026-11-16T02:05:00Z');
let t: TestApp;
let admin: string;
let queueId: string;

const HEADER = 'externalId,channel,queue,enteredQueueAt,answeredAt,endedAt,talkSeconds,wrapUpSeconds';
function rows(date: string, perHalfHour: number, untilMinute = 18 * 60): string[] {
  const out: string[] = [];
  for (let m = 8 * 60; m < untilMinute; m += 30) {
    for (let j = 0; j < perHalfHour; j++) {
      const at = Date.parse(`${date}T00:00:00+08:00`) + (m + Math.floor((j * 30) / perHalfHour)) * 60_000;
      const iso = (ms: number) => new Date(at + ms).toISOString();
      out.push(`I-${date}-${m}-${j},voice,intraday,${iso(0)},${iso(5_000)},${iso(305_000)},300,0`);
    }
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp({ clock, sessionSeconds: 90 * 86_400, idleLockSeconds: 90 * 86_400 });
  admin = await t.adminToken();
  queueId = (
    await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'intraday', name: '当日热线' } })
  ).json().id;
  const lines = [HEADER];
  for (let d = 21; d >= 1; d--) lines.push(...rows(addDays(TODAY, -d), 10));
  // Today: twice the usual from 08:00 to 10:00 (the 10:00 half hour has just begun).
  lines.push(...rows(TODAY, 20, 10 * 60));
  const res = await t.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/contacts/import',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    payload: lines.join('\n'),
  });
  expect(res.statusCode, res.body).toBe(202);
  for (let i = 0; i < 2000; i++) {
    const job = (await t.request('GET', `/api/v1/jobs/${res.json().jobId}`, { token: admin })).json();
    if (job.state === 'done') break;
    expect(job.state).not.toBe('failed');
    await new Promise((r) => setTimeout(r, 25));
  }
  const agents = await Promise.all(['ia1', 'ia2', 'ia3'].map((u) => t.addUser(u, ['agent'])));
  await t.kefu.services.reporting.ingest.agentStates(
    agents.map((agentId) => ({ agentId, at: new Date('2026-11-16T00:00:00Z'), state: 'ready', reason: null })),
  );
}, 120_000);
afterAll(() => t.close());

describe('intraday', () => {
  it('re-forecasts the rest of today from the arrivals so far and suggests overtime for the shortfall', async () => {
    const f = (
      await t.request('POST', '/api/v1/wfm/forecasts', {
        token: admin,
        body: { name: '今日', queueIds: [queueId], startDate: TODAY, days: 1, historyWeeks: 3, holdoutWeeks: 1 },
      })
    ).json();
    expect(f.queues[0].days[0].calls[16]).toBeCloseTo(10, 0);
    const res = await t.request('GET', `/api/v1/wfm/intraday?forecastId=${f.id}&shrinkage=0.2`, { token: admin });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ date: TODAY, intervalMinutes: 30, elapsedIntervals: 20 });
    const q = d.queues[0];
    // 80 arrived against 40 forecast: (80 + 20) ÷ (40 + 20).
    expect(q.ratio).toBeCloseTo(100 / 60, 2);
    expect(q.actual[17]).toBe(20);
    expect(q.actual[21]).toBeNull();
    expect(q.reforecast[17]).toBe(20);
    expect(q.reforecast[24]).toBeCloseTo(q.forecast[24] * q.ratio, 6);
    // Three agents have been logged in since 08:00 (and before: since midnight).
    expect(d.intervals[18].loggedIn).toBeCloseTo(3, 6);
    expect(d.intervals[20].loggedIn).toBeCloseTo(3, 6);
    expect(d.intervals[21].loggedIn).toBeNull();
    const next = d.intervals[21];
    expect(next.required).toBeGreaterThan(3);
    // From the current half hour (10:00) on.
    expect(d.suggestions[0]).toMatchObject({ kind: 'offer_overtime', from: d.intervals[20].start });
    expect(d.suggestions[0].agents).toBe(
      d.intervals
        .slice(20, 24)
        .reduce((m: number, x: { requiredScheduled: number }) => Math.max(m, x.requiredScheduled - 3), 0),
    );
  });

  it('refuses a day the forecast does not cover, naming the field', async () => {
    const f = (
      await t.request('POST', '/api/v1/wfm/forecasts', {
        token: admin,
        body: {
          name: '明日',
          queueIds: [queueId],
          startDate: addDays(TODAY, 1),
          days: 1,
          historyWeeks: 3,
          holdoutWeeks: 1,
        },
      })
    ).json();
    const res = await t.request('GET', `/api/v1/wfm/intraday?forecastId=${f.id}`, { token: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'WFM.DATE_OUT_OF_FORECAST',
      details: { fields: [{ path: 'date' }] },
    });
  });
});
