import { breakColumns, type ShiftCandidate } from './schedule-candidates';
import { addRow, coef, emptyModel, type LpModel, type LpSolution, lpText, solveModel } from './schedule-lp';
import type { ScheduleAgent, ScheduleInput, ScheduleWeights } from './schedule-types';

/**
 * Stage 1: how many agents to staff on each candidate shift, minimising weighted under-coverage, then
 * over-coverage, then cost. Agents are not named yet, but their totals are: per day and template no
 * more shifts than agents who can work them, paid hours between the sum of the contracts' minima and
 * maxima, working days within the days-off patterns. Every roster satisfies these, so this model's LP
 * relaxation bounds every roster's coverage objective from below.
 */
export type CoveragePlan = {
  /** Shifts per candidate: the MIP's, or the LP's rounded when the MIP is given no time. */
  counts: Map<number, number>;
  /** Candidates the LP relaxation uses: the roster stage looks at these too. */
  lpSupport: Set<number>;
  lpBound: number;
  stages: { name: string; status: string; seconds: number; objective?: number }[];
};

export type Solver = Parameters<typeof solveModel>[0];

export function flattenRequired(input: ScheduleInput): number[] {
  return input.horizon.required.flat();
}

/** The weighted under- and over-coverage of one interval, in objective units. */
export function intervalCost(required: number, present: number, weights: ScheduleWeights, hours: number): number {
  const d = present - required;
  return d < 0 ? -d * weights.underPerAgentHour * hours : d * weights.overPerAgentHour * hours;
}

/** Coverage variables u (under) and o (over) per interval, and their objective terms. */
export function addCoverageRows(
  model: LpModel,
  required: readonly number[],
  terms: CoverageTerms,
  weights: ScheduleWeights,
  hours: number,
): void {
  required.forEach((req, t) => {
    const row = terms[t] ?? { names: [], coefs: [] };
    addRow(model, [...row.names, `u${t}`, `o${t}`], [...row.coefs, 1, -1], '=', req);
    model.objective.push(
      `+ ${coef(weights.underPerAgentHour * hours)} u${t} + ${coef(weights.overPerAgentHour * hours)} o${t}`,
    );
  });
}

export type CoverageTerms = { names: string[]; coefs: number[] }[];

/**
 * A candidate's presence and its breaks in the coverage rows: `count` names the variables whose sum
 * is the number of agents working it (y in stage 1, one x per agent in the roster).
 */
export function addCandidateCoverage(
  model: LpModel,
  terms: CoverageTerms,
  c: ShiftCandidate,
  count: readonly string[],
  intervalMinutes: number,
  step: number,
): void {
  for (const name of count) {
    c.coverIndex.forEach((t, i) => {
      terms[t]!.names.push(name);
      terms[t]!.coefs.push(c.coverValue[i]!);
    });
  }
  breakColumns(c, intervalMinutes, terms.length, step).forEach((starts, r) => {
    const names = starts.map((_, k) => `b${c.index}_${r}_${k}`);
    addRow(model, [...names, ...count], [...names.map(() => 1), ...count.map(() => -1)], '=', 0);
    starts.forEach((col, k) => {
      col.index.forEach((t, i) => {
        terms[t]!.names.push(names[k]!);
        terms[t]!.coefs.push(-col.value[i]!);
      });
    });
  });
}

export function workDayLimit(input: ScheduleInput, agent: ScheduleAgent): number {
  const n = input.horizon.days.length;
  const pattern = agent.daysOff ?? input.rules.daysOff ?? {};
  const off = Math.min(n, pattern.minConsecutiveDaysOff ?? 0);
  return Math.min(n - off, pattern.maxWorkDays ?? n);
}

/**
 * One agent works one shift a day, so an interval holds at most the agents who could be there, and a
 * time of day over the week at most Σ min(work days, days the agent could be there). Without these
 * the template caps count an agent once per template and the bound is far too hopeful.
 */
function addPresenceCaps(
  model: LpModel,
  input: ScheduleInput,
  candidates: readonly ShiftCandidate[],
  used: readonly ShiftCandidate[],
  eligible: readonly number[][],
): void {
  const intervals = input.horizon.required.flat().length;
  const perDay = intervals / input.horizon.days.length;
  const atInterval = new Int32Array(intervals);
  const atSlot = new Float64Array(perDay);
  eligible.forEach((list, a) => {
    const mark = new Uint8Array(intervals);
    for (const c of list) for (const t of candidates[c]!.coverIndex) mark[t] = 1;
    const days = new Int32Array(perDay);
    mark.forEach((m, t) => {
      if (!m) return;
      atInterval[t]!++;
      days[t % perDay]!++;
    });
    const limit = workDayLimit(input, input.agents[a]!);
    days.forEach((n, k) => {
      atSlot[k]! += Math.min(n, limit);
    });
  });
  const byInterval: string[][] = Array.from({ length: intervals }, () => []);
  const bySlot: Set<string>[] = Array.from({ length: perDay }, () => new Set());
  for (const c of used) {
    for (const t of c.coverIndex) {
      byInterval[t]!.push(`y${c.index}`);
      bySlot[t % perDay]!.add(`y${c.index}`);
    }
  }
  byInterval.forEach((names, t) => {
    addRow(
      model,
      names,
      names.map(() => 1),
      '<=',
      atInterval[t]!,
    );
  });
  // A shift that crosses midnight covers a slot of the next day: it counts once per slot all the same.
  bySlot.forEach((set, k) => {
    const names = [...set];
    addRow(
      model,
      names,
      names.map(() => 1),
      '<=',
      atSlot[k]!,
    );
  });
}

