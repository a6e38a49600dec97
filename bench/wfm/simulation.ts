/**
 * Simulation speed (issue 17, "Proof"): simulated contacts per second of the digital twin, which
 * runs the production ACD engine in virtual time. Target ≥ 1,000,000 contacts per minute, e.g. a
 * day of a 500-agent multi-skill centre in under 15 s.
 *
 * Two scenarios: the Erlang C example (one queue, 14 agents, exponential handle times) as a steady
 * state, and a 500-agent day: 12 queues over 28 half-hours (08:00–22:00) with a two-peak profile,
 * agents with 2–4 skills at levels 1–5 on staggered 8-hour shifts, log-normal handle times, patience,
 * wrap-up, mixed strategies with relaxation and overflow. Contacts per second is contacts over the
 * wall time of `simulateCenter` (engine and simulation together, one core); the CPU seconds beside
 * it tell a run slowed by a busy machine from a slow simulation.
 * Exported for bench:wfm (`benchSimulation()`), runnable alone:
 *   npx tsx -e "import('./bench/wfm/simulation.ts').then(m=>m.benchSimulation()).then(r=>console.log(JSON.stringify(r)))"
 */
import type { SimulationInput } from '../../server/src/modules/wfm/domain/simulation-model';
import { simulateCenter } from '../../server/src/modules/wfm/wfm.simulation';
import { DAY_INTERVALS, erlangExample, multiSkillDay, QUEUES } from './simulation-scenarios';

type Timed = { result: { contacts: number }; seconds: number; cpuSeconds: number };

function timed(input: SimulationInput) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = simulateCenter(input);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { result, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const speed = (r: Timed) => ({
  seconds: round(r.seconds),
  cpuSeconds: round(r.cpuSeconds),
  contactsPerSecond: Math.round(r.result.contacts / r.seconds),
  contactsPerMinute: Math.round((r.result.contacts / r.seconds) * 60),
});

export async function benchSimulation(): Promise<object> {
  timed(erlangExample(1)); // warm the JIT
  const steady = timed(erlangExample(10));
  const day = timed(multiSkillDay(500, 1));
  const days = timed(multiSkillDay(500, 5));
  return {
    target: { contactsPerMinute: 1_000_000, dayOf500AgentsSeconds: 15 },
    erlangExample: {
      contacts: steady.result.contacts,
      ...speed(steady),
      serviceLevel: round(steady.result.total.serviceLevel?.mean ?? Number.NaN),
    },
    multiSkillDay: {
      agents: 500,
      queues: QUEUES,
      intervals: DAY_INTERVALS,
      contactsPerDay: Math.round(days.result.contacts / 5),
      oneDay: { seconds: round(day.seconds), cpuSeconds: round(day.cpuSeconds) },
      fiveReplications: speed(days),
      serviceLevel: round(days.result.total.serviceLevel?.mean ?? Number.NaN),
      abandonRate: round(days.result.total.abandonRate?.mean ?? Number.NaN),
      occupancy: round(days.result.total.occupancy?.mean ?? Number.NaN),
    },
  };
}
