import { createHash, randomBytes } from 'node:crypto';
import {
  ADMIN_FLOOR,
  DEFAULT_ROLE_PERMISSIONS,
  isPermission,
  PERMISSIONS,
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
  escalation,
  invalidCredentials,
  roleFloor,
  sessionExpired,
  sessionLocked,
  unauthenticated,
  wrongPassword,
} from './auth.errors';
import type { AuthRepo, RoleRow, UserRow } from './auth.repo';
import { changedPermissions, missingGrants } from './domain/grants';
import { afterFailure, attemptsExhausted, DEFAULT_LOCKOUT, type LockoutPolicy } from './domain/lockout';
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

  type PasswordCheck = { ok: true } | { ok: false; lockedUntil: Date | null };

  /**
   * The one place a password is checked against lockout (sign-in, unlock, password change). The
   * attempt is counted atomically *before* the slow scrypt check, so a burst of parallel guesses
   * cannot all be tried while the account is still open, and a right password that arrives after
   * the account locked is refused too.
   */
  async function checkPassword(user: UserRow, password: string, actor: Actor, reason: string): Promise<PasswordCheck> {
    const who = { ...actor, userId: user.id, name: user.username };
    const attempt = await repo.reserveAttempt(db, user.id, clock.now());
    if (attempt === undefined) return { ok: false, lockedUntil: await currentLock(user.id) };
    if (attemptsExhausted(attempt, lockout)) {
      await burnPasswordCheck(password); // same time as a real check: locked or not is not told by timing
      return { ok: false, lockedUntil: await lockAccount(user, who, attempt) };
    }
    if (await verifyPassword(password, user.passwordHash)) {
      if (await repo.clearAttempts(db, user.id, clock.now())) return { ok: true };
      return { ok: false, lockedUntil: await currentLock(user.id) }; // locked by a parallel guess meanwhile
    }
    const next = afterFailure(attempt, clock.now(), lockout);
    await bus.transaction((tx) =>
      audit.append(tx, who, {
        action: 'auth.session.refused',
        entityType: 'user',
        entityId: user.id,
        details: { reason, failures: attempt },
      }),
    );
    return { ok: false, lockedUntil: next.lockedUntil ? await lockAccount(user, who, attempt) : null };
  }

  async function currentLock(userId: string): Promise<Date> {
    const u = await repo.findUserById(db, userId);
    return u?.lockedUntil ?? new Date(clock.now().getTime() + lockout.lockMinutes * 60_000);
  }

  async function lockAccount(user: UserRow, who: Actor, attempts: number): Promise<Date> {
    const until = new Date(clock.now().getTime() + lockout.lockMinutes * 60_000);
    await bus.transaction(async (tx) => {
      await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: until });
      await audit.append(tx, who, {
        action: 'auth.user.locked_out',
        entityType: 'user',
        entityId: user.id,
        details: { until: until.toISOString(), attempts },
      });
    });
    return until;
  }

  /** A wrong password on a signed-in session (unlock, password change) that locked the account ends it. */
  async function endLockedSession(p: Principal, lockedUntil: Date): Promise<never> {
    await bus.transaction(async (tx) => {
      await repo.revokeSession(tx, p.sessionId, clock.now());
      await bus.stage(tx, 'auth.session.ended', { sessionId: p.sessionId, userId: p.userId, reason: 'logout' });
    });
    throw accountLocked(lockedUntil);
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
          audit.append(tx, actor, { action: 'auth.session.refused', details: { username, reason: 'unknown_user' } }),
        );
        throw invalidCredentials();
      }
      const check = await checkPassword(user, password, actor, 'wrong_password');
      if (!check.ok) throw check.lockedUntil ? accountLocked(check.lockedUntil) : invalidCredentials();
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
        const u = await repo.updateUser(tx, user.id, { lastLoginAt: now });
        await audit.append(
          tx,
          { ...actor, userId: user.id, name: user.username },
          {
            action: 'auth.session.started',
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
        await audit.append(tx, actor, { action: 'auth.session.ended', entityType: 'user', entityId: p.userId });
        await bus.stage(tx, 'auth.session.ended', { sessionId: p.sessionId, userId: p.userId, reason: 'logout' });
      });
    },

    /** "Lock screen now" (离开座位): the session locks at once, on every device that uses it. */
    async lock(p: Principal, actor: Actor) {
      const past = new Date(clock.now().getTime() - (deps.idleLockSeconds + 1) * 1000);
      await bus.transaction(async (tx) => {
        await repo.touchSession(tx, p.sessionId, past);
        await audit.append(tx, actor, { action: 'auth.session.locked', entityType: 'user', entityId: p.userId });
        // Open sockets of this session stop receiving at once (customer data on screen included).
        await bus.stage(tx, 'auth.session.ended', { sessionId: p.sessionId, userId: p.userId, reason: 'locked' });
      });
    },

    /** Idle lock: the password reopens the same session. Wrong passwords count toward lockout. */
    async unlock(p: Principal, password: string, actor: Actor) {
      const user = await repo.findUserById(db, p.userId);
      if (!user) throw unauthenticated();
      const check = await checkPassword(user, password, actor, 'wrong_unlock_password');
      if (!check.ok) {
        if (check.lockedUntil) await endLockedSession(p, check.lockedUntil);
        throw wrongPassword();
      }
      await bus.transaction(async (tx) => {
        await repo.touchSession(tx, p.sessionId, clock.now());
        await audit.append(tx, actor, { action: 'auth.session.unlocked', entityType: 'user', entityId: user.id });
      });
      return principalOf(user, { id: p.sessionId, expiresAt: p.sessionExpiresAt });
    },

    /**
     * Own password: needs the current one — counted toward lockout like a sign-in, so a session left
     * open cannot be used to guess it; other sessions of the user end.
     */
    async changePassword(p: Principal, currentPassword: string, newPassword: string, actor: Actor) {
      const user = await repo.findUserById(db, p.userId);
      if (!user) throw unauthenticated();
      const check = await checkPassword(user, currentPassword, actor, 'wrong_current_password');
      if (!check.ok) {
        if (check.lockedUntil) await endLockedSession(p, check.lockedUntil);
        throw wrongPassword();
      }
      const hash = await hashPassword(newPassword);
      await bus.transaction(async (tx) => {
        const now = clock.now();
        await repo.updateUser(tx, user.id, { passwordHash: hash, passwordChangedAt: now, updatedAt: now });
        for (const sessionId of await repo.revokeUserSessions(tx, user.id, now, p.sessionId)) {
          await bus.stage(tx, 'auth.session.ended', { sessionId, userId: user.id, reason: 'logout' });
        }
        await audit.append(tx, actor, { action: 'auth.user.password_changed', entityType: 'user', entityId: user.id });
      });
    },

    async listRoles(): Promise<RoleRow[]> {
      return repo.listRoles(db);
    },

    /** What a set of roles grants (cached briefly, see createRoleCache). */
    permissionsOf(roles: string[]): Promise<Set<Permission>> {
      return roleCache.permissionsOf(roles);
    },

    async updateRole(key: Role, permissions: Permission[], actor: Actor): Promise<RoleRow> {
      const unique = [...new Set(permissions)];
      if (actor.permissions) {
        const current = (await repo.listRoles(db)).find((r) => r.key === key)?.permissions.filter(isPermission) ?? [];
        const missing = missingGrants(changedPermissions(current, unique), actor.permissions);
        if (missing.length) throw escalation(missing);
      }
      if (key === 'admin') {
        const missing = ADMIN_FLOOR.filter((p) => !unique.includes(p));
        if (missing.length) throw roleFloor(missing);
      }
      const row = await bus.transaction(async (tx) => {
        const before = (await repo.listRoles(tx)).find((r) => r.key === key);
        const r = await repo.updateRole(tx, key, unique, clock.now());
        await audit.append(tx, actor, {
          action: 'auth.role.updated',
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

    /**
     * Built-in roles with their default permissions on a fresh database; after an upgrade, permissions
     * new in this release go to their default roles once. Administrators' edits are kept.
     */
    async ensureRoles(): Promise<void> {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const known = await repo.knownPermissions(tx);
        await repo.insertMissingRoles(
          tx,
          ROLES.map((key) => ({ key, permissions: [...DEFAULT_ROLE_PERMISSIONS[key]], updatedAt: now })),
        );
        const fresh = PERMISSIONS.filter((p) => !known.has(p));
        if (known.size > 0) {
          for (const role of ROLES) {
            const grant = fresh.filter((p) => DEFAULT_ROLE_PERMISSIONS[role].includes(p));
            if (grant.length) await repo.addRolePermissions(tx, role, grant, now);
          }
        }
        await repo.recordPermissions(tx, fresh, now);
      });
      roleCache.invalidate();
    },

    async purgeOldSessions(): Promise<void> {
      await repo.deleteOldSessions(db, new Date(clock.now().getTime() - 30 * 86_400_000));
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
