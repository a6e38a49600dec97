import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';

export type Database = NodePgDatabase<Record<string, never>>;
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Repos accept either; the service decides the transaction. */
export type DbOrTx = Database | Tx;

export type DbHandle = { db: Database; pool: pg.Pool; close(): Promise<void> };

// timestamptz and bigint come back as Date and string by default; counts are small enough for
// numbers, and 64-bit ids stay strings where a table uses them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export function openDatabase(url: string, opts: { max?: number; applicationName?: string } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'kefu',
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle({ client: pool });
  return {
    db,
    pool,
    close: () => pool.end(),
  };
}

/** The SQLSTATE of a PostgreSQL error, whether pg raised it directly or drizzle wrapped it (`cause`). */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** unique_violation: a name or username taken, possibly by a concurrent request. */
export const isUniqueViolation = (err: unknown) => pgErrorCode(err) === '23505';
/** deadlock_detected or serialization_failure: the transaction lost a race and may simply run again. */
export const isRetryable = (err: unknown) => {
  const code = pgErrorCode(err);
  return code === '40P01' || code === '40001';
};

export async function pingDatabase(pool: pg.Pool): Promise<void> {
  await pool.query('select 1');
}
