import type { ShiftCandidate } from './schedule-candidates';
import { type Solver, workDayLimit } from './schedule-coverage';
import { addRow, coef, emptyModel, type LpModel, lpText, solveModel } from './schedule-lp';
import type { InfeasibleAgent, ScheduleAgent, ScheduleInput, ScheduleWeights } from './schedule-types';

/**
 * Stage 2: named rosters. Each agent first gets a feasible week of their own (a tiny MIP with every
 * labour rule as a hard constraint, once per distinct set of rules), which proves feasibility and is
 * the annealing's first roster; the same rules over all agents make the roster LP (schedule-bound).
 */

/** The hard rules of one agent over their candidates; `x(c)` names the agent's variable for c. */
export function addAgentRules(
  model: LpModel,
  input: ScheduleInput,
  agent: ScheduleAgent,
  prefix: string,
  cands: readonly ShiftCandidate[],
  withMinimum: boolean,
): string[] {
  const n = input.horizon.days.length;
  const x = (c: ShiftCandidate) => `${prefix}_${c.index}`;
  const names = cands.map(x);
  for (const name of names) model.binaries.push(name);
  const byDay: ShiftCandidate[][] = Array.from({ length: n }, () => []);
  for (const c of cands) byDay[c.dayIndex]!.push(c);
  const dayNames = byDay.map((list) => list.map(x));
  for (const list of dayNames) {
    if (list.length > 1) addRow(model, list, ones(list), '<=', 1);
  }
  // Rest: for each end E on day d, the shifts of d ending at E or later and the shifts of a later day
  // starting before E + rest cannot both be worked; one row per distinct end dominates the pairs.
  const rest = input.rules.minRestMinutes;
  for (let d = 0; d < n; d++) {
    const today = byDay[d]!;
    if (!today.length) continue;
    const ends = [...new Set(today.map((c) => c.absEnd))].sort((a, b) => a - b);
    for (let d2 = d + 1; d2 < n; d2++) {
      const later = byDay[d2]!;
      if (!later.some((c) => c.absStart < ends[ends.length - 1]! + rest)) break;
      let previous = -1;
      for (const end of ends) {
        const clash = later.filter((c) => c.absStart < end + rest);
        if (!clash.length || clash.length === previous) continue;
        previous = clash.length;
        // A later, larger end with the same clash set is covered by this row's superset of ends.
        const left = today.filter((c) => c.absEnd >= end).map(x);
        const row = [...left, ...clash.map(x)];
        addRow(model, row, ones(row), '<=', 1);
      }
    }
  }
  // Consecutive days, counting the run that ended the week before.
  const k = input.rules.maxConsecutiveDays;
  const prev = Math.min(k, agent.previous?.consecutiveDaysWorked ?? 0);
  for (let s = -prev; s + k < n; s++) {
    const row: string[] = [];
    let before = 0;
    for (let d = s; d <= s + k; d++) {
      if (d < 0) before++;
      else row.push(...dayNames[d]!);
    }
    if (row.length > k - before) addRow(model, row, ones(row), '<=', k - before);
  }
  const pattern = agent.daysOff ?? input.rules.daysOff ?? {};
  if (pattern.maxWorkDays !== undefined && pattern.maxWorkDays < n)
    addRow(model, names, ones(names), '<=', pattern.maxWorkDays);
  const block = Math.min(n, pattern.minConsecutiveDaysOff ?? 0);
  if (block > 0) {
    // z_s: the days-off block starts on day s. One block is enough; each day is worked or in a block.
    const z = Array.from({ length: n - block + 1 }, (_, s) => `${prefix}z${s}`);
    for (const name of z) model.binaries.push(name);
    addRow(model, z, ones(z), '>=', 1);
    for (let d = 0; d < n; d++) {
      const inBlock = z.filter((_, s) => s <= d && d < s + block);
      const row = [...dayNames[d]!, ...inBlock];
      addRow(model, row, ones(row), '<=', 1);
    }
  }
  const paid = cands.map((c) => c.paidMinutes);
  if (withMinimum && agent.minWeeklyMinutes > 0) addRow(model, names, paid, '>=', agent.minWeeklyMinutes);
  if (cands.length && cands.reduce((s, c) => s + c.paidMinutes, 0) > agent.maxWeeklyMinutes) {
    addRow(model, names, paid, '<=', agent.maxWeeklyMinutes);
  }
  if (withMinimum && agent.minWeeklyMinutes > 0 && !cands.length) {
    // No shift at all: say so to HiGHS with an impossible row rather than an empty model.
    model.rows.push(`r${model.rows.length}: zero >= 1`);
  }
  return names;
}

function ones(list: readonly unknown[]): number[] {
  return list.map(() => 1);
}

export function preferenceCost(agent: ScheduleAgent, c: ShiftCandidate, weekday: number, w: ScheduleWeights): number {
  const p = agent.preferences;
  if (!p) return 0;
  let cost = 0;
  if (p.daysOff?.includes(weekday as never)) cost += w.preferredDayOff;
  if (p.startEarliest !== undefined && c.start < p.startEarliest) {
    cost += ((p.startEarliest - c.start) / 60) * w.preferredStartPerHour;
  }
  if (p.startLatest !== undefined && c.start > p.startLatest) {
    cost += ((c.start - p.startLatest) / 60) * w.preferredStartPerHour;
  }
  return cost;
}

/** The signature of everything that decides whether an agent's week is feasible. */
function rulesKey(agent: ScheduleAgent, eligible: readonly number[]): string {
  return JSON.stringify([
    eligible,
    agent.minWeeklyMinutes,
    agent.maxWeeklyMinutes,
    agent.daysOff ?? null,
    agent.previous?.consecutiveDaysWorked ?? 0,
  ]);
}

