import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../../test/run-process';
import { startEmbeddedPostgres } from '../embedded-postgres';
import { createLogger } from '../logger';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kefu-embedded-'));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url.replace(/\/kefu$/, '/postgres') });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('the embedded PostgreSQL', () => {
  it('initialises once, keeps its data, port and password across restarts, and stops with its owner', {
    timeout: 120_000,
  }, async () => {
    const log = createLogger('silent');
    const first = await startEmbeddedPostgres({ dataDir, port: undefined, log });
    await query(first.url, 'create table kept (v text); insert into kept values ($$醒目$$)');
    const version = await query(first.url, 'show server_version');
    expect(version[0].server_version).toMatch(/^15\./); // Debian 12's pg_dump must be able to back it up
    await first.stop();

    const port = readFileSync(path.join(dataDir, 'pg-port'), 'utf8').trim();
    const second = await startEmbeddedPostgres({ dataDir, port: undefined, log });
    expect(second.url).toBe(first.url);
    expect(second.url).toContain(`:${port}/`);
    expect(await query(second.url, 'select v from kept')).toEqual([{ v: '醒目' }]);
    await second.stop();
    await expect(query(second.url, 'select 1')).rejects.toThrow();
  });

  it('leaves the process exit code alone (no library exit hook turning failures into success)', async () => {
    const r = await runProcess(
      process.execPath,
      ['--import', 'tsx', '-e', "await import('./server/src/platform/embedded-postgres.ts'); process.exitCode = 3;"],
      { cwd: path.resolve(import.meta.dirname, '../../../..') },
    );
    expect(r.status).toBe(3);
  });
});
