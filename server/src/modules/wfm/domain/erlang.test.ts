import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErlangAResponse, ErlangCResponse } from '../../../../../contracts/wfm-erlang';
import {
  evaluateErlangA,
  evaluateErlangC,
  requirementCurve,
  type StaffingOutcome,
  scheduledAgents,
  staffErlangA,
  staffErlangC,
} from './erlang';

/** The textbook example: 100 calls in 30 minutes of 180 s, 80 % answered within 20 s (10 Erlangs). */
const EXAMPLE = {
  callsPerInterval: 100,
  intervalMinutes: 30,
  ahtSeconds: 180,
  targetServiceLevel: 0.8,
  targetAnswerSeconds: 20,
};

function staffed<R>(o: StaffingOutcome<R>): R {
  if (o.kind !== 'staffed') throw new Error(`expected a staffing, got ${JSON.stringify(o)}`);
  return o.staffing;
}

function evaluated<R>(o: { kind: 'evaluated'; evaluation: R } | { kind: 'overloaded' }): R {
  if (o.kind !== 'evaluated') throw new Error('expected an evaluation, got overloaded');
  return o.evaluation;
}

describe('Erlang C staffing', () => {
  it('staffs the published example with 14 agents and 20 scheduled at 30 % shrinkage', () => {
    const r = staffed(staffErlangC({ ...EXAMPLE, shrinkage: 0.3 }));
    expect(r.trafficErlangs).toBe(10);
    expect(r.agents).toBe(14);
    expect(r.scheduledAgents).toBe(20);
    expect(r.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(r.waitProbability).toBeCloseTo(0.1741, 4);
    expect(r.asaSeconds).toBeCloseTo(7.84, 2);
    expect(r.occupancy).toBeCloseTo(0.714, 3);
  });

  it('13 agents miss the published 80/20 target, so 14 is the least that meets it', () => {
    const thirteen = evaluated(evaluateErlangC({ ...EXAMPLE, agents: 13 }));
    expect(thirteen.serviceLevel).toBeLessThan(0.8);
    expect(thirteen.meetsTargets).toBe(false);
    expect(evaluated(evaluateErlangC({ ...EXAMPLE, agents: 14 })).meetsTargets).toBe(true);
  });

  it('an 85 % occupancy cap changes nothing for the published example (14 agents are at 71 %)', () => {
    const r = staffed(staffErlangC({ ...EXAMPLE, shrinkage: 0.3, maxOccupancy: 0.85 }));
    expect(r).toMatchObject({ agents: 14, scheduledAgents: 20 });
  });

  it('the occupancy cap adds agents when it binds, and a staffing exactly at the cap meets it', () => {
    // 85 calls of 180 s in 30 min = 8.5 Erlangs: 10 agents are exactly 85 % occupied.
    const loose = { ...EXAMPLE, callsPerInterval: 85, targetServiceLevel: 0 };
    expect(staffed(staffErlangC(loose)).agents).toBe(9);
    const capped = staffed(staffErlangC({ ...loose, maxOccupancy: 0.85 }));
    expect(capped.agents).toBe(10);
    expect(capped.occupancy).toBe(0.85);
  });

  it('30 calls an hour of 5 minutes with at most 10 % waiting need 6 agents', () => {
    const q = { callsPerInterval: 30, intervalMinutes: 60, ahtSeconds: 300, targetAnswerSeconds: 0 };
    const r = staffed(staffErlangC({ ...q, targetServiceLevel: 0, maxWaitProbability: 0.1 }));
    expect(r.agents).toBe(6);
    expect(r.waitProbability).toBeLessThanOrEqual(0.1);
    const five = evaluated(evaluateErlangC({ ...q, agents: 5, maxWaitProbability: 0.1 }));
    expect(five.waitProbability).toBeGreaterThan(0.1);
    expect(five.meetsTargets).toBe(false);
  });

  it('evaluating agents at or below the traffic answers overloaded, not infinite waits', () => {
    expect(evaluateErlangC({ ...EXAMPLE, agents: 10 })).toEqual({
      kind: 'overloaded',
      overloaded: { trafficErlangs: 10, agents: 10 },
    });
  });

  it('no calls need no agents, and the metrics say nobody waits', () => {
    const zero = { trafficErlangs: 0, agents: 0, scheduledAgents: 0, serviceLevel: 1, waitProbability: 0 };
    expect(staffed(staffErlangC({ ...EXAMPLE, callsPerInterval: 0, shrinkage: 0.3 }))).toEqual({
      ...zero,
      asaSeconds: 0,
      occupancy: 0,
    });
    expect(evaluated(evaluateErlangC({ ...EXAMPLE, callsPerInterval: 0, agents: 3 }))).toMatchObject({
      agents: 3,
      occupancy: 0,
      serviceLevel: 1,
      meetsTargets: true,
    });
  });

  it('stays finite and sensible at 1,000 to 100,000 Erlangs', () => {
    for (const erlangs of [1000, 5000, 20_000, 100_000]) {
      const r = staffed(staffErlangC({ ...EXAMPLE, callsPerInterval: erlangs * 10 }));
      expect(r.trafficErlangs).toBe(erlangs);
      for (const v of Object.values(r)) expect(Number.isFinite(v)).toBe(true);
      expect(r.agents).toBeGreaterThan(erlangs);
      // Economies of scale: a few agents above the traffic suffice.
      expect(r.agents).toBeLessThan(erlangs * 1.05 + 10);
      expect(r.serviceLevel).toBeGreaterThanOrEqual(0.8);
      const fewer = evaluated(evaluateErlangC({ ...EXAMPLE, callsPerInterval: erlangs * 10, agents: r.agents - 1 }));
      expect(fewer.serviceLevel).toBeLessThan(0.8);
    }
  });

  it('a target no staffing within the cap meets is a typed outcome naming the missed limit', () => {
    // 100,000 Erlangs at ≤ 5 % occupancy would need 2,000,000 agents: beyond the 1,000,000 cap.
    const o = staffErlangC({ ...EXAMPLE, callsPerInterval: 1_000_000, maxOccupancy: 0.05 });
    expect(o.kind).toBe('unreachable');
    if (o.kind !== 'unreachable') return;
    expect(o.unreachable).toMatchObject({ trafficErlangs: 100_000, agentCap: 1_000_000, unmet: ['occupancy'] });
    expect(o.unreachable.atCap.occupancy).toBeCloseTo(0.1, 12);
  });

  it('refuses traffic beyond what the contract allows', () => {
    expect(() => staffErlangC({ ...EXAMPLE, callsPerInterval: 2_000_000 })).toThrow(RangeError);
  });
});

describe('scheduled agents (shrinkage)', () => {
  it('21 agents at 30 % shrinkage are exactly 30 scheduled, not 31', () => {
    expect(21 / (1 - 0.3)).toBeGreaterThan(30); // the floating-point trap this guards against
    expect(scheduledAgents(21, 0.3)).toBe(30);
    expect(scheduledAgents(14, 0.3)).toBe(20);
    expect(scheduledAgents(22, 0.3)).toBe(32);
    expect(scheduledAgents(0, 0.3)).toBe(0);
    expect(scheduledAgents(17, 0)).toBe(17);
  });

  it('matches integer arithmetic for every whole-percent and per-mille shrinkage', () => {
    const misses: string[] = [];
    for (let pct = 0; pct < 100; pct++) {
      for (let agents = 0; agents <= 1000; agents++) {
        const exact = Math.floor((agents * 100 + (100 - pct) - 1) / (100 - pct));
        if (scheduledAgents(agents, pct / 100) !== exact) misses.push(`${agents} at ${pct} %`);
      }
    }
    for (let pm = 0; pm < 1000; pm++) {
      for (let agents = 1; agents <= 300; agents++) {
        const exact = Math.floor((agents * 1000 + (1000 - pm) - 1) / (1000 - pm));
        if (scheduledAgents(agents, pm / 1000) !== exact) misses.push(`${agents} at ${pm} ‰`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('a shrinkage a hair above a round figure really needs the extra agent', () => {
    // 0.1 + 0.2 is 0.30000000000000004: 21 ÷ 0.69999999999999996 is above 30.
    expect(scheduledAgents(21, 0.1 + 0.2)).toBe(31);
    expect(scheduledAgents(3, 0.25)).toBe(4);
    expect(scheduledAgents(1, 1e-7)).toBe(2);
  });
});

// ---- a truncated birth–death chain, the reference for Erlang A -----------------------------------------

type Chain = { waitProbability: number; abandonRate: number; meanWait: number; serviceLevel: number };

/**
 * M/M/N+M solved as a birth–death chain on 0..K (deaths μ·min(n, N) + θ·max(n − N, 0)). The service
 * level follows a tagged arrival: with k callers ahead it moves up at rate Nμ + kθ, is answered from
 * the head at rate Nμ and abandons at rate θ — solved by uniformization over [0, T].
 */
function chain(p: { lambda: number; mu: number; theta: number; n: number; k: number; t: number }): Chain {
  const { lambda, mu, theta, n, k, t } = p;
  const pi = new Float64Array(k + 1);
  pi[0] = 1;
  for (let s = 1; s <= k; s++) pi[s] = (pi[s - 1]! * lambda) / (mu * Math.min(s, n) + theta * Math.max(s - n, 0));
  const total = pi.reduce((a, b) => a + b, 0);
  for (let s = 0; s <= k; s++) pi[s] = pi[s]! / total;
  let waiting = 0;
  let queue = 0;
  for (let s = n; s <= k; s++) {
    waiting += pi[s]!;
    queue += (s - n) * pi[s]!;
  }
  // Uniformized tagged-caller chain: position j = callers ahead (0..k − n).
  const m = k - n;
  const rate = n * mu + (m + 1) * theta;
  let at = Float64Array.from({ length: m + 1 }, (_, j) => pi[n + j]!);
  let answered = 0;
  let poisson = Math.exp(-rate * t);
  let cumulative = poisson;
  let answeredByJumps = 0; // answered mass after the jumps so far
  let slWait = 0;
  for (let jumps = 1; jumps < 100_000 && cumulative < 1 - 1e-15; jumps++) {
    const next = new Float64Array(m + 1);
    for (let j = 0; j <= m; j++) {
      const mass = at[j]!;
      if (mass === 0) continue;
      const move = (n * mu + j * theta) / rate;
      if (j === 0) answeredByJumps += mass * move;
      else next[j - 1]! += mass * move;
      next[j]! += mass * (1 - move - theta / rate);
    }
    at = next;
    poisson *= (rate * t) / jumps;
    cumulative += poisson;
    slWait += poisson * answeredByJumps;
  }
  answered = slWait;
  return {
    waitProbability: waiting,
    abandonRate: (theta * queue) / lambda,
    meanWait: queue / lambda,
    serviceLevel: 1 - waiting + answered,
  };
}

describe('Erlang A', () => {
  const cases = [
    { name: '10 Erlangs on 14 agents, patience 3 min', calls: 100, aht: 180, n: 14, patience: 180, t: 20 },
    {
      name: '10 Erlangs on 8 agents (fewer than the traffic), patience 1 min',
      calls: 100,
      aht: 180,
      n: 8,
      patience: 60,
      t: 20,
    },
    { name: '10 Erlangs on exactly 10 agents, patience 10 min', calls: 100, aht: 180, n: 10, patience: 600, t: 30 },
    { name: '2.5 Erlangs on 2 agents, patience 30 s', calls: 15, aht: 300, n: 2, patience: 30, t: 10 },
    { name: '100 Erlangs on 95 agents, patience 2 min', calls: 1000, aht: 180, n: 95, patience: 120, t: 20 },
    { name: '100 Erlangs on 110 agents, answer within 60 s', calls: 1000, aht: 180, n: 110, patience: 240, t: 60 },
  ];
  for (const c of cases) {
    it(`agrees with the birth–death chain: ${c.name}`, () => {
      const lambda = c.calls / 1800;
      const ref = chain({ lambda, mu: 1 / c.aht, theta: 1 / c.patience, n: c.n, k: c.n + 600, t: c.t });
      const r = evaluated(
        evaluateErlangA({
          callsPerInterval: c.calls,
          intervalMinutes: 30,
          ahtSeconds: c.aht,
          targetAnswerSeconds: c.t,
          patienceSeconds: c.patience,
          agents: c.n,
        }),
      );
      expect(r.waitProbability).toBeCloseTo(ref.waitProbability, 9);
      expect(r.abandonRate).toBeCloseTo(ref.abandonRate, 9);
      expect(r.asaSeconds).toBeCloseTo(ref.meanWait, 6);
      expect(r.serviceLevel).toBeCloseTo(ref.serviceLevel, 9);
      // Carried load per agent: only answered calls occupy an agent.
      expect(r.occupancy).toBeCloseTo((lambda * c.aht * (1 - ref.abandonRate)) / c.n, 9);
    });
  }

  it('approaches Erlang C as patience grows without end', () => {
    const c = evaluated(evaluateErlangC({ ...EXAMPLE, agents: 14 }));
    let previous = Number.POSITIVE_INFINITY;
    for (const patience of [1e3, 1e5, 1e7, 1e9]) {
      const a = evaluated(evaluateErlangA({ ...EXAMPLE, agents: 14, patienceSeconds: patience }));
      const gap = Math.abs(a.waitProbability - c.waitProbability) + Math.abs(a.asaSeconds - c.asaSeconds) / 100;
      expect(gap).toBeLessThan(previous);
      previous = gap;
    }
    const a = evaluated(evaluateErlangA({ ...EXAMPLE, agents: 14, patienceSeconds: 1e9 }));
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 7);
    expect(a.waitProbability).toBeCloseTo(c.waitProbability, 7);
    expect(a.asaSeconds).toBeCloseTo(c.asaSeconds, 5);
    expect(a.abandonRate).toBeLessThan(1e-8);
  });

  it('may need fewer agents than the traffic: callers who hang up relieve the queue', () => {
    // 10 Erlangs, 80 % within 20 s counted over all calls, impatient callers (30 s).
    const r = staffed(staffErlangA({ ...EXAMPLE, targetServiceLevel: 0.5, patienceSeconds: 30 }));
    expect(r.agents).toBeLessThan(10);
    expect(r.serviceLevel).toBeGreaterThanOrEqual(0.5);
  });

  it('honours a maximum abandonment rate and the occupancy cap', () => {
    const plain = staffed(staffErlangA({ ...EXAMPLE, patienceSeconds: 180 }));
    const fewAbandons = staffed(staffErlangA({ ...EXAMPLE, patienceSeconds: 180, maxAbandonRate: 0.01 }));
    expect(plain.abandonRate).toBeGreaterThan(0.01);
    expect(fewAbandons.abandonRate).toBeLessThanOrEqual(0.01);
    expect(fewAbandons.agents).toBeGreaterThan(plain.agents);
    const capped = staffed(staffErlangA({ ...EXAMPLE, patienceSeconds: 180, maxOccupancy: 0.7 }));
    expect(capped.occupancy).toBeLessThanOrEqual(0.7);
    expect(
      evaluated(evaluateErlangA({ ...EXAMPLE, patienceSeconds: 180, agents: capped.agents - 1 })).occupancy,
    ).toBeGreaterThan(0.7);
  });

  it('no calls need no agents', () => {
    expect(staffed(staffErlangA({ ...EXAMPLE, callsPerInterval: 0, patienceSeconds: 60 }))).toEqual({
      trafficErlangs: 0,
      agents: 0,
      scheduledAgents: 0,
      serviceLevel: 1,
      waitProbability: 0,
      asaSeconds: 0,
      occupancy: 0,
      abandonRate: 0,
    });
  });

  it('stays finite at 1,000+ Erlangs, over- and under-staffed, with short and very long patience', () => {
    for (const erlangs of [1000, 10_000]) {
      for (const patienceSeconds of [30, 1e6]) {
        const q = { ...EXAMPLE, callsPerInterval: erlangs * 10, patienceSeconds };
        const r = staffed(staffErlangA(q));
        for (const v of Object.values(r)) expect(Number.isFinite(v)).toBe(true);
        expect(r.serviceLevel).toBeGreaterThanOrEqual(0.8);
        for (const agents of [Math.round(erlangs * 0.8), erlangs + 50]) {
          const e = evaluated(evaluateErlangA({ ...q, agents }));
          for (const v of Object.values(e)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        }
      }
    }
  });
});

describe('minimal staffing (property)', () => {
  const question = fc.record({
    callsPerInterval: fc.double({ min: 0.5, max: 3000, noNaN: true }),
    intervalMinutes: fc.constantFrom(15, 30, 60),
    ahtSeconds: fc.integer({ min: 20, max: 900 }),
    targetServiceLevel: fc.double({ min: 0.3, max: 0.99, noNaN: true }),
    targetAnswerSeconds: fc.integer({ min: 0, max: 120 }),
    maxOccupancy: fc.double({ min: 0.6, max: 1, noNaN: true }),
    shrinkage: fc.double({ min: 0, max: 0.5, noNaN: true }),
  });

  it('Erlang C: the staffing meets the targets and one agent fewer does not', () => {
    fc.assert(
      fc.property(question, (q) => {
        const r = staffed(staffErlangC(q));
        expect(evaluated(evaluateErlangC({ ...q, agents: r.agents })).meetsTargets).toBe(true);
        const fewer = evaluateErlangC({ ...q, agents: r.agents - 1 });
        if (r.agents > 1 && fewer.kind === 'evaluated') expect(fewer.evaluation.meetsTargets).toBe(false);
        expect(r.scheduledAgents).toBeGreaterThanOrEqual(r.agents);
      }),
      { numRuns: 400, seed: 17 },
    );
  });

  it('Erlang A: the staffing meets the targets, one agent fewer does not, and a scan from 1 agrees', () => {
    const withPatience = fc.record({
      q: question,
      patienceSeconds: fc.integer({ min: 10, max: 1200 }),
      maxAbandonRate: fc.option(fc.double({ min: 0.01, max: 0.3, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(withPatience, ({ q, patienceSeconds, maxAbandonRate }) => {
        const ask = { ...q, callsPerInterval: q.callsPerInterval / 10, patienceSeconds, maxAbandonRate };
        const r = staffed(staffErlangA(ask));
        expect(evaluated(evaluateErlangA({ ...ask, agents: r.agents })).meetsTargets).toBe(true);
        if (r.agents > 1) expect(evaluated(evaluateErlangA({ ...ask, agents: r.agents - 1 })).meetsTargets).toBe(false);
        let scan = 1;
        while (!evaluated(evaluateErlangA({ ...ask, agents: scan })).meetsTargets) scan++;
        expect(scan).toBe(r.agents);
      }),
      { numRuns: 60, seed: 17 },
    );
  });
});

describe('requirement curves', () => {
  it('gives every interval the staffing its own question would get', () => {
    const intervals = [
      { calls: 100, ahtSeconds: 180 },
      { calls: 0, ahtSeconds: 180 },
      { calls: 240, ahtSeconds: 200 },
      { calls: 100, ahtSeconds: 180 },
    ];
    const params = { intervalMinutes: 30, targetServiceLevel: 0.8, targetAnswerSeconds: 20, shrinkage: 0.3 };
    const curve = requirementCurve(intervals, params);
    expect(curve.map((o) => staffed(o).agents)).toEqual(
      intervals.map(
        (i) => staffed(staffErlangC({ ...params, callsPerInterval: i.calls, ahtSeconds: i.ahtSeconds })).agents,
      ),
    );
    expect(curve[0]).toEqual(curve[3]);
    expect(staffed(curve[0]!)).toMatchObject<Partial<ErlangCResponse>>({ agents: 14, scheduledAgents: 20 });

    const a = requirementCurve(intervals, { ...params, patienceSeconds: 180 });
    expect(a[0]).toBe(a[3]); // Erlang A searches are costly: a repeated question is computed once
    expect(staffed(a[2]!)).toEqual(
      staffed(staffErlangA({ ...params, callsPerInterval: 240, ahtSeconds: 200, patienceSeconds: 180 })),
    );
    expect(staffed(a[0]!)).toHaveProperty<ErlangAResponse['abandonRate']>('abandonRate');
  });
});
