/**
 * `npm run bench:sip:runs`: bench/sip.ts SIP_BENCH_RUNS times (default 3), each on a fresh Kefu and
 * database, then issue 12's overload targets on the medians of the runs. The last run's full result
 * goes to bench/results/sip.json (SIP_BENCH_RESULT) with a `runs` section: each run's figures, the
 * medians and pass/fail per target on them. Every other SIP_BENCH_* variable is passed through;
 * SIP_BENCH_RUNS_FROM=a.json,b.json,… only recomputes the medians of result files already written.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.SIP_BENCH_RUNS ?? 3);
const RESULT = process.env.SIP_BENCH_RESULT ?? path.join(ROOT, 'bench/results/sip.json');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-sipbench-runs-'));

type Q = { p50: number | null; p99: number | null };
type Step = {
  factor: number;
  offeredCps: number;
  error?: string;
  caller: { offered: number; admitted: number; shed: number; shedResponseMs: Q; admittedSetupMs: Q };
  records: { goodputCps: number | null; bridgedRecorded: number; abandonedIvr: number; abandonedQueue: number };
  noAnswerAgentsAfter: number;
  recovery: { secondsUntilServingS: number | null };
};
type Result = {
  date: string;
  machine: { loadAverageAtStart: number[] };
  rate?: { maxSustainedCps: number };
  overload?: { sustainableCps: number; shedding: string; loadAverageBefore: number[]; steps: Step[] };
  concurrency?: { concurrentBridgedMin: number };
  kefuExited?: unknown;
  overloadTargets?: { allMet: boolean };
  runs?: unknown;
};

function runOnce(i: number): Promise<string> {
  const file = path.join(dir, `run-${i}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/sip.ts')], {
      cwd: ROOT,
      env: { ...process.env, SIP_BENCH_RESULT: file },
      stdio: 'inherit',
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(file) : reject(new Error(`run ${i}: bench/sip.ts exited ${code}`)),
    );
  });
}

/** Median where null ("never", e.g. never back to S) sorts above every number. */
function medianOrNever(xs: Array<number | null>): number | null {
  if (xs.length === 0) return null;
  const s = xs.map((x) => (x === null ? Number.POSITIVE_INFINITY : x)).sort((a, b) => a - b);
  const k = s.length >> 1;
  const m = s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
  return Number.isFinite(m) ? Number(m.toFixed(2)) : null;
}

