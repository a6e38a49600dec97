import { anyPlacement, overlapsOthers } from './schedule-breaks';
import { breakStarts, type ShiftCandidate } from './schedule-candidates';
import { flattenRequired, intervalCost } from './schedule-coverage';
import { preferenceCost } from './schedule-roster';
import type { ScheduleAgent, ScheduleInput, ScheduleWeights } from './schedule-types';

/**
 * Local search on a roster with its breaks placed, against the coverage objective itself: for one
 * agent at a time, replace one of their shifts by another they may work, add a shift or drop one,
 * whenever the agent's week still obeys every hard rule and the objective falls; a new shift's
 * breaks go where they cost least, and between passes every break moves to its best place. Each move
 * is priced on the intervals it touches, so a pass over 200 agents takes a fraction of a second, and
 * the roster never gets worse. It reaches what a time-limited MIP leaves on the table.
 */
export type LocalShift = { agent: number; candidate: number; offsets: number[] };

export type LocalResult = {
  shifts: LocalShift[];
  /** Agents present per horizon interval after breaks. */
  present: Float64Array;
  moves: number;
  /** Coverage cost, paid cost and preferences of the result. */
  objective: number;
  seconds: number;
};

export type RosterState = {
  weeks: LocalShift[][];
  present: Float64Array;
  /** The objective of the roster as it stands. */
  objective(): number;
  /** Takes a shift off (sign -1) or puts it back (sign 1) with its breaks; the change in objective. */
  toggle(s: LocalShift, sign: number): number;
  /** Puts a candidate on with its breaks each placed greedily; the change in objective. */
  add(s: LocalShift): number;
  /** Every break to its best place given all others. */
  settleBreaks(): void;
};

/** Presence, its cost and the agents' weeks, changed move by move and priced on what each touches. */
export function rosterState(
  input: ScheduleInput,
  candidates: readonly ShiftCandidate[],
  initial: readonly LocalShift[],
  weights: ScheduleWeights,
  breakStep: number,
): RosterState {
  const required = flattenRequired(input);
  const { intervalMinutes } = input.horizon;
  const hours = intervalMinutes / 60;
  const present = new Float64Array(required.length);
  // Adds `delta` agents over horizon minutes [from, to) and returns the change in coverage cost.
  const move = (from: number, to: number, delta: number) => {
    let cost = 0;
    for (let t = Math.floor(from / intervalMinutes); t < required.length && t * intervalMinutes < to; t++) {
      const share = Math.min(to, (t + 1) * intervalMinutes) - Math.max(from, t * intervalMinutes);
      if (share <= 0) continue;
      const before = intervalCost(required[t]!, present[t]!, weights, hours);
      present[t]! += (delta * share) / intervalMinutes;
      cost += intervalCost(required[t]!, present[t]!, weights, hours) - before;
    }
    return cost;
  };
  const ownCost = (s: LocalShift) => {
    const c = candidates[s.candidate]!;
    const weekday = input.horizon.days[c.dayIndex]!.weekday;
    return weights.costPerPaidHour * c.cost + preferenceCost(input.agents[s.agent]!, c, weekday, weights);
  };
  const breakCost = (c: ShiftCandidate, r: number, at: number, sign: number) => {
    const from = c.absStart + at;
    return move(from, from + c.template.breaks[r]!.minutes, -sign);
  };
  const toggle = (s: LocalShift, sign: number) => {
    const c = candidates[s.candidate]!;
    let cost = move(c.absStart, c.absEnd, sign) + sign * ownCost(s);
    s.offsets.forEach((at, r) => {
      cost += breakCost(c, r, at, sign);
    });
    return cost;
  };
  // The best place of break r of a placed shift, the others held.
  const bestBreak = (s: LocalShift, r: number) => {
    const c = candidates[s.candidate]!;
    const rule = c.template.breaks[r]!;
    let pick: number | undefined;
    let pickCost = Number.POSITIVE_INFINITY;
    for (const at of breakStarts(rule, c.length, breakStep)) {
      if (overlapsOthers(c.template.breaks, s.offsets, r, at, rule.minutes)) continue;
      const cost = breakCost(c, r, at, 1);
      breakCost(c, r, at, -1);
      if (cost < pickCost - 1e-9) {
        pick = at;
        pickCost = cost;
      }
    }
    return pick;
  };
  const add = (s: LocalShift) => {
    const c = candidates[s.candidate]!;
    let cost = move(c.absStart, c.absEnd, 1) + ownCost(s);
    s.offsets = c.template.breaks.map(() => -1);
    for (let r = 0; r < c.template.breaks.length; r++) {
      const at = bestBreak(s, r);
      if (at === undefined) {
        // Boxed in by the greedy order: any valid placement.
        s.offsets.forEach((placed, q) => {
          if (placed >= 0) cost += breakCost(c, q, placed, -1);
        });
        s.offsets = anyPlacement(c.template.breaks, c.length, breakStep) ?? [];
        s.offsets.forEach((placed, q) => {
          cost += breakCost(c, q, placed, 1);
        });
        return cost;
      }
      s.offsets[r] = at;
      cost += breakCost(c, r, at, 1);
    }
    return cost;
  };
  const weeks: LocalShift[][] = input.agents.map(() => []);
  let total = required.reduce((sum, req) => sum + intervalCost(req, 0, weights, hours), 0);
  for (const s of initial) {
    const copy = { ...s, offsets: [...s.offsets] };
    weeks[s.agent]!.push(copy);
    total += toggle(copy, 1);
  }
  return {
    weeks,
    present,
    objective: () => total,
    toggle(s, sign) {
      const d = toggle(s, sign);
      total += d;
      return d;
    },
    add(s) {
      const d = add(s);
      total += d;
      return d;
    },
    settleBreaks() {
      for (const week of weeks) {
        for (const s of week) {
          const c = candidates[s.candidate]!;
          s.offsets.forEach((at, r) => {
            total += breakCost(c, r, at, -1);
            s.offsets[r] = -1;
            const to = bestBreak(s, r) ?? at;
            s.offsets[r] = to;
            total += breakCost(c, r, to, 1);
          });
        }
      }
    },
  };
}

