import { randomBytes } from 'node:crypto';
import type { CreateUserBody, ListUsersQuery, UpdateUserBody, User } from '../../../../contracts/auth';
import type { Permission } from '../../../../contracts/permissions';
import type { Actor, AuditLog } from '../../platform/audit';
import { systemActor } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, type DbOrTx, isUniqueViolation } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { PII_MASKED, type PiiViewer, piiPolicy } from '../../platform/pii';
import {
  cannotDisableSelf,
  escalation,
  ownPasswordNeedsChange,
  teamNotFound,
  userNotFound,
  usernameTaken,
} from './auth.errors';
import type { AuthRepo, UserRow } from './auth.repo';
import { missingGrants } from './domain/grants';
import { hashPassword } from './domain/password';

/** Port: the teams module answers whether a team exists (auth must not import teams). */
export interface TeamDirectory {
  teamExists(db: DbOrTx, teamId: string): Promise<boolean>;
}

export type UsersDeps = {
  /** What a set of roles grants: the auth service's role table. */
  permissionsOf: (roles: string[]) => Promise<ReadonlySet<Permission>>;
  db: Database;
  repo: AuthRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  teams: TeamDirectory;
};

/** The API shape of a user; personal data as the PII policy lets `viewer` see it. */
export function toUserDto(r: UserRow, viewer: PiiViewer): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    roles: r.roles as User['roles'],
    teamId: r.teamId,
    phone: piiPolicy(viewer).value('phone', r.phone),
    disabled: r.disabled,
    lockedUntil: r.lockedUntil && r.lockedUntil > new Date() ? r.lockedUntil.toISOString() : null,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export function createUsersService(deps: UsersDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;

  /** Nobody grants through roles what they do not hold themselves. */
  async function assertMayGrant(actor: Actor, roles: string[]) {
    if (!actor.permissions) return;
    const missing = missingGrants(await deps.permissionsOf(roles), actor.permissions);
    if (missing.length) throw escalation(missing);
  }

  /** Nobody edits, resets or disables a user more powerful than themselves. */
  async function assertMayManage(actor: Actor, target: UserRow) {
    await assertMayGrant(actor, target.roles);
  }

  async function assertTeam(tx: DbOrTx, teamId: string | null | undefined) {
    if (teamId && !(await deps.teams.teamExists(tx, teamId))) throw teamNotFound(teamId);
  }

  return {
    async create(body: CreateUserBody, actor: Actor): Promise<UserRow> {
      await assertMayGrant(actor, body.roles);
      const passwordHash = await hashPassword(body.password);
      const now = clock.now();
      try {
        return await bus.transaction(async (tx) => {
          await assertTeam(tx, body.teamId);
          const row = await repo.insertUser(tx, {
            id: ids.next(),
            username: body.username,
            displayName: body.displayName,
            passwordHash,
            roles: [...new Set(body.roles)],
            teamId: body.teamId ?? null,
            phone: body.phone ?? null,
            passwordChangedAt: now,
            createdAt: now,
            updatedAt: now,
          });
          await audit.append(tx, actor, {
            action: 'auth.user.created',
            entityType: 'user',
            entityId: row.id,
            details: { username: row.username, roles: row.roles, teamId: row.teamId },
          });
          await bus.stage(tx, 'auth.user.created', { userId: row.id, username: row.username, teamId: row.teamId });
          return row;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw usernameTaken(body.username);
        throw err;
      }
    },

    async update(id: string, body: UpdateUserBody, actor: Actor): Promise<UserRow> {
      if (id === actor.userId && (body.disabled === true || (body.roles && !body.roles.includes('admin')))) {
        // Only guards admins against locking themselves out; others cannot edit users at all.
        const self = await repo.findUserById(db, id);
        if (self?.roles.includes('admin')) throw cannotDisableSelf();
      }
      return bus.transaction(async (tx) => {
        const before = await repo.findUserById(tx, id);
        if (!before) throw userNotFound(id);
        await assertMayManage(actor, before);
        if (body.roles) await assertMayGrant(actor, body.roles);
        await assertTeam(tx, body.teamId);
        const now = clock.now();
        const patch = { ...body, ...(body.roles ? { roles: [...new Set(body.roles)] } : {}), updatedAt: now };
        const row = (await repo.updateUser(tx, id, patch))!;
        const fields = Object.keys(body);
        await audit.append(tx, actor, {
          action: 'auth.user.updated',
          entityType: 'user',
          entityId: id,
          details: {
            fields,
            before: pick(before, fields),
            after: pick(row, fields),
          },
        });
        if (body.disabled === true) {
          for (const sessionId of await repo.revokeUserSessions(tx, id, now)) {
            await bus.stage(tx, 'auth.session.ended', { sessionId, userId: id, reason: 'disabled' });
          }
        }
        await bus.stage(tx, 'auth.user.updated', { userId: id, fields, teamId: row.teamId });
        return row;
      });
    },

    /** An administrator sets a new password: the user's sessions end and any lockout is lifted. */
    async resetPassword(id: string, newPassword: string, actor: Actor): Promise<void> {
      // A reset ends every session of the user: on oneself that is a sign-out, and it skips the
      // current-password check a change makes. Own passwords go through POST /auth/password.
      if (id === actor.userId) throw ownPasswordNeedsChange();
      const target = await repo.findUserById(db, id);
      if (!target) throw userNotFound(id);
      await assertMayManage(actor, target);
      const hash = await hashPassword(newPassword);
      await bus.transaction(async (tx) => {
        const now = clock.now();
        const row = await repo.updateUser(tx, id, {
          passwordHash: hash,
          passwordChangedAt: now,
          failedLogins: 0,
          lockedUntil: null,
          updatedAt: now,
        });
        if (!row) throw userNotFound(id);
        for (const sessionId of await repo.revokeUserSessions(tx, id, now)) {
          await bus.stage(tx, 'auth.session.ended', { sessionId, userId: id, reason: 'logout' });
        }
        await audit.append(tx, actor, { action: 'auth.user.password_reset', entityType: 'user', entityId: id });
      });
    },

    async get(id: string): Promise<UserRow> {
      const row = await repo.findUserById(db, id);
      if (!row) throw userNotFound(id);
      return row;
    },

    list(q: ListUsersQuery) {
      return repo.listUsers(db, q);
    },

    async exists(tx: DbOrTx, id: string): Promise<boolean> {
      return !!(await repo.findUserById(tx, id));
    },

    /**
     * What a user may do now through their roles; undefined when the user is missing or disabled.
     * For work done later in a user's name (a scheduled report), which must stop when they lose access.
     */
    async activePermissions(tx: DbOrTx, id: string): Promise<ReadonlySet<Permission> | undefined> {
      const row = await repo.findUserById(tx, id);
      if (!row || row.disabled) return undefined;
      return deps.permissionsOf(row.roles);
    },

    /** Who each user is, for modules that show people (the ACD's wallboard); all users without `ids`. */
    profiles(tx: DbOrTx, ids?: string[]) {
      return repo.profiles(tx, ids);
    },

    displayNames(tx: DbOrTx, ids: string[]) {
      return repo.displayNames(tx, ids);
    },

    countByTeam(tx: DbOrTx, teamIds: string[]) {
      return repo.countUsersByTeam(tx, teamIds);
    },

    /**
     * Records that unmasked personal data left the system (PIPL: access to it is logged), when the
     * PII policy showed `rows` to `actor` in clear: routes call it with every reply that carries users.
     */
    async auditPiiAccess(rows: UserRow[], actor: Actor): Promise<void> {
      const record = piiPolicy(actor).viewed({
        entityType: 'user',
        entityIds: rows.filter((r) => r.phone).map((r) => r.id),
        fields: ['phone'],
      });
      if (record) await bus.transaction((tx) => audit.append(tx, actor, record));
    },

    /**
     * While no administrator exists (a fresh database, even if `kefu user add` made other users
     * first): creates `admin` with KEFU_ADMIN_PASSWORD or a generated password, which is returned
     * once for printing and never logged.
     */
    async bootstrapAdmin(
      password: string | undefined,
    ): Promise<{ username: string; password: string; generated: boolean } | null> {
      if (await repo.anyUserWithRole(db, 'admin')) return null;
      if (await repo.findUserByUsername(db, 'admin')) return null; // a non-admin "admin": the operator decides
      const pw = password ?? generatePassword();
      await this.create({ username: 'admin', password: pw, displayName: '系统管理员', roles: ['admin'] }, systemActor);
      return { username: 'admin', password: pw, generated: !password };
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;

function generatePassword(): string {
  // Letters and digits only (easy to copy from a terminal), always with both kinds.
  const raw = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${raw}7K`;
}

/** The changed fields of a user for its audit entry: personal data always masked (readers vary). */
function pick(row: UserRow, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = (row as Record<string, unknown>)[f];
  return PII_MASKED.record(out, { phone: 'phone' });
}
