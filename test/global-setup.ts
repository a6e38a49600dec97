import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../server/src/platform/embedded-postgres';
import { createLogger } from '../server/src/platform/logger';
import { runMigrations } from '../server/src/platform/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
  }
}

type Server = { serverUrl: string; templateDb: string; stop: () => Promise<void> };

/**
 * One PostgreSQL server per test run — the external one in DATABASE_URL, else an embedded one in a
 * temp dir — and one migrated template database; each test file clones it (test/db.ts). The
 * integration and e2e projects both list this setup; vitest calls it once per project in the same
 * main process, so the server is started by the first call and stopped after the last teardown.
 */
export default async function setup(project: TestProject) {
  const shared = globalThis as { kefuTestPg?: { server: Promise<Server>; users: number } };
  shared.kefuTestPg ??= { server: startServer(), users: 0 };
  const state = shared.kefuTestPg;
  state.users++;
  const { serverUrl, templateDb, stop } = await state.server;
  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    if (--state.users > 0) return;
    shared.kefuTestPg = undefined;
    await stop();
  };
}

async function startServer(): Promise<Server> {
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!serverUrl) {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'kefu-test-pg-'));
    await chmod(tmp, 0o755); // as root, PostgreSQL runs as "postgres" and must enter it
    const embedded = await startEmbeddedPostgres({ dataDir: tmp, port: undefined, log: createLogger('silent') });
    serverUrl = embedded.url.replace(/\/kefu$/, '/postgres');
    stopEmbedded = embedded.stop;
  }
  const url = serverUrl;
  const templateDb = `kefu_tpl_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(url, `create database ${templateDb}`);
  await runMigrations(withDatabase(url, templateDb));
  return {
    serverUrl: url,
    templateDb,
    stop: async () => {
      await dropLeftovers(url, templateDb);
      await stopEmbedded?.();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** One statement on a fresh connection (CREATE/DROP DATABASE cannot run in a pooled transaction). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function dropLeftovers(url: string, templateDb: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const prefix = templateDb.replace('kefu_tpl_', 'kefu_t_');
    const r = await c.query<{ datname: string }>(
      `select datname from pg_database where datname = $1 or datname like $2`,
      [templateDb, `${prefix}%`],
    );
    for (const { datname } of r.rows) await c.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await c.end();
  }
}
