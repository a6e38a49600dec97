/**
 * Quality at scale (issue 15). `npm run bench:quality` → bench/results/quality.json
 *   audio checks (silence, overtalk, hold) on a 5-minute stereo call   ≥ 200× real time (≤ 1.5 s)
 *   a daily sampling draw over 1,000,000 handled contacts                < 5 s
 *   quality reports (by agent, team, month; gap analysis) over 100,000 evaluations   < 1 s
 * Each figure is the median of ROUNDS runs after one warm-up.
 *
 * The audio is a generated call (bench and tests share test/stereo-call.ts): 8 kHz stereo, two
 * parties taking turns with pauses, overlaps and a long silence; the measurement is the WAV's
 * decoding plus the checks, on the main thread (one core). The draw and the reports run through the
 * module's services on a fresh database (`kefu_bench_quality`, migrated like a real one) whose read
 * model and evaluations are generated with SQL: 1,000 agents, 1,000,000 contacts on one day (1 %
 * complaints, 5 % transferred, CSAT for a third, repeat callers), 100,000 submitted evaluations over
 * a year with answers and breakdowns of the default scorecard. BENCH_CONTACTS, BENCH_EVALUATIONS,
 * BENCH_ROUNDS and BENCH_OUT change the sizes, runs and output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/src/app';
import { checkAudio } from '../server/src/modules/quality/domain/audio';
import { stereoCall, type Turn } from '../server/src/modules/quality/test/stereo-call';
import { encodeWav, readWav } from '../server/src/modules/telephony';
import { systemActor } from '../server/src/platform/audit';
import { systemClock } from '../server/src/platform/clock';
import { openDatabase } from '../server/src/platform/db';
import { uuidv7Generator } from '../server/src/platform/ids';
import { createLogger } from '../server/src/platform/logger';
import { ensureDatabaseExists, runMigrations } from '../server/src/platform/migrate';
import { seededRandom } from '../server/src/platform/random';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = process.env.BENCH_DB ?? 'kefu_bench_quality';
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const EVALUATIONS = Number(process.env.BENCH_EVALUATIONS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const OUT = process.env.BENCH_OUT ?? 'bench/results/quality.json';
const AGENTS = 1000;
const DAY = '2026-11-02';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...a);
const agentId = (i: number) => `00000000-0000-4000-8000-a${String(i).padStart(11, '0')}`;

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** A 5-minute call: turns of 2–12 s, pauses of 0.3–3 s, an overlap every few turns, one 8 s silence. */
function fiveMinuteCall(): { wav: Buffer; turns: Turn[] } {
  const random = seededRandom('bench-quality-call');
  const turns: Turn[] = [];
  let at = 500;
  let party: Turn['party'] = 'agent';
  while (at < 295_000) {
    const length = random.int(2000, 12_000);
    const overlap = turns.length % 4 === 3 ? random.int(500, 2000) : 0;
    const start = Math.max(0, at - overlap);
    turns.push({ party, startMs: start, endMs: Math.min(299_500, start + length) });
    at = start + length + (turns.length === 10 ? 8000 : random.int(300, 3000));
    party = party === 'agent' ? 'customer' : 'agent';
  }
  return { wav: encodeWav({ sampleRate: 8000, channels: 2, samples: stereoCall(300_000, turns) }), turns };
}

async function benchAudio() {
  const { wav } = fiveMinuteCall();
  const runs: number[] = [];
  let findings = { silences: 0, overtalks: 0 };
  for (let i = 0; i <= ROUNDS; i++) {
    const { ms, value } = await timed(() => checkAudio(readWav(wav), [{ startMs: 200_000, endMs: 230_000 }]));
    if (i > 0) runs.push(ms);
    findings = { silences: value.silences.length, overtalks: value.overtalks.length };
  }
  const ms = median(runs);
  return { callSeconds: 300, medianMs: round(ms), realTimeFactor: Math.round(300_000 / ms), findings, targetMs: 1500 };
}

