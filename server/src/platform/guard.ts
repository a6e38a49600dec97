import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../../contracts/permissions';
import type { Actor } from './audit';
import { forbidden, unauthenticated } from './errors';

export type Principal = {
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
  teamId: string | null;
  permissions: ReadonlySet<Permission>;
  sessionId: string;
  sessionExpiresAt: Date;
};

/**
 * What a route needs: a named permission, or any one of several (a read that two roles' screens
 * share, e.g. the numbers list for telephony.manage and numbers.spike); `authenticated` (any
 * signed-in user); `session` (a signed-in user whose session may be idle-locked: unlock and logout);
 * `public`.
 */
export type RoutePermission =
  | Permission
  | readonly [Permission, ...Permission[]]
  | 'authenticated'
  | 'session'
  | 'public';

/** The named permissions of a route (one or several, any of which opens it); empty for the others. */
export function permissionsOf(needed: RoutePermission | undefined): readonly Permission[] {
  if (needed === undefined || needed === 'authenticated' || needed === 'session' || needed === 'public') return [];
  return typeof needed === 'string' ? [needed] : needed;
}

/** Port implemented by the auth module: turns a token into a principal or throws an AppError. */
export interface Authenticator {
  authenticate(token: string, opts: { allowLocked: boolean; touch?: boolean }): Promise<Principal>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'kefu_session';

export function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  return req.cookies?.[SESSION_COOKIE] || undefined;
}

export function hasPermission(p: Principal | null, permission: Permission): boolean {
  return !!p?.permissions.has(permission);
}

/**
 * Checks the permission each route declares before its handler runs. A route without a declaration
 * is refused at registration time, and a test walks every route to prove each is enforced.
 */
export type RouteInfo = { method: string; url: string; permission: RoutePermission | undefined };

export function registerGuard(app: FastifyInstance, authenticator: Authenticator): RouteInfo[] {
  const routes: RouteInfo[] = [];
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (url.startsWith('/api/v1') && !route.config?.permission) {
      throw new Error(`route ${route.method} ${url} declares no permission (config.permission)`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url, permission: route.config?.permission });
    }
  });
  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const needed = req.routeOptions.config?.permission;
    if (!needed || needed === 'public') return;
    const token = tokenOf(req);
    if (!token) throw unauthenticated();
    req.principal = await authenticator.authenticate(token, { allowLocked: needed === 'session' });
    const named = permissionsOf(needed);
    if (named.length > 0 && !named.some((p) => req.principal!.permissions.has(p))) {
      throw forbidden(named.join(' | '));
    }
  });
  return routes;
}

/** The principal of a route that declared a permission (the guard has run). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthenticated();
  return req.principal;
}

export function actorOf(req: FastifyRequest): Actor {
  return {
    userId: req.principal?.userId ?? null,
    name: req.principal?.username ?? null,
    ip: req.ip ?? null,
    requestId: String(req.id),
    ...(req.principal ? { permissions: req.principal.permissions } : {}),
  };
}
