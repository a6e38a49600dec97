import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gt, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { AuditEntry, AuditPage, AuditQuery, AuditVerifyReply } from '../../../contracts/audit';
import { type AuditAction, type AuditEntityType, auditActionNames } from '../../../contracts/audit-actions';
import type { Permission } from '../../../contracts/permissions';
import type { Clock } from './clock';
import type { Database, DbOrTx, Tx } from './db';
import { auditLog } from './platform.schema';

/** Who did it and from where: taken from the request by the routes, passed down to services. */
export type Actor = {
  userId: string | null;
  name: string | null;
  ip: string | null;
  requestId: string | null;
  /**
   * What the acting user may do, for least-privilege checks (nobody grants what they do not hold).
   * Absent for the system itself: the CLI, demo seeding, the first-admin bootstrap.
   */
  permissions?: ReadonlySet<Permission>;
};
export const systemActor: Actor = { userId: null, name: 'system', ip: null, requestId: null };

export type { AuditAction, AuditEntityType };

export type AuditRecord = {
  /** `module.entity.verb`, past tense: `teams.team.created`. */
  action: AuditAction;
  entityType?: AuditEntityType;
  entityId?: string;
  details?: Record<string, unknown>;
};

type Word<S extends string> = S extends '' ? never : S extends Lowercase<S> ? NoDot<S> : never;
type NoDot<S extends string> = S extends `${string}.${string}` ? never : S;
/**
 * `A` itself when it is exactly three non-empty lowercase parts, else never. `AuditAction` alone
 * lets `a.b.c.d` through (a part may hold a dot): `append` checks the literal with this.
 */
export type ThreePartAction<A extends string> = A extends `${infer M}.${infer E}.${infer V}`
  ? `${Word<M>}.${Word<E>}.${Word<V>}`
  : never;

export type AuditLog = {
  /** Appends inside the caller's transaction, so the entry commits (or not) with the change. */
  append<const R extends AuditRecord>(
    tx: Tx,
    actor: Actor,
    record: R & { action: ThreePartAction<R['action']> },
  ): Promise<void>;
  /** A page of entries; the audit module adds the objects' names (`entityName`). */
  list(db: DbOrTx, query: AuditQuery): Promise<Omit<AuditPage, 'items'> & { items: Omit<AuditEntry, 'entityName'>[] }>;
  verify(db: Database): Promise<AuditVerifyReply>;
};

const GENESIS = '0'.repeat(64);
/** Serialises appends: the chain needs each entry to know its predecessor's hash. */
const AUDIT_LOCK = 7_314_200_002;

export function createAuditLog(deps: { clock: Clock }): AuditLog {
  return {
    async append(tx, actor, record) {
      await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
      const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
      const prevHash = last?.hash ?? GENESIS;
      const row = {
        at: deps.clock.now(),
        actorId: actor.userId,
        actorName: actor.name,
        action: record.action,
        entityType: record.entityType ?? null,
        entityId: record.entityId ?? null,
        ip: actor.ip,
        requestId: actor.requestId,
        details: record.details ?? {},
        prevHash,
      };
      await tx.insert(auditLog).values({ ...row, hash: entryHash(row) });
    },

    async list(db, q) {
      const where: SQL[] = [];
      // An action is found under its old name too (rows written before the rename keep it).
      if (q.action) where.push(inArray(auditLog.action, auditActionNames(q.action)));
      if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
      if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
      if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
      if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
      if (q.to) where.push(lte(auditLog.at, new Date(q.to)));
      const cond = where.length ? and(...where) : undefined;
      const [rows, totals] = await Promise.all([
        db
          .select()
          .from(auditLog)
          .where(cond)
          .orderBy(desc(auditLog.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(auditLog).where(cond),
      ]);
      return { items: rows.map(toEntry), total: totals[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
    },

    async verify(db) {
      let prev = GENESIS;
      let lastId = 0;
      let checked = 0;
      for (;;) {
        const rows = await db
          .select()
          .from(auditLog)
          .where(gt(auditLog.id, lastId))
          .orderBy(asc(auditLog.id))
          .limit(2000);
        if (rows.length === 0) return { ok: true, checked, firstBrokenId: null, reason: null };
        for (const r of rows) {
          if (r.prevHash !== prev) {
            return {
              ok: false,
              checked,
              firstBrokenId: r.id,
              reason: 'previous hash does not match: a row was removed or reordered',
            };
          }
          if (entryHash(r) !== r.hash) {
            return {
              ok: false,
              checked,
              firstBrokenId: r.id,
              reason: 'content does not match its hash: the row was modified',
            };
          }
          prev = r.hash;
          lastId = r.id;
          checked++;
        }
      }
    },
  };
}

type Hashable = {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
};

export function entryHash(r: Hashable): string {
  const body = canonicalJson([
    r.prevHash,
    r.at.toISOString(),
    r.actorId,
    r.actorName,
    r.action,
    r.entityType,
    r.entityId,
    r.ip,
    r.requestId,
    r.details,
  ]);
  return createHash('sha256').update(body).digest('hex');
}

/** JSON with sorted object keys: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString()); // as jsonb stores it
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

function toEntry(r: typeof auditLog.$inferSelect): Omit<AuditEntry, 'entityName'> {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    ip: r.ip,
    requestId: r.requestId,
    details: r.details,
    hash: r.hash,
  };
}
