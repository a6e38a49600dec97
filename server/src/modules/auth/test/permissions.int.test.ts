import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ROLE_PERMISSIONS,
  isPermission,
  type Permission,
  ROLES,
  type Role,
} from '../../../../../contracts/permissions';
import { createTestApp, type TestApp } from '../../../../../test/app';
import {
  type Authenticator,
  type Principal,
  permissionsOf,
  type RouteInfo,
  type RoutePermission,
  registerGuard,
} from '../../../platform/guard';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The permission each route of the modules below must declare, written down by hand: the guard only
 * enforces what a route declares, so a route declaring the wrong permission (teams.view on a
 * mutation, a copied config, 'authenticated' where a named permission was meant) passes every check
 * that reads the declaration back. This table is the second opinion. A module listed here (by the
 * first path segment after /api/v1/) must list every one of its routes, so a new route of an existing
 * module is reviewed here; a new module's routes are held to the rules and the role walk below only.
 */
const EXPECTED: Record<string, RoutePermission> = {
  'POST /api/v1/auth/login': 'public',
  'GET /api/v1/auth/session': 'public',
  'POST /api/v1/auth/logout': 'session',
  'POST /api/v1/auth/lock': 'session',
  'POST /api/v1/auth/unlock': 'session',
  'POST /api/v1/auth/password': 'authenticated',
  'GET /api/v1/users/me': 'authenticated',
  'GET /api/v1/users': 'users.view',
  'GET /api/v1/users/:id': 'users.view',
  'POST /api/v1/users': 'users.manage',
  'PATCH /api/v1/users/:id': 'users.manage',
  'POST /api/v1/users/:id/password': 'users.manage',
  'GET /api/v1/roles': 'roles.manage',
  'PUT /api/v1/roles/:key': 'roles.manage',
  'GET /api/v1/permissions': 'roles.manage',
  'GET /api/v1/teams': 'teams.view',
  'GET /api/v1/teams/:id': 'teams.view',
  'POST /api/v1/teams': 'teams.manage',
  'PATCH /api/v1/teams/:id': 'teams.manage',
  'GET /api/v1/audit': 'audit.view',
  'GET /api/v1/audit/verify': 'audit.verify',
  'GET /api/v1/realtime': 'authenticated',
  // routing
  'GET /api/v1/skills': 'authenticated',
  'POST /api/v1/skills': 'routing.manage',
  'PATCH /api/v1/skills/:id': 'routing.manage',
  'GET /api/v1/queues': 'authenticated',
  'GET /api/v1/queues/:id': 'authenticated',
  'POST /api/v1/queues': 'routing.manage',
  'PATCH /api/v1/queues/:id': 'routing.manage',
  'GET /api/v1/queues/:id/stats': 'supervisor.monitor',
  'GET /api/v1/reason-codes': 'authenticated',
  'POST /api/v1/reason-codes': 'routing.manage',
  'PATCH /api/v1/reason-codes/:id': 'routing.manage',
  'GET /api/v1/agents/me': 'desktop.use',
  'GET /api/v1/agents/me/contacts': 'desktop.use',
  'PUT /api/v1/agents/me/state': 'desktop.use',
  'PUT /api/v1/agents/:id/state': 'supervisor.control',
  'GET /api/v1/agents/routing': 'routing.manage',
  'GET /api/v1/agents/:id/routing': 'routing.manage',
  'PUT /api/v1/agents/:id/routing': 'routing.manage',
  'GET /api/v1/wallboard': 'supervisor.monitor',
  'GET /api/v1/contacts': 'supervisor.monitor',
  'POST /api/v1/contacts': 'contacts.create',
  'POST /api/v1/contacts/import': 'reports.import',
  'GET /api/v1/contacts/:id': 'authenticated',
  'PATCH /api/v1/contacts/:id': 'supervisor.control',
  'GET /api/v1/contacts/:id/routing-log': 'supervisor.monitor',
  'POST /api/v1/contacts/:id/accept': 'desktop.use',
  'POST /api/v1/contacts/:id/reject': 'desktop.use',
  'POST /api/v1/contacts/:id/complete': 'desktop.use',
  'POST /api/v1/contacts/:id/wrap-up': 'desktop.use',
  'POST /api/v1/contacts/:id/wrap-up/extend': 'desktop.use',
  'POST /api/v1/contacts/:id/transfer': 'desktop.use',
  'POST /api/v1/contacts/:id/abandon': 'contacts.create',
  // telephony, voice, ivr
  'GET /api/v1/telephony/phones': 'telephony.manage',
  'POST /api/v1/telephony/phones': 'telephony.manage',
  'PATCH /api/v1/telephony/phones/:id': 'telephony.manage',
  'GET /api/v1/telephony/my-phone': 'desktop.use',
  'GET /api/v1/telephony/numbers': ['telephony.manage', 'numbers.spike'],
  'POST /api/v1/telephony/numbers': 'telephony.manage',
  'PATCH /api/v1/telephony/numbers/:id': 'telephony.manage',
  'DELETE /api/v1/telephony/numbers/:id': 'telephony.manage',
  'PUT /api/v1/telephony/numbers/:id/spike': 'numbers.spike',
  'GET /api/v1/telephony/trunks': 'telephony.manage',
  'POST /api/v1/telephony/trunks': 'telephony.manage',
  'PATCH /api/v1/telephony/trunks/:id': 'telephony.manage',
  'GET /api/v1/telephony/prompts': ['telephony.manage', 'numbers.spike'],
  'GET /api/v1/telephony/prompts/:language/:key': ['telephony.manage', 'numbers.spike'],
  'POST /api/v1/telephony/prompts/:language/:key': 'telephony.manage',
  'DELETE /api/v1/telephony/prompts/:language/:key': 'telephony.manage',
  'GET /api/v1/calls': 'calls.view',
  'GET /api/v1/calls/:id': 'calls.view',
  'GET /api/v1/recordings/:id': 'recordings.listen',
  'GET /api/v1/voice/calls': 'supervisor.monitor',
  'GET /api/v1/voice/overload': 'supervisor.monitor',
  'POST /api/v1/voice/dial': 'desktop.use',
  'GET /api/v1/voice/contacts/:id': 'desktop.use',
  'POST /api/v1/voice/contacts/:id/hold': 'desktop.use',
  'POST /api/v1/voice/contacts/:id/conference': 'desktop.use',
  'POST /api/v1/voice/contacts/:id/monitor': 'supervisor.monitor',
  'GET /api/v1/ivr/flows': 'ivr.manage',
  'POST /api/v1/ivr/flows': 'ivr.manage',
  'POST /api/v1/ivr/validate': 'ivr.manage',
  'GET /api/v1/ivr/flows/:id': 'ivr.manage',
  'PUT /api/v1/ivr/flows/:id': 'ivr.manage',
  'POST /api/v1/ivr/flows/:id/publish': 'ivr.manage',
  'GET /api/v1/ivr/flows/:id/versions/:version': 'ivr.manage',
  // system
  'GET /api/v1/system/overview': 'system.view',
  // surveys: answers for supervisors and leads, templates for admins, links sent by admins or agents;
  // the customer's survey page is public (its token is the credential).
  'GET /api/v1/surveys/answers': 'surveys.view',
  'GET /api/v1/surveys/templates': ['surveys.view', 'surveys.manage'],
  'GET /api/v1/surveys/templates/:id': ['surveys.view', 'surveys.manage'],
  'POST /api/v1/surveys/templates': 'surveys.manage',
  'PATCH /api/v1/surveys/templates/:id': 'surveys.manage',
  'GET /api/v1/surveys/queues': ['surveys.view', 'surveys.manage'],
  'PUT /api/v1/surveys/queues/:id': 'surveys.manage',
  'POST /api/v1/surveys/invitations': ['surveys.manage', 'desktop.use'],
  'GET /api/v1/public/surveys/:token': 'public',
  'POST /api/v1/public/surveys/:token': 'public',
};

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const segmentOf = (key: string) => key.split(' ')[1]?.split('/')[3];