async function main() {
  const results: Result[] = [];
  // SIP_BENCH_RUNS_FROM=a.json,b.json,…: only the medians, of runs already made.
  const from = (process.env.SIP_BENCH_RUNS_FROM ?? '').split(',').filter(Boolean);
  for (const f of from) results.push(JSON.parse(readFileSync(f, 'utf8')) as Result);
  for (let i = 1; i <= (from.length ? 0 : RUNS); i++) {
    console.log(`[bench:sip:runs] run ${i}/${RUNS}`);
    const file = await runOnce(i).catch((err) => {
      console.error(String(err));
      return path.join(dir, `run-${i}.json`);
    });
    try {
      results.push(JSON.parse(readFileSync(file, 'utf8')) as Result);
    } catch {
      console.error(`[bench:sip:runs] run ${i} wrote no result`);
    }
  }
  if (results.length === 0) throw new Error('no run wrote a result');
  const S = results.find((r) => r.overload)?.overload?.sustainableCps ?? 100;
  const factors = [...new Set(results.flatMap((r) => r.overload?.steps.map((s) => s.factor) ?? []))];
  const perRun = results.map((r) => ({
    date: r.date,
    loadAverageAtStart: r.machine.loadAverageAtStart,
    loadAverageBeforeOverload: r.overload?.loadAverageBefore ?? null,
    shedding: r.overload?.shedding ?? null,
    kefuExited: r.kefuExited !== undefined,
    rateMaxSustainedCps: r.rate?.maxSustainedCps ?? null,
    steps: (r.overload?.steps ?? []).map((s) =>
      s.error
        ? { factor: s.factor, error: s.error }
        : {
            factor: s.factor,
            offered: s.caller.offered,
            admitted: s.caller.admitted,
            shed: s.caller.shed,
            goodputCps: s.records.goodputCps,
            shedP99Ms: s.caller.shedResponseMs.p99,
            admittedSetupP50Ms: s.caller.admittedSetupMs.p50,
            admittedSetupP99Ms: s.caller.admittedSetupMs.p99,
            abandonedIvr: s.records.abandonedIvr,
            abandonedQueue: s.records.abandonedQueue,
            noAnswerAgentsAfter: s.noAnswerAgentsAfter,
            secondsUntilServingS: s.recovery.secondsUntilServingS,
          },
    ),
    concurrencyBridgedMin: r.concurrency?.concurrentBridgedMin ?? null,
    allMet: r.overloadTargets?.allMet ?? null,
  }));
  type RunStep = Exclude<(typeof perRun)[number]['steps'][number], { error: string }>;
  const stepsOf = (f: number) =>
    perRun.map((r) => r.steps.find((s): s is RunStep => s.factor === f && !('error' in s)) ?? null);
  const medians = factors.map((f) => {
    const xs = stepsOf(f);
    // A run whose step is missing (Kefu gone) counts as the worst value.
    const m = (pick: (s: RunStep) => number | null, worst: number | null) =>
      medianOrNever(xs.map((s) => (s ? pick(s) : worst)));
    const goodput = m((s) => s.goodputCps, 0);
    const shedP99 = m((s) => s.shedP99Ms, null);
    const setupP99 = m((s) => s.admittedSetupP99Ms, null);
    const noAnswer = m((s) => s.noAnswerAgentsAfter, null);
    const back = m((s) => s.secondsUntilServingS, null);
    return {
      factor: f,
      offeredCps: Math.round(f * S),
      goodputCps: { target: `≥ ${0.9 * S}`, median: goodput, met: goodput !== null && goodput >= 0.9 * S },
      shedP99Ms: { target: '≤ 1000', median: shedP99, met: shedP99 === null ? null : shedP99 <= 1000 },
      admittedSetupP99Ms: { target: '< 500', median: setupP99, met: setupP99 !== null && setupP99 < 500 },
      noAnswerAgentsAfter: { target: '0', median: noAnswer, met: noAnswer === 0 },
      secondsUntilServingS: { target: '≤ 5', median: back, met: back !== null && back <= 5 },
      admittedMedian: m((s) => s.admitted, null),
      shedMedian: m((s) => s.shed, null),
      abandonedQueueMedian: m((s) => s.abandonedQueue, null),
      abandonedIvrMedian: m((s) => s.abandonedIvr, null),
    };
  });
  const withConcurrency = perRun.filter((r) => r.concurrencyBridgedMin !== null);
  // A run that had the phase in its list but lost Kefu before it counts as 0 bridged.
  const bridgedAfter = withConcurrency.length ? medianOrNever(perRun.map((r) => r.concurrencyBridgedMin ?? 0)) : null;
  const last = results.at(-1)!;
  last.runs = {
    count: results.length,
    requested: RUNS,
    sustainableCps: S,
    perRun,
    medians,
    concurrencyAfter: {
      target: '500 of 500 bridged',
      median: bridgedAfter,
      met: bridgedAfter === null ? null : bridgedAfter >= 500,
    },
    note: 'targets judged on the medians of the runs; the rest of this file is the last run',
  };
  writeFileSync(RESULT, `${JSON.stringify(last, null, 2)}\n`);
  console.log(
    JSON.stringify(
      { medians, concurrencyAfter: (last.runs as { concurrencyAfter: unknown }).concurrencyAfter },
      null,
      2,
    ),
  );
  console.log(`→ ${path.relative(ROOT, RESULT)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
