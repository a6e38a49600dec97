import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS, isPermission, ROLES, type Role } from '../../../../../contracts/permissions';
import { createTestApp, type TestApp } from '../../../../../test/app';
import type { RouteInfo } from '../../../platform/guard';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let t: TestApp;
/** A signed-in user per built-in role, with the role's default permissions. */
const tokenOf = {} as Record<Role, string>;
let apiRoutes: RouteInfo[];

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) {
    await t.addUser(`as_${role}`, [role]);
    tokenOf[role] = await t.login(`as_${role}`, 'Passw0rd!');
  }
  apiRoutes = t.kefu.routes.filter((r) => r.url.startsWith('/api/v1/'));
});
afterAll(() => t.close());

/** A concrete URL for a route pattern: a random uuid for ids, a real role for role keys. */
function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => (name === 'key' ? 'agent' : randomUUID()));
}

/** Calls a route with a minimal body: mutations fail validation unless the guard answers first. */
function call(route: RouteInfo, token?: string) {
  const method = route.method as Method;
  return t.request(method, concrete(route.url), { token, ...(method === 'GET' ? {} : { body: {} }) });
}

describe('every API route is guarded', () => {
  it('the walk sees every documented route of the app', () => {
    const walked = new Set(apiRoutes.map((r) => `${r.method} ${r.url}`));
    const paths = (t.kefu.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const documented = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThan(10);
    for (const d of documented) expect(walked, d).toContain(d);
  });

  it('every route declares a permission, and every named one exists', () => {
    for (const r of apiRoutes) {
      const p = r.permission;
      expect(p, `${r.method} ${r.url}`).toBeDefined();
      if (p !== 'public' && p !== 'authenticated' && p !== 'session') expect(isPermission(p!), p).toBe(true);
    }
  });

  it('only sign-in is open to anonymous callers', () => {
    expect(apiRoutes.filter((r) => r.permission === 'public').map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/auth/login',
    ]);
  });

  it('without credentials every non-public route answers 401', async () => {
    for (const r of apiRoutes.filter((x) => x.permission !== 'public')) {
      const res = await call(r);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().error.code).toBe('AUTH.UNAUTHENTICATED');
    }
  });

  it('a made-up token is refused the same way', async () => {
    for (const r of apiRoutes.filter((x) => x.permission !== 'public')) {
      const res = await call(r, 'made-up-token-made-up-token-made-up-token-123');
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('a role without the named permission gets 403 AUTH.FORBIDDEN, before any validation', async () => {
    let checked = 0;
    for (const r of apiRoutes) {
      const needed = r.permission;
      if (!needed || !isPermission(needed)) continue;
      for (const role of ROLES.filter((x) => !DEFAULT_ROLE_PERMISSIONS[x].includes(needed))) {
        const res = await call(r, tokenOf[role]);
        expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
        expect(res.json().error).toMatchObject({ code: 'AUTH.FORBIDDEN', details: { permission: needed } });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('a forbidden caller learns nothing from validation: malformed ids and bodies still answer 403', async () => {
    const agent = tokenOf.agent;
    const cases: Array<[Method, string, unknown]> = [
      ['GET', '/api/v1/users/not-a-uuid', undefined],
      ['PATCH', '/api/v1/users/not-a-uuid', { disabled: 'yes' }],
      ['PUT', '/api/v1/roles/no_such_role', { permissions: 'all' }],
      ['POST', '/api/v1/teams', [1, 2, 3]],
      ['GET', '/api/v1/audit?pageSize=100000', undefined],
    ];
    for (const [method, url, body] of cases) {
      const res = await t.request(method, url, { token: agent, body });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('AUTH.FORBIDDEN');
    }
  });

  it('a role holding the permission gets past the guard', async () => {
    for (const r of apiRoutes) {
      const needed = r.permission;
      if (!needed || !isPermission(needed)) continue;
      for (const role of ROLES.filter((x) => DEFAULT_ROLE_PERMISSIONS[x].includes(needed))) {
        const res = await call(r, tokenOf[role]);
        expect([401, 403], `${role} ${r.method} ${r.url}: ${res.body}`).not.toContain(res.statusCode);
      }
    }
  });
});

describe('what each built-in role can reach', () => {
  const reach = async (role: Role, method: Method, url: string) =>
    (await t.request(method, url, { token: tokenOf[role], ...(method === 'GET' ? {} : { body: {} }) })).statusCode;

  it('an agent cannot list users; a team lead can', async () => {
    expect(await reach('agent', 'GET', '/api/v1/users')).toBe(403);
    expect(await reach('team_lead', 'GET', '/api/v1/users')).toBe(200);
  });

  it('an analyst sees teams but not users', async () => {
    expect(await reach('analyst', 'GET', '/api/v1/teams')).toBe(200);
    expect(await reach('analyst', 'GET', '/api/v1/users')).toBe(403);
  });

  it('a supervisor reads the audit log but cannot verify the chain or edit roles', async () => {
    expect(await reach('supervisor', 'GET', '/api/v1/audit')).toBe(200);
    expect(await reach('supervisor', 'GET', '/api/v1/audit/verify')).toBe(403);
    expect(await reach('supervisor', 'GET', '/api/v1/roles')).toBe(403);
  });

  it('only an admin can change a role', async () => {
    for (const role of ROLES) {
      const status = await reach(role, 'PUT', '/api/v1/roles/agent');
      // The admin passes the guard and then fails validation on the empty body.
      expect(status, role).toBe(role === 'admin' ? 400 : 403);
    }
  });

  it('anyone signed in reads their own profile with the permissions of their role', async () => {
    for (const role of ROLES) {
      const me = await t.request('GET', '/api/v1/users/me', { token: tokenOf[role] });
      expect(me.statusCode).toBe(200);
      expect(me.json().permissions).toEqual([...DEFAULT_ROLE_PERMISSIONS[role]].sort());
    }
  });

  it('a user with two roles has the permissions of both', async () => {
    await t.addUser('qa_and_wfm', ['qa', 'wfm']);
    const token = await t.login('qa_and_wfm', 'Passw0rd!');
    const me = await t.request('GET', '/api/v1/users/me', { token });
    expect(me.json().permissions).toEqual(
      [...new Set([...DEFAULT_ROLE_PERMISSIONS.qa, ...DEFAULT_ROLE_PERMISSIONS.wfm])].sort(),
    );
  });
});

describe('editing roles', () => {
  it('lists every role with its current permissions, and every permission name', async () => {
    const admin = await t.adminToken();
    const roles = await t.request('GET', '/api/v1/roles', { token: admin });
    expect(roles.statusCode).toBe(200);
    const byKey = Object.fromEntries(roles.json().map((r: { key: string; permissions: string[] }) => [r.key, r]));
    expect(Object.keys(byKey).sort()).toEqual([...ROLES].sort());
    expect([...byKey.supervisor.permissions].sort()).toEqual([...DEFAULT_ROLE_PERMISSIONS.supervisor].sort());
    const perms = await t.request('GET', '/api/v1/permissions', { token: admin });
    expect(perms.json()).toContain('pii.view');
  });

  it('taking users.view from team leads shuts them out at once, and giving it back lets them in', async () => {
    const admin = await t.adminToken();
    const lead = tokenOf.team_lead;
    expect((await t.request('GET', '/api/v1/users', { token: lead })).statusCode).toBe(200);

    const without = DEFAULT_ROLE_PERMISSIONS.team_lead.filter((p) => p !== 'users.view');
    const put = await t.request('PUT', '/api/v1/roles/team_lead', { token: admin, body: { permissions: without } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ key: 'team_lead', permissions: without });

    // The same signed-in session, no new login: the role cache is dropped on update.
    const denied = await t.request('GET', '/api/v1/users', { token: lead });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('AUTH.FORBIDDEN');
    expect((await t.request('GET', '/api/v1/users/me', { token: lead })).json().permissions).not.toContain(
      'users.view',
    );

    await t.request('PUT', '/api/v1/roles/team_lead', {
      token: admin,
      body: { permissions: DEFAULT_ROLE_PERMISSIONS.team_lead },
    });
    expect((await t.request('GET', '/api/v1/users', { token: lead })).statusCode).toBe(200);
  });

  it('granting a permission to a role opens the page to its users', async () => {
    const admin = await t.adminToken();
    expect((await t.request('GET', '/api/v1/teams', { token: tokenOf.agent })).statusCode).toBe(403);
    await t.request('PUT', '/api/v1/roles/agent', {
      token: admin,
      body: { permissions: ['desktop.use', 'teams.view'] },
    });
    expect((await t.request('GET', '/api/v1/teams', { token: tokenOf.agent })).statusCode).toBe(200);
    await t.request('PUT', '/api/v1/roles/agent', { token: admin, body: { permissions: ['desktop.use'] } });
    expect((await t.request('GET', '/api/v1/teams', { token: tokenOf.agent })).statusCode).toBe(403);
  });

  it('a role change is written to the audit log with before and after', async () => {
    const admin = await t.adminToken();
    await t.request('PUT', '/api/v1/roles/trainer', {
      token: admin,
      body: { permissions: ['training.manage', 'teams.view'] },
    });
    const res = await t.request('GET', '/api/v1/audit?action=auth.role_updated&entityId=trainer', { token: admin });
    const [entry] = res.json().items;
    expect(entry).toMatchObject({
      actorName: 'admin',
      entityType: 'role',
      entityId: 'trainer',
      details: { before: DEFAULT_ROLE_PERMISSIONS.trainer, after: ['training.manage', 'teams.view'] },
    });
  });

  it('the admin role cannot lose the permissions that manage users and roles', async () => {
    const admin = await t.adminToken();
    const res = await t.request('PUT', '/api/v1/roles/admin', {
      token: admin,
      body: { permissions: ['users.view', 'roles.manage', 'audit.view'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'AUTH.ROLE_FLOOR', details: { missing: ['users.manage'] } });
    // Nothing changed: the admin still creates users.
    expect((await t.request('GET', '/api/v1/users/me', { token: admin })).json().permissions).toContain('users.manage');
  });

  it('the admin role can drop other permissions', async () => {
    const admin = await t.adminToken();
    const trimmed = DEFAULT_ROLE_PERMISSIONS.admin.filter((p) => p !== 'wfm.plan');
    const res = await t.request('PUT', '/api/v1/roles/admin', { token: admin, body: { permissions: trimmed } });
    expect(res.statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/users/me', { token: admin })).json().permissions).not.toContain('wfm.plan');
    await t.request('PUT', '/api/v1/roles/admin', {
      token: admin,
      body: { permissions: DEFAULT_ROLE_PERMISSIONS.admin },
    });
  });

  it('an unknown permission or role is refused with the offending field', async () => {
    const admin = await t.adminToken();
    const badPerm = await t.request('PUT', '/api/v1/roles/agent', {
      token: admin,
      body: { permissions: ['desktop.use', 'launch.missiles'] },
    });
    expect(badPerm.statusCode).toBe(400);
    expect(badPerm.json().error.code).toBe('VALIDATION.FAILED');
    expect(badPerm.json().error.details.fields).toEqual([
      expect.objectContaining({ location: 'body', path: 'permissions.1' }),
    ]);

    const badRole = await t.request('PUT', '/api/v1/roles/overlord', { token: admin, body: { permissions: [] } });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.details.fields).toEqual([expect.objectContaining({ location: 'params', path: 'key' })]);
  });
});
