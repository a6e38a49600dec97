/**
 * How fast a customer import is (target: 100,000 rows under 60 s; docs/crm.md): a fresh embedded
 * PostgreSQL, then through the HTTP API a 100,000-row CSV of new customers (every column filled, an
 * ID number each, two phones for one row in ten), followed to its end by polling the job; then the
 * same 100,000 numbers again (each row updates a customer). `npm run bench:customers-import`
 * → bench/results/customers-import.json
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { tempDataDir } from '../e2e/kefu-process';
import { buildApp, type Kefu } from '../server/src/app';
import { systemClock } from '../server/src/platform/clock';
import { openDatabase } from '../server/src/platform/db';
import { startEmbeddedPostgres } from '../server/src/platform/embedded-postgres';
import { uuidv7Generator } from '../server/src/platform/ids';
import { createLogger } from '../server/src/platform/logger';
import { ensureDatabaseExists, runMigrations } from '../server/src/platform/migrate';

const ROWS = 100_000;
const UPDATES = 100_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

function csv(rows: number, tag: string): string {
  const lines = ['name,phones,emails,accountNumbers,idNumber,tags,tier,consentSms,note'];
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(8, '0');
    const phones = i % 10 === 0 ? `139${n};010-6${String(i % 10_000_000).padStart(7, '0')}` : `139${n}`;
    lines.push(
      `客户${i},${phones},c${i}@example.cn,AC${n},1101011990${n},${tag};VIP,${i % 5 === 0 ? 'vip' : 'standard'},true,导入 ${tag}`,
    );
  }
  return lines.join('\n');
}

async function timedImport(kefu: Kefu, token: string, body: string) {
  const t0 = performance.now();
  const res = await kefu.app.inject({
    method: 'POST',
    url: '/api/v1/customers/import',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    payload: body,
  });
  if (res.statusCode !== 202) throw new Error(`import refused: ${res.statusCode} ${res.body.slice(0, 500)}`);
  const accepted = performance.now() - t0;
  const progress: Array<{ ms: number; processed: number }> = [];
  for (;;) {
    const job = (
      await kefu.app.inject({
        method: 'GET',
        url: `/api/v1/customers/imports/${res.json().id}`,
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
    progress.push({ ms: Math.round(performance.now() - t0), processed: job.processed });
    if (job.state === 'done' || job.state === 'failed') {
      return {
        seconds: round1((performance.now() - t0) / 1000),
        parsedAndValidatedSeconds: round1(accepted / 1000),
        job: { state: job.state, rows: job.rows, created: job.created, updated: job.updated, skipped: job.skipped },
        progressSamples: progress.filter((_, i) => i % 10 === 0),
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const dataDir = tempDataDir('kefu-bench-crm-');
  const log = createLogger('warn');
  const pg = await startEmbeddedPostgres({ dataDir, port: undefined, log });
  await ensureDatabaseExists(pg.url);
  await runMigrations(pg.url);
  const handle = openDatabase(pg.url);
  const clock = systemClock;
  const kefu = await buildApp({
    db: handle.db,
    pool: handle.pool,
    clock,
    ids: uuidv7Generator(clock),
    log,
    sessionSeconds: 3600,
    idleLockSeconds: 900,
    serveWeb: false,
    dataKey: randomBytes(32),
  });
  try {
    await kefu.services.users.bootstrapAdmin('Bench-pass-1');
    await kefu.app.ready();
    const login = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'Bench-pass-1' },
    });
    const token = login.json().token as string;
    const file = csv(ROWS, 'bench');
    const fresh = await timedImport(kefu, token, file);
    console.log(`100,000 new: ${fresh.seconds} s`, fresh.job);
    const updates = await timedImport(kefu, token, csv(UPDATES, 'again'));
    console.log(`100,000 updates: ${updates.seconds} s`, updates.job);
    const { rows } = await handle.pool.query('select count(*)::int as n from crm_customers');
    const result = {
      bench: 'customers-import',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map(round1), node: process.version },
      target: { rows: ROWS, seconds: 60 },
      fileBytes: Buffer.byteLength(file),
      fresh,
      updates,
      customersAfter: rows[0].n,
      met: fresh.job.state === 'done' && fresh.job.created === ROWS && fresh.seconds < 60,
    };
    console.log(JSON.stringify({ ...result, fresh: { ...fresh, progressSamples: undefined } }, null, 2));
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/customers-import.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await kefu.app.close();
    await handle.close();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
