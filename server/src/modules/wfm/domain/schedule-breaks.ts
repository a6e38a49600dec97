import { breakStarts } from './schedule-candidates';
import { intervalCost } from './schedule-coverage';
import type { BreakRule, PlacedBreak, ScheduleWeights, ShiftTemplate } from './schedule-types';

/**
 * Stage 3: breaks placed to protect coverage. Greedy by the objective itself: each break goes where
 * taking the agent away costs least (an interval with slack costs nothing, an understaffed one a
 * lot), most constrained breaks first; then passes move each break to its best place given all
 * others, until none moves. A shift's breaks never overlap.
 */
export type BreakShift = { template: ShiftTemplate; absStart: number; length: number; candidate?: number };

/** The roster MIP's break columns: for a candidate and a break, how many agents take each start. */
export type BreakPlan = (candidate: number, rule: number) => number[] | undefined;

export type BreakPlacement = {
  /** Per shift, its breaks' starts as minutes after the shift start, in template order. */
  offsets: number[][];
  /** Agents present per horizon interval after breaks. */
  present: Float64Array;
};

type Placing = { shift: number; rule: number; starts: number[] };

export function placeBreaks(
  shifts: readonly BreakShift[],
  required: readonly number[],
  intervalMinutes: number,
  weights: ScheduleWeights,
  step: number,
  plan?: BreakPlan,
): BreakPlacement {
  const present = new Float64Array(required.length);
  const hours = intervalMinutes / 60;
  const move = (from: number, to: number, delta: number) => {
    for (let t = Math.floor(from / intervalMinutes); t < required.length && t * intervalMinutes < to; t++) {
      const lo = Math.max(from, t * intervalMinutes);
      const hi = Math.min(to, (t + 1) * intervalMinutes);
      if (hi > lo) present[t]! += (delta * (hi - lo)) / intervalMinutes;
    }
  };
  const removalCost = (from: number, to: number) => {
    let cost = 0;
    for (let t = Math.floor(from / intervalMinutes); t < required.length && t * intervalMinutes < to; t++) {
      const lo = Math.max(from, t * intervalMinutes);
      const hi = Math.min(to, (t + 1) * intervalMinutes);
      if (hi <= lo) continue;
      const req = required[t]!;
      const now = present[t]!;
      cost +=
        intervalCost(req, now - (hi - lo) / intervalMinutes, weights, hours) - intervalCost(req, now, weights, hours);
    }
    return cost;
  };
  for (const s of shifts) move(s.absStart, s.absStart + s.length, 1);

  const offsets: number[][] = shifts.map((s) => s.template.breaks.map(() => -1));
  const tasks: Placing[] = [];
  shifts.forEach((s, shift) => {
    s.template.breaks.forEach((rule, r) => {
      tasks.push({ shift, rule: r, starts: breakStarts(rule, s.length, step) });
    });
  });
  tasks.sort((p, q) => p.starts.length - q.starts.length || shifts[p.shift]!.absStart - shifts[q.shift]!.absStart);

  const best = (task: Placing): number | undefined => {
    const s = shifts[task.shift]!;
    const rule = s.template.breaks[task.rule]!;
    let pick: number | undefined;
    let pickCost = Number.POSITIVE_INFINITY;
    for (const start of task.starts) {
      if (overlapsOthers(s.template.breaks, offsets[task.shift]!, task.rule, start, rule.minutes)) continue;
      const cost = removalCost(s.absStart + start, s.absStart + start + rule.minutes);
      if (cost < pickCost - 1e-9) {
        pick = start;
        pickCost = cost;
      }
    }
    return pick;
  };
  const apply = (task: Placing, start: number, delta: number) => {
    const s = shifts[task.shift]!;
    const minutes = s.template.breaks[task.rule]!.minutes;
    move(s.absStart + start, s.absStart + start + minutes, delta);
    offsets[task.shift]![task.rule] = delta < 0 ? start : -1;
  };

  if (plan) {
    // Start from the MIP's plan, rounded to whole agents: the greedy and the passes then only repair.
    const groups = new Map<string, number[]>();
    shifts.forEach((s, i) => {
      if (s.candidate === undefined) return;
      s.template.breaks.forEach((_, r) => {
        const key = `${s.candidate}|${r}`;
        groups.set(key, [...(groups.get(key) ?? []), i]);
      });
    });
    for (const [key, members] of groups) {
      const [candidate, r] = key.split('|').map(Number) as [number, number];
      const planned = plan(candidate, r);
      const first = shifts[members[0]!]!;
      const rule = first.template.breaks[r]!;
      const starts = breakStarts(rule, first.length, step);
      if (!planned || planned.length !== starts.length) continue;
      const counts = wholeShares(planned, members.length);
      let m = 0;
      counts.forEach((n, k) => {
        for (let j = 0; j < n; j++) {
          const shift = members[m++]!;
          if (overlapsOthers(first.template.breaks, offsets[shift]!, r, starts[k]!, rule.minutes)) continue;
          apply({ shift, rule: r, starts: [] }, starts[k]!, -1);
        }
      });
    }
  }
  for (const task of tasks) {
    if (offsets[task.shift]![task.rule]! >= 0) continue;
    const start = best(task);
    if (start !== undefined) {
      apply(task, start, -1);
      continue;
    }
    // The greedy order boxed this break in: place the shift's breaks afresh in any valid way.
    const s = shifts[task.shift]!;
    s.template.breaks.forEach((rule, r) => {
      const at = offsets[task.shift]![r]!;
      if (at >= 0) move(s.absStart + at, s.absStart + at + rule.minutes, 1);
    });
    const any = anyPlacement(s.template.breaks, s.length, step) ?? [];
    offsets[task.shift] = s.template.breaks.map(() => -1);
    any.forEach((at, r) => {
      apply({ shift: task.shift, rule: r, starts: [] }, at, -1);
    });
  }
  for (let pass = 0; pass < 10; pass++) {
    let moved = 0;
    for (const task of tasks) {
      const at = offsets[task.shift]![task.rule]!;
      if (at < 0) continue;
      apply(task, at, 1);
      const to = best(task) ?? at;
      apply(task, to, -1);
      if (to !== at) moved++;
    }
    if (!moved) break;
  }
  return { offsets, present };
}

