import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu } from '../../../test/app';
import { createEmptyDatabase, type TestDatabase } from '../../../test/db';
import { runProcess } from '../../../test/run-process';
import type { Kefu } from '../app';
import { type DbHandle, openDatabase } from '../platform/db';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let db: TestDatabase;

/** The `kefu` CLI as an operator runs it, against a database of its own (DATABASE_URL). */
function kefu(...args: string[]) {
  return runProcess(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: ROOT,
    // Two days of demo history: the command's work (the 14 days themselves are the demo history's
    // own test, server/src/modules/voice/test/demo-history.int.test.ts) at a seventh of the time.
    env: { ...process.env, DATABASE_URL: db.url, KEFU_LOG_LEVEL: 'warn', KEFU_DEMO_HISTORY_DAYS: '2' },
    // demo-seed also builds the reports' read model and the survey answers of the history now;
    // a generous bound for a loaded CI machine.
    timeoutMs: 300_000,
  });
}

beforeAll(async () => {
  db = await createEmptyDatabase();
});
afterAll(() => db.drop());

// Each test starts `kefu` from source a few times (tsx compiles it each time): minutes on a busy machine.
describe('the kefu command', { timeout: 600_000 }, () => {
  it('migrate brings an empty database up to date, and again is a no-op', async () => {
    const first = await kefu('migrate');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('up to date');
    expect((await kefu('migrate')).status).toBe(0);
  });

  it('demo-seed loads the demo hotline once; running it again changes nothing', async () => {
    const first = await kefu('demo-seed');
    expect(first.status, first.stderr).toBe(0);
    // The people (3 teams, 28 users), 2 business calendars, the ACD (4 skills, 4 queues), the IVR flow,
    // 24 desk phones + trunk + DID, 50 CRM customers, 4 department groups and 12 work orders, a
    // quality sampling plan.
    expect(first.stdout).toContain(
      'Demo data loaded (159 objects created: teams 31, calendars 2, routing 8, crm 50, ivr 1, telephony 26, tickets 16, conversations 10, quality 1, knowledge 14).',
    );
    const again = await kefu('demo-seed');
    expect(again.stdout).toContain(
      '(0 objects created: teams 0, calendars 0, routing 0, crm 0, ivr 0, telephony 0, tickets 0, conversations 0, quality 0, knowledge 0)',
    );
  });

  it('reporting rebuild recomputes the read model from the records and counts what it read', async () => {
    const r = await kefu('reporting', 'rebuild');
    expect(r.status, r.stderr).toBe(0);
    const m =
      /Rebuilt in [\d.]+ s: (\d+) contacts \((\d+) queue visits\), (\d+) self-service calls, (\d+) agent state changes, (\d+) survey answers, (\d+) work orders\./.exec(
        r.stdout,
      );
    expect(m, r.stdout).not.toBeNull();
    const [contacts, legs, , states, answers, orders] = m!.slice(1).map(Number) as number[];
    const h = openDatabase(db.url, { max: 1 });
    try {
      const count = async (sql: string) => Number((await h.pool.query(sql)).rows[0].n);
      // The demo history's days: what the records hold, and the read model written from them.
      expect(contacts).toBeGreaterThan(0);
      expect(contacts).toBe(await count('select count(*) as n from routing_contacts'));
      expect(states).toBe(await count('select count(*) as n from routing_agent_events'));
      expect(answers).toBe(await count('select count(*) as n from survey_answers'));
      expect(orders).toBe(await count('select count(*) as n from tickets_tickets'));
      expect(legs).toBe(await count(`select count(*) as n from reporting_contacts where source = 'acd'`));
    } finally {
      await h.close();
    }
    expect((await kefu('reporting')).status).toBe(2);
    expect((await kefu('reporting', 'rebuild', 'now')).status).toBe(2);
    expect((await kefu('help')).stdout).toContain('kefu reporting rebuild');
  });

  it('user add creates a user in a named team; mistakes are explained, not stack-traced', async () => {
    const ok = await kefu(
      'user',
      'add',
      '--username',
      'zhang3',
      '--password',
      'Zhang-pass-1',
      '--display-name',
      '张三',
      '--roles',
      'agent,qa',
      '--team',
      '话务一组',
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('User zhang3 created (agent, qa)');

    const taken = await kefu('user', 'add', '--username', 'ZHANG3', '--password', 'Zhang-pass-1', '--roles', 'agent');
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain('taken');
    const weak = await kefu('user', 'add', '--username', 'li4', '--password', 'short', '--roles', 'agent');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('--password');
    const noTeam = await kefu('user', 'add', '--username', 'li4', '--password', 'Li-pass-123', '--team', '不存在');
    expect(noTeam.status).toBe(2);
    expect(noTeam.stderr.trim()).toBe('--team: no team named 不存在');
    const badRole = await kefu('user', 'add', '--username', 'li4', '--password', 'Li-pass-123', '--roles', 'boss');
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('--roles');
    expect((await kefu('frobnicate')).status).toBe(2);
  });
});

describe('the demo hotline', () => {
  let handle: DbHandle;
  let app: Kefu;
  beforeAll(async () => {
    handle = openDatabase(db.url, { max: 3 });
    app = await buildTestKefu(handle);
    await app.app.ready();
  });
  afterAll(async () => {
    await app.app.close();
    await handle.close();
  });

  it('has agent01 … agent20 in three teams, each team with a lead, all signing in with demo1234', async () => {
    const login = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'super01', password: 'demo1234' },
    });
    expect(login.statusCode).toBe(200);
    const token = login.json().token;
    const auth = { authorization: `Bearer ${token}` };
    const agents = (
      await app.app.inject({ method: 'GET', url: '/api/v1/users?role=agent&pageSize=200', headers: auth })
    ).json();
    const names = agents.items.map((u: { username: string }) => u.username);
    for (let i = 1; i <= 20; i++) expect(names).toContain(`agent${String(i).padStart(2, '0')}`);
    const teams = (await app.app.inject({ method: 'GET', url: '/api/v1/teams', headers: auth })).json() as Array<{
      name: string;
      leadName: string | null;
      memberCount: number;
    }>;
    const demoTeams = teams.filter((t) => ['话务一组', '话务二组', '投诉专席组'].includes(t.name));
    expect(demoTeams).toHaveLength(3);
    for (const t of demoTeams) {
      expect(t.leadName).toBeTruthy();
      expect(t.memberCount).toBeGreaterThanOrEqual(7);
    }
    const agent = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'agent20', password: 'demo1234' },
    });
    expect(agent.statusCode).toBe(200);
  });

  it('has the queues billing, fault, complaints and general, each served by at least five agents', async () => {
    const login = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'super01', password: 'demo1234' },
    });
    const auth = { authorization: `Bearer ${login.json().token}` };
    const queues = (await app.app.inject({ method: 'GET', url: '/api/v1/queues', headers: auth })).json();
    expect(queues.map((q: { key: string; name: string }) => `${q.key} ${q.name}`).sort()).toEqual([
      'billing 话费查询',
      'complaints 投诉建议',
      'fault 故障报修',
      'general 人工服务',
    ]);
    const routing = (
      await app.app.inject({ method: 'GET', url: '/api/v1/agents/routing', headers: auth })
    ).json() as Array<{
      username: string;
      memberships: Array<{ queueKey: string }>;
    }>;
    for (const key of ['billing', 'fault', 'complaints', 'general']) {
      const members = routing.filter(
        (a) => /^agent\d\d$/.test(a.username) && a.memberships.some((m) => m.queueKey === key),
      );
      expect(members.length, key).toBeGreaterThanOrEqual(5);
    }
  });
});
