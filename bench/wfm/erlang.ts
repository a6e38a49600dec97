/**
 * Erlang staffing figures of `npm run bench:wfm` (bench/wfm.ts): single decisions at about
 * 167 Erlangs (Erlang C, and Erlang A for comparison) and the requirement curve of a week of
 * 96 quarter-hours for 50 queues.
 */
import {
  type RequirementInterval,
  requirementCurve,
  staffErlangA,
  staffErlangC,
} from '../../server/src/modules/wfm/domain/erlang';
import { seededRandom } from '../../server/src/platform/random';
import { type BenchContext, median, round } from './section';

/**
 * 1000 calls of 300.6 s in 30 minutes ≈ 167 Erlangs (80/20), nudged per decision so nothing is reused.
 * The questions are object literals: on Node 20 an object spread per call costs more than the search.
 */
const AROUND_167 = { ahtSeconds: 300.6 };

function decisions(count: number, staff: (calls: number) => number): { ms: number; sink: number } {
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) sink += staff(995 + (i % 11));
  return { ms: performance.now() - t0, sink };
}

/** A week of quarter-hours for each queue: a day curve (morning and afternoon peaks), weekends lower. */
export function weekOfIntervals(queues: number): RequirementInterval[] {
  const random = seededRandom('bench-wfm-week');
  const out: RequirementInterval[] = [];
  for (let q = 0; q < queues; q++) {
    const peakCalls = random.int(20, 600); // per quarter-hour at the peak: ~4–160 Erlangs at 240 s
    const aht = random.int(150, 420);
    for (let day = 0; day < 7; day++) {
      const dayFactor = day >= 5 ? 0.45 : 1 - 0.05 * day;
      for (let slot = 0; slot < 96; slot++) {
        const hour = slot / 4;
        const open = hour >= 8 && hour < 22;
        const shape = open
          ? 0.6 * Math.exp(-((hour - 10.5) ** 2) / 3) + 0.5 * Math.exp(-((hour - 15) ** 2) / 5) + 0.2
          : 0.02;
        const calls = Math.round(peakCalls * dayFactor * shape * (0.9 + 0.2 * random.next()));
        out.push({ calls, ahtSeconds: aht + random.int(-10, 10) });
      }
    }
  }
  return out;
}

export async function erlangSection(ctx: BenchContext) {
  const perRound = ctx.quick ? 20_000 : 200_000;
  const traffic = (1000 * AROUND_167.ahtSeconds) / 1800;
  const staffC = (calls: number) => {
    const o = staffErlangC({
      callsPerInterval: calls,
      intervalMinutes: 30,
      ahtSeconds: AROUND_167.ahtSeconds,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 20,
    });
    return o.kind === 'staffed' ? o.staffing.agents : -1;
  };
  decisions(perRound, staffC); // warm-up: the JIT settles
  const cRuns: number[] = [];
  for (let r = 0; r < ctx.rounds; r++) cRuns.push(decisions(perRound, staffC).ms);
  const cMs = median(cRuns);
  ctx.log(`Erlang C: ${perRound} decisions at ${traffic.toFixed(1)} Erlangs, median ${cMs.toFixed(1)} ms`);

  const perRoundA = ctx.quick ? 50 : 500;
  const staffA = (calls: number) => {
    const o = staffErlangA({
      callsPerInterval: calls,
      intervalMinutes: 30,
      ahtSeconds: AROUND_167.ahtSeconds,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 20,
      patienceSeconds: 180,
    });
    return o.kind === 'staffed' ? o.staffing.agents : -1;
  };
  decisions(perRoundA, staffA);
  const aRuns: number[] = [];
  for (let r = 0; r < ctx.rounds; r++) aRuns.push(decisions(perRoundA, staffA).ms);
  const aMs = median(aRuns);
  ctx.log(`Erlang A: ${perRoundA} decisions, median ${aMs.toFixed(1)} ms`);

  const week = weekOfIntervals(50);
  const params = {
    intervalMinutes: 15,
    targetServiceLevel: 0.8,
    targetAnswerSeconds: 20,
    shrinkage: 0.3,
    maxOccupancy: 0.9,
  };
  requirementCurve(week, params);
  const curveRuns: number[] = [];
  let agentHours = 0;
  for (let r = 0; r < ctx.rounds; r++) {
    const t0 = performance.now();
    const curve = requirementCurve(week, params);
    curveRuns.push(performance.now() - t0);
    agentHours = curve.reduce((s, o) => s + (o.kind === 'staffed' ? o.staffing.scheduledAgents : 0), 0) / 4;
  }
  const distinct = new Set(week.map((i) => `${i.calls}|${i.ahtSeconds}`)).size;
  const curveMs = median(curveRuns);
  ctx.log(`requirements: ${week.length} intervals (${distinct} distinct), median ${curveMs.toFixed(1)} ms`);

  return {
    erlangC: {
      trafficErlangs: round(traffic, 2),
      decisions: perRound,
      decisionsPerSecond: Math.round((perRound / cMs) * 1000),
      microsecondsEach: round((cMs * 1000) / perRound, 3),
      targetMicroseconds: 10,
    },
    erlangA: {
      trafficErlangs: round(traffic, 2),
      patienceSeconds: 180,
      decisions: perRoundA,
      decisionsPerSecond: Math.round((perRoundA / aMs) * 1000),
      microsecondsEach: round((aMs * 1000) / perRoundA, 1),
    },
    requirements: {
      intervals: week.length,
      queues: 50,
      distinctQuestions: distinct,
      medianMs: round(curveMs, 2),
      scheduledAgentHours: round(agentHours, 1),
      targetMs: 100,
    },
  };
}
