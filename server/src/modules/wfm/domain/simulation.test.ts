import { describe, expect, it } from 'vitest';
import { simulateCenter } from '../wfm.simulation';
import type { Estimate, SimAgent, SimQueue, SimulationInput } from './simulation-model';

/**
 * The proof: the simulation, running the real ACD engine, reproduces the queueing models
 * where they hold. The references are computed here, independently of the module's own Erlang code.
 */

/** Erlang C (M/M/N): probability of waiting, P(wait ≤ t) over all arrivals, and the mean wait. */
function erlangC(callsPerSecond: number, ahtSeconds: number, agents: number, t: number) {
  const a = callsPerSecond * ahtSeconds;
  let b = 1; // Erlang B, one agent at a time
  for (let k = 1; k <= agents; k++) b = (a * b) / (k + a * b);
  const wait = (agents * b) / (agents - a * (1 - b));
  return {
    waitProbability: wait,
    serviceLevel: 1 - wait * Math.exp((-(agents - a) * t) / ahtSeconds),
    asaSeconds: (wait * ahtSeconds) / (agents - a),
  };
}

/**
 * Erlang A (M/M/N+M) from its birth–death chain, truncated at `states`: n contacts in the system
 * arrive at rate λ and leave at μ·min(n, N) + θ·max(n − N, 0). Little's law gives the mean wait
 * over all arrivals, and abandons are θ times the mean queue.
 */
function erlangA(callsPerSecond: number, ahtSeconds: number, agents: number, patienceSeconds: number, states = 2000) {
  const mu = 1 / ahtSeconds;
  const theta = 1 / patienceSeconds;
  const p = [1];
  for (let n = 1; n <= states; n++) {
    p.push((p[n - 1]! * callsPerSecond) / (mu * Math.min(n, agents) + theta * Math.max(n - agents, 0)));
  }
  const sum = p.reduce((s, x) => s + x, 0);
  const queued = p.reduce((s, x, n) => s + (Math.max(n - agents, 0) * x) / sum, 0);
  return { abandonRate: (theta * queued) / callsPerSecond, meanWaitSeconds: queued / callsPerSecond };
}

const member = (queueId: string, priority = 1) => ({ queueId, priority, delaySeconds: 0 });

/** One queue, `agents` identical agents all day: a steady state after one warm-up interval. */
function singleQueue(over: {
  agents: number;
  patience: SimQueue['patience'];
  intervals: number;
  replications: number;
}) {
  const input: SimulationInput = {
    intervalSeconds: 1800,
    queues: [
      {
        id: 'hotline',
        strategy: 'longest_idle',
        skills: [],
        volume: Array.from({ length: over.intervals }, () => 100),
        handle: { kind: 'exponential', mean: 180 },
        patience: over.patience,
      },
    ],
    agents: Array.from({ length: over.agents }, (_, i) => ({
      id: `a${i}`,
      skills: {},
      memberships: [member('hotline')],
    })),
    replications: over.replications,
    seed: 'erlang',
    serviceLevelSeconds: 20,
    shortAbandonSeconds: 0,
    warmUpIntervals: 1,
  };
  return simulateCenter(input);
}

const half = (e: Estimate) => (e.high - e.low) / 2;

