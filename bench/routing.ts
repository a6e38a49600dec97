/**
 * Routing engine cost (issue "ACD"): N agents, 100 skills, 20 queues at 95 % offered load, run in
 * virtual time; each engine call (arrival, answer, end, tick) is one timed decision.
 * Targets: p99 ≤ 100 µs per decision at 2,000 agents, ≥ 50,000 decisions/s on one core, sublinear
 * growth in agents. `npm run bench:routing` → bench/results/routing.json
 *
 * How it measures: the figures are for the steady state only — decisions after a warm-up of two
 * handle times, when the centre runs at its 95 % load (the start, with every agent idle, is not
 * what a centre lives with). Each size runs several times on a fresh engine with the same
 * scenario; each figure is the median over the runs. Decisions per second is decisions divided by
 * the time spent inside the engine (one core: the engine is synchronous), not by wall time, which
 * also holds the simulation's own bookkeeping. Memory is the heap the engine retains after a full
 * garbage collection, at the end of a run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createRoutingEngine } from '../server/src/modules/routing/domain/engine';
import type { Offer } from '../server/src/modules/routing/domain/model';
import { seededRandom as rng } from '../test/seeded-random';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const QUEUES = 20;
const SKILLS = 100;
const AHT = 300; // seconds of talk (the scenario has no wrap-up)
const LOAD = 0.95;
/** Decisions before this simulated time are warm-up: two handle times. */
const WARM_UP_MS = 2 * AHT * 1000;
/** Decisions measured per run, after the warm-up. */
const STEADY_DECISIONS = 60_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [100, 1000, 2000, 10_000];

