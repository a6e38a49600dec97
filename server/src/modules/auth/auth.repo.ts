import {
  and,
  arrayContains,
  asc,
  count,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { permissionCatalog, roles, sessions, users } from './auth.schema';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type SessionRow = typeof sessions.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;

export function createAuthRepo() {
  return {
    async insertUser(db: DbOrTx, row: NewUserRow): Promise<UserRow> {
      const [r] = await db.insert(users).values(row).returning();
      return r!;
    },
    async findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
      const [r] = await db.select().from(users).where(eq(users.id, id));
      return r;
    },
    async findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
      const [r] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
      return r;
    },
    async updateUser(db: DbOrTx, id: string, patch: Partial<NewUserRow>): Promise<UserRow | undefined> {
      const [r] = await db.update(users).set(patch).where(eq(users.id, id)).returning();
      return r;
    },
    /**
     * Counts a password attempt before it is checked; atomic, so parallel attempts each get their own
     * number. `undefined` while the account is locked.
     */
    async reserveAttempt(db: DbOrTx, id: string, now: Date): Promise<number | undefined> {
      const [r] = await db
        .update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1` })
        .where(and(eq(users.id, id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
        .returning({ n: users.failedLogins });
      return r?.n;
    },
    /** After a right password: the count starts over, unless the account locked in the meantime. */
    async clearAttempts(db: DbOrTx, id: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(users)
        .set({ failedLogins: 0, lockedUntil: null })
        .where(and(eq(users.id, id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
        .returning({ id: users.id });
      return rows.length > 0;
    },
    async listUsers(
      db: DbOrTx,
      q: { q?: string; teamId?: string; role?: string; page: number; pageSize: number },
    ): Promise<{ rows: UserRow[]; total: number }> {
      const where: SQL[] = [];
      if (q.q) {
        const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        where.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
      }
      if (q.teamId) where.push(eq(users.teamId, q.teamId));
      if (q.role) where.push(arrayContains(users.roles, [q.role]));
      const cond = where.length ? and(...where) : undefined;
      const [rows, totals] = await Promise.all([
        db
          .select()
          .from(users)
          .where(cond)
          .orderBy(asc(users.username))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(users).where(cond),
      ]);
      return { rows, total: totals[0]?.n ?? 0 };
    },
    async countUsersByTeam(db: DbOrTx, teamIds: string[]): Promise<Map<string, number>> {
      if (teamIds.length === 0) return new Map();
      const rows = await db
        .select({ teamId: users.teamId, n: count() })
        .from(users)
        .where(and(inArray(users.teamId, teamIds), eq(users.disabled, false)))
        .groupBy(users.teamId);
      return new Map(rows.map((r) => [r.teamId!, r.n]));
    },
    async profiles(db: DbOrTx, ids?: string[]) {
      if (ids && ids.length === 0) return [];
      return db
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          teamId: users.teamId,
          disabled: users.disabled,
          createdAt: users.createdAt,
        })
        .from(users)
        .where(ids ? inArray(users.id, ids) : undefined)
        .orderBy(users.username);
    },
    async displayNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    async anyUserWithRole(db: DbOrTx, role: string): Promise<boolean> {
      const [r] = await db
        .select({ n: count() })
        .from(users)
        .where(arrayContains(users.roles, [role]));
      return (r?.n ?? 0) > 0;
    },

    async insertSession(db: DbOrTx, row: typeof sessions.$inferInsert): Promise<void> {
      await db.insert(sessions).values(row);
    },
    async findSessionByTokenHash(
      db: DbOrTx,
      tokenHash: string,
    ): Promise<{ session: SessionRow; user: UserRow } | undefined> {
      const [r] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash));
      return r;
    },
    async touchSession(db: DbOrTx, id: string, at: Date): Promise<void> {
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
    },
    async revokeSession(db: DbOrTx, id: string, at: Date): Promise<void> {
      await db
        .update(sessions)
        .set({ revokedAt: at })
        .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
    },
    /** Ends every open session of a user (disabled, password reset); returns the ended ids. */
    async revokeUserSessions(db: DbOrTx, userId: string, at: Date, exceptId?: string): Promise<string[]> {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: at })
        .where(
          and(
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined,
          ),
        )
        .returning({ id: sessions.id });
      return rows.map((r) => r.id);
    },
    async deleteOldSessions(db: DbOrTx, before: Date): Promise<void> {
      await db
        .delete(sessions)
        .where(
          or(
            sql`${sessions.expiresAt} < ${before}`,
            and(isNotNull(sessions.revokedAt), sql`${sessions.revokedAt} < ${before}`),
          ),
        );
    },

    async listRoles(db: DbOrTx): Promise<RoleRow[]> {
      return db.select().from(roles).orderBy(asc(roles.key));
    },
    async insertMissingRoles(db: DbOrTx, rows: RoleRow[]): Promise<void> {
      if (rows.length) await db.insert(roles).values(rows).onConflictDoNothing();
    },
    async knownPermissions(db: DbOrTx): Promise<Set<string>> {
      return new Set((await db.select({ name: permissionCatalog.name }).from(permissionCatalog)).map((r) => r.name));
    },
    async recordPermissions(db: DbOrTx, names: string[], at: Date): Promise<void> {
      if (names.length) {
        await db
          .insert(permissionCatalog)
          .values(names.map((name) => ({ name, addedAt: at })))
          .onConflictDoNothing();
      }
    },
    /** Adds permissions to a role, keeping what it has (idempotent, safe for nodes starting together). */
    async addRolePermissions(db: DbOrTx, key: string, names: string[], at: Date): Promise<void> {
      await db
        .update(roles)
        .set({
          permissions: sql`array(select distinct unnest(${roles.permissions} || ${sql.param(names)}::text[]) order by 1)`,
          updatedAt: at,
        })
        .where(eq(roles.key, key));
    },
    async updateRole(db: DbOrTx, key: string, permissions: string[], at: Date): Promise<RoleRow | undefined> {
      const [r] = await db.update(roles).set({ permissions, updatedAt: at }).where(eq(roles.key, key)).returning();
      return r;
    },
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
