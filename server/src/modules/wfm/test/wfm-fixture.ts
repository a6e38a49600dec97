import { expect } from 'vitest';
import { addDays, weekdayOf } from '../../../../../contracts/local-dates';
import type { TestApp } from '../../../../../test/app';

/**
 * The seeding the WFM tests share, through the API as an administrator would do it: a hotline with
 * four weeks of contact history, agents with their routing, a team with its lead, a forecast of next
 * week. Integration tests reach Kefu through `app.inject()` (appSeedApi), the browser tests over
 * HTTP (httpSeedApi); the steps are the same.
 */
export type SeedApi = {
  /**
   * Calls /api/v1 as the admin and answers the JSON body; fails unless the answer is a success —
   * exactly `status` where the transport checks it (the integration tests do).
   */
  api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, status?: number): Promise<T>;
  /** POSTs a CSV to /api/v1<path> as the admin: its status and body. */
  postCsv(path: string, csv: string): Promise<{ status: number; body: string }>;
};

/** Kefu under `app.inject()`, signed in with `token`; every answer's status is asserted. */
export function appSeedApi(t: TestApp, token: string): SeedApi {
  return {
    async api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, status = 200): Promise<T> {
      const res = await t.request(method, `/api/v1${path}`, { token, body });
      expect(res.statusCode, res.body).toBe(status);
      return res.json() as T;
    },
    async postCsv(path, csv) {
      const res = await t.kefu.app.inject({
        method: 'POST',
        url: `/api/v1${path}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        payload: csv,
      });
      return { status: res.statusCode, body: res.body };
    },
  };
}

/** A browser test's Kefu (e2e/fixtures/browser.ts) over HTTP as its admin. */
export function httpSeedApi(env: {
  api<T>(method: string, url: string, body?: unknown): Promise<T>;
  kefu: { baseUrl: string };
  readonly adminToken: string;
}): SeedApi {
  return {
    api: (method, path, body) => env.api(method, path, body),
    async postCsv(path, csv) {
      const res = await fetch(`${env.kefu.baseUrl}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'text/csv' },
        body: csv,
      });
      return { status: res.status, body: await res.text() };
    },
  };
}

/** The Monday after `today` (a YYYY-MM-DD date): the forecasts and schedules are of next week. */
export function nextMondayAfter(today: string): string {
  return addDays(today, 8 - weekdayOf(today));
}

/** When a day's calls arrive (ms after local midnight) and how long each waits to be answered. */
export type DayOfCalls = { arrivals: number[]; answerMs: number };

/** 4 calls per half hour 09:00–18:00 (7 minutes apart), answered after 5 s: one or two agents' work. */
export const OFFICE_HOURS: DayOfCalls = {
  arrivals: Array.from({ length: 18 * 4 }, (_, k) => (9 * 60 + Math.floor(k / 4) * 30 + (k % 4) * 7) * 60_000),
  answerMs: 5_000,
};

/** A call every 7.5 minutes (4 per half hour) around the clock, answered after 2 s. */
export const AROUND_THE_CLOCK: DayOfCalls = {
  arrivals: Array.from({ length: 192 }, (_, i) => i * 450_000),
  answerMs: 2_000,
};

const HEADER = 'externalId,channel,queue,enteredQueueAt,answeredAt,endedAt,talkSeconds,wrapUpSeconds';

/**
 * The contact import of the 28 days before `today` in Asia/Shanghai: voice calls to `queue`, each
 * talked 300 s with no wrap-up, numbered `<idPrefix>-1`, `<idPrefix>-2`…
 */
export function historyCsv(today: string, queue: string, idPrefix: string, day: DayOfCalls): string {
  const lines = [HEADER];
  let n = 0;
  for (let d = 28; d >= 1; d--) {
    const midnight = Date.parse(`${addDays(today, -d)}T00:00:00+08:00`);
    for (const arrival of day.arrivals) {
      const iso = (ms: number) => new Date(midnight + arrival + ms).toISOString();
      n++;
      lines.push(`${idPrefix}-${n},voice,${queue},${iso(0)},${iso(day.answerMs)},${iso(day.answerMs + 300_000)},300,0`);
    }
  }
  return lines.join('\n');
}

