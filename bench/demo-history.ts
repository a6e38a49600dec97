/**
 * How long the demo history takes (`kefu start --demo` generates it; target: under 30 s) and what it
 * makes: a fresh embedded PostgreSQL, the demo seed, then 14 days of traffic up to now through the
 * replay (docs/demo.md), three times; the median run is the result, each run's time and the load
 * average around it are kept. `npm run bench:demo-history` → bench/results/demo-history.json
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
import type { DemoHistory } from '../server/src/platform/module';

/** Runs (fresh databases) whose median is the result: the machine is shared, one run can be unlucky. */
const RUNS = 3;

type Run = {
  seconds: { seedWithHistory: number; history: number };
  /** 1-minute load average before and after the run. */
  load: { before: number; after: number };
  counts: DemoHistory['counts'] | undefined;
  secondRun: { seconds: number; counts: DemoHistory['counts'] | undefined };
};

const round1 = (x: number) => Math.round(x * 10) / 10;

/** One run: a fresh embedded PostgreSQL, the demo seed with 14 days of history, then the seed again. */
async function once(): Promise<Run> {
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
    const before = os.loadavg()[0]!;
    const t0 = performance.now();
    const seeded = await seedDemo(kefu, undefined, { history: true });
    const total = performance.now() - t0;
    const after = os.loadavg()[0]!;
    const again0 = performance.now();
    const again = await seedDemo(kefu, undefined, { history: true });
    return {
      seconds: { seedWithHistory: round1(total / 1000), history: round1((seeded.history?.ms ?? 0) / 1000) },
      load: { before: round1(before), after: round1(after) },
      counts: seeded.history?.counts,
      secondRun: { seconds: round1((performance.now() - again0) / 1000), counts: again.history?.counts },
    };
  } finally {
    await kefu.app.close();
    await handle.close();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await once());
    console.log(
      `run ${i + 1}/${RUNS}: ${JSON.stringify(runs.at(-1)!.seconds)} load ${JSON.stringify(runs.at(-1)!.load)}`,
    );
  }
  const median = [...runs].sort((a, b) => a.seconds.history - b.seconds.history)[Math.floor(RUNS / 2)]!;
  const result = {
    bench: 'demo-history',
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map(round1),
      node: process.version,
    },
    target: { seconds: 30 },
    median: { seconds: median.seconds },
    met: median.seconds.history < 30,
    counts: median.counts,
    runs,
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/demo-history.json', `${JSON.stringify(result, null, 2)}\n`);
}

void main();