export function planCoverage(
  solver: Solver,
  input: ScheduleInput,
  candidates: readonly ShiftCandidate[],
  eligible: readonly number[][],
  weights: ScheduleWeights,
  limits: { lpSeconds: number; mipSeconds: number; mipRelGap: number; breakStep: number },
): CoveragePlan {
  const required = flattenRequired(input);
  const hours = input.horizon.intervalMinutes / 60;
  const model = emptyModel();
  const canWork = new Int32Array(candidates.length);
  const byDayTemplate = new Map<string, Set<number>>();
  const byDay = new Map<number, Set<number>>();
  eligible.forEach((list, a) => {
    for (const c of list) {
      canWork[c]!++;
      const cand = candidates[c]!;
      const key = `${cand.dayIndex}|${cand.template.id}`;
      if (!byDayTemplate.has(key)) byDayTemplate.set(key, new Set());
      byDayTemplate.get(key)!.add(a);
      if (!byDay.has(cand.dayIndex)) byDay.set(cand.dayIndex, new Set());
      byDay.get(cand.dayIndex)!.add(a);
    }
  });
  const used = candidates.filter((c) => canWork[c.index]! > 0);
  const terms: CoverageTerms = required.map(() => ({ names: [], coefs: [] }));
  const groups = new Map<string, string[]>();
  const days = new Map<number, string[]>();
  const allNames: string[] = [];
  const paid: number[] = [];
  for (const c of used) {
    const name = `y${c.index}`;
    allNames.push(name);
    paid.push(c.paidMinutes);
    model.generals.push(name);
    model.bounds.push(`${name} <= ${canWork[c.index]}`);
    model.objective.push(`+ ${coef(weights.costPerPaidHour * c.cost)} ${name}`);
    addCandidateCoverage(model, terms, c, [name], input.horizon.intervalMinutes, limits.breakStep);
    const key = `${c.dayIndex}|${c.template.id}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(name);
    if (!days.has(c.dayIndex)) days.set(c.dayIndex, []);
    days.get(c.dayIndex)!.push(name);
  }
  addCoverageRows(model, required, terms, weights, hours);
  for (const [key, names] of groups) {
    addRow(
      model,
      names,
      names.map(() => 1),
      '<=',
      byDayTemplate.get(key)!.size,
    );
  }
  for (const [day, names] of days) {
    addRow(
      model,
      names,
      names.map(() => 1),
      '<=',
      byDay.get(day)!.size,
    );
  }
  const minTotal = input.agents.reduce((s, a) => s + a.minWeeklyMinutes, 0);
  const maxTotal = input.agents.reduce((s, a) => s + a.maxWeeklyMinutes, 0);
  addRow(model, allNames, paid, '>=', minTotal);
  addRow(model, allNames, paid, '<=', maxTotal);
  const workDays = input.agents.reduce((s, a) => s + workDayLimit(input, a), 0);
  addRow(
    model,
    allNames,
    allNames.map(() => 1),
    '<=',
    workDays,
  );
  addPresenceCaps(model, input, candidates, used, eligible);

  const lp = solveModel(solver, lpText(model, true), { timeLimitSeconds: limits.lpSeconds });
  const stages: CoveragePlan['stages'] = [
    { name: 'coverage-lp', status: lp.status, seconds: lp.seconds, objective: lp.objective },
  ];
  const lpSupport = new Set<number>();
  if (lp.values) for (const c of used) if ((lp.values.get(`y${c.index}`) ?? 0) > 1e-6) lpSupport.add(c.index);
  // The LP rounded to the nearest whole is usually feasible and good: the MIP starts from it.
  const start = new Map<string, number>();
  if (lp.values) for (const c of used) start.set(`y${c.index}`, Math.round(lp.values.get(`y${c.index}`) ?? 0));
  const counts = new Map<number, number>();
  for (const [name, v] of start) if (v > 0) counts.set(Number(name.slice(1)), v);
  if (limits.mipSeconds > 0) {
    const mip: LpSolution = solveModel(solver, lpText(model), {
      timeLimitSeconds: limits.mipSeconds,
      mipRelGap: limits.mipRelGap,
      start,
    });
    stages.push({ name: 'coverage-mip', status: mip.status, seconds: mip.seconds, objective: mip.objective });
    if (mip.values) {
      counts.clear();
      for (const c of used) {
        const v = Math.round(mip.values.get(`y${c.index}`) ?? 0);
        if (v > 0) counts.set(c.index, v);
      }
    }
  }
  // Only an optimal LP is a bound; otherwise report none rather than a wrong one.
  const lpBound = lp.status === 'Optimal' ? lp.objective : Number.NaN;
  return { counts, lpSupport, lpBound, stages };
}