/** Waits for a job to end (done or failed) and answers it as it ended. */
export async function waitForJob<T = Record<string, unknown>>(
  seed: SeedApi,
  jobId: string,
  pollMs = 100,
  timeoutMs = 120_000,
): Promise<{ state: string; kind: string; result: T; error?: unknown; progress?: unknown }> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    const job = await seed.api<{ state: string; kind: string; result: T; error?: unknown }>('GET', `/jobs/${jobId}`);
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** Creates the queue `key` and imports its four weeks of history (historyCsv); answers the queue's id. */
export async function seedHotline(
  seed: SeedApi,
  opts: { key: string; name: string; today: string; idPrefix: string; day: DayOfCalls },
): Promise<string> {
  const queue = await seed.api<{ id: string }>('POST', '/queues', { key: opts.key, name: opts.name }, 201);
  const imp = await seed.postCsv('/contacts/import', historyCsv(opts.today, opts.key, opts.idPrefix, opts.day));
  expect(imp.status, imp.body).toBe(202);
  const job = await waitForJob(seed, (JSON.parse(imp.body) as { jobId: string }).jobId);
  expect(job.state, JSON.stringify(job.error)).toBe('done');
  return queue.id;
}

export type SeedUser = { username: string; password: string; displayName: string };

/** Creates a team led by a new team lead; answers both ids. */
export async function addTeam(
  seed: SeedApi,
  name: string,
  lead: SeedUser,
): Promise<{ teamId: string; leadId: string }> {
  const created = await seed.api<{ id: string }>('POST', '/users', { ...lead, roles: ['team_lead'] }, 201);
  const team = await seed.api<{ id: string }>('POST', '/teams', { name, leadUserId: created.id }, 201);
  return { teamId: team.id, leadId: created.id };
}

/** Creates agents (in `teamId` where given) who answer the queue `queueKey`; answers their ids in order. */
export async function addAgents(
  seed: SeedApi,
  queueKey: string,
  users: SeedUser[],
  teamId?: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const user of users) {
    const { id } = await seed.api<{ id: string }>('POST', '/users', { ...user, roles: ['agent'], teamId }, 201);
    await seed.api('PUT', `/agents/${id}/routing`, {
      skills: [],
      memberships: [{ queue: queueKey, priority: 1, delaySeconds: 0 }],
    });
    ids.push(id);
  }
  return ids;
}

/** A 09:00–17:00 shift with an unpaid hour's lunch three to four hours in. */
export function dayShiftTemplate(name: string) {
  return {
    name,
    startWindows: [{ earliest: 540, latest: 540, step: 30 }],
    lengthsMinutes: [480],
    breaks: [{ name: '午餐', kind: 'lunch', minutes: 60, paid: false, earliestAfterStart: 180, latestAfterStart: 240 }],
  };
}

/** Creates a shift template (dayShiftTemplate) and gives it to the agents with their weekly minutes. */
export async function giveDayShifts(
  seed: SeedApi,
  templateName: string,
  agentIds: string[],
  weekly: { minWeeklyMinutes: number; maxWeeklyMinutes: number },
): Promise<string> {
  const template = await seed.api<{ id: string }>('POST', '/wfm/shift-templates', dayShiftTemplate(templateName), 201);
  for (const id of agentIds)
    await seed.api('PUT', `/wfm/agents/${id}/rules`, { templateIds: [template.id], ...weekly });
  return template.id;
}

/** Creates a forecast of the 7 days from `startDate` in half hours, from 4 weeks of history; answers its id. */
export async function createForecast(
  seed: SeedApi,
  opts: { name: string; queueIds: string[]; startDate: string; holdoutWeeks?: number },
): Promise<string> {
  const body = { ...opts, days: 7, intervalMinutes: 30, historyWeeks: 4 };
  return (await seed.api<{ id: string }>('POST', '/wfm/forecasts', body, 201)).id;
}
