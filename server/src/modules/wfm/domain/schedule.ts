import { annealRoster } from './schedule-anneal';
import { anyPlacement, placedBreaks } from './schedule-breaks';
import { agentCanWork, listCandidates, MINUTES_PER_DAY } from './schedule-candidates';
import { flattenRequired, intervalCost, planCoverage } from './schedule-coverage';
import { improveRoster } from './schedule-local';
import { loadSolver } from './schedule-lp';
import { rosterPools, seedWeeks } from './schedule-roster';
import {
  DEFAULT_WEIGHTS,
  type InvalidInput,
  type RosterShift,
  type ScheduleInput,
  type ScheduleOptions,
  type ScheduleOutcome,
  type ScheduleResult,
  type ScheduleWeights,
} from './schedule-types';

/**
 * Schedules a horizon (issue 17): (1) shift counts covering the requirement curve, (2) named rosters
 * under every labour rule, (3) breaks where they hurt coverage least. Expected outcomes — invalid
 * input, an agent whose contract cannot be met, no solution in time — are values, not exceptions.
 */
export async function scheduleWeek(input: ScheduleInput, options: ScheduleOptions = {}): Promise<ScheduleOutcome> {
  const started = performance.now();
  const problems = checkInput(input, options.breakStepMinutes ?? 15);
  if (problems.length) return { status: 'invalid', problems };
  const solver = await loadSolver();
  const budget = options.timeLimitSeconds ?? 50;
  const gap = options.mipRelGap ?? 0.005;
  const step = options.breakStepMinutes ?? 15;
  const weights: ScheduleWeights = { ...DEFAULT_WEIGHTS, ...input.weights };
  const left = () => budget - (performance.now() - started) / 1000;

  const candidates = listCandidates(input);
  const eligible = input.agents.map((agent) =>
    candidates.filter((c) => agentCanWork(input, agent, c)).map((c) => c.index),
  );
  options.onStage?.('coverage');
  const plan = planCoverage(solver, input, candidates, eligible, weights, {
    // The bound must be proven: a short budget still gives the LP most of it (a first HiGHS solve in
    // a process, on a loaded machine, has taken seconds even on a small week).
    lpSeconds: Math.max(budget * 0.3, Math.min(budget * 0.8, 10)),
    // The coverage MIP's counts gave the annealing no better start than the LP's rounded, in 5 s.
    mipSeconds: 0,
    mipRelGap: gap,
    breakStep: step,
  });
  const stages: ScheduleResult['stages'] = [...plan.stages];
  const stageOne = new Set([...plan.counts.keys(), ...plan.lpSupport]);
  const { unreachable } = rosterPools(input, candidates, eligible, stageOne);
  if (unreachable.length) {
    const seeded = seedWeeks(solver, input, candidates, eligible, new Map(), unreachable);
    if (seeded.kind === 'infeasible') return { status: 'infeasible', agents: seeded.agents };
  }
  if (Number.isNaN(plan.lpBound)) return { status: 'no_solution', reason: `coverage LP: ${plan.stages[0]!.status}` };
  // Every agent's own week: proves the rules can be met and gives the joint model a first roster.
  const all = input.agents.map((_, a) => a);
  // Agents with the fewest choices first: the flexible ones fill what is left.
  all.sort((p, q) => eligible[p]!.length - eligible[q]!.length);
  options.onStage?.('agent-weeks');
  // HiGHS has overrun its limit before: each tiny MIP gets a slice of what is left, not 5 s flat.
  const seeded = seedWeeks(solver, input, candidates, eligible, new Map(plan.counts), all, clamp(left() / 8, 0.5, 5));
  stages.push({ name: 'agent-weeks', status: seeded.kind, seconds: seeded.seconds });
  if (seeded.kind === 'infeasible') return { status: 'infeasible', agents: seeded.agents };

  // Simulated annealing from the seeds, on flat arrays priced move by move: the bulk of the budget.
  // (An agent-by-agent MIP search and a joint roster MIP did worse here in more time: the joint MIP
  // over 200 agents is too big for single-threaded WebAssembly to improve within a minute.)
  options.onStage?.('agent-search');
  const initial = seeded.seeds.flatMap((week, agent) => week.map((candidate) => ({ agent, candidate, offsets: [] })));
  const annealed = annealRoster(input, candidates, eligible, initial, weights, {
    seconds: Math.max(0.5, left() - LOCAL_SECONDS),
    breakStep: step,
  });
  stages.push({
    name: `agent-search (${annealed.moves} moves)`,
    status: 'improved',
    seconds: annealed.seconds,
    objective: annealed.objective,
  });
  // Steepest single-shift moves with every break re-placed: what the annealing's last random steps missed.
  options.onStage?.('local-search');
  const local = improveRoster(input, candidates, eligible, annealed.shifts, weights, {
    seconds: Math.max(0.2, Math.min(LOCAL_SECONDS, left() - 0.3)),
    breakStep: step,
  });
  stages.push({
    name: `local-search (${local.moves} moves)`,
    status: 'improved',
    seconds: local.seconds,
    objective: local.objective,
  });
  const required = flattenRequired(input);
  const { intervalMinutes } = input.horizon;

  const chosen = local.shifts.map((s) => ({ ...s, c: candidates[s.candidate]! }));
  chosen.sort((p, q) => p.agent - q.agent || p.c.absStart - q.c.absStart);
  const shifts: RosterShift[] = chosen.map(({ agent, c, offsets }) => ({
    agentId: input.agents[agent]!.id,
    templateId: c.template.id,
    date: input.horizon.days[c.dayIndex]!.date,
    start: c.start,
    lengthMinutes: c.length,
    paidMinutes: c.paidMinutes,
    breaks: placedBreaks(c.template, c.start, offsets),
  }));
  const cost = chosen.reduce((s, { c }) => s + weights.costPerPaidHour * c.cost, 0);
  const hours = intervalMinutes / 60;
  const objective = coverageObjective(required, local.present, weights, hours) + cost;
  let under = 0;
  let over = 0;
  required.forEach((req, t) => {
    const d = local.present[t]! - req;
    if (d < 0) under -= d * hours;
    else over += d * hours;
  });
  const perDay = MINUTES_PER_DAY / intervalMinutes;
  return {
    status: 'scheduled',
    roster: { shifts },
    shiftCounts: [...shiftCounts(local.shifts)].map(([index, count]) => {
      const c = candidates[index]!;
      const date = input.horizon.days[c.dayIndex]!.date;
      return { templateId: c.template.id, date, start: c.start, lengthMinutes: c.length, count };
    }),
    gap: {
      objective: round(objective),
      lpBound: round(plan.lpBound),
      gapPercent: round(objective > 0 ? (100 * (objective - plan.lpBound)) / objective : 0),
    },
    coverage: {
      underAgentHours: round(under),
      overAgentHours: round(over),
      scheduled: input.horizon.days.map((_, d) =>
        Array.from(local.present.subarray(d * perDay, (d + 1) * perDay), (v) => round(v)),
      ),
    },
    stages,
  };
}

