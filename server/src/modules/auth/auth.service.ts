import { createHash, randomBytes } from 'node:crypto';
import {
  ADMIN_FLOOR,
  DEFAULT_ROLE_PERMISSIONS,
  isPermission,
  type Permission,
  ROLES,
  type Role,
} from '../../../../contracts/permissions';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Authenticator, Principal } from '../../platform/guard';
import type { IdGenerator } from '../../platform/ids';
import {
  accountDisabled,
  accountLocked,
  invalidCredentials,
  roleFloor,
  sessionExpired,
  sessionLocked,
  unauthenticated,
  wrongPassword,
} from './auth.errors';
import type { AuthRepo, RoleRow, UserRow } from './auth.repo';
import { afterFailure, DEFAULT_LOCKOUT, isLocked, type LockoutPolicy } from './domain/lockout';
import { burnPasswordCheck, hashPassword, verifyPassword } from './domain/password';
import { needsTouch, sessionStatus } from './domain/session-policy';

export type AuthDeps = {
  db: Database;
  repo: AuthRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  sessionSeconds: number;
  idleLockSeconds: number;
  lockout?: LockoutPolicy;
};

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Role → permissions, cached briefly: read on every request, changed rarely (and by any node). */
function createRoleCache(deps: AuthDeps) {
  let cache: { at: number; map: Map<string, Permission[]> } | undefined;
  return {
    async permissionsOf(roles: string[]): Promise<Set<Permission>> {
      if (!cache || Date.now() - cache.at > 5_000) {
        const rows = await deps.repo.listRoles(deps.db);
        cache = { at: Date.now(), map: new Map(rows.map((r) => [r.key, r.permissions.filter(isPermission)])) };
      }
      const out = new Set<Permission>();
      for (const role of roles) for (const p of cache.map.get(role) ?? []) out.add(p);
      return out;
    },
    invalidate() {
      cache = undefined;
    },
  };
}