async function main() {
  log(`audio checks on a 5-minute stereo call, ${ROUNDS} rounds`);
  const audio = await benchAudio();
  log(audio);

  const admin = new URL(SERVER);
  const url = new URL(SERVER);
  url.pathname = `/${DB}`;
  const adminHandle = openDatabase(admin.toString(), { max: 1 });
  await adminHandle.pool.query(`drop database if exists ${DB}`);
  await adminHandle.close();
  await ensureDatabaseExists(url.toString());
  const handle = openDatabase(url.toString(), { max: 10 });
  await runMigrations(url.toString());
  const kefu = await buildApp({
    db: handle.db,
    pool: handle.pool,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    log: createLogger('silent'),
    sessionSeconds: 3600,
    idleLockSeconds: 900,
    serveWeb: false,
  });
  await kefu.app.ready();
  const { quality } = kefu.services;
  const pool = handle.pool;

  log(`generating ${CONTACTS.toLocaleString()} contacts of ${AGENTS} agents on ${DAY}`);
  const gen = await timed(() =>
    pool.query(
      `insert into quality_contacts (contact_id, channel, queue_id, agent_id, customer_id, queued_at, connected_at,
         ended_at, handle_ms, transferred, complaint, csat)
       select gen_random_uuid(), 'voice', ('00000000-0000-4000-8000-b' || lpad((g % 20)::text, 11, '0'))::uuid,
              ('00000000-0000-4000-8000-a' || lpad((g % ${AGENTS})::text, 11, '0'))::uuid,
              'k' || (g % ${Math.max(1, Math.floor(CONTACTS / 3))}),
              t, t, t + make_interval(secs => h), h * 1000, g % 20 = 0, g % 100 = 0,
              case when g % 3 = 0 then 1 + (g / 3) % 5 end
         from (select g, ($1::date + time '08:00' + make_interval(secs => (g * 43200.0 / $2)::int)) at time zone 'Asia/Shanghai' as t,
                      30 + (g::bigint * 7919) % 900 as h
                 from generate_series(1, $2) g) x`,
      [DAY, CONTACTS],
    ),
  );
  await pool.query('analyze quality_contacts');
  log(`generated in ${round(gen.ms / 1000)} s`);

  const evaluators = Array.from({ length: 20 }, (_, i) => agentId(AGENTS + i));
  const draws: number[] = [];
  let last: Awaited<ReturnType<typeof quality.sampling.draw>> | undefined;
  for (let i = 0; i <= ROUNDS; i++) {
    // A new plan each round (a new seed); the tasks of the round before are removed so every contact is a candidate.
    await pool.query('delete from quality_tasks');
    const plan = await quality.sampling.createPlan(
      {
        name: `bench-${i}`,
        enabled: false,
        frequency: 'daily',
        queueIds: [],
        channels: [],
        randomPercent: 2,
        newHireDays: 90,
        newHireFactor: 2,
        lowScoreBelow: 80,
        lowScoreFactor: 2,
        complaints: true,
        longCallPercentile: 90,
        lowCsatMax: 2,
        transfers: true,
        repeatCallerHours: 72,
        newHirePerAgent: null,
        maxTargetedPerAgent: 5,
        evaluatorIds: evaluators,
        dueDays: 3,
      },
      systemActor,
    );
    const { ms, value } = await timed(() => quality.sampling.draw(plan.id, DAY, systemActor));
    if (i > 0) draws.push(ms);
    last = value;
    log(`draw ${i}: ${round(ms)} ms, ${value.picked} of ${value.candidates}`);
  }

  log(`generating ${EVALUATIONS.toLocaleString()} submitted evaluations`);
  const card = (await quality.scorecards.list())[0]!;
  await pool.query(
    `insert into quality_evaluations (id, contact_id, agent_id, team_id, queue_id, evaluator_id, scorecard_id,
       scorecard_version, status, answers, score, breakdown, revision, contact_at, submitted_at, created_at, updated_at)
     select gen_random_uuid(), gen_random_uuid(),
            ('00000000-0000-4000-8000-a' || lpad((g % ${AGENTS})::text, 11, '0'))::uuid,
            ('00000000-0000-4000-8000-c' || lpad((g % 40)::text, 11, '0'))::uuid,
            ('00000000-0000-4000-8000-b' || lpad((g % 20)::text, 11, '0'))::uuid,
            ('00000000-0000-4000-8000-a' || lpad((${AGENTS} + g % 20)::text, 11, '0'))::uuid,
            $1, 1, 'submitted',
            jsonb_build_object('greeting', case when g % 7 = 0 then 'fail' else 'pass' end,
                               'hold', case when g % 11 = 0 then 'fail' else 'pass' end,
                               'listening', 1 + g % 5),
            s, jsonb_build_object('score', s, 'fatal', g % 97 = 0,
                                  'failedItems', to_jsonb(array_remove(array[
                                     case when g % 7 = 0 then 'greeting' end,
                                     case when g % 11 = 0 then 'hold' end,
                                     case when g % 5 <> 4 then 'listening' end], null))),
            1, t, t, t, t
       from (select g, 60 + (g::bigint * 31) % 41 as s,
                    timestamptz '2026-01-01 09:00+08' + make_interval(mins => ((g::bigint * 5) % 525600)::int) as t
               from generate_series(1, $2) g) x`,
    [card.id, EVALUATIONS],
  );
  await pool.query('analyze quality_evaluations');
  const actor = { ...systemActor, userId: agentId(AGENTS), permissions: new Set(['qa.view'] as const) };
  const range = { from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' };
  const reports: Record<string, number> = {};
  for (const [label, fn] of [
    ['byAgent', () => quality.reports.report({ ...range, groupBy: 'agent' }, actor)],
    ['byTeam', () => quality.reports.report({ ...range, groupBy: 'team' }, actor)],
    ['byMonth', () => quality.reports.report({ ...range, groupBy: 'month' }, actor)],
    ['gaps', () => quality.reports.gaps(range, actor)],
  ] as const) {
    const runs: number[] = [];
    for (let i = 0; i <= ROUNDS; i++) {
      const { ms } = await timed(fn as () => Promise<unknown>);
      if (i > 0) runs.push(ms);
    }
    reports[label] = round(median(runs));
    log(`report ${label}: ${reports[label]} ms`);
  }

  const results = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, load: os.loadavg() },
    rounds: ROUNDS,
    audio,
    draw: {
      contacts: CONTACTS,
      agents: AGENTS,
      medianMs: round(median(draws)),
      picked: last?.picked,
      byReason: last?.byReason,
      targetMs: 5000,
      generateSeconds: round(gen.ms / 1000),
    },
    reports: { evaluations: EVALUATIONS, medianMs: reports, targetMs: 1000 },
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  log(`written ${OUT}`);
  await kefu.app.close();
  await handle.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