/** Seconds kept for the local search at the end. */
const LOCAL_SECONDS = 0.5;

function shiftCounts(shifts: readonly { candidate: number }[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const s of [...shifts].sort((p, q) => p.candidate - q.candidate)) {
    counts.set(s.candidate, (counts.get(s.candidate) ?? 0) + 1);
  }
  return counts;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

function coverageObjective(
  required: readonly number[],
  present: Float64Array,
  weights: ScheduleWeights,
  hours: number,
): number {
  return required.reduce((s, req, t) => s + intervalCost(req, present[t]!, weights, hours), 0);
}

function checkInput(input: ScheduleInput, step: number): InvalidInput[] {
  const out: InvalidInput[] = [];
  const { days, intervalMinutes, required } = input.horizon;
  const perDay = MINUTES_PER_DAY / intervalMinutes;
  if (!days.length) out.push({ path: 'horizon.days', code: 'EMPTY' });
  days.forEach((d, i) => {
    const prev = days[i - 1];
    if (prev && Date.parse(`${d.date}T00:00:00Z`) - Date.parse(`${prev.date}T00:00:00Z`) !== 86_400_000) {
      out.push({ path: `horizon.days.${i}.date`, code: 'NOT_CONSECUTIVE' });
    }
  });
  if (required.length !== days.length || required.some((r) => r.length !== perDay)) {
    out.push({ path: 'horizon.required', code: 'WRONG_SHAPE' });
  }
  if (required.some((r) => r.some((v) => !Number.isFinite(v) || v < 0))) {
    out.push({ path: 'horizon.required', code: 'NOT_A_COUNT' });
  }
  const ids = new Set<string>();
  input.templates.forEach((t, i) => {
    if (ids.has(t.id)) out.push({ path: `templates.${i}.id`, code: 'DUPLICATE' });
    ids.add(t.id);
    if (new Set(t.breaks.map((b) => b.name)).size !== t.breaks.length) {
      out.push({ path: `templates.${i}.breaks`, code: 'DUPLICATE_NAME' });
    }
    t.lengthsMinutes.forEach((length, j) => {
      if (length <= 0 || length > MINUTES_PER_DAY)
        out.push({ path: `templates.${i}.lengthsMinutes.${j}`, code: 'OUT_OF_RANGE' });
      else if (!anyPlacement(t.breaks, length, step)) {
        out.push({ path: `templates.${i}.lengthsMinutes.${j}`, code: 'BREAKS_DO_NOT_FIT' });
      }
    });
    t.startWindows.forEach((w, j) => {
      if (w.earliest < 0 || w.latest >= MINUTES_PER_DAY || w.earliest > w.latest || w.step <= 0) {
        out.push({ path: `templates.${i}.startWindows.${j}`, code: 'OUT_OF_RANGE' });
      }
    });
  });
  input.agents.forEach((a, i) => {
    a.templateIds.forEach((id, j) => {
      if (!ids.has(id)) out.push({ path: `agents.${i}.templateIds.${j}`, code: 'UNKNOWN_TEMPLATE' });
    });
    if (a.minWeeklyMinutes > a.maxWeeklyMinutes) out.push({ path: `agents.${i}.minWeeklyMinutes`, code: 'ABOVE_MAX' });
  });
  return out;
}
