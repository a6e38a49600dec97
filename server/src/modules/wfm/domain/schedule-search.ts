import { breakColumns, type ShiftCandidate } from './schedule-candidates';
import { flattenRequired, type Solver } from './schedule-coverage';
import { addRow, coef, emptyModel, lpText, solveModel } from './schedule-lp';
import { addAgentRules, preferenceCost } from './schedule-roster';
import type { ScheduleInput, ScheduleWeights } from './schedule-types';

/**
 * Rosters by agent: each agent's week is a small MIP against what the others leave uncovered (their
 * rules hard, coverage soft), solved agent after agent and then again in passes until nothing
 * improves or time runs out. A joint MIP over 200 agents is too big for single-threaded WebAssembly
 * to improve in a minute; this block-coordinate search keeps every rule exact and never gets worse,
 * since each agent's current week is a start of its own MIP. Breaks count as their expected share.
 */
export type SearchResult = { weeks: number[][]; passes: number; objective: number; seconds: number };

/** Presence per interval with each break spread evenly over its placement starts. */
function expectedCover(c: ShiftCandidate, intervalMinutes: number, intervals: number, step: number) {
  const cover = new Map<number, number>();
  c.coverIndex.forEach((t, i) => {
    cover.set(t, c.coverValue[i]!);
  });
  for (const starts of breakColumns(c, intervalMinutes, intervals, step)) {
    for (const col of starts) {
      col.index.forEach((t, i) => {
        cover.set(t, (cover.get(t) ?? 0) - col.value[i]! / starts.length);
      });
    }
  }
  return cover;
}

export function searchRoster(
  solver: Solver,
  input: ScheduleInput,
  candidates: readonly ShiftCandidate[],
  eligible: readonly number[][],
  initial: readonly number[][],
  order: readonly number[],
  weights: ScheduleWeights,
  limits: { seconds: number; breakStep: number },
): SearchResult {
  const started = performance.now();
  const required = flattenRequired(input);
  const hours = input.horizon.intervalMinutes / 60;
  const covers = new Map<number, Map<number, number>>();
  const coverOf = (c: number) => {
    let cover = covers.get(c);
    if (!cover) {
      cover = expectedCover(candidates[c]!, input.horizon.intervalMinutes, required.length, limits.breakStep);
      covers.set(c, cover);
    }
    return cover;
  };
  const present = new Float64Array(required.length);
  const apply = (week: readonly number[], sign: number) => {
    for (const c of week) for (const [t, v] of coverOf(c)) present[t]! += sign * v;
  };
  const weeks = initial.map((w) => [...w]);
  for (const w of weeks) apply(w, 1);
  const total = () => {
    let s = 0;
    required.forEach((req, t) => {
      const d = present[t]! - req;
      s += d < 0 ? -d * weights.underPerAgentHour * hours : d * weights.overPerAgentHour * hours;
    });
    for (const w of weeks) for (const c of w) s += weights.costPerPaidHour * candidates[c]!.cost;
    return s;
  };
  let objective = total();
  let passes = 0;
  const elapsed = () => (performance.now() - started) / 1000;
  while (elapsed() < limits.seconds) {
    passes++;
    const before = objective;
    for (const a of order) {
      if (elapsed() >= limits.seconds) break;
      const agent = input.agents[a]!;
      apply(weeks[a]!, -1);
      const cands = eligible[a]!.map((c) => candidates[c]!);
      const model = emptyModel();
      const names = addAgentRules(model, input, agent, 'x', cands, true);
      const terms = new Map<number, { names: string[]; coefs: number[] }>();
      cands.forEach((c, i) => {
        const weekday = input.horizon.days[c.dayIndex]!.weekday;
        const cost = weights.costPerPaidHour * c.cost + preferenceCost(agent, c, weekday, weights);
        model.objective.push(`+ ${coef(cost)} ${names[i]}`);
        for (const [t, v] of coverOf(c.index)) {
          const row = terms.get(t) ?? { names: [], coefs: [] };
          row.names.push(names[i]!);
          row.coefs.push(v);
          terms.set(t, row);
        }
      });
      for (const [t, row] of terms) {
        // The others' coverage is fixed: this agent fills the residual requirement of the interval.
        addRow(model, [...row.names, `u${t}`, `o${t}`], [...row.coefs, 1, -1], '=', required[t]! - present[t]!);
        model.objective.push(`+ ${coef(weights.underPerAgentHour * hours)} u${t}`);
        model.objective.push(`+ ${coef(weights.overPerAgentHour * hours)} o${t}`);
      }
      const start = new Map(cands.map((c, i) => [names[i]!, weeks[a]!.includes(c.index) ? 1 : 0]));
      const result = solveModel(solver, lpText(model), { timeLimitSeconds: 2, mipRelGap: 1e-4, start });
      if (result.values) {
        weeks[a] = cands.filter((_, i) => (result.values!.get(names[i]!) ?? 0) > 0.5).map((c) => c.index);
      }
      apply(weeks[a]!, 1);
    }
    objective = total();
    if (objective > before - 1e-6 * Math.max(1, before)) break;
  }
  return { weeks, passes, objective, seconds: elapsed() };
}
