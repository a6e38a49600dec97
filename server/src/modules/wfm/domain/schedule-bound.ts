import { agentCanWork, listCandidates } from './schedule-candidates';
import { addCandidateCoverage, addCoverageRows, type CoverageTerms, flattenRequired } from './schedule-coverage';
import { coef, emptyModel, loadSolver, lpText, solveModel } from './schedule-lp';
import { addAgentRules } from './schedule-roster';
import { DEFAULT_WEIGHTS, type ScheduleInput, type ScheduleWeights } from './schedule-types';

/**
 * The LP relaxation of the whole roster model: one 0–1 variable per agent and shift they may work,
 * every agent's labour rules as rows (one shift a day, rest, consecutive days, days-off pattern,
 * contracted minutes), coverage with continuous break columns, objective as the reported one
 * (weighted under- and over-coverage and paid cost, no preferences). Every valid roster is a point
 * of it, so its optimum bounds the objective from below, and it is tighter than the coverage LP,
 * which counts agents only in totals. It takes tens of seconds on 200 agents in WebAssembly, more
 * than the schedule's own budget allows: the benchmark computes it beside the run to tell how much
 * of the gap is the coverage LP's weakness. NaN when HiGHS does not prove it optimal in time.
 */
export async function rosterLpBound(
  input: ScheduleInput,
  options: { timeLimitSeconds: number; breakStepMinutes?: number },
): Promise<{ bound: number; status: string; seconds: number }> {
  const solver = await loadSolver();
  const weights: ScheduleWeights = { ...DEFAULT_WEIGHTS, ...input.weights };
  const step = options.breakStepMinutes ?? 15;
  const candidates = listCandidates(input);
  const required = flattenRequired(input);
  const model = emptyModel();
  const terms: CoverageTerms = required.map(() => ({ names: [], coefs: [] }));
  const working = new Map<number, string[]>();
  input.agents.forEach((agent, a) => {
    const cands = candidates.filter((c) => agentCanWork(input, agent, c));
    const names = addAgentRules(model, input, agent, `x${a}`, cands, true);
    cands.forEach((c, i) => {
      model.objective.push(`+ ${coef(weights.costPerPaidHour * c.cost)} ${names[i]}`);
      const list = working.get(c.index) ?? [];
      list.push(names[i]!);
      working.set(c.index, list);
    });
  });
  for (const [index, names] of working) {
    addCandidateCoverage(model, terms, candidates[index]!, names, input.horizon.intervalMinutes, step);
  }
  addCoverageRows(model, required, terms, weights, input.horizon.intervalMinutes / 60);
  const lp = solveModel(solver, lpText(model, true), { timeLimitSeconds: options.timeLimitSeconds });
  return { bound: lp.status === 'Optimal' ? lp.objective : Number.NaN, status: lp.status, seconds: lp.seconds };
}
