import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { fixedClock } from '../../../platform/clock';

const clock = fixedClock('2026-03-02T01:00:00Z');
let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp({ clock, sessionSeconds: 8 * 3600 });
  admin = await t.adminToken();
});
afterAll(() => t.close());

const validUser = (over: Record<string, unknown> = {}) => ({
  username: `u${randomUUID().slice(0, 8)}`,
  password: 'Passw0rd!',
  displayName: '张伟',
  roles: ['agent'],
  ...over,
});

const createUser = (body: unknown) => t.request('POST', '/api/v1/users', { token: admin, body });

async function newTeam(name: string): Promise<string> {
  const res = await t.request('POST', '/api/v1/teams', { token: admin, body: { name } });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function auditOf(action: string, entityId: string) {
  const res = await t.request('GET', `/api/v1/audit?action=${action}&entityId=${entityId}`, { token: admin });
  expect(res.statusCode).toBe(200);
  return res.json().items as Array<Record<string, unknown> & { details: Record<string, unknown> }>;
}

describe('creating a user', () => {
  it('answers 201 with the new user, and no password material', async () => {
    const res = await createUser(
      validUser({ username: 'li.na', displayName: '李娜', roles: ['agent', 'qa', 'agent'], phone: '13900001111' }),
    );
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'li.na',
      displayName: '李娜',
      roles: ['agent', 'qa'],
      teamId: null,
      phone: '13900001111',
      disabled: false,
      lockedUntil: null,
      lastLoginAt: null,
      createdAt: expect.any(String),
    });
    expect(res.body).not.toMatch(/password|scrypt/i);
    const again = await t.request('GET', `/api/v1/users/${user.id}`, { token: admin });
    expect(again.json()).toEqual(user);
    // The new user can sign in with the password given.
    await t.login('li.na', 'Passw0rd!');
  });

  it('trims the username and display name', async () => {
    const res = await createUser(validUser({ username: '  trimmed.user ', displayName: '  王芳  ' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'trimmed.user', displayName: '王芳' });
  });

  it('refuses a taken username whatever its case', async () => {
    expect((await createUser(validUser({ username: 'Zhao.Lei' }))).statusCode).toBe(201);
    for (const username of ['Zhao.Lei', 'zhao.lei', 'ZHAO.LEI']) {
      const res = await createUser(validUser({ username }));
      expect(res.statusCode, username).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'USERS.USERNAME_TAKEN', details: { username } });
    }
  });

  it('refuses a team that does not exist, naming the field', async () => {
    const res = await createUser(validUser({ teamId: randomUUID() }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('USERS.TEAM_NOT_FOUND');
    expect(res.json().error.details.fields).toEqual([
      { location: 'body', path: 'teamId', message: expect.any(String) },
    ]);
  });

  it('lists every missing field', async () => {
    const res = await createUser({});
    expect(res.statusCode).toBe(400);
    const { code, details } = res.json().error;
    expect(code).toBe('VALIDATION.FAILED');
    expect(details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'displayName',
      'password',
      'roles',
      'username',
    ]);
    for (const f of details.fields) expect(f).toEqual({ location: 'body', path: f.path, message: expect.any(String) });
  });

  it.each([
    ['an unknown role', { roles: ['boss'] }, 'roles.0'],
    ['no role at all', { roles: [] }, 'roles'],
    ['a password without a digit', { password: 'onlyletters' }, 'password'],
    ['a password without a letter', { password: '1234567890' }, 'password'],
    ['a short password', { password: 'Ab1' }, 'password'],
    ['a phone with letters', { phone: 'call me' }, 'phone'],
    ['a phone too long', { phone: '1'.repeat(21) }, 'phone'],
    ['a display name over 100 characters', { displayName: '名'.repeat(101) }, 'displayName'],
    ['a blank display name', { displayName: '   ' }, 'displayName'],
    ['a username with spaces', { username: 'li na' }, 'username'],
    ['a username too long', { username: 'a'.repeat(65) }, 'username'],
    ['a team id that is not a uuid', { teamId: 'team-1' }, 'teamId'],
  ])('refuses %s with the field named', async (_what, over, path) => {
    const res = await createUser(validUser(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION.FAILED');
    expect(res.json().error.details.fields).toEqual([{ location: 'body', path, message: expect.any(String) }]);
  });

  it('nothing is created by a refused request', async () => {
    await createUser(validUser({ username: 'ghost.user', password: 'weak' }));
    const res = await t.request('GET', '/api/v1/users?q=ghost.user', { token: admin });
    expect(res.json().total).toBe(0);
  });

  it('is written to the audit log', async () => {
    const res = await createUser(validUser({ username: 'audited.new', roles: ['qa'] }));
    const [entry] = await auditOf('auth.user.created', res.json().id);
    expect(entry).toMatchObject({
      actorName: 'admin',
      entityType: 'user',
      requestId: res.headers['x-request-id'],
      details: { username: 'audited.new', roles: ['qa'], teamId: null },
    });
  });
});

describe('listing users', () => {
  let north: string;
  let south: string;

  beforeAll(async () => {
    north = await newTeam('北区一组');
    south = await newTeam('南区二组');
    await t.addUser('list.a1', ['agent'], { teamId: north });
    await t.addUser('list.a2', ['agent'], { teamId: north });
    await t.addUser('list.a3', ['agent'], { teamId: south });
    await t.addUser('list.lead', ['team_lead', 'agent'], { teamId: north });
    await t.addUser('list.qa', ['qa']);
    await t.request('PATCH', `/api/v1/users/${await t.addUser('list.named', ['agent'])}`, {
      token: admin,
      body: { displayName: '陈静 Chen' },
    });
  });

  const names = (res: { json(): { items: Array<{ username: string }> } }) => res.json().items.map((u) => u.username);
  const list = (query: string) => t.request('GET', `/api/v1/users?${query}`, { token: admin });

  it('searches usernames and display names, case-insensitively', async () => {
    expect(names(await list('q=LIST.A'))).toEqual(['list.a1', 'list.a2', 'list.a3']);
    expect(names(await list(`q=${encodeURIComponent('陈静')}`))).toEqual(['list.named']);
    expect(names(await list('q=chen'))).toEqual(['list.named']);
  });

  it('treats % and _ in a search as plain characters', async () => {
    expect((await list('q=%25')).json().total).toBe(0);
    expect((await list('q=list_a')).json().total).toBe(0);
  });

  it('filters by team and by role, and combines filters', async () => {
    expect(names(await list(`teamId=${north}`))).toEqual(['list.a1', 'list.a2', 'list.lead']);
    expect(names(await list(`teamId=${south}`))).toEqual(['list.a3']);
    expect(names(await list('role=team_lead'))).toEqual(['list.lead']);
    expect(names(await list(`teamId=${north}&role=agent&q=a`))).toEqual(['list.a1', 'list.a2', 'list.lead']);
    expect(names(await list(`teamId=${randomUUID()}`))).toEqual([]);
  });

  it('pages in username order with the total of all matches', async () => {
    const p1 = await list('q=list.&pageSize=2&page=1');
    expect(p1.json()).toMatchObject({ total: 6, page: 1, pageSize: 2 });
    expect(names(p1)).toEqual(['list.a1', 'list.a2']);
    expect(names(await list('q=list.&pageSize=2&page=2'))).toEqual(['list.a3', 'list.lead']);
    expect(names(await list('q=list.&pageSize=2&page=3'))).toEqual(['list.named', 'list.qa']);
    const past = await list('q=list.&pageSize=2&page=4');
    expect(past.json()).toMatchObject({ items: [], total: 6 });
  });

  it('defaults to the first page of 20', async () => {
    expect((await list('')).json()).toMatchObject({ page: 1, pageSize: 20 });
  });

  it('answers 404 for an unknown user id', async () => {
    const res = await t.request('GET', `/api/v1/users/${randomUUID()}`, { token: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('USERS.NOT_FOUND');
  });
});

describe('changing a user', () => {
  it('new roles take effect on the next request of their session', async () => {
    const id = await t.addUser('promoted', ['agent']);
    const token = await t.login('promoted', 'Passw0rd!');
    expect((await t.request('GET', '/api/v1/users', { token })).statusCode).toBe(403);
    const res = await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { roles: ['team_lead'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(['team_lead']);
    expect((await t.request('GET', '/api/v1/users', { token })).statusCode).toBe(200);
  });

  it('moves a user between teams and out of any team', async () => {
    const a = await newTeam('move-a');
    const b = await newTeam('move-b');
    const id = await t.addUser('mover', ['agent'], { teamId: a });
    const moved = await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { teamId: b } });
    expect(moved.json().teamId).toBe(b);
    const out = await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { teamId: null } });
    expect(out.json().teamId).toBeNull();
    const bad = await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { teamId: randomUUID() } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('USERS.TEAM_NOT_FOUND');
    expect((await t.request('GET', `/api/v1/users/${id}`, { token: admin })).json().teamId).toBeNull();
  });

  it('changes only the fields sent', async () => {
    const id = await t.addUser('partial', ['qa'], { phone: '13700001234' });
    const res = await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { displayName: '部分' } });
    expect(res.json()).toMatchObject({ displayName: '部分', roles: ['qa'], phone: '13700001234', disabled: false });
  });

  it('refuses an empty change, an unknown user and bad values', async () => {
    const id = await t.addUser('unchanged', ['agent']);
    const empty = await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('VALIDATION.FAILED');
    const unknown = await t.request('PATCH', `/api/v1/users/${randomUUID()}`, {
      token: admin,
      body: { displayName: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('USERS.NOT_FOUND');
    const bad = await t.request('PATCH', `/api/v1/users/${id}`, {
      token: admin,
      body: { roles: [], phone: 'nope' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['phone', 'roles']);
  });

  it('disabling ends the sessions of that user and blocks sign-in until enabled again', async () => {
    const id = await t.addUser('leaver', ['team_lead'], { password: 'Leaver-pass-1' });
    const token = await t.login('leaver', 'Leaver-pass-1');
    expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(200);

    const res = await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { disabled: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);

    const after = await t.request('GET', '/api/v1/users', { token });
    expect(after.statusCode).toBe(403);
    expect(after.json().error.code).toBe('AUTH.ACCOUNT_DISABLED');
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'leaver', password: 'Leaver-pass-1' },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('AUTH.ACCOUNT_DISABLED');

    await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { disabled: false } });
    // The old session stays ended; a new sign-in works.
    expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(401);
    const again = await t.login('leaver', 'Leaver-pass-1');
    expect((await t.request('GET', '/api/v1/users/me', { token: again })).statusCode).toBe(200);
  });

  it('a disabled user answers a wrong password like anyone else', async () => {
    const id = await t.addUser('disabled.probe', ['agent']);
    await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { disabled: true } });
    const res = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'disabled.probe', password: 'Wrong-pass-9' },
    });
    expect(res.json().error.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('an admin cannot disable or demote themself, but can rename themself', async () => {
    const me = (await t.request('GET', '/api/v1/users/me', { token: admin })).json().user.id;
    for (const body of [{ disabled: true }, { roles: ['supervisor'] }, { roles: ['agent'], disabled: true }]) {
      const res = await t.request('PATCH', `/api/v1/users/${me}`, { token: admin, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('USERS.CANNOT_DISABLE_SELF');
    }
    const still = await t.request('GET', '/api/v1/users/me', { token: admin });
    expect(still.json().user).toMatchObject({ disabled: false, roles: ['admin'] });
    const renamed = await t.request('PATCH', `/api/v1/users/${me}`, {
      token: admin,
      body: { displayName: '管理员', roles: ['admin', 'supervisor'] },
    });
    expect(renamed.statusCode).toBe(200);
  });

  it('another admin can disable an admin', async () => {
    await t.addUser('second.admin', ['admin']);
    const second = await t.login('second.admin', 'Passw0rd!');
    const target = await t.addUser('third.admin', ['admin']);
    const res = await t.request('PATCH', `/api/v1/users/${target}`, { token: second, body: { disabled: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
  });

  it('every change is in the audit log with before and after, the phone masked', async () => {
    const team = await newTeam('audit-team');
    const id = await t.addUser('audited', ['agent'], { phone: '13812345678' });
    const res = await t.request('PATCH', `/api/v1/users/${id}`, {
      token: admin,
      body: { roles: ['agent', 'qa'], teamId: team, phone: '13987654321' },
    });
    expect(res.statusCode).toBe(200);
    await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { disabled: true } });

    const [disabled, changed] = await auditOf('auth.user.updated', id);
    expect(changed).toMatchObject({
      actorName: 'admin',
      entityType: 'user',
      requestId: res.headers['x-request-id'],
      details: {
        fields: ['roles', 'teamId', 'phone'],
        before: { roles: ['agent'], teamId: null, phone: '138****5678' },
        after: { roles: ['agent', 'qa'], teamId: team, phone: '139****4321' },
      },
    });
    expect(disabled?.details).toEqual({ fields: ['disabled'], before: { disabled: false }, after: { disabled: true } });
  });

  it('a refused change leaves no audit entry', async () => {
    const id = await t.addUser('not.audited', ['agent']);
    await t.request('PATCH', `/api/v1/users/${id}`, { token: admin, body: { teamId: randomUUID() } });
    expect(await auditOf('auth.user.updated', id)).toEqual([]);
  });

  it('an administrator resets a password: old sessions end, the new password works', async () => {
    const id = await t.addUser('forgetful', ['agent'], { password: 'Old-pass-11' });
    const token = await t.login('forgetful', 'Old-pass-11');
    const res = await t.request('POST', `/api/v1/users/${id}/password`, {
      token: admin,
      body: { newPassword: 'New-pass-22' },
    });
    expect(res.statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(401);
    const old = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'forgetful', password: 'Old-pass-11' },
    });
    expect(old.statusCode).toBe(401);
    await t.login('forgetful', 'New-pass-22');
    expect(await auditOf('auth.user.password_reset', id)).toHaveLength(1);
    const missing = await t.request('POST', `/api/v1/users/${randomUUID()}/password`, {
      token: admin,
      body: { newPassword: 'New-pass-22' },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('the signed-in user', () => {
  it('sees their profile, permissions and when the session really ends', async () => {
    await t.addUser('myself', ['qa'], { phone: '13600001111' });
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'myself', password: 'Passw0rd!' },
    });
    const { token, expiresAt } = login.json();
    expect(expiresAt).toBe(new Date(clock.now().getTime() + 8 * 3600_000).toISOString());
    clock.advance(10 * 60_000);
    const me = await t.request('GET', '/api/v1/users/me', { token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { username: 'myself', roles: ['qa'], lastLoginAt: expect.any(String) },
      permissions: [
        'calls.view',
        'knowledge.edit',
        'knowledge.review',
        'knowledge.use',
        'qa.evaluate',
        'qa.manage',
        'qa.review',
        'qa.view',
        'recordings.listen',
        'surveys.view',
        'teams.view',
        'training.learn',
        'users.view',
      ],
      session: { expiresAt, idleLockSeconds: 15 * 60 },
    });
  });
});

describe('resetting one’s own password', () => {
  it('is refused with a pointer to the password change, and the session stays', async () => {
    const token = await t.adminToken();
    const me = (await t.request('GET', '/api/v1/users/me', { token })).json().user.id;
    const res = await t.request('POST', `/api/v1/users/${me}/password`, {
      token,
      body: { newPassword: 'Whatever-pass-1' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('USERS.USE_CHANGE_PASSWORD');
    expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(200);
  });
});