describe('validation against the queueing models', () => {
  it('one skill, exponential handle times, nobody abandons: the service level is Erlang C’s within one point', () => {
    // 100 calls per 30 min, AHT 180 s, 14 agents, 80/20: SL 0.8884, wait probability 0.1741, ASA 7.84 s.
    const ref = erlangC(100 / 1800, 180, 14, 20);
    expect(ref.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(ref.waitProbability).toBeCloseTo(0.1741, 4);
    expect(ref.asaSeconds).toBeCloseTo(7.84, 2);

    const sim = singleQueue({ agents: 14, patience: null, intervals: 41, replications: 30 });
    const sl = sim.total.serviceLevel!;
    expect(half(sl)).toBeLessThan(0.01); // precise enough for the comparison to mean something
    expect(Math.abs(sl.mean - ref.serviceLevel)).toBeLessThan(0.01);
    expect(sim.total.unserved.mean).toBe(0);
    expect(sim.total.abandoned.mean).toBe(0);
    // Erlang C's ASA is over all arrivals; with nobody abandoning that is the answered ones.
    const asa = sim.total.asaSeconds!;
    expect(ref.asaSeconds).toBeGreaterThan(asa.low - 0.5);
    expect(ref.asaSeconds).toBeLessThan(asa.high + 0.5);
    // Offered load 10 Erlangs on 14 agents.
    expect(sim.total.occupancy!.mean).toBeCloseTo(10 / 14, 1);
  });

  it('with exponential patience, abandonment and the mean wait are Erlang A’s', () => {
    // 12 agents, patience 180 s on average: about 5.3 % abandon, 9.6 s mean wait.
    const ref = erlangA(100 / 1800, 180, 12, 180);
    const sim = singleQueue({
      agents: 12,
      patience: { kind: 'exponential', mean: 180 },
      intervals: 41,
      replications: 20,
    });
    const abandon = sim.total.abandonRate!;
    expect(half(abandon)).toBeLessThan(0.01);
    expect(Math.abs(abandon.mean - ref.abandonRate)).toBeLessThan(0.01);
    expect(abandon.mean).toBeGreaterThan(0.03); // the case is one where patience matters
    const wait = sim.total.meanWaitSeconds!;
    expect(Math.abs(wait.mean - ref.meanWaitSeconds) / ref.meanWaitSeconds).toBeLessThan(0.1);
    expect(half(wait) / ref.meanWaitSeconds).toBeLessThan(0.1);
  });
});

describe('reproducibility', () => {
  const input = (seed: number): SimulationInput => ({
    intervalSeconds: 900,
    queues: [
      {
        id: 'sales',
        strategy: 'longest_idle',
        skills: [],
        volume: [20, 40, 30, 10],
        handle: { kind: 'lognormal', mean: 200, cv: 0.8 },
        patience: { kind: 'empirical', seconds: [5, 30, 60, 90, 240] },
      },
    ],
    agents: Array.from({ length: 8 }, (_, i) => ({
      id: `a${i}`,
      skills: {},
      memberships: [member('sales')],
      wrapUpSeconds: 10,
    })),
    replications: 3,
    seed,
  });

  it('the same seed gives the same figures; another seed other figures', () => {
    const once = simulateCenter(input(7));
    expect(simulateCenter(input(7))).toEqual(once);
    expect(simulateCenter(input(8)).total.offered.mean).not.toBe(once.total.offered.mean);
  });
});

describe('a multi-skill centre', () => {
  // Billing and tech; generalists serve both, tech first. Agents work staggered shifts.
  const queues = (volume: number[]): SimQueue[] => [
    {
      id: 'billing',
      strategy: 'longest_idle',
      skills: [{ skill: 'billing', minLevel: 2 }],
      volume,
      handle: { kind: 'lognormal', mean: 240, cv: 0.7 },
      patience: { kind: 'exponential', mean: 120 },
    },
    {
      id: 'tech',
      strategy: 'most_skilled',
      skills: [{ skill: 'tech', minLevel: 3 }],
      relaxation: [{ afterSeconds: 30, maxLevel: 2 }],
      volume: volume.map((v) => v / 2),
      handle: { kind: 'lognormal', median: 300, sigma: 0.6 },
      patience: { kind: 'exponential', mean: 180 },
      serviceLevelSeconds: 30,
    },
  ];
  const agents = (billing: number): SimAgent[] => [
    ...Array.from({ length: billing }, (_, i) => ({
      id: `b${i}`,
      skills: { billing: 3 },
      memberships: [member('billing')],
      wrapUpSeconds: 15,
      shifts: [{ from: i % 2, to: 8 }],
    })),
    ...Array.from({ length: 4 }, (_, i) => ({
      id: `t${i}`,
      skills: { tech: 2 + (i % 3) },
      memberships: [member('tech')],
      wrapUpSeconds: 15,
    })),
    ...Array.from({ length: 4 }, (_, i) => ({
      id: `g${i}`,
      skills: { billing: 2, tech: 4 },
      memberships: [member('tech', 1), member('billing', 2)],
      wrapUpSeconds: 20,
      shifts: [
        { from: 0, to: 4 },
        { from: 5, to: 8 },
      ],
    })),
  ];
  const run = (billing: number) =>
    simulateCenter({
      intervalSeconds: 1800,
      queues: queues([40, 60, 80, 70, 60, 60, 50, 30]),
      agents: agents(billing),
      replications: 8,
      seed: 'multi-skill',
    });

  it('accounts for every contact and gives rates between 0 and 1', () => {
    const sim = run(8);
    expect(sim.intervals).toHaveLength(8);
    for (const f of [sim.total, ...Object.values(sim.queues), ...sim.intervals.map((i) => i.total)]) {
      const { offered, answered, abandoned, unserved } = f;
      expect(answered.mean + abandoned.mean + unserved.mean).toBeCloseTo(offered.mean, 6);
      for (const rate of [f.serviceLevel, f.abandonRate, f.serviceLevelOfAnswered]) {
        expect(rate!.mean).toBeGreaterThanOrEqual(0);
        expect(rate!.mean).toBeLessThanOrEqual(1);
      }
    }
    // Offered follows the forecast: 450 billing and 225 tech contacts expected, less short abandons.
    expect(sim.queues.billing!.offered.mean).toBeGreaterThan(400);
    expect(sim.queues.billing!.offered.mean).toBeLessThan(460);
    expect(sim.queues.tech!.offered.mean).toBeGreaterThan(195);
    expect(sim.queues.tech!.offered.mean).toBeLessThan(235);
    expect(sim.queues.tech!.answered.mean).toBeGreaterThan(0);
    const occupancy = sim.total.occupancy!;
    expect(occupancy.mean).toBeGreaterThan(0.3);
    expect(occupancy.mean).toBeLessThan(1);
    expect(occupancy.low).toBeLessThanOrEqual(occupancy.mean);
    expect(occupancy.high).toBeGreaterThanOrEqual(occupancy.mean);
    expect(sim.contacts).toBeGreaterThan(8 * 600);
  });

  it('more billing agents answer billing sooner and lose fewer callers, with the same callers', () => {
    const lean = run(6);
    const rich = run(10);
    // The same seed draws the same contacts (common random numbers): only the staffing differs.
    expect(rich.queues.billing!.offered.mean + rich.queues.billing!.shortAbandoned.mean).toBe(
      lean.queues.billing!.offered.mean + lean.queues.billing!.shortAbandoned.mean,
    );
    expect(rich.queues.billing!.serviceLevel!.mean).toBeGreaterThan(lean.queues.billing!.serviceLevel!.mean + 0.05);
    expect(rich.queues.billing!.abandonRate!.mean).toBeLessThan(lean.queues.billing!.abandonRate!.mean);
    expect(rich.total.occupancy!.mean).toBeLessThan(lean.total.occupancy!.mean);
  });
});
