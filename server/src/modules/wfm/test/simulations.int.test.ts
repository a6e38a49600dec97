import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Forecast } from '../../../../../contracts/wfm';
import type { Schedule } from '../../../../../contracts/wfm-schedules';
import type { Simulation, SimulationSummary } from '../../../../../contracts/wfm-simulations';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { addDays, localDateTimeText } from '../../../platform/calendar';
import { evaluateErlangC } from '../domain/erlang';
import {
  AROUND_THE_CLOCK,
  addAgents,
  appSeedApi,
  createForecast,
  giveDayShifts,
  nextMondayAfter,
  seedHotline,
} from './wfm-fixture';

/**
 * Simulation runs through the API (issue 17): a day of a forecast with a staffing, run as a job in a
 * worker thread, saved, listed and reopened; the same seed gives the same figures; bad input answers
 * at once with its field; and the simulated service level agrees with Erlang C where Erlang C holds.
 */
let t: TestApp;
let admin: string;
const TZ = 'Asia/Shanghai';
let nextMonday: string;
let forecastId: string;

async function job(jobId: string) {
  for (let i = 0; i < 4000; i++) {
    const j = (await t.request('GET', `/api/v1/jobs/${jobId}`, { token: admin })).json();
    if (j.state === 'done' || j.state === 'failed') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

const ok = async <T>(res: { statusCode: number; body: string; json(): unknown }, status = 200): Promise<T> => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

/** Starts a run, follows its job to the end and opens the saved run. */
async function simulate(body: Record<string, unknown>): Promise<{ sim: Simulation; job: Record<string, unknown> }> {
  const { jobId } = await ok<{ jobId: string }>(
    await t.request('POST', '/api/v1/wfm/simulations', { token: admin, body }),
    202,
  );
  const j = await job(jobId);
  expect(j.state, JSON.stringify(j.error)).toBe('done');
  expect(j.kind).toBe('wfm.simulation');
  const sim = await ok<Simulation>(
    await t.request('GET', `/api/v1/wfm/simulations/${j.result.simulationId}`, { token: admin }),
  );
  return { sim, job: j };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  const today = localDateTimeText(TZ, new Date()).slice(0, 10);
  nextMonday = nextMondayAfter(today);
  const seed = appSeedApi(t, admin);
  const queueId = await seedHotline(seed, {
    key: 'sim-hotline',
    name: '模拟热线',
    today,
    idPrefix: 'M',
    day: AROUND_THE_CLOCK,
  });
  forecastId = await createForecast(seed, {
    name: '模拟用预测',
    queueIds: [queueId],
    startDate: nextMonday,
    holdoutWeeks: 1,
  });
}, 180_000);
afterAll(() => t.close());

describe('a simulation run', () => {
  it('runs a day with a fixed number of agents as a job, saved and reproducible with its seed', async () => {
    const body = { forecastId, date: nextMonday, staffing: { source: 'fixed', agents: 2 }, replications: 3, seed: 42 };
    const first = await simulate(body);
    expect(first.job.progress).toMatchObject({ percent: 100, rowsDone: 3, rowsTotal: 3 });
    const { sim } = first;
    expect(sim).toMatchObject({
      forecastId,
      forecastName: '模拟用预测',
      date: nextMonday,
      source: 'fixed',
      replications: 3,
      seed: 42,
      intervalMinutes: 30,
      timezone: TZ,
    });
    expect(sim.input).toMatchObject({ serviceLevelSeconds: 20, patienceSeconds: null, handleCv: 1 });
    expect(sim.result.intervals).toHaveLength(48);
    expect(sim.result.intervals[0]!.start).toBe(new Date(`${nextMonday}T00:00:00+08:00`).toISOString());
    expect(sim.result.intervals.every((iv) => iv.agents === 2)).toBe(true);
    expect(sim.result.queues).toHaveLength(1);
    expect(sim.result.queues[0]!.queueName).toBe('模拟热线');
    // Four calls of five minutes per half hour on two agents: most are answered at once.
    const sl = sim.result.total.serviceLevel!;
    expect(sl.low).toBeLessThanOrEqual(sl.mean);
    expect(sl.high).toBeGreaterThanOrEqual(sl.mean);
    expect(sl.mean).toBeGreaterThan(0.6);
    expect(sim.result.total.occupancy!.mean).toBeGreaterThan(0.2);
    expect(sim.result.total.abandoned.mean).toBe(0);

    const again = await simulate(body);
    expect(again.sim.id).not.toBe(sim.id);
    expect(again.sim.result).toEqual(sim.result);

    // Without a seed one is drawn and saved: the run can be repeated from its saved input.
    const drawn = await simulate({ ...body, seed: undefined, replications: 2 });
    expect(Number.isInteger(drawn.sim.seed)).toBe(true);
    const repeated = await simulate({ ...body, seed: drawn.sim.seed, replications: 2 });
    expect(repeated.sim.result.total).toEqual(drawn.sim.result.total);

    const list = await ok<{ items: SimulationSummary[] }>(
      await t.request('GET', '/api/v1/wfm/simulations', { token: admin }),
    );
    expect(list.items[0]!.id).toBe(repeated.sim.id);
    expect(list.items.map((s) => s.id)).toContain(sim.id);
    expect(list.items[0]).toMatchObject({ forecastName: '模拟用预测', date: nextMonday, source: 'fixed' });
    expect(list.items[0]!.serviceLevel).toBeCloseTo(repeated.sim.result.total.serviceLevel!.mean, 10);

    const audit = await ok<{ items: { action: string; entityId: string }[] }>(
      await t.request('GET', '/api/v1/audit?action=wfm.simulation.created', { token: admin }),
    );
    expect(audit.items.map((a) => a.entityId)).toContain(sim.id);
  }, 60_000);

  it('runs the requirement: agents logged in where the requirement needs them', async () => {
    const { sim } = await simulate({
      forecastId,
      date: nextMonday,
      staffing: { source: 'requirement', targets: { targetServiceLevel: 0.8, targetAnswerSeconds: 20 } },
      replications: 2,
      seed: 7,
    });
    const req = await ok<{ days: { date: string; intervals: { agents: number }[] }[] }>(
      await t.request('POST', '/api/v1/wfm/requirements', { token: admin, body: { forecastId } }),
    );
    const day = req.days.find((d) => d.date === nextMonday)!;
    expect(sim.result.intervals.map((iv) => iv.agents)).toEqual(day.intervals.map((x) => x.agents));
    expect(sim.source).toBe('requirement');
  }, 60_000);
});

describe('a run from a schedule', () => {
  it('needs a published schedule covering the day, and has its agents on the phones by their shifts', async () => {
    const seed = appSeedApi(t, admin);
    const agentIds = await addAgents(
      seed,
      'sim-hotline',
      [1, 2, 3].map((i) => ({ username: `sim-a${i}`, password: 'Passw0rd!', displayName: `sim-a${i}` })),
    );
    await giveDayShifts(seed, '模拟白班', agentIds, { minWeeklyMinutes: 0, maxWeeklyMinutes: 5 * 420 });
    const started = await ok<{ jobId: string }>(
      await t.request('POST', '/api/v1/wfm/schedules', {
        token: admin,
        body: { name: '模拟用排班', requirement: { forecastId }, days: 3, agentIds, timeLimitSeconds: 5 },
      }),
      202,
    );
    const solved = await job(started.jobId);
    expect(solved.result?.status, JSON.stringify(solved)).toBe('scheduled');
    const scheduleId: string = solved.result.scheduleId;
    const body = {
      forecastId,
      date: nextMonday,
      staffing: { source: 'schedule', scheduleId },
      replications: 2,
      seed: 3,
    };
    const draft = await t.request('POST', '/api/v1/wfm/simulations', { token: admin, body });
    expect(draft.statusCode, draft.body).toBe(400);
    expect(draft.json().error).toMatchObject({
      code: 'WFM.SIMULATION_INPUT',
      details: { fields: [{ path: 'staffing.scheduleId', message: 'not published' }] },
    });
    await ok(await t.request('POST', `/api/v1/wfm/schedules/${scheduleId}/publish`, { token: admin }));

    const { sim } = await simulate(body);
    const schedule = await ok<Schedule>(
      await t.request('GET', `/api/v1/wfm/schedules/${scheduleId}`, { token: admin }),
    );
    // An agent is on the phones in an interval their shift, less breaks, covers at least half of.
    const dayStart = Date.parse(`${nextMonday}T00:00:00+08:00`);
    const overlap = (from: string, to: string, k: number) =>
      Math.max(
        0,
        Math.min(Date.parse(to), dayStart + (k + 1) * 1_800_000) - Math.max(Date.parse(from), dayStart + k * 1_800_000),
      );
    const shifts = schedule.shifts.filter((x) => x.date === nextMonday && x.state === 'active');
    expect(shifts.length).toBeGreaterThan(0);
    const expected = Array.from(
      { length: 48 },
      (_, k) =>
        shifts.filter(
          (x) =>
            2 * (overlap(x.startAt, x.endAt, k) - x.breaks.reduce((a, b) => a + overlap(b.startAt, b.endAt, k), 0)) >=
            1_800_000,
        ).length,
    );
    expect(sim.result.intervals.map((iv) => iv.agents)).toEqual(expected);
    // Against the coverage (fractional where a lunch starts on the quarter): never more than twice it.
    const scheduled = schedule.coverage.find((d) => d.date === nextMonday)!.scheduled;
    for (const [k, n] of expected.entries()) expect(n).toBeLessThanOrEqual(2 * scheduled[k]! + 1e-9);
    expect(sim).toMatchObject({ source: 'schedule', scheduleId });

    // The schedule covers Monday to Wednesday; Friday is the forecast's but not the schedule's.
    const outside = await t.request('POST', '/api/v1/wfm/simulations', {
      token: admin,
      body: { ...body, date: addDays(nextMonday, 4) },
    });
    expect(outside.statusCode, outside.body).toBe(400);
    expect(outside.json().error).toMatchObject({
      code: 'WFM.SIMULATION_INPUT',
      details: { fields: [{ path: 'staffing.scheduleId', message: 'does not cover date' }] },
    });
  }, 90_000);
});

describe('bad input answers at once with its field', () => {
  const field = async (body: unknown, status: number, code: string, path: string) => {
    const res = await t.request('POST', '/api/v1/wfm/simulations', { token: admin, body });
    expect(res.statusCode, res.body).toBe(status);
    const error = res.json().error;
    expect(error.code).toBe(code);
    expect(error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
  };
  const good = () => ({ forecastId, date: nextMonday, staffing: { source: 'fixed', agents: 2 } });

  it('names the field', async () => {
    await field(
      { ...good(), forecastId: '00000000-0000-4000-8000-000000000000' },
      404,
      'WFM.FORECAST_NOT_FOUND',
      'forecastId',
    );
    await field({ ...good(), date: addDays(nextMonday, 30) }, 400, 'WFM.DATE_OUT_OF_FORECAST', 'date');
    await field({ ...good(), date: '2026-02-30' }, 400, 'VALIDATION.FAILED', 'date');
    await field({ ...good(), replications: 0 }, 400, 'VALIDATION.FAILED', 'replications');
    await field({ ...good(), replications: 101 }, 400, 'VALIDATION.FAILED', 'replications');
    await field({ ...good(), staffing: { source: 'fixed', agents: 0 } }, 400, 'VALIDATION.FAILED', 'staffing.agents');
    await field({ ...good(), staffing: { source: 'robots' } }, 400, 'VALIDATION.FAILED', 'staffing.source');
    await field({ ...good(), patienceSeconds: -5 }, 400, 'VALIDATION.FAILED', 'patienceSeconds');
    await field(
      { ...good(), staffing: { source: 'schedule', scheduleId: '00000000-0000-4000-8000-000000000000' } },
      404,
      'WFM.SCHEDULE_NOT_FOUND',
      'staffing.scheduleId',
    );
  });
});

describe('validation against Erlang C', () => {
  it('one queue, constant volume, exponential handle times, nobody abandons: the service level is Erlang C’s', async () => {
    // Ten times the history's volume on the day: 40 calls per half hour of 300 s, 6.7 Erlangs.
    const adjusted = await ok<Forecast>(
      await t.request('POST', `/api/v1/wfm/forecasts/${forecastId}/versions`, {
        token: admin,
        body: { adjustments: [{ date: nextMonday, factor: 10 }] },
      }),
      201,
    );
    const day = adjusted.queues[0]!.days.find((d) => d.date === nextMonday)!;
    const calls = day.calls.reduce((a, c) => a + c, 0) / day.calls.length;
    const aht = day.ahtSeconds.reduce((a, c) => a + c, 0) / day.ahtSeconds.length;
    // The forecast of a constant history is constant: Erlang C's steady state applies all day.
    expect(Math.max(...day.calls) - Math.min(...day.calls)).toBeLessThan(0.05 * calls);
    expect(calls).toBeGreaterThan(35);
    const agents = 10;
    const ref = evaluateErlangC({
      callsPerInterval: calls,
      intervalMinutes: 30,
      ahtSeconds: aht,
      agents,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 20,
    });
    if (ref.kind !== 'evaluated') throw new Error('overloaded');
    const { sim } = await simulate({
      forecastId: adjusted.id,
      date: nextMonday,
      staffing: { source: 'fixed', agents },
      replications: 24,
      seed: 2026,
      handleDistribution: 'exponential',
      serviceLevelSeconds: 20,
    });
    const sl = sim.result.total.serviceLevel!;
    expect(sl.high - sl.low).toBeLessThan(0.04);
    expect(Math.abs(sl.mean - ref.evaluation.serviceLevel), JSON.stringify({ sl, ref })).toBeLessThan(0.02);
    expect(ref.evaluation.serviceLevel).toBeGreaterThan(sl.low - 0.01);
    expect(ref.evaluation.serviceLevel).toBeLessThan(sl.high + 0.01);
    expect(Math.abs(sim.result.total.occupancy!.mean - ref.evaluation.occupancy)).toBeLessThan(0.02);
  }, 60_000);
});
