/** The benchmark's centres (apart from the runner, so a profiler can bundle them with the bare engine). */
import type { SimAgent, SimQueue, SimulationInput } from '../../server/src/modules/wfm/domain/simulation-model';
import { seededRandom } from '../../test/seeded-random';

const INTERVAL_SECONDS = 1800;
export const DAY_INTERVALS = 28;
export const QUEUES = 12;
const SHIFT = 16; // eight hours
/**
 * Offered talk load per agent on shift (wrap-up comes on top): pools this large and overflow keep
 * the service level above 80/20 even so.
 */
const LOAD = Number(process.env.BENCH_LOAD ?? 0.97);

/** The Erlang C example run long: 14 agents, 100 calls per 30 min, AHT 180 s. */
export function erlangExample(replications: number): SimulationInput {
  return {
    intervalSeconds: INTERVAL_SECONDS,
    queues: [
      {
        id: 'hotline',
        strategy: 'longest_idle',
        skills: [],
        volume: Array.from({ length: 41 }, () => 100),
        handle: { kind: 'exponential', mean: 180 },
        patience: null,
      },
    ],
    agents: Array.from({ length: 14 }, (_, i) => ({
      id: `a${i}`,
      skills: {},
      memberships: [{ queueId: 'hotline', priority: 1, delaySeconds: 0 }],
    })),
    replications,
    seed: 'bench',
    warmUpIntervals: 1,
  };
}

/** A 500-agent multi-skill day, staffed for about 85 % occupancy through the day. */
export function multiSkillDay(agentCount: number, replications: number): SimulationInput {
  const rnd = seededRandom(17);
  const pick = (n: number) => Math.floor(rnd() * n);
  const ahtOf = (q: number) => 240 + 20 * (q % 5);
  // Queue shares: a few large queues and a tail of small ones.
  const weights = Array.from({ length: QUEUES }, (_, q) => 1 / (1 + q * 0.4));
  const weightSum = weights.reduce((s, w) => s + w, 0);

  const agents: SimAgent[] = [];
  const onShift = new Array<number>(DAY_INTERVALS).fill(0);
  for (let i = 0; i < agentCount; i++) {
    const skills: Record<string, number> = {};
    // Primary skill by queue size, then 1–3 secondary skills.
    let primary = 0;
    for (let r = rnd() * weightSum; primary < QUEUES - 1 && r > weights[primary]!; primary++) r -= weights[primary]!;
    skills[`s${primary}`] = 3 + pick(3);
    const extra = 1 + pick(3);
    for (let k = 0; k < extra; k++) skills[`s${pick(QUEUES)}`] ??= 1 + pick(5);
    const memberships = Object.keys(skills).map((s) => ({
      queueId: `q${s.slice(1)}`,
      priority: s === `s${primary}` ? 1 : 2,
      delaySeconds: 0,
    }));
    // Starts follow the two-peak demand: more shifts start in the morning.
    const from = Math.min(DAY_INTERVALS - SHIFT, Math.floor(rnd() ** 1.3 * (DAY_INTERVALS - SHIFT + 1)));
    for (let k = from; k < from + SHIFT; k++) onShift[k]!++;
    agents.push({
      id: `agent-${i}`,
      skills,
      memberships,
      wrapUpSeconds: 10 + pick(20),
      shifts: [{ from, to: from + SHIFT }],
    });
  }
  const meanAht = weights.reduce((s, w, q) => s + (w / weightSum) * (ahtOf(q) + 20), 0);
  const queues: SimQueue[] = weights.map((w, q) => ({
    id: `q${q}`,
    strategy: q % 4 === 1 ? 'most_skilled' : 'longest_idle',
    skills: [{ skill: `s${q}`, minLevel: 2 }],
    relaxation: [
      { afterSeconds: 20, maxLevel: 1 },
      { afterSeconds: 60, overflowQueues: [`q${(q + 1) % QUEUES}`] },
    ],
    volume: onShift.map((n) => (LOAD * n * INTERVAL_SECONDS * (w / weightSum)) / meanAht),
    handle: { kind: 'lognormal', mean: ahtOf(q), cv: 0.9 },
    patience: { kind: 'exponential', mean: 150 },
  }));
  return { intervalSeconds: INTERVAL_SECONDS, queues, agents, replications, seed: 'bench-day' };
}