export function improveRoster(
  input: ScheduleInput,
  candidates: readonly ShiftCandidate[],
  eligible: readonly number[][],
  initial: readonly LocalShift[] | RosterState,
  weights: ScheduleWeights,
  limits: { seconds: number; breakStep: number },
): LocalResult {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const state = Array.isArray(initial)
    ? rosterState(input, candidates, initial, weights, limits.breakStep)
    : (initial as RosterState);
  const { weeks } = state;
  let moves = 0;
  for (let pass = 0; pass < 50 && elapsed() < limits.seconds; pass++) {
    let improved = 0;
    for (let a = 0; a < weeks.length && elapsed() < limits.seconds; a++) {
      const agent = input.agents[a]!;
      const week = weeks[a]!;
      let best = { gain: 1e-6, out: -1, into: -1 };
      for (let out = -1; out < week.length; out++) {
        const removed = out >= 0 ? week[out]! : undefined;
        const outGain = removed ? -state.toggle(removed, -1) : 0;
        const rest = week.filter((_, i) => i !== out).map((s) => s.candidate);
        if (removed && outGain > best.gain && weekAllowed(input, agent, candidates, rest)) {
          best = { gain: outGain, out, into: -1 };
        }
        for (const into of eligible[a]!) {
          if (rest.includes(into) || into === removed?.candidate) continue;
          const trial: LocalShift = { agent: a, candidate: into, offsets: [] };
          const gain = outGain - state.add(trial);
          state.toggle(trial, -1);
          if (gain <= best.gain) continue;
          if (!weekAllowed(input, agent, candidates, [...rest, into])) continue;
          best = { gain, out, into };
        }
        if (removed) state.toggle(removed, 1);
      }
      if (best.out < 0 && best.into < 0) continue;
      if (best.out >= 0) state.toggle(week[best.out]!, -1);
      const next = week.filter((_, i) => i !== best.out);
      if (best.into >= 0) {
        const added: LocalShift = { agent: a, candidate: best.into, offsets: [] };
        state.add(added);
        next.push(added);
      }
      weeks[a] = next;
      improved++;
    }
    state.settleBreaks();
    moves += improved;
    if (!improved) break;
  }
  return { shifts: weeks.flat(), present: state.present, moves, objective: state.objective(), seconds: elapsed() };
}

/**
 * Whether a week of candidates the agent may each work (template, availability, last week's rest)
 * obeys the rules between shifts: one a day, rest, consecutive days, the days-off pattern, the
 * contracted weekly minutes.
 */
export function weekAllowed(
  input: ScheduleInput,
  agent: ScheduleAgent,
  candidates: readonly ShiftCandidate[],
  week: readonly number[],
): boolean {
  const n = input.horizon.days.length;
  const shifts = week.map((c) => candidates[c]!).sort((p, q) => p.absStart - q.absStart);
  let paid = 0;
  const worked = new Array<boolean>(n).fill(false);
  let lastEnd = agent.previous?.lastShiftEnd;
  for (const s of shifts) {
    if (worked[s.dayIndex]) return false;
    worked[s.dayIndex] = true;
    if (lastEnd !== undefined && s.absStart - lastEnd < input.rules.minRestMinutes) return false;
    lastEnd = Math.max(lastEnd ?? s.absEnd, s.absEnd);
    paid += s.paidMinutes;
  }
  if (paid < agent.minWeeklyMinutes || paid > agent.maxWeeklyMinutes) return false;
  let run = agent.previous?.consecutiveDaysWorked ?? 0;
  let off = 0;
  let longestOff = 0;
  for (let d = 0; d < n; d++) {
    run = worked[d] ? run + 1 : 0;
    if (run > input.rules.maxConsecutiveDays) return false;
    off = worked[d] ? 0 : off + 1;
    longestOff = Math.max(longestOff, off);
  }
  const pattern = agent.daysOff ?? input.rules.daysOff ?? {};
  if (pattern.maxWorkDays !== undefined && shifts.length > pattern.maxWorkDays) return false;
  return longestOff >= Math.min(n, pattern.minConsecutiveDaysOff ?? 0);
}
