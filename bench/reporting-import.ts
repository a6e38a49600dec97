/**
 * How fast contact history imports (target: 1,000,000 rows under 2 minutes; issue 14): a fresh
 * embedded PostgreSQL, a seeded 1,000,000-row CSV of a year of a 300-agent center over 20 queues
 * (85 % answered, a survey answer on one answered contact in five, 200,000 customers, a third known
 * only by phone), imported through the reporting service as `kefu contacts import` does.
 * `npm run bench:reporting-import` → bench/results/reporting-import.json
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KpiQuery } from '../contracts/reports';
import { tempDataDir } from '../e2e/kefu-process';
import { buildApp } from '../server/src/app';
import { systemClock } from '../server/src/platform/clock';
import { openDatabase } from '../server/src/platform/db';
import { startEmbeddedPostgres } from '../server/src/platform/embedded-postgres';
import { uuidv7Generator } from '../server/src/platform/ids';
import { createLogger } from '../server/src/platform/logger';
import { ensureDatabaseExists, runMigrations } from '../server/src/platform/migrate';
import { seededRandom } from '../test/seeded-random';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TARGET_SECONDS = 120;
const round1 = (x: number) => Math.round(x * 10) / 10;
const HEADER =
  'externalId,channel,queue,customerId,customerPhone,enteredQueueAt,answeredAt,endedAt,agent,talkSeconds,holdSeconds,wrapUpSeconds,requestType,disposition,csat,nps,ces';

/** ISO 8601 in Shanghai time (+08:00), as a Chinese center's old system would export it. */
const local = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

async function writeCsv(file: string, rows: number): Promise<void> {
  const rnd = seededRandom(14);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const queues = Array.from({ length: 20 }, (_, i) => `hist-q${String(i + 1).padStart(2, '0')}`);
  const agents = Array.from({ length: 300 }, (_, i) => `hist.agent${String(i + 1).padStart(3, '0')}`);
  const channels = ['voice', 'voice', 'voice', 'chat', 'email', 'sms'];
  const types = ['账单', '故障报修', '套餐变更', '投诉', '咨询', ''];
  const start = Date.parse('2024-01-01T00:00:00+08:00');
  const span = 365 * 86_400_000;
  const out = createWriteStream(file);
  let buf = `${HEADER}\n`;
  for (let i = 0; i < rows; i++) {
    // Entries spread over the year (sorted order is not assumed by the import).
    const entered = start + Math.floor((i / rows) * span) + Math.floor(rnd() * 60_000);
    const answered = rnd() < 0.85;
    const wait = Math.floor((answered ? rnd() * 60 : rnd() * 120) * 1000);
    const talk = 30 + Math.floor(rnd() * 400);
    const hold = rnd() < 0.2 ? Math.floor(rnd() * 60) : 0;
    const wrap = Math.floor(rnd() * 60);
    const ended = answered ? entered + wait + (talk + hold) * 1000 : entered + wait;
    const c = Math.floor(rnd() * 200_000);
    const byPhone = c % 3 === 0;
    const survey = answered && rnd() < 0.2;
    buf += [
      `HIST-${i}`,
      pick(channels),
      pick(queues),
      byPhone ? '' : `CUST-${c}`,
      byPhone ? `139${String(c).padStart(8, '0')}` : '',
      local(entered),
      answered ? local(entered + wait) : '',
      local(ended),
      answered ? pick(agents) : '',
      answered ? talk : '',
      answered ? hold : '',
      answered ? wrap : '',
      pick(types),
      answered ? 'resolved' : '',
      survey ? 1 + Math.floor(rnd() * 5) : '',
      survey && rnd() < 0.5 ? Math.floor(rnd() * 11) : '',
      survey && rnd() < 0.3 ? 1 + Math.floor(rnd() * 7) : '',
    ].join(',');
    buf += '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function main() {
  const dataDir = tempDataDir('kefu-bench-import-');
  const file = path.join(dataDir, 'history.csv');
  const log = createLogger('warn');
  const g0 = performance.now();
  await writeCsv(file, ROWS);
  const generateSeconds = round1((performance.now() - g0) / 1000);
  const bytes = statSync(file).size;
  console.log(`${ROWS} rows generated (${(bytes / 1e6).toFixed(0)} MB) in ${generateSeconds} s`);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: undefined, log });
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
    dataKey: randomBytes(32),
  });
  try {
    await kefu.app.ready();
    const samples: Array<{ s: number; phase: string; percent: number; rowsDone: number }> = [];
    let last = 0;
    const t0 = performance.now();
    const report = await kefu.services.reporting.contactImport.run(
      { format: 'csv', stream: createReadStream(file), bytes },
      { partial: false },
      (p) => {
        const s = (performance.now() - t0) / 1000;
        if (s - last >= 5) {
          last = s;
          samples.push({ s: round1(s), phase: p.phase, percent: Math.round(p.percent), rowsDone: p.rowsDone });
          console.log(`${round1(s)} s: ${p.phase} ${Math.round(p.percent)} % (${p.rowsDone} rows)`);
        }
      },
    );
    const seconds = round1((performance.now() - t0) / 1000);
    const { rows } = await handle.pool.query(
      `select count(*)::int as contacts, count(next_contact_at)::int as with_next from reporting_contacts where source = 'import'`,
    );
    const answers = (await handle.pool.query(`select count(*)::int as n from reporting_survey_answers`)).rows[0].n;
    const k0 = performance.now();
    const kpis = await kefu.services.reporting.kpis.report(
      KpiQuery.parse({
        from: '2024-01-01T00:00:00+08:00',
        to: '2025-01-01T00:00:00+08:00',
        groupBy: 'queue',
        tz: 'Asia/Shanghai',
      }),
    );
    const kpiSeconds = round1((performance.now() - k0) / 1000);
    const result = {
      bench: 'reporting-import',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map(round1), node: process.version },
      target: { rows: 1_000_000, seconds: TARGET_SECONDS },
      rows: ROWS,
      fileBytes: bytes,
      generateSeconds,
      seconds,
      rowsPerSecond: Math.round(ROWS / seconds),
      report: { ...report, issues: report.issues.slice(0, 5) },
      written: { contacts: rows[0].contacts, withNextContact: rows[0].with_next, surveyAnswers: answers },
      yearByQueueKpiSeconds: kpiSeconds,
      offeredInYear: kpis.total.offered,
      progressSamples: samples,
      met: report.applied === ROWS && seconds < TARGET_SECONDS,
    };
    console.log(JSON.stringify({ ...result, progressSamples: undefined }, null, 2));
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/reporting-import.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await kefu.app.close();
    await handle.close();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
