import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schedule, ShiftRequestDetail } from '../../../../../contracts/wfm-schedules';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { addDays, localDateTimeText } from '../../../platform/calendar';
import { fixedClock } from '../../../platform/clock';
import {
  addAgents,
  addTeam,
  appSeedApi,
  createForecast,
  nextMondayAfter,
  OFFICE_HOURS,
  seedHotline,
} from './wfm-fixture';

/**
 * Schedules end to end through the API (issue 17): templates and agents' rules, a run solved as a job
 * in a worker thread, the roster checked, published, seen by agents; leave and swap requests with the
 * colleague's consent and the team lead's approval, their coverage effect and the rules they break.
 */
let t: TestApp;
let admin: string;
let lead: string;
let leadId: string;
let teamId: string;
const agents: { id: string; token: string; name: string }[] = [];
const TZ = 'Asia/Shanghai';
let nextMonday: string;
let forecastId: string;
let templateId: string;
let schedule: Schedule;

async function job(jobId: string, token = admin) {
  for (let i = 0; i < 4000; i++) {
    const j = (await t.request('GET', `/api/v1/jobs/${jobId}`, { token })).json();
    if (j.state === 'done' || j.state === 'failed') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

const ok = async <T = Record<string, never>>(
  res: { statusCode: number; body: string; json(): unknown },
  status = 200,
): Promise<T> => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

/** Real time until the adherence tests move it into the published week. */
const clock = fixedClock(new Date());

beforeAll(async () => {
  t = await createTestApp({ clock, sessionSeconds: 90 * 86_400, idleLockSeconds: 90 * 86_400 });
  admin = await t.adminToken();
  const today = localDateTimeText(TZ, new Date()).slice(0, 10);
  nextMonday = nextMondayAfter(today);
  const seed = appSeedApi(t, admin);
  const queueId = await seedHotline(seed, {
    key: 'sched-hotline',
    name: '排班热线',
    today,
    idPrefix: 'S',
    day: OFFICE_HOURS,
  });
  ({ teamId, leadId } = await addTeam(seed, '排班一组', {
    username: 'sched-lead',
    password: 'Passw0rd!',
    displayName: 'sched-lead',
  }));
  lead = await t.login('sched-lead', 'Passw0rd!');
  const names = [1, 2, 3, 4, 5, 6].map((i) => `sched-a${i}`);
  const ids = await addAgents(
    seed,
    'sched-hotline',
    names.map((name) => ({ username: name, password: 'Passw0rd!', displayName: name })),
    teamId,
  );
  for (const [i, name] of names.entries()) agents.push({ id: ids[i]!, name, token: await t.login(name, 'Passw0rd!') });
  forecastId = await createForecast(seed, {
    name: '排班用预测',
    queueIds: [queueId],
    startDate: nextMonday,
  });
}, 180_000);
afterAll(() => t.close());

describe('templates and rules', () => {
  it('creates a template and refuses bad ones field by field', async () => {
    const body = {
      name: '白班 9:00',
      startWindows: [{ earliest: 540, latest: 540, step: 30 }],
      lengthsMinutes: [480],
      breaks: [
        { name: '午餐', kind: 'lunch', minutes: 60, paid: false, earliestAfterStart: 180, latestAfterStart: 240 },
      ],
    };
    const created = await ok<{ id: string; weekdays: number[]; active: boolean }>(
      await t.request('POST', '/api/v1/wfm/shift-templates', { token: admin, body }),
      201,
    );
    templateId = created.id;
    expect(created).toMatchObject({ weekdays: [1, 2, 3, 4, 5, 6, 7], active: true });
    const dup = await t.request('POST', '/api/v1/wfm/shift-templates', { token: admin, body });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('WFM.TEMPLATE_NAME_TAKEN');
    const bad = await t.request('POST', '/api/v1/wfm/shift-templates', {
      token: admin,
      body: { ...body, name: '坏', startWindows: [{ earliest: 600, latest: 540 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('startWindows');
    // An agent may not plan.
    expect((await t.request('GET', '/api/v1/wfm/shift-templates', { token: agents[0]!.token })).statusCode).toBe(403);
  });

  it("sets each agent's rules; an unknown template is refused", async () => {
    const refused = await t.request('PUT', `/api/v1/wfm/agents/${agents[0]!.id}/rules`, {
      token: admin,
      body: { templateIds: [agents[0]!.id], minWeeklyMinutes: 0, maxWeeklyMinutes: 2400 },
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('WFM.TEMPLATE_NOT_FOUND');
    for (const a of agents) {
      await ok(
        await t.request('PUT', `/api/v1/wfm/agents/${a.id}/rules`, {
          token: admin,
          body: { templateIds: [templateId], minWeeklyMinutes: 4 * 420, maxWeeklyMinutes: 5 * 420 },
        }),
      );
    }
    const list = await ok<{ items: { userId: string; rules: unknown }[] }>(
      await t.request('GET', '/api/v1/wfm/agents', { token: admin }),
    );
    for (const a of agents) expect(list.items.find((x) => x.userId === a.id)?.rules).not.toBeNull();
  });
});

describe('a schedule run', () => {
  it('refuses input it cannot run at once (400), before any job', async () => {
    const res = await t.request('POST', '/api/v1/wfm/schedules', {
      token: admin,
      body: {
        name: 'x',
        requirement: { forecastId },
        agentIds: [leadId],
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('WFM.SCHEDULE_INPUT');
  });

  it('solves in a worker thread, every rule met, and saves a draft', async () => {
    const started = await ok<{ jobId: string }>(
      await t.request('POST', '/api/v1/wfm/schedules', {
        token: admin,
        body: {
          name: '下周排班',
          requirement: { forecastId, targetServiceLevel: 0.8, targetAnswerSeconds: 20 },
          agentIds: agents.map((a) => a.id),
          timeLimitSeconds: 8,
        },
      }),
      202,
    );
    // The event loop stays free while the solver works: requests are answered at once.
    const t0 = performance.now();
    await ok(await t.request('GET', '/api/v1/wfm/schedules', { token: admin }));
    expect(performance.now() - t0).toBeLessThan(1000);
    const done = await job(started.jobId);
    expect(done.state, done.error).toBe('done');
    expect(done.result.status, JSON.stringify(done.result)).toBe('scheduled');
    expect(done.progress).toMatchObject({ percent: 100, phase: 'saving' });
    schedule = await ok<Schedule>(
      await t.request('GET', `/api/v1/wfm/schedules/${done.result.scheduleId}`, { token: admin }),
    );
    expect(schedule).toMatchObject({ state: 'draft', startDate: nextMonday, days: 7, intervalMinutes: 30 });
    expect(schedule.gap.gapPercent).toBeGreaterThanOrEqual(0);
    expect(schedule.gap.objective).toBeGreaterThanOrEqual(schedule.gap.lpBound - 1e-6);
    // Each agent: 4 or 5 shifts of 09:00–17:00 local with the lunch inside 12:00–13:00…13:00–14:00.
    for (const a of agents) {
      const mine = schedule.shifts.filter((s) => s.agentId === a.id);
      expect(mine.length).toBeGreaterThanOrEqual(4);
      expect(mine.length).toBeLessThanOrEqual(5);
      expect(new Set(mine.map((s) => s.date)).size).toBe(mine.length);
      for (const s of mine) {
        expect(localDateTimeText(TZ, new Date(s.startAt))).toBe(`${s.date} 09:00:00`);
        expect(new Date(s.endAt).getTime() - new Date(s.startAt).getTime()).toBe(480 * 60_000);
        expect(s.paidMinutes).toBe(420);
        expect(s.breaks).toHaveLength(1);
        const lunch = localDateTimeText(TZ, new Date(s.breaks[0]!.startAt)).slice(11, 16);
        expect(lunch >= '12:00' && lunch <= '13:00').toBe(true);
      }
    }
    expect(schedule.coverage).toHaveLength(7);
    expect(schedule.coverage[0]!.required).toHaveLength(48);
    // Agents see nothing until it is published.
    const mine = await ok<{ items: unknown[] }>(
      await t.request('GET', `/api/v1/wfm/my-shifts?from=${nextMonday}&to=${addDays(nextMonday, 6)}`, {
        token: agents[0]!.token,
      }),
    );
    expect(mine.items).toHaveLength(0);
  }, 120_000);

  it('publishes once; agents then see their shifts and their team', async () => {
    await ok(await t.request('POST', `/api/v1/wfm/schedules/${schedule.id}/publish`, { token: admin }));
    const again = await t.request('POST', `/api/v1/wfm/schedules/${schedule.id}/publish`, { token: admin });
    expect(again.statusCode).toBe(409);
    expect((await t.request('POST', `/api/v1/wfm/schedules/${schedule.id}/discard`, { token: admin })).statusCode).toBe(
      409,
    );
    const range = `from=${nextMonday}&to=${addDays(nextMonday, 6)}`;
    const mine = await ok<{ items: { agentId: string }[]; timezone: string }>(
      await t.request('GET', `/api/v1/wfm/my-shifts?${range}`, { token: agents[0]!.token }),
    );
    // The centre's zone, in which the dates are local days (agents cannot read the reports' settings).
    expect(mine.timezone).toBe(TZ);
    expect(mine.items.length).toBe(schedule.shifts.filter((s) => s.agentId === agents[0]!.id).length);
    expect(mine.items.every((s) => s.agentId === agents[0]!.id)).toBe(true);
    const team = await ok<{ items: unknown[] }>(
      await t.request('GET', `/api/v1/wfm/team-shifts?${range}`, { token: agents[0]!.token }),
    );
    expect(team.items).toHaveLength(schedule.shifts.length);
    const tooLong = await t.request('GET', `/api/v1/wfm/my-shifts?from=${nextMonday}&to=${addDays(nextMonday, 90)}`, {
      token: agents[0]!.token,
    });
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('leave and swap requests', () => {
  const shiftsOf = (i: number) => schedule.shifts.filter((s) => s.agentId === agents[i]!.id);

  it('asks for leave; the team lead sees the coverage drop and approves; the shift is off', async () => {
    const shift = shiftsOf(0)[0]!;
    const created = await ok<ShiftRequestDetail>(
      await t.request('POST', '/api/v1/wfm/requests', {
        token: agents[0]!.token,
        body: { kind: 'leave', shiftId: shift.id, reason: '家中有事' },
      }),
      201,
    );
    expect(created.state).toBe('pending');
    expect(created.effect).toHaveLength(1);
    const e = created.effect[0]!;
    const at10 = 20; // 10:00 is interval 20 of 48
    expect(e.before[at10]! - e.after[at10]!).toBeCloseTo(1, 6);
    expect(e.underAfter).toBeGreaterThanOrEqual(e.underBefore);
    // A second request on the same shift waits for the first.
    const twice = await t.request('POST', '/api/v1/wfm/requests', {
      token: agents[0]!.token,
      body: { kind: 'leave', shiftId: shift.id, reason: '再次' },
    });
    expect(twice.statusCode).toBe(409);
    // Someone else's shift is not one's own to give.
    const foreign = await t.request('POST', '/api/v1/wfm/requests', {
      token: agents[1]!.token,
      body: { kind: 'leave', shiftId: shift.id, reason: 'x' },
    });
    expect(foreign.statusCode).toBe(404);

    const inbox = await ok<{ items: { id: string }[] }>(
      await t.request('GET', '/api/v1/wfm/requests/inbox?state=pending', { token: lead }),
    );
    expect(inbox.items.map((r) => r.id)).toContain(created.id);
    expect((await t.request('GET', '/api/v1/wfm/requests/inbox', { token: agents[1]!.token })).statusCode).toBe(403);
    const approved = await ok<ShiftRequestDetail>(
      await t.request('POST', `/api/v1/wfm/requests/${created.id}/approve`, { token: lead, body: { note: '同意' } }),
    );
    expect(approved).toMatchObject({ state: 'approved', note: '同意', decidedByName: 'sched-lead' });
    expect(approved.shift.state).toBe('leave');
    const again = await t.request('POST', `/api/v1/wfm/requests/${created.id}/reject`, { token: lead, body: {} });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a swap that would give someone two shifts a day (409 with the rule)', async () => {
    // Agent 2 takes agent 1's shift on a day agent 2 already works.
    const mine = shiftsOf(1);
    const theirs = shiftsOf(2);
    const theirDates = new Set(theirs.map((s) => s.date));
    const clash = mine.find((s) => theirDates.has(s.date));
    const other = theirs.find((s) => !mine.some((m) => m.date === s.date)) ?? theirs[0]!;
    expect(clash).toBeDefined();
    const res = await t.request('POST', '/api/v1/wfm/requests', {
      token: agents[1]!.token,
      body: { kind: 'swap', shiftId: clash!.id, peerShiftId: other.id },
    });
    if (other.date === clash!.date) return; // same day: a plain exchange, nothing to refuse
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('WFM.REQUEST_BREAKS_RULES');
    expect(JSON.stringify(res.json())).toContain('MORE_THAN_ONE_SHIFT_A_DAY');
  });

  it('swaps with the colleague’s consent and the team lead’s approval', async () => {
    // Find two agents and two days: A works d1 not d2, B works d2 not d1.
    let pair: { a: number; b: number; s1: string; s2: string } | undefined;
    for (let a = 1; a < agents.length && !pair; a++) {
      for (let b = 1; b < agents.length && !pair; b++) {
        if (a === b) continue;
        const A = new Map(shiftsOf(a).map((s) => [s.date, s.id]));
        const B = new Map(shiftsOf(b).map((s) => [s.date, s.id]));
        for (const [d1, s1] of A) {
          const d2 = [...B.keys()].find((d) => !A.has(d) && !B.has(d1));
          if (d2) {
            pair = { a, b, s1, s2: B.get(d2)! };
            break;
          }
        }
      }
    }
    expect(pair, 'two agents with complementary days off').toBeDefined();
    const { a, b, s1, s2 } = pair!;
    // The bell: which kinds of shift-request notifications a user has about this request.
    type Inbox = { items: { kind: string; subject: string; details: Record<string, unknown> }[] };
    const bell = async (token: string, requestId: string) =>
      (await ok<Inbox>(await t.request('GET', '/api/v1/notifications/inbox', { token }))).items
        .filter((i) => i.details.requestId === requestId)
        .map((i) => `${i.kind}:${String(i.details.state)}`)
        .sort();
    const created = await ok<ShiftRequestDetail>(
      await t.request('POST', '/api/v1/wfm/requests', {
        token: agents[a]!.token,
        body: { kind: 'swap', shiftId: s1, peerShiftId: s2, reason: '换个休息日' },
      }),
      201,
    );
    expect(created).toMatchObject({ state: 'pending_peer', peerId: agents[b]!.id });
    expect(created.violations.every((v) => !v.blocking)).toBe(true);
    await expect.poll(() => bell(agents[b]!.token, created.id)).toEqual(['wfm.request.asked:pending_peer']);
    // The team lead does not see it before the colleague agrees, and cannot approve it yet.
    const early = await ok<{ items: { id: string }[] }>(
      await t.request('GET', '/api/v1/wfm/requests/inbox', { token: lead }),
    );
    expect(early.items.map((r) => r.id)).not.toContain(created.id);
    expect(
      (await t.request('POST', `/api/v1/wfm/requests/${created.id}/approve`, { token: lead, body: {} })).statusCode,
    ).toBe(409);
    // Only the colleague answers.
    expect(
      (await t.request('POST', `/api/v1/wfm/requests/${created.id}/accept`, { token: agents[a]!.token })).statusCode,
    ).toBe(404);
    const asked = await ok<{ items: { id: string }[] }>(
      await t.request('GET', '/api/v1/wfm/requests', { token: agents[b]!.token }),
    );
    expect(asked.items.map((r) => r.id)).toContain(created.id);
    await ok(await t.request('POST', `/api/v1/wfm/requests/${created.id}/accept`, { token: agents[b]!.token }));
    // Now the team lead is told (and the requester, that the colleague agreed); the colleague is not
    // told of their own step.
    await expect.poll(() => bell(lead, created.id)).toEqual(['wfm.request.to_approve:pending']);
    await expect.poll(() => bell(agents[a]!.token, created.id)).toEqual(['wfm.request.to_approve:pending']);
    expect(await bell(agents[b]!.token, created.id)).toEqual(['wfm.request.asked:pending_peer']);
    const approved = await ok<ShiftRequestDetail>(
      await t.request('POST', `/api/v1/wfm/requests/${created.id}/approve`, { token: lead, body: {} }),
    );
    expect(approved.state).toBe('approved');
    await expect
      .poll(() => bell(agents[b]!.token, created.id))
      .toEqual(['wfm.request.asked:pending_peer', 'wfm.request.decided:approved']);
    await expect
      .poll(() => bell(agents[a]!.token, created.id))
      .toEqual(['wfm.request.decided:approved', 'wfm.request.to_approve:pending']);
    expect(await bell(lead, created.id)).toEqual(['wfm.request.to_approve:pending']);
    expect(approved.shift.agentId).toBe(agents[b]!.id);
    expect(approved.peerShift?.agentId).toBe(agents[a]!.id);
    const range = `from=${nextMonday}&to=${addDays(nextMonday, 6)}`;
    const bNow = await ok<{ items: { id: string }[] }>(
      await t.request('GET', `/api/v1/wfm/my-shifts?${range}`, { token: agents[b]!.token }),
    );
    expect(bNow.items.map((s) => s.id)).toContain(s1);
    expect(bNow.items.map((s) => s.id)).not.toContain(s2);
  });
});

describe('adherence', () => {
  type Live = {
    agents: { agentId: string; state: string; activity: string; inAdherence: boolean; flagged: boolean }[];
  };
  const live = async () =>
    ok<Live>(await t.request('GET', '/api/v1/wfm/adherence/live?graceMinutes=3', { token: lead }));

  it("compares each agent's ACD state with the published schedule, live and over the day", async () => {
    // A day on which agents 3 and 4 both work (their shifts were not touched by the requests above).
    const three = schedule.shifts.filter((s) => s.agentId === agents[3]!.id);
    const four = new Set(schedule.shifts.filter((s) => s.agentId === agents[4]!.id).map((s) => s.date));
    const day = three.map((s) => s.date).find((d) => four.has(d))!;
    expect(day).toBeDefined();
    clock.set(`${day}T10:00:00+08:00`);
    await ok(await t.request('PUT', '/api/v1/agents/me/state', { token: agents[3]!.token, body: { state: 'ready' } }));
    let seen: Live | undefined;
    for (let i = 0; i < 100; i++) {
      seen = await live();
      if (seen.agents.find((a) => a.agentId === agents[3]!.id)?.state === 'ready') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ready = seen!.agents.find((a) => a.agentId === agents[3]!.id);
    expect(ready).toMatchObject({ state: 'ready', activity: 'work', inAdherence: true, flagged: false });
    // Agent 4 should have been working since 09:00 and is not signed in: flagged after the grace period.
    const absent = seen!.agents.find((a) => a.agentId === agents[4]!.id);
    expect(absent).toMatchObject({ state: 'logged_out', activity: 'work', inAdherence: false, flagged: true });
    expect(seen!.agents[0]!.flagged).toBe(true);
    // An agent sees nothing of it.
    expect((await t.request('GET', '/api/v1/wfm/adherence/live', { token: agents[3]!.token })).statusCode).toBe(403);

    // At 11:00 agent 3 has done what the schedule said for one of two hours (signed in at 10:00).
    clock.set(`${day}T11:00:00+08:00`);
    const report = await ok<{
      agents: {
        agentId: string;
        scheduledMinutes: number;
        adherentMinutes: number;
        adherence: number;
        conformance: number;
      }[];
      teams: { teamName: string | null }[];
    }>(await t.request('GET', `/api/v1/wfm/adherence/report?from=${day}&to=${day}`, { token: lead }));
    const row = report.agents.find((a) => a.agentId === agents[3]!.id)!;
    expect(row).toMatchObject({ scheduledMinutes: 120, adherentMinutes: 60, adherence: 0.5, conformance: 0.5 });
    expect(report.agents.find((a) => a.agentId === agents[4]!.id)).toMatchObject({ adherence: 0 });
    expect(report.teams.map((x) => x.teamName)).toEqual(['排班一组']);

    // Intraday now shows who the schedule has working (the shift on leave not counted).
    const intraday = await ok<{ scheduleKnown: boolean; intervals: { scheduled: number }[] }>(
      await t.request('GET', `/api/v1/wfm/intraday?forecastId=${forecastId}&date=${day}`, { token: admin }),
    );
    const onLeave = schedule.shifts.find((x) => x.agentId === agents[0]!.id)!.date === day ? 1 : 0;
    expect(intraday.scheduleKnown).toBe(true);
    expect(intraday.intervals[20]!.scheduled).toBe(schedule.shifts.filter((x) => x.date === day).length - onLeave);
    expect(intraday.intervals[4]!.scheduled).toBe(0);
  });
});
