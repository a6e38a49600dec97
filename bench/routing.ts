/**
 * Routing engine cost (issue "ACD"): N agents, 100 skills, 20 queues at 95 % offered load, run in
 * virtual time; each engine call (arrival, answer, end/wrap-up, tick) is one timed decision.
 * Targets: p99 ≤ 100 µs per decision at 2,000 agents, ≥ 50,000 decisions/s on one core, sublinear
 * growth in agents. `npm run bench:routing` → bench/results/routing.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRoutingEngine } from '../server/src/modules/routing/domain/engine';
import type { Offer } from '../server/src/modules/routing/domain/model';

/** Small deterministic PRNG (mulberry32): the same scenario every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function run(agentCount: number, decisions: number) {
  const rand = rng(42);
  const e = createRoutingEngine();
  const QUEUES = 20;
  const SKILLS = 100;
  const AHT = 300; // seconds of talk + wrap-up
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
  const arrivalsPerSecond = (0.95 * agentCount) / AHT;
  let now = 0;
  let nextArrival = 0;
  let seq = 0;
  const ends: Array<{ at: number; id: string }> = []; // small sorted list of calls in progress
  const lat: number[] = [];
  /** Decisions after the warm-up (two handle times), when the centre runs at its 95 % load. */
  const steady: number[] = [];
  const byOp = new Map<string, number[]>();
  const timed = (f: () => Offer[], op = 'arrive') => {
    const t0 = process.hrtime.bigint();
    const offers = f();
    const us = Number(process.hrtime.bigint() - t0) / 1000;
    lat.push(us);
    if (now >= 2 * AHT * 1000) steady.push(us);
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
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  while (lat.length < decisions) {
    ends.sort((x, y) => x.at - y.at);
    const wake = e.nextWakeAt(now) ?? Number.POSITIVE_INFINITY;
    const nextEnd = ends[0]?.at ?? Number.POSITIVE_INFINITY;
    now = Math.min(nextArrival, nextEnd, wake);
    if (now === nextArrival) {
      const id = `c${seq++}`;
      answer(
        timed(() =>
          e.enqueue(
            { id, channel: 'voice', queueId: `q${Math.floor(rand() * QUEUES)}`, priority: rand() < 0.1 ? 1 : 0 },
            now,
          ),
        ),
      );
      nextArrival = now + (-Math.log(1 - rand()) / arrivalsPerSecond) * 1000;
    } else if (now === nextEnd) {
      const done = ends.shift()!;
      answer(timed(() => e.end(done.id, now, 0), 'end'));
    } else {
      answer(timed(() => e.tick(now), 'tick'));
    }
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  // Throughput of the engine itself: the simulation's own bookkeeping is not the engine's cost.
  const engineSeconds = lat.reduce((sum, us) => sum + us, 0) / 1e6;
  lat.sort((a, b) => a - b);
  const q = (p: number) => Number(lat[Math.floor(p * (lat.length - 1))]!.toFixed(2));
  return {
    agents: agentCount,
    decisions: lat.length,
    decisionsPerSecond: Math.round(lat.length / engineSeconds),
    simulatedHours: Number((now / 3_600_000).toFixed(1)),
    wallSeconds: Number(wallSeconds.toFixed(1)),
    p50us: q(0.5),
    p99us: q(0.99),
    maxUs: q(1),
    heapMB: Number(((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)),
    steadyState: (() => {
      steady.sort((a, b) => a - b);
      const sum = steady.reduce((x, y) => x + y, 0);
      return {
        decisions: steady.length,
        decisionsPerSecond: Math.round(steady.length / (sum / 1e6)),
        p50us: Number(steady[Math.floor(0.5 * (steady.length - 1))]?.toFixed(2) ?? 0),
        p99us: Number(steady[Math.floor(0.99 * (steady.length - 1))]?.toFixed(2) ?? 0),
      };
    })(),
    p99usByOperation: Object.fromEntries(
      [...byOp].map(([op, xs]) => {
        xs.sort((a, b) => a - b);
        return [op, { n: xs.length, p99: Number(xs[Math.floor(0.99 * (xs.length - 1))]!.toFixed(1)) }];
      }),
    ),
    waitingAtEnd: Array.from({ length: QUEUES }, (_, i) => e.waiting(`q${i}`).length).reduce((a, b) => a + b, 0),
  };
}

const series = [100, 1000, 2000, 10000].map((n) => run(n, n >= 10000 ? 30_000 : 60_000));
const main = series.find((s) => s.agents === 2000)!;
const result = {
  bench: 'routing',
  at: new Date().toISOString(),
  node: process.version,
  targets: { p99us: 100, decisionsPerSecond: 50_000 },
  met: {
    p99: main.p99us <= 100,
    throughput: main.decisionsPerSecond >= 50_000,
    steadyP99: main.steadyState.p99us <= 100,
    steadyThroughput: main.steadyState.decisionsPerSecond >= 50_000,
  },
  series,
};
const out = path.resolve(import.meta.dirname, 'results/routing.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