export type SeedOutcome =
  | { kind: 'feasible'; seeds: number[][]; seconds: number }
  | { kind: 'infeasible'; agents: InfeasibleAgent[]; seconds: number };

/**
 * One feasible week per agent (a tiny MIP each), which together form a first roster: agent by agent,
 * each takes the stage 1 shifts still open (`open`, counted down) where their rules allow. An agent
 * whose week cannot reach the contracted minimum is reported with the most paid minutes their rules
 * allow. Only `which` agents are solved; the others get an empty week.
 */
export function seedWeeks(
  solver: Solver,
  input: ScheduleInput,
  candidates: readonly ShiftCandidate[],
  eligible: readonly number[][],
  open: Map<number, number>,
  which: readonly number[],
  /** HiGHS's limit for each agent's MIP. */
  secondsEach = 5,
): SeedOutcome {
  const started = performance.now();
  const unreachable = new Map<string, InfeasibleAgent['details']>();
  const seeds: number[][] = input.agents.map(() => []);
  const infeasible: InfeasibleAgent[] = [];
  for (const a of which) {
    const agent = input.agents[a]!;
    const key = rulesKey(agent, eligible[a]!);
    const known = unreachable.get(key);
    if (known) {
      infeasible.push({ agentId: agent.id, code: 'WEEKLY_MINIMUM_UNREACHABLE', details: known });
      continue;
    }
    const cands = eligible[a]!.map((c) => candidates[c]!);
    const model = emptyModel();
    const names = addAgentRules(model, input, agent, 'x', cands, true);
    // An open stage 1 shift is worth its paid hours; any other costs a little, so the week is no
    // longer than its contract needs.
    model.objective.push(
      ...cands.map((c, i) => `+ ${coef((open.get(c.index) ?? 0) > 0 ? -c.paidMinutes / 60 : 0.1)} ${names[i]}`),
    );
    const result = solveModel(solver, lpText(model), { timeLimitSeconds: secondsEach, mipRelGap: 0.01 });
    if (result.values) {
      const week = cands.filter((_, i) => (result.values!.get(names[i]!) ?? 0) > 0.5).map((c) => c.index);
      for (const c of week) if ((open.get(c) ?? 0) > 0) open.set(c, open.get(c)! - 1);
      seeds[a] = week;
      continue;
    }
    const most = emptyModel();
    const mostNames = addAgentRules(most, input, agent, 'x', cands, false);
    most.objective.push(...cands.map((c, i) => `- ${c.paidMinutes} ${mostNames[i]}`));
    const best = cands.length ? solveModel(solver, lpText(most), { timeLimitSeconds: secondsEach }) : undefined;
    const details = {
      maxPaidMinutes: best?.values ? Math.round(-best.objective) : 0,
      minWeeklyMinutes: agent.minWeeklyMinutes,
    };
    unreachable.set(key, details);
    infeasible.push({ agentId: agent.id, code: 'WEEKLY_MINIMUM_UNREACHABLE', details });
  }
  const seconds = (performance.now() - started) / 1000;
  return infeasible.length ? { kind: 'infeasible', agents: infeasible, seconds } : { kind: 'feasible', seeds, seconds };
}

/**
 * An upper bound on an agent's paid minutes over these candidates: the longest shift of each day,
 * on as many days as the days-off pattern allows. Below the contracted minimum, no week exists.
 */
function paidCeiling(input: ScheduleInput, agent: ScheduleAgent, cands: readonly ShiftCandidate[]): number {
  const best = new Array<number>(input.horizon.days.length).fill(0);
  for (const c of cands) best[c.dayIndex] = Math.max(best[c.dayIndex]!, c.paidMinutes);
  best.sort((a, b) => b - a);
  return best.slice(0, workDayLimit(input, agent)).reduce((s, v) => s + v, 0);
}

export type Pools = {
  /** Per agent, the candidates of the joint model. */
  pools: number[][];
  /** Agents who cannot reach their contracted minimum on any shift they may work. */
  unreachable: number[];
};

/**
 * The joint model's candidates for one agent: stage 1's shifts (MIP and LP) and their neighbours (the
 * next start either side, every length) that the agent may work; every shift they may work when
 * those alone cannot make up the contracted minimum.
 */
export function rosterPools(
  input: ScheduleInput,
  candidates: readonly ShiftCandidate[],
  eligible: readonly number[][],
  stageOne: ReadonlySet<number>,
): Pools {
  const near = new Set<number>();
  const byGroup = new Map<string, ShiftCandidate[]>();
  for (const c of candidates) {
    const key = `${c.template.id}|${c.dayIndex}`;
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key)!.push(c);
  }
  for (const index of stageOne) {
    const c = candidates[index]!;
    const group = byGroup.get(`${c.template.id}|${c.dayIndex}`)!;
    const starts = [...new Set(group.map((g) => g.start))].sort((a, b) => a - b);
    const at = starts.indexOf(c.start);
    const keep = new Set([starts[at - 1], c.start, starts[at + 1]]);
    for (const g of group) if (keep.has(g.start)) near.add(g.index);
  }
  const unreachable: number[] = [];
  const pools = eligible.map((list, a) => {
    const agent = input.agents[a]!;
    const pool = list.filter((c) => near.has(c));
    if (
      paidCeiling(
        input,
        agent,
        pool.map((c) => candidates[c]!),
      ) >= agent.minWeeklyMinutes
    )
      return pool;
    if (
      paidCeiling(
        input,
        agent,
        list.map((c) => candidates[c]!),
      ) < agent.minWeeklyMinutes
    )
      unreachable.push(a);
    return [...list];
  });
  return { pools, unreachable };
}
