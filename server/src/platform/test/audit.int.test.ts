import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerifyReply } from '../../../../contracts/audit';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../../../../test/app';
import { entryHash } from '../audit';
import { fixedClock } from '../clock';

const clock = fixedClock('2026-03-02T01:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

async function verify(): Promise<AuditVerifyReply> {
  const res = await t.request('GET', '/api/v1/audit/verify', { token: await t.adminToken() });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function auditIds(): Promise<number[]> {
  const r = await t.handle.pool.query<{ id: number }>('select id from audit_log order by id');
  return r.rows.map((row) => Number(row.id));
}

async function createTeam(name: string, token?: string): Promise<string> {
  const res = await t.request('POST', '/api/v1/teams', { token: token ?? (await t.adminToken()), body: { name } });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/**
 * What an attacker with superuser rights can do: switch the append-only triggers off, change the
 * table, switch them on again — in one transaction, so no other connection sees the triggers off.
 */
async function withTriggersOff(c: pg.Client, fn: () => Promise<unknown>): Promise<void> {
  await c.query('begin');
  try {
    await c.query('alter table audit_log disable trigger user');
    await fn();
    await c.query('alter table audit_log enable trigger user');
    await c.query('commit');
  } catch (err) {
    await c.query('rollback');
    throw err;
  }
}

/** Runs `tamper` on row `id` as superuser, then puts the original row back. */
async function tampered<T>(id: number, tamper: (c: pg.Client) => Promise<unknown>, check: () => Promise<T>) {
  const c = new pg.Client({ connectionString: t.db.url });
  await c.connect();
  try {
    await c.query('create temp table saved (like audit_log)');
    await c.query('insert into saved select * from audit_log where id = $1', [id]);
    await withTriggersOff(c, () => tamper(c));
    try {
      return await check();
    } finally {
      await withTriggersOff(c, async () => {
        await c.query('delete from audit_log where id = $1', [id]);
        await c.query('insert into audit_log select * from saved');
      });
    }
  } finally {
    await c.end();
  }
}

/** An auth.user.created row with rows before and after it. */
async function middleRow(): Promise<{ id: number; next: number; before: number }> {
  const ids = await auditIds();
  const r = await t.handle.pool.query<{ id: number }>(
    `select id from audit_log where action = 'auth.user.created' and id > $1 and id < $2 order by id limit 1`,
    [ids[1], ids[ids.length - 2]],
  );
  const id = Number(r.rows[0]!.id);
  const i = ids.indexOf(id);
  return { id, next: ids[i + 1]!, before: i };
}

describe('the hash chain', () => {
  beforeAll(async () => {
    for (const name of ['chain.a', 'chain.b', 'chain.c']) await t.addUser(name, ['agent']);
    await t.login('chain.a', 'Passw0rd!');
    await t.request('POST', '/api/v1/auth/login', { body: { username: 'chain.b', password: 'wrong-pass-1' } });
    await createTeam('Chain team 1');
    await createTeam('Chain team 2');
    await t.addUser('chain.d', ['team_lead']);
  });

  it('verifies after users, teams and sign-ins, checking every row', async () => {
    const ids = await auditIds();
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(await verify()).toEqual({ ok: true, checked: ids.length, firstBrokenId: null, reason: null });
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused, even for a superuser', async () => {
    const before = await auditIds();
    const id = before[3];
    await expect(t.handle.pool.query(`update audit_log set actor_name = 'x' where id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.handle.pool.query('delete from audit_log where id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.handle.pool.query('truncate audit_log')).rejects.toThrow(/append-only/);
    expect(await auditIds()).toEqual(before);
    expect((await verify()).ok).toBe(true);
  });

  it.each([
    ['details', `details = jsonb_set(details, '{roles}', '["admin"]')`],
    ['actor_name', `actor_name = 'someone-else'`],
    ['action', `action = 'users.viewed'`],
    ['at', `at = at - interval '1 hour'`],
    ['ip', `ip = '10.9.9.9'`],
  ])('names the row whose %s was changed behind its back', async (_column, set) => {
    const mid = await middleRow();
    const reply = await tampered(mid.id, (c) => c.query(`update audit_log set ${set} where id = $1`, [mid.id]), verify);
    expect(reply).toEqual({
      ok: false,
      checked: mid.before,
      firstBrokenId: mid.id,
      reason: expect.stringMatching(/modified/),
    });
    expect((await verify()).ok).toBe(true);
  });

  it('names the row after one that was deleted', async () => {
    const mid = await middleRow();
    const reply = await tampered(mid.id, (c) => c.query('delete from audit_log where id = $1', [mid.id]), verify);
    expect(reply).toEqual({
      ok: false,
      checked: mid.before,
      firstBrokenId: mid.next,
      reason: expect.stringMatching(/previous hash/),
    });
    expect((await verify()).ok).toBe(true);
  });

  it('stays intact under 30 concurrent audited writes', async () => {
    const before = (await auditIds()).length;
    const token = await t.adminToken();
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.request('POST', '/api/v1/teams', { token, body: { name: `Parallel team ${i}` } }),
      ),
    );
    expect(replies.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    const after = await auditIds();
    expect(after.length).toBe(before + 30);
    expect(await verify()).toEqual({ ok: true, checked: after.length, firstBrokenId: null, reason: null });
  });
});

describe('browsing the audit log', () => {
  let supervisorId: string;
  let supervisorToken: string;
  let teamId: string;
  const later = '2026-03-02T05:00:00.000Z';

  beforeAll(async () => {
    supervisorId = await t.addUser('audit.sup', ['supervisor']);
    clock.set(later);
    supervisorToken = await t.login('audit.sup', 'Passw0rd!');
    teamId = await createTeam('Browsed team', supervisorToken);
    const rename = await t.request('PATCH', `/api/v1/teams/${teamId}`, {
      token: await t.adminToken(),
      body: { name: 'Browsed team renamed' },
    });
    expect(rename.statusCode).toBe(200);
  });

  const list = async (query: string, token?: string) => {
    const res = await t.request('GET', `/api/v1/audit?${query}`, { token: token ?? (await t.adminToken()) });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: AuditEntry[]; total: number; page: number; pageSize: number };
  };

  it('lists newest first, in pages that neither overlap nor skip', async () => {
    const ids = await auditIds();
    const first = await list('pageSize=7');
    const second = await list('pageSize=7&page=2');
    expect(first.total).toBe(ids.length);
    expect(first.page).toBe(1);
    expect(second.page).toBe(2);
    const newestFirst = [...ids].reverse();
    expect(first.items.map((e) => e.id)).toEqual(newestFirst.slice(0, 7));
    expect(second.items.map((e) => e.id)).toEqual(newestFirst.slice(7, 14));
    const beyond = await list(`pageSize=7&page=${Math.ceil(ids.length / 7) + 1}`);
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(ids.length);
  });

  it('filters by action', async () => {
    const page = await list('action=teams.team.updated');
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ action: 'teams.team.updated', entityId: teamId, actorName: 'admin' });
    const logins = await list('action=auth.session.started&pageSize=200');
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((e) => e.action === 'auth.session.started')).toBe(true);
  });

  it('filters by entity type and entity id', async () => {
    const one = await list(`entityType=team&entityId=${teamId}`);
    expect(one.items.map((e) => e.action)).toEqual(['teams.team.updated', 'teams.team.created']);
    const teams = await list('entityType=team&pageSize=200');
    expect(teams.total).toBe(2 + 30 + 2);
    expect(teams.items.every((e) => e.entityType === 'team')).toBe(true);
  });

  it('filters by actor', async () => {
    const page = await list(`actorId=${supervisorId}`);
    expect(page.items.map((e) => e.action)).toEqual(['teams.team.created', 'auth.session.started']);
    expect(page.items.every((e) => e.actorId === supervisorId && e.actorName === 'audit.sup')).toBe(true);
  });

  it('filters by a time window, both ends inclusive', async () => {
    const window = await list(`from=${encodeURIComponent('2026-03-02T04:00:00+08:00')}&to=${later}`);
    // 04:00+08:00 is 20:00 the day before in UTC: everything up to `later` falls inside.
    expect(window.total).toBe((await auditIds()).length);
    // At `later`: the supervisor and the admin signed in (the admin's earlier session had idled).
    const onlyLater = await list(`from=${later}&to=${later}`);
    expect(onlyLater.items.map((e) => e.action).sort()).toEqual([
      'auth.session.started',
      'auth.session.started',
      'teams.team.created',
      'teams.team.updated',
    ]);
    expect(onlyLater.items.every((e) => e.at === later)).toBe(true);
    const before = await list(`to=${encodeURIComponent('2026-03-02T04:59:59.999Z')}&pageSize=200`);
    expect(before.total).toBe(window.total - 4);
    expect(before.items.every((e) => e.at < later)).toBe(true);
  });

  it('is for those allowed to see it: an agent is refused', async () => {
    await t.addUser('audit.agent', ['agent']);
    const token = await t.login('audit.agent', 'Passw0rd!');
    expect((await t.request('GET', '/api/v1/audit', { token })).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/audit/verify', { token })).statusCode).toBe(403);
    // A supervisor reads the log but cannot run the verification (audit.view without audit.verify).
    expect((await t.request('GET', '/api/v1/audit', { token: supervisorToken })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/audit/verify', { token: supervisorToken })).statusCode).toBe(403);
  });

  it('records the client address and the request id of the request behind each entry', async () => {
    const res = await t.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      remoteAddress: '203.0.113.7',
      headers: {
        authorization: `Bearer ${await t.adminToken()}`,
        'x-request-id': 'req-audit-7',
        // Not a trusted proxy: a client cannot choose the address the log records.
        'x-forwarded-for': '198.51.100.1',
      },
      payload: { name: 'Traced team' },
    });
    expect(res.statusCode).toBe(201);
    const page = await list(`entityId=${res.json().id}`);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      action: 'teams.team.created',
      ip: '203.0.113.7',
      requestId: 'req-audit-7',
      details: { name: 'Traced team', leadUserId: null },
    });

    await t.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '203.0.113.8',
      headers: { 'x-request-id': 'req-login-8' },
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const login = (await list('action=auth.session.started')).items[0];
    expect(login).toMatchObject({ ip: '203.0.113.8', requestId: 'req-login-8', actorName: 'admin' });
  });
});

describe('action names from before module.entity.verb', () => {
  it('a row written as teams.created stays as it was, verifies, and is found under teams.team.created', async () => {
    // An entry as an older Kefu appended it, chained onto the newest row.
    const last = await t.handle.pool.query<{ hash: string }>('select hash from audit_log order by id desc limit 1');
    const row = {
      at: new Date('2026-03-02T06:00:00Z'),
      actorId: null,
      actorName: 'system',
      action: 'teams.created',
      entityType: 'team',
      entityId: 'legacy-team',
      ip: null,
      requestId: null,
      details: {},
      prevHash: last.rows[0]!.hash,
    };
    await t.handle.pool.query(
      `insert into audit_log (at, actor_id, actor_name, action, entity_type, entity_id, ip, request_id, details, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        row.at,
        null,
        row.actorName,
        row.action,
        row.entityType,
        row.entityId,
        null,
        null,
        row.details,
        row.prevHash,
        entryHash(row),
      ],
    );
    expect((await verify()).ok).toBe(true);
    const token = await t.adminToken();
    for (const action of ['teams.team.created', 'teams.created']) {
      const res = await t.request('GET', `/api/v1/audit?action=${action}&entityId=legacy-team`, { token });
      expect(
        res.json().items.map((e: AuditEntry) => e.action),
        action,
      ).toEqual(['teams.created']);
    }
  });
});