describe('the guard refuses a route that declares no permission (a bare Fastify app with the real guard)', () => {
  const nobody: Authenticator = {
    authenticate: () => Promise.reject(Object.assign(new Error('unknown token'), { code: 'AUTH.UNAUTHENTICATED' })),
  };

  // Fails if registerGuard stops checking config.permission at registration (or checks it only for
  // some methods): the route would then register and answer without any guard.
  it('an /api/v1 route without config.permission cannot be registered, and the error names it', async () => {
    const app = Fastify();
    registerGuard(app, nobody);
    expect(() => app.post('/api/v1/things/:id', async () => ({ ok: true }))).toThrow(
      'route POST /api/v1/things/:id declares no permission (config.permission)',
    );
    await app.close();
  });

  // The same app with a permission on the route registers: the refusal above is about the missing
  // declaration, not about the app. Fails if the guard refuses routes that declare one.
  it('the same route with a permission registers, and routes outside /api/v1 need none', async () => {
    const app = Fastify();
    const routes = registerGuard(app, nobody);
    await app.register(async (scope) => {
      scope.post('/api/v1/things/:id', { config: { permission: 'teams.manage' } }, async () => ({ ok: true }));
      scope.get('/healthz', async () => 'ok');
    });
    await app.ready();
    expect(routes).toContainEqual({ method: 'POST', url: '/api/v1/things/:id', permission: 'teams.manage' });
    await app.close();
  });

  // Fails if the onRequest hook lets a request through without a token, with a token lacking the
  // permission, or refuses one holding it.
  it('a declared permission is enforced per request: no token, a principal without it, one with it', async () => {
    const principal = (permissions: Permission[]): Principal => ({
      userId: randomUUID(),
      username: 'u',
      displayName: 'U',
      roles: [],
      teamId: null,
      permissions: new Set(permissions),
      sessionId: randomUUID(),
      sessionExpiresAt: new Date(Date.now() + 60_000),
    });
    const byToken: Record<string, Principal> = { viewer: principal(['teams.view']), other: principal(['users.view']) };
    const app = Fastify();
    registerGuard(app, {
      authenticate: async (token) => byToken[token] ?? Promise.reject(new Error('unknown token')),
    });
    app.setErrorHandler((e: Error & { code?: string }, _req, reply) => reply.code(400).send({ code: e.code }));
    app.get('/api/v1/things', { config: { permission: 'teams.view' } }, async () => ({ ok: true }));
    const get = (token?: string) =>
      app.inject({ url: '/api/v1/things', headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get()).json()).toEqual({ code: 'AUTH.UNAUTHENTICATED' });
    expect((await get('other')).json()).toEqual({ code: 'AUTH.FORBIDDEN' });
    expect((await get('viewer')).json()).toEqual({ ok: true });
    await app.close();
  });
});

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