export function createAuthService(deps: AuthDeps) {
  const { db, repo, bus, audit, clock } = deps;
  const lockout = deps.lockout ?? DEFAULT_LOCKOUT;
  const roleCache = createRoleCache(deps);

  async function principalOf(user: UserRow, session: { id: string; expiresAt: Date }): Promise<Principal> {
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      teamId: user.teamId,
      permissions: await roleCache.permissionsOf(user.roles),
      sessionId: session.id,
      sessionExpiresAt: session.expiresAt,
    };
  }

  /** Counts a wrong password; locks the account at the limit. Returns the lock end when it locked. */
  async function recordFailure(user: UserRow, actor: Actor, reason: string): Promise<Date | null> {
    return bus.transaction(async (tx) => {
      const n = await repo.countFailedLogin(tx, user.id);
      const next = afterFailure(n, clock.now(), lockout);
      await audit.append(
        tx,
        { ...actor, userId: user.id, name: user.username },
        {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          details: { reason, failures: n },
        },
      );
      if (next.lockedUntil) {
        await repo.updateUser(tx, user.id, next);
        await audit.append(
          tx,
          { ...actor, userId: user.id, name: user.username },
          {
            action: 'auth.account_locked',
            entityType: 'user',
            entityId: user.id,
            details: { until: next.lockedUntil.toISOString() },
          },
        );
      }
      return next.lockedUntil;
    });
  }

  const authenticator: Authenticator = {
    async authenticate(token, opts) {
      const found = await repo.findSessionByTokenHash(db, hashToken(token));
      if (!found) throw unauthenticated();
      const { session, user } = found;
      const now = clock.now();
      if (user.disabled) throw accountDisabled();
      const status = sessionStatus(session, now, deps.idleLockSeconds);
      if (status === 'revoked') throw unauthenticated();
      if (status === 'expired') throw sessionExpired();
      if (status === 'locked' && !opts.allowLocked) throw sessionLocked();
      if (status === 'active' && opts.touch !== false && needsTouch(session.lastSeenAt, now)) {
        await repo.touchSession(db, session.id, now);
      }
      return principalOf(user, session);
    },
  };

  return {
    authenticator,

    async login(username: string, password: string, actor: Actor, userAgent: string | null) {
      const user = await repo.findUserByUsername(db, username);
      if (!user) {
        await burnPasswordCheck(password);
        await bus.transaction((tx) =>
          audit.append(tx, actor, { action: 'auth.login_failed', details: { username, reason: 'unknown_user' } }),
        );
        throw invalidCredentials();
      }
      if (isLocked(user, clock.now())) throw accountLocked(user.lockedUntil!);
      if (!(await verifyPassword(password, user.passwordHash))) {
        const lockedUntil = await recordFailure(user, actor, 'wrong_password');
        throw lockedUntil ? accountLocked(lockedUntil) : invalidCredentials();
      }
      if (user.disabled) throw accountDisabled();

      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + deps.sessionSeconds * 1000);
      const sessionId = deps.ids.next();
      const updated = await bus.transaction(async (tx) => {
        await repo.insertSession(tx, {
          id: sessionId,
          tokenHash: hashToken(token),
          userId: user.id,
          createdAt: now,
          expiresAt,
          lastSeenAt: now,
          ip: actor.ip,
          userAgent: userAgent?.slice(0, 300) ?? null,
        });
        const u = await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
        await audit.append(
          tx,
          { ...actor, userId: user.id, name: user.username },
          {
            action: 'auth.login',
            entityType: 'user',
            entityId: user.id,
            details: { sessionId },
          },
        );
        return u!;
      });
      return { token, expiresAt, user: updated, principal: await principalOf(updated, { id: sessionId, expiresAt }) };
    },

    async logout(p: Principal, actor: Actor) {
      await bus.transaction(async (tx) => {
        await repo.revokeSession(tx, p.sessionId, clock.now());
        await audit.append(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: p.userId });
        await bus.stage(tx, 'auth.session.ended', { sessionId: p.sessionId, userId: p.userId, reason: 'logout' });
      });
    },

    /** "Lock screen now" (离开座位): the session locks at once, on every device that uses it. */
    async lock(p: Principal, actor: Actor) {
      const past = new Date(clock.now().getTime() - (deps.idleLockSeconds + 1) * 1000);
      await bus.transaction(async (tx) => {
        await repo.touchSession(tx, p.sessionId, past);
        await audit.append(tx, actor, { action: 'auth.lock', entityType: 'user', entityId: p.userId });
      });
    },

    /** Idle lock: the password reopens the same session. Wrong passwords count toward lockout. */
    async unlock(p: Principal, password: string, actor: Actor) {
      const user = await repo.findUserById(db, p.userId);
      if (!user) throw unauthenticated();
      if (!(await verifyPassword(password, user.passwordHash))) {
        const lockedUntil = await recordFailure(user, actor, 'wrong_unlock_password');
        if (lockedUntil) {
          await bus.transaction(async (tx) => {
            await repo.revokeSession(tx, p.sessionId, clock.now());
            await bus.stage(tx, 'auth.session.ended', { sessionId: p.sessionId, userId: p.userId, reason: 'logout' });
          });
          throw accountLocked(lockedUntil);
        }
        throw wrongPassword();
      }
      await bus.transaction(async (tx) => {
        await repo.touchSession(tx, p.sessionId, clock.now());
        await repo.updateUser(tx, user.id, { failedLogins: 0 });
        await audit.append(tx, actor, { action: 'auth.unlock', entityType: 'user', entityId: user.id });
      });
      return principalOf(user, { id: p.sessionId, expiresAt: p.sessionExpiresAt });
    },

    /** Own password: needs the current one; other sessions of the user end. */
    async changePassword(p: Principal, currentPassword: string, newPassword: string, actor: Actor) {
      const user = await repo.findUserById(db, p.userId);
      if (!user) throw unauthenticated();
      if (!(await verifyPassword(currentPassword, user.passwordHash))) throw wrongPassword();
      const hash = await hashPassword(newPassword);
      await bus.transaction(async (tx) => {
        const now = clock.now();
        await repo.updateUser(tx, user.id, { passwordHash: hash, passwordChangedAt: now, updatedAt: now });
        for (const sessionId of await repo.revokeUserSessions(tx, user.id, now, p.sessionId)) {
          await bus.stage(tx, 'auth.session.ended', { sessionId, userId: user.id, reason: 'logout' });
        }
        await audit.append(tx, actor, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
      });
    },

    async listRoles(): Promise<RoleRow[]> {
      return repo.listRoles(db);
    },

    async updateRole(key: Role, permissions: Permission[], actor: Actor): Promise<RoleRow> {
      const unique = [...new Set(permissions)];
      if (key === 'admin') {
        const missing = ADMIN_FLOOR.filter((p) => !unique.includes(p));
        if (missing.length) throw roleFloor(missing);
      }
      const row = await bus.transaction(async (tx) => {
        const before = (await repo.listRoles(tx)).find((r) => r.key === key);
        const r = await repo.updateRole(tx, key, unique, clock.now());
        await audit.append(tx, actor, {
          action: 'auth.role_updated',
          entityType: 'role',
          entityId: key,
          details: { before: before?.permissions ?? [], after: unique },
        });
        await bus.stage(tx, 'auth.role.updated', { role: key, permissions: unique });
        return r!;
      });
      roleCache.invalidate();
      return row;
    },

    /** Built-in roles with their default permissions, for a fresh database; edits are kept. */
    async ensureRoles(): Promise<void> {
      const now = clock.now();
      await repo.insertMissingRoles(
        db,
        ROLES.map((key) => ({ key, permissions: [...DEFAULT_ROLE_PERMISSIONS[key]], updatedAt: now })),
      );
      roleCache.invalidate();
    },

    async purgeOldSessions(): Promise<void> {
      await repo.deleteOldSessions(db, new Date(clock.now().getTime() - 30 * 86_400_000));
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