/** Calls in progress, soonest end first: the simulation's clock must not cost more than the engine. */
class Ends {
  private readonly heap: Array<{ at: number; id: string }> = [];
  get size() {
    return this.heap.length;
  }
  peek() {
    return this.heap[0]?.at ?? Number.POSITIVE_INFINITY;
  }
  push(e: { at: number; id: string }) {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= h[i]!.at) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop() {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (l + 1 < h.length && h[l + 1]!.at < h[m]!.at) m = l + 1;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

const quantile = (sorted: number[], p: number) => sorted[Math.floor(p * (sorted.length - 1))] ?? 0;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** One run: a fresh engine and centre, driven until STEADY_DECISIONS were measured after the warm-up. */
function run(agentCount: number) {
  const rand = rng(42);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const e = createRoutingEngine();
  for (let q = 0; q < QUEUES; q++) {
    e.upsertQueue({
      id: `q${q}`,
      strategy: 'longest_idle',
      skills: [{ skill: `s${q * 5}`, minLevel: 2 }],
      relaxation: [{ afterSeconds: 30, maxLevel: 1 }],
      preferredAgentSeconds: 0,
    });
  }
  for (let i = 0; i < agentCount; i++) {
    const skills: Record<string, number> = {};
    const queues = new Set<number>();
    while (queues.size < 3) queues.add(Math.floor(rand() * QUEUES));
    for (const q of queues) skills[`s${q * 5}`] = 1 + Math.floor(rand() * 5);
    for (let k = 0; k < 7; k++) skills[`s${Math.floor(rand() * SKILLS)}`] = 1 + Math.floor(rand() * 5);
    e.upsertAgent(
      {
        id: `a${i}`,
        skills,
        capacity: {},
        memberships: [...queues].map((q, n) => ({ queueId: `q${q}`, priority: n + 1, delaySeconds: 0 })),
      },
      0,
    );
    e.setPresence(`a${i}`, 'ready', 0);
  }
  const arrivalsPerSecond = (LOAD * agentCount) / AHT;
  let now = 0;
  let nextArrival = 0;
  let seq = 0;
  const ends = new Ends();
  let warmUpDecisions = 0;
  const steady: number[] = [];
  const byOp = new Map<string, number[]>();
  let busyAgentsSum = 0;
  const timed = (f: () => Offer[], op: string) => {
    const t0 = process.hrtime.bigint();
    const offers = f();
    const us = Number(process.hrtime.bigint() - t0) / 1000;
    if (now < WARM_UP_MS) {
      warmUpDecisions++;
      return offers;
    }
    steady.push(us);
    busyAgentsSum += ends.size;
    const list = byOp.get(op) ?? [];
    list.push(us);
    byOp.set(op, list);
    return offers;
  };
  const answer = (offers: Offer[]) => {
    for (const o of offers) {
      const more = timed(() => e.accept(o.contactId, now), 'accept');
      ends.push({ at: now + AHT * (0.5 + rand()) * 1000, id: o.contactId });
      answer(more);
    }
  };
  const t0 = performance.now();
  while (steady.length < STEADY_DECISIONS) {
    const wake = e.nextWakeAt(now) ?? Number.POSITIVE_INFINITY;
    const nextEnd = ends.peek();
    now = Math.min(nextArrival, nextEnd, wake);
    if (now === nextArrival) {
      const id = `c${seq++}`;
      const input = { id, channel: 'voice' as const, queueId: `q${Math.floor(rand() * QUEUES)}`, priority: 0 };
      if (rand() < 0.1) input.priority = 1;
      answer(timed(() => e.enqueue(input, now), 'arrive'));
      nextArrival = now + (-Math.log(1 - rand()) / arrivalsPerSecond) * 1000;
    } else if (now === nextEnd) {
      const done = ends.pop();
      answer(timed(() => e.end(done.id, now, 0), 'end'));
    } else {
      answer(timed(() => e.tick(now), 'tick'));
    }
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  gc();
  const retainedMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const waiting = Array.from({ length: QUEUES }, (_, i) => e.waiting(`q${i}`).length).reduce((a, b) => a + b, 0);
  const engineSeconds = steady.reduce((sum, us) => sum + us, 0) / 1e6;
  steady.sort((a, b) => a - b);
  return {
    decisions: steady.length,
    warmUpDecisions,
    decisionsPerSecond: steady.length / engineSeconds,
    meanUs: (engineSeconds * 1e6) / steady.length,
    p50us: quantile(steady, 0.5),
    p99us: quantile(steady, 0.99),
    maxUs: quantile(steady, 1),
    p99usByOperation: Object.fromEntries(
      [...byOp].map(([op, xs]) => {
        xs.sort((a, b) => a - b);
        return [op, { n: xs.length, p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) }];
      }),
    ),
    occupancy: busyAgentsSum / steady.length / agentCount,
    waitingAtEnd: waiting,
    simulatedMinutes: now / 60_000,
    wallSeconds,
    retainedMB,
  };
}

type Run = ReturnType<typeof run>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The median of each figure over the runs (the scenario is the same: runs differ only by noise). */
function summarise(agents: number, runs: Run[]) {
  const m = (f: (r: Run) => number, digits = 2) => round(median(runs.map(f)), digits);
  const ops = Object.keys(runs[0]!.p99usByOperation);
  return {
    agents,
    runs: runs.length,
    decisionsPerRun: runs[0]!.decisions,
    warmUpDecisions: runs[0]!.warmUpDecisions,
    decisionsPerSecond: m((r) => r.decisionsPerSecond, 0),
    meanUs: m((r) => r.meanUs),
    p50us: m((r) => r.p50us),
    p99us: m((r) => r.p99us),
    maxUs: m((r) => r.maxUs, 1),
    p99usByOperation: Object.fromEntries(
      ops.map((op) => [
        op,
        {
          n: runs[0]!.p99usByOperation[op]!.n,
          p50: m((r) => r.p99usByOperation[op]!.p50),
          p99: m((r) => r.p99usByOperation[op]!.p99),
        },
      ]),
    ),
    perRun: {
      decisionsPerSecond: runs.map((r) => Math.round(r.decisionsPerSecond)),
      p99us: runs.map((r) => round(r.p99us)),
    },
    occupancy: m((r) => r.occupancy, 3),
    waitingAtEnd: runs[0]!.waitingAtEnd,
    simulatedMinutes: m((r) => r.simulatedMinutes, 1),
    wallSeconds: m((r) => r.wallSeconds, 1),
    retainedMB: m((r) => r.retainedMB, 1),
    retainedKBPerAgent: m((r) => (r.retainedMB * 1000) / agents, 2),
  };
}

const series = SIZES.map((n) => {
  const runs = Array.from({ length: RUNS }, () => run(n));
  const s = summarise(n, runs);
  console.error(`${n} agents: p99 ${s.p99us} µs, ${s.decisionsPerSecond} decisions/s (median of ${RUNS})`);
  return s;
});

const at = (n: number) => series.find((s) => s.agents === n)!;
const main = at(2000);
/**
 * Growth as an exponent: cost ∝ agents^k between two sizes (k = 1: linear). Measured from 1,000 to
 * 10,000 agents, where both centres are large enough to queue like a real one.
 */
const exponent = (f: (s: (typeof series)[number]) => number, from: number, to: number) =>
  round(Math.log(f(at(to)) / f(at(from))) / Math.log(to / from));
const growth = {
  from: 1000,
  to: 10_000,
  meanCostExponent: exponent((s) => s.meanUs, 1000, 10_000),
  p99Exponent: exponent((s) => s.p99us, 1000, 10_000),
  meanCostExponentFrom100: exponent((s) => s.meanUs, 100, 10_000),
  p99ExponentFrom100: exponent((s) => s.p99us, 100, 10_000),
};

const result = {
  bench: 'routing',
  at: new Date().toISOString(),
  node: process.version,
  scenario: {
    queues: QUEUES,
    skills: SKILLS,
    offeredLoad: LOAD,
    strategy: 'longest_idle',
    handleSeconds: AHT,
    warmUpSimulatedSeconds: WARM_UP_MS / 1000,
    measured: 'steady state only (after the warm-up); each figure is the median over the runs',
  },
  targets: {
    p99usAt2000: 100,
    decisionsPerSecondAt2000: 50_000,
    growth: 'sublinear in agents: cost exponent < 1 from 1,000 to 10,000 agents, for mean cost and p99',
  },
  met: {
    p99: main.p99us <= 100,
    throughput: main.decisionsPerSecond >= 50_000,
    sublinear: growth.meanCostExponent < 1 && growth.p99Exponent < 1,
  },
  growth,
  series,
};
const out = path.resolve(import.meta.dirname, 'results/routing.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