/** Routes that would sign the role's user out or lock it for the rest of the walk (tested in auth). */
const ENDS_SESSION = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/lock']);

/** The permission a route must have: the hand-written table's, else what it declares (new modules). */
const expectedOf = (r: RouteInfo) => EXPECTED[keyOf(r)] ?? r.permission;

describe('every API route asks for the right permission', () => {
  // Fails when a route is registered where the walk (the guard's onRoute list) cannot see it, e.g.
  // in a Fastify scope created before the guard: such a route would also escape the guard.
  it('the walk sees every documented route of the app', () => {
    const walked = new Set(apiRoutes.map(keyOf));
    const paths = (t.kefu.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const documented = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThan(10);
    for (const d of documented) expect(walked, d).toContain(d);
  });

  // Fails when a route declares a permission other than the table's (or a route of a listed module is
  // missing from the table, or a listed route no longer exists): a permission change is a reviewed one.
  it('each route of the listed modules declares the permission the table gives it', () => {
    const declared = Object.fromEntries(apiRoutes.map((r) => [keyOf(r), String(r.permission)]));
    const listedModules = new Set(Object.keys(EXPECTED).map(segmentOf));
    const mismatches = [
      ...Object.entries(EXPECTED)
        .filter(([k, p]) => declared[k] !== String(p))
        .map(([k, p]) => `${k}: declares ${declared[k] ?? '(no such route)'}, table says ${p}`),
      ...apiRoutes
        .filter((r) => listedModules.has(segmentOf(keyOf(r))) && !(keyOf(r) in EXPECTED))
        .map((r) => `${keyOf(r)}: declares ${r.permission}, missing from the table`),
    ];
    expect(mismatches).toEqual([]);
  });

  // Fails when a route names a permission that is no permission (a cast string): no role could ever
  // hold it, so the route would be closed to everyone, admins included.
  it('every named permission exists', () => {
    for (const r of apiRoutes) {
      const p = r.permission ?? '(none)';
      if (p === 'public' || p === 'authenticated' || p === 'session') continue;
      for (const one of typeof p === 'string' ? [p] : p) expect(isPermission(one), keyOf(r)).toBe(true);
    }
  });

  // Fails when a route of any module, also a new one, is opened to anonymous callers. The session
  // probe tells anonymous callers only that they are anonymous (session-probe.int.test.ts); a survey
  // link's routes answer only to its one-time token (surveys.int.test.ts).
  it('only sign-in, the session probe, survey links and the web chat widget are open to anonymous callers', () => {
    expect(
      apiRoutes
        .filter((r) => r.permission === 'public')
        .map(keyOf)
        .sort(),
    ).toEqual(
      [
        'POST /api/v1/auth/login',
        'GET /api/v1/auth/session',
        'GET /api/v1/public/surveys/:token',
        'POST /api/v1/public/surveys/:token',
        // The widget's visitors: each call but the first two (the session, leaving a message) carries
        // the visitor's signed token (conversations/webchat.service.ts); all check the channel's
        // allowed origins.
        'POST /api/v1/chat/widgets/:key/session',
        'POST /api/v1/chat/widgets/:key/leave-message',
        // The loader on a company's page: the widget's colour and title, refused to pages not allowed.
        'GET /api/v1/chat/widgets/:key/appearance',
        'POST /api/v1/chat/messages',
        'GET /api/v1/chat/messages',
        'POST /api/v1/chat/receipts',
        'POST /api/v1/chat/end',
        'POST /api/v1/chat/csat',
        'POST /api/v1/chat/transcript',
        'POST /api/v1/chat/files',
        'GET /api/v1/chat/files/:id',
        'GET /api/v1/chat/socket',
        // Providers' webhooks: each request signed with the channel's secret (docs/channels.md).
        'POST /api/v1/channels/sms/:key/webhook',
        'GET /api/v1/channels/wechat/:key',
        'POST /api/v1/channels/wechat/:key',
      ].sort(),
    );
  });

  // Fails when a change (POST/PUT/PATCH/DELETE) is guarded by a read-only permission, the usual result
  // of copying a GET route's config: every viewer could then change things.
  it('no change is guarded by a read-only permission', () => {
    const readOnly = (p: RoutePermission | undefined) =>
      permissionsOf(p).some((one) => one.endsWith('.view') || one === 'recordings.listen');
    expect(apiRoutes.filter((r) => r.method !== 'GET' && readOnly(r.permission)).map(keyOf)).toEqual([]);
  });

  // Fails when the guard does not enforce a route: answers are compared with what the table (or the
  // declaration) and DEFAULT_ROLE_PERMISSIONS say each role may do.
  it('without credentials every non-public route answers 401', async () => {
    for (const r of apiRoutes.filter((x) => expectedOf(x) !== 'public')) {
      const res = await call(r);
      expect(res.statusCode, keyOf(r)).toBe(401);
      expect(res.json().error.code).toBe('AUTH.UNAUTHENTICATED');
    }
  });

  it('a made-up token is refused the same way', async () => {
    for (const r of apiRoutes.filter((x) => expectedOf(x) !== 'public')) {
      const res = await call(r, 'made-up-token-made-up-token-made-up-token-123');
      expect(res.statusCode, keyOf(r)).toBe(401);
    }
  });

  it('per built-in role, a route answers 403 AUTH.FORBIDDEN exactly when the role lacks its permission', async () => {
    let denied = 0;
    let allowed = 0;
    for (const r of apiRoutes) {
      const needed = expectedOf(r);
      if (!needed || needed === 'public' || ENDS_SESSION.has(keyOf(r))) continue;
      for (const role of ROLES) {
        const res = await call(r, tokenOf[role]);
        const named = permissionsOf(needed);
        if (named.length > 0 && !named.some((p) => DEFAULT_ROLE_PERMISSIONS[role].includes(p))) {
          expect(res.statusCode, `${role} ${keyOf(r)}`).toBe(403);
          expect(res.json().error).toMatchObject({
            code: 'AUTH.FORBIDDEN',
            details: { permission: named.join(' | ') },
          });
          denied++;
        } else {
          expect([401, 403], `${role} ${keyOf(r)}: ${res.body}`).not.toContain(res.statusCode);
          allowed++;
        }
      }
    }
    expect(denied).toBeGreaterThan(20);
    expect(allowed).toBeGreaterThan(20);
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
    const res = await t.request('GET', '/api/v1/audit?action=auth.role.updated&entityId=trainer', { token: admin });
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
