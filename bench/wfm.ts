/**
 * Workforce management at scale (issue 17). `npm run bench:wfm` → bench/results/wfm.json
 *   Erlang C staffing decisions at about 167 Erlangs          ≥ 100,000/s (≤ 10 µs each)
 *   requirements of a week × 96 intervals × 50 queues          < 100 ms
 *   one queue's forecast (12 weeks of 15-minute history, both methods backtested)   < 200 ms
 *   simulated contacts (the real ACD engine in virtual time)   ≥ 1,000,000 per minute; a 500-agent day < 15 s
 *   a 200-agent week of 30-minute intervals, 20 shift templates, scheduled with HiGHS   < 60 s, within 2 % of the LP bound
 * Each figure is the median of ROUNDS runs after one warm-up run.
 *
 * Single decisions vary the calls a little (995–1005 in 30 minutes of 300.6 s) so no run reuses
 * another's work; the week is generated (seeded): 50 queues of 4–160 Erlangs at their peak, a
 * day curve with two peaks, quieter weekends, AHT varying per interval; requirementCurve computes
 * repeated (calls, AHT) pairs once, and the result counts the distinct ones. Erlang A decisions
 * are measured beside Erlang C for comparison (no target). Each section is a module of bench/wfm/
 * returning its figures (scheduling and simulation join as bench/wfm/<section>.ts).
 * BENCH_ROUNDS, BENCH_QUICK=1 (smaller batches) and BENCH_OUT change the runs and the output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { erlangSection } from './wfm/erlang';
import { forecastSection } from './wfm/forecast';
import { benchSchedule } from './wfm/schedule';
import type { BenchContext, BenchSection } from './wfm/section';
import { benchSimulation } from './wfm/simulation';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const QUICK = process.env.BENCH_QUICK === '1';
const OUT = process.env.BENCH_OUT ?? 'bench/results/wfm.json';
const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...a);

const SECTIONS: ReadonlyArray<[string, BenchSection]> = [
  ['erlang', erlangSection],
  ['forecast', forecastSection],
  ['simulation', async () => ({ simulation: await benchSimulation() })],
  ['schedule', async () => ({ schedule: await benchSchedule() })],
];

async function main() {
  const ctx: BenchContext = { rounds: ROUNDS, quick: QUICK, log };
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, load: os.loadavg() },
    rounds: ROUNDS,
  };
  for (const [name, section] of SECTIONS) {
    log(`section ${name}`);
    Object.assign(results, await section(ctx));
  }
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  log(`written ${OUT}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
