/**
 * How long the demo history takes (`kefu start --demo` generates it; target: under 30 s) and what it
 * makes: a fresh embedded PostgreSQL, the demo seed, then 14 days of traffic up to now through the
 * replay (docs/demo.md). `npm run bench:demo-history` → bench/results/demo-history.json
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDataDir } from '../e2e/kefu-process';
import { buildApp } from '../server/src/app';
import { seedDemo } from '../server/src/demo';
import { systemClock } from '../server/src/platform/clock';
import { openDatabase } from '../server/src/platform/db';
import { startEmbeddedPostgres } from '../server/src/platform/embedded-postgres';
import { uuidv7Generator } from '../server/src/platform/ids';
import { createLogger } from '../server/src/platform/logger';
import { ensureDatabaseExists, runMigrations } from '../server/src/platform/migrate';

async function main() {
  const dataDir = tempDataDir('kefu-bench-history-');
  const log = createLogger('warn');
  const pg = await startEmbeddedPostgres({ dataDir, port: undefined, log });
  await ensureDatabaseExists(pg.url);
  await runMigrations(pg.url);
  const handle = openDatabase(pg.url);
  const kefu = await buildApp({
    db: handle.db,
    pool: handle.pool,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    log,
    sessionSeconds: 3600,
    idleLockSeconds: 900,
    serveWeb: false,
    recordings: { dir: path.join(dataDir, 'recordings'), key: randomBytes(32), keyId: 'bench', retentionDays: 180 },
  });
  try {
    await kefu.app.ready();
    const t0 = performance.now();
    const seeded = await seedDemo(kefu, undefined, { history: true });
    const total = performance.now() - t0;
    const again0 = performance.now();
    const again = await seedDemo(kefu, undefined, { history: true });
    const result = {
      bench: 'demo-history',
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
        node: process.version,
      },
      target: { seconds: 30 },
      seconds: {
        seedWithHistory: Math.round(total / 100) / 10,
        history: Math.round((seeded.history?.ms ?? 0) / 100) / 10,
      },
      met: (seeded.history?.ms ?? 0) < 30_000,
      counts: seeded.history?.counts,
      secondRun: { seconds: Math.round((performance.now() - again0) / 100) / 10, counts: again.history?.counts },
    };
    console.log(JSON.stringify(result, null, 2));
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/demo-history.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await kefu.app.close();
    await handle.close();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