export function overlapsOthers(
  rules: readonly BreakRule[],
  placed: readonly number[],
  self: number,
  start: number,
  minutes: number,
) {
  return placed.some((at, r) => r !== self && at >= 0 && at < start + minutes && start < at + rules[r]!.minutes);
}

/** `total` split in proportion to `shares`, in whole numbers (largest remainder). */
function wholeShares(shares: readonly number[], total: number): number[] {
  const sum = shares.reduce((a, b) => a + Math.max(0, b), 0);
  if (sum <= 0) return shares.map((_, k) => (k === 0 ? total : 0));
  const exact = shares.map((v) => (Math.max(0, v) / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((v, k) => [v - Math.floor(v), k] as const).sort((p, q) => q[0] - p[0]);
  for (const [, k] of order) {
    if (left-- <= 0) break;
    out[k]!++;
  }
  return out;
}

/** A placement of every break inside its window without overlaps, if one exists (depth-first). */
export function anyPlacement(rules: readonly BreakRule[], length: number, step: number): number[] | undefined {
  const placed = rules.map(() => -1);
  const order = rules.map((_, i) => i).sort((a, b) => rules[a]!.earliestAfterStart - rules[b]!.earliestAfterStart);
  const go = (k: number): boolean => {
    if (k === order.length) return true;
    const r = order[k]!;
    for (const start of breakStarts(rules[r]!, length, step)) {
      if (overlapsOthers(rules, placed, r, start, rules[r]!.minutes)) continue;
      placed[r] = start;
      if (go(k + 1)) return true;
      placed[r] = -1;
    }
    return false;
  };
  return go(0) ? placed : undefined;
}

export function placedBreaks(template: ShiftTemplate, start: number, offsets: readonly number[]): PlacedBreak[] {
  return template.breaks.map((rule, r) => ({
    name: rule.name,
    kind: rule.kind,
    start: start + offsets[r]!,
    minutes: rule.minutes,
    paid: rule.paid,
  }));
}
