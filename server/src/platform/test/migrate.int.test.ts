import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTestApp } from '../../../../test/app';
import { createEmptyDatabase, type TestDatabase } from '../../../../test/db';
import { withDatabase } from '../../../../test/global-setup';
import { ensureDatabaseExists, runMigrations } from '../migrate';
import { migrationsFolder } from '../paths';

const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};
const MIGRATIONS = journal.entries.length;

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  cleanup.push(db.drop);
  return db;
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

const publicTables = async (url: string) =>
  (
    await query<{ table_name: string }>(
      url,
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    )
  ).map((r) => r.table_name);

const appliedMigrations = (url: string) =>
  query<{ hash: string; n: number }>(
    url,
    'select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash order by min(id)',
  );

describe('runMigrations', () => {
  it('creates the schema on an empty database and reports every migration applied', async () => {
    const db = await emptyDatabase();
    expect(await publicTables(db.url)).toEqual([]);

    const { applied } = await runMigrations(db.url);

    expect(applied).toBe(MIGRATIONS);
    expect(applied).toBeGreaterThan(0);
    expect(await publicTables(db.url)).toEqual(
      expect.arrayContaining(['audit_log', 'outbox', 'roles', 'sessions', 'teams', 'users']),
    );
    const triggers = await query<{ tgname: string }>(
      db.url,
      `select tgname from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal order by tgname`,
    );
    expect(triggers.map((t) => t.tgname)).toEqual(['audit_log_no_truncate', 'audit_log_no_update']);
  });

  it('applies nothing on an up-to-date database and keeps its data', async () => {
    const t = await createTestApp();
    cleanup.push(() => t.close());
    const id = await t.addUser('kept.user', ['agent']);

    expect(await runMigrations(t.db.url)).toEqual({ applied: 0 });
    expect(await runMigrations(t.db.url)).toEqual({ applied: 0 });

    const rows = await query<{ username: string }>(t.db.url, 'select username from users where id = $1', [id]);
    expect(rows).toEqual([{ username: 'kept.user' }]);
    expect(await t.login('kept.user', 'Passw0rd!')).toBeTruthy();
  });

  it('lets two nodes migrate the same empty database at once: one applies, the other finds nothing to do', async () => {
    const db = await emptyDatabase();

    const results = await Promise.all([runMigrations(db.url), runMigrations(db.url)]);

    expect(results.map((r) => r.applied).sort()).toEqual([0, MIGRATIONS]);
    const applied = await appliedMigrations(db.url);
    expect(applied).toHaveLength(MIGRATIONS);
    expect(applied.every((m) => m.n === 1)).toBe(true);
  });
});

describe('ensureDatabaseExists', () => {
  const prefix = inject('templateDb').replace('kefu_tpl_', 'kefu_t_');

  it('creates the database named in the URL when it is missing, even a name that needs quoting', async () => {
    const name = `${prefix}_New-Db_${randomBytes(3).toString('hex')}`;
    const url = withDatabase(inject('pgServerUrl'), name);
    cleanup.push(async () => {
      await query(inject('pgServerUrl'), `drop database if exists "${name}" with (force)`);
    });

    expect(await ensureDatabaseExists(url)).toBe(true);

    const found = await query(inject('pgServerUrl'), 'select 1 from pg_database where datname = $1', [name]);
    expect(found).toHaveLength(1);
    expect((await runMigrations(url)).applied).toBe(MIGRATIONS);
  });

  it('leaves an existing database and its contents alone', async () => {
    const db = await emptyDatabase();
    await query(db.url, 'create table precious (v text)');
    await query(db.url, `insert into precious values ('still here')`);

    expect(await ensureDatabaseExists(db.url)).toBe(false);

    expect(await query(db.url, 'select v from precious')).toEqual([{ v: 'still here' }]);
  });
});
