import type { Actor } from '../../platform/audit';
import { isUuid } from '../../platform/entity-names';
import { type KefuModule, latePort, type Platform } from '../../platform/module';
import { createAuthRepo } from './auth.repo';
import { registerAuthRoutes } from './auth.routes';
import { type AuthService, createAuthService } from './auth.service';
import { registerUserRoutes } from './users.routes';
import { createUsersService, type TeamDirectory, type UsersService } from './users.service';

export type AuthSettings = {
  sessionSeconds: number;
  idleLockSeconds: number;
  secureCookies?: boolean;
  loginRateLimit?: { max: number; timeWindow: number };
};

export type AuthServices = {
  auth: AuthService;
  users: UsersService;
  /** Bound by the teams module: users checks a team exists through it (auth must not import teams). */
  teamDirectory: { bind(impl: TeamDirectory): void };
};

/** Sign-in, sessions, roles and users: the first module, every other one stands on its principals. */
export function createAuthModule(p: Platform<AuthSettings>, _services: object): KefuModule<AuthServices> {
  const { db, bus, audit, clock, ids, settings } = p;
  const repo = createAuthRepo();
  const teams = latePort<TeamDirectory>('auth.teamDirectory');
  const auth = createAuthService({
    db,
    repo,
    bus,
    audit,
    clock,
    ids,
    sessionSeconds: settings.sessionSeconds,
    idleLockSeconds: settings.idleLockSeconds,
  });
  const users = createUsersService({
    db,
    repo,
    bus,
    audit,
    clock,
    ids,
    permissionsOf: (roles) => auth.permissionsOf(roles),
    teams: teams.port,
  });
  let janitor: NodeJS.Timeout | undefined;
  return {
    name: 'auth',
    services: { auth, users, teamDirectory: { bind: teams.bind } },
    routes(app) {
      registerAuthRoutes(app, {
        auth,
        users,
        idleLockSeconds: settings.idleLockSeconds,
        secureCookies: settings.secureCookies ?? false,
        loginRateLimit: settings.loginRateLimit ?? { max: 30, timeWindow: 60_000 },
      });
      registerUserRoutes(app, { auth, users });
    },
    entityNames: {
      async user(ids) {
        const found = await users.profiles(db, ids.filter(isUuid));
        return new Map(found.map((u) => [u.id, `${u.displayName} (${u.username})`]));
      },
    },
    audiences: {
      'auth.user.created': { permissions: ['users.view'] },
      'auth.user.updated': { permissions: ['users.view'], users: (e) => [e.userId] },
      'auth.role.updated': { permissions: ['roles.manage'], roles: (e) => [e.role] },
    },
    init: () => auth.ensureRoles(),
    start() {
      janitor = setInterval(() => void auth.purgeOldSessions().catch(() => {}), 3_600_000);
      janitor.unref();
    },
    stop() {
      clearInterval(janitor);
    },
  };
}

/** Adds a demo user unless one with that username exists; returns its id and whether it was new. */
export async function ensureDemoUser(
  users: UsersService,
  body: Parameters<UsersService['create']>[0],
  actor: Actor,
): Promise<{ id: string; created: boolean }> {
  const found = await users.list({ q: body.username, page: 1, pageSize: 50 });
  const hit = found.rows.find((u) => u.username === body.username);
  if (hit) return { id: hit.id, created: false };
  return { id: (await users.create(body, actor)).id, created: true };
}
