import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { migrationsFolder } from './paths';

/** Arbitrary constant shared by every Kefu node: only one of them migrates at a time. */
const MIGRATION_LOCK = 7_314_200_001;

/**
 * Applies the committed SQL migrations under a session-level advisory lock, so two nodes starting
 * together never race; the second waits, then finds nothing left to do.
 */
export async function runMigrations(url: string): Promise<{ applied: number }> {
  const client = new pg.Client({ connectionString: url, application_name: 'kefu-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const before = await countApplied(client);
    await migrate(drizzle({ client }), { migrationsFolder: migrationsFolder() });
    const after = await countApplied(client);
    return { applied: after - before };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

async function countApplied(client: pg.Client): Promise<number> {
  const r = await client.query<{ n: string | number }>(
    `select count(*) as n from information_schema.tables where table_schema = 'drizzle' and table_name = '__drizzle_migrations'`,
  );
  if (Number(r.rows[0]?.n ?? 0) === 0) return 0;
  const m = await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  return m.rows[0]?.n ?? 0;
}

/** Creates the database named in `url` when it does not exist yet (first start against a server). */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return false;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch {
    return false; // no rights on the maintenance database: assume the operator created ours
  }
  try {
    const r = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (r.rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '42P04') return false; // created concurrently
    throw err;
  } finally {
    await client.end();
  }
}
