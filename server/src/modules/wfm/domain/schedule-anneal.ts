import { anyPlacement } from './schedule-breaks';
import { breakStarts, type ShiftCandidate, spread } from './schedule-candidates';
import { flattenRequired } from './schedule-coverage';
import type { LocalResult, LocalShift } from './schedule-local';
import { preferenceCost } from './schedule-roster';
import type { ScheduleInput, ScheduleWeights } from './schedule-types';

/**
 * Simulated annealing on a roster with its breaks placed, against the objective itself (weighted
 * under- and over-coverage, paid cost, preferences). The roster lives in flat arrays — a candidate
 * per agent and day, a break start per shift and rule — and every move is priced on the intervals it
 * touches only: change an agent's shift of a day (any other they may work, or a day off), move a
 * shift to one of the agent's days off, let two agents trade days (each keeping their shift) or swap
 * their shifts of a day, move one break. A
 * move is tried only when the agent's week still obeys every hard rule (one shift a day, rest,
 * consecutive days, days-off pattern, contracted minutes), so every roster on the way is valid.
 * Worse moves are taken with the Metropolis probability under a temperature that falls with the
 * clock; the best roster seen is returned. A new shift's breaks go where they cost least.
 */
export type AnnealOptions = {
  seconds: number;
  breakStep: number;
  /** The random stream: the same seed and the same number of moves give the same roster. */
  seed?: number;
  /** Moves tried at most, per agent and day (default 50,000): small rosters finish early. */
  iterationsPerSlot?: number;
  /** Start and end temperatures, in objective units (default 50 → 0.5). */
  temperature?: [number, number];
};

type BreakOption = { offset: number; index: number[]; value: number[] };

export function annealRoster(
  input: ScheduleInput,
  candidates: readonly ShiftCandidate[],
  eligible: readonly number[][],
  initial: readonly LocalShift[],
  weights: ScheduleWeights,
  options: AnnealOptions,
): LocalResult {
  const started = performance.now();
  const required = Float64Array.from(flattenRequired(input));
  const { intervalMinutes } = input.horizon;
  const hours = intervalMinutes / 60;
  const U = weights.underPerAgentHour * hours;
  const O = weights.overPerAgentHour * hours;
  const n = input.horizon.days.length;
  const A = input.agents.length;
  const C = candidates.length;
  const R = Math.max(1, ...input.templates.map((t) => t.breaks.length));
  const rest = input.rules.minRestMinutes;
  const random = mulberry32(options.seed ?? 17);
  const randInt = (k: number) => Math.floor(random() * k);

  // Per agent: the rules a week is checked against, their candidates per day and their own costs.
  const prevEnd = new Float64Array(A);
  const prevRun = new Int32Array(A);
  const maxWork = new Int32Array(A);
  const block = new Int32Array(A);
  const minPaid = new Float64Array(A);
  const maxPaid = new Float64Array(A);
  const own = new Float64Array(A * C);
  const allowed = new Uint8Array(A * C);
  const byDay: Int32Array[] = [];
  input.agents.forEach((agent, a) => {
    prevEnd[a] = agent.previous?.lastShiftEnd ?? Number.NEGATIVE_INFINITY;
    prevRun[a] = agent.previous?.consecutiveDaysWorked ?? 0;
    const pattern = agent.daysOff ?? input.rules.daysOff ?? {};
    maxWork[a] = Math.min(n, pattern.maxWorkDays ?? n);
    block[a] = Math.min(n, pattern.minConsecutiveDaysOff ?? 0);
    minPaid[a] = agent.minWeeklyMinutes;
    maxPaid[a] = agent.maxWeeklyMinutes;
    const days: number[][] = Array.from({ length: n }, () => []);
    for (const c of eligible[a]!) {
      const cand = candidates[c]!;
      allowed[a * C + c] = 1;
      days[cand.dayIndex]!.push(c);
      const weekday = input.horizon.days[cand.dayIndex]!.weekday;
      own[a * C + c] = weights.costPerPaidHour * cand.cost + preferenceCost(agent, cand, weekday, weights);
    }
    for (const list of days) byDay.push(Int32Array.from(list));
  });

  // The same template, start and length on another day (-1: none).
  const twin = new Int32Array(C * n).fill(-1);
  const byShape = new Map<string, number>();
  for (const c of candidates) byShape.set(`${c.template.id}|${c.start}|${c.length}|${c.dayIndex}`, c.index);
  for (const c of candidates) {
    for (let d = 0; d < n; d++)
      twin[c.index * n + d] = byShape.get(`${c.template.id}|${c.start}|${c.length}|${d}`) ?? -1;
  }

  // Break options per candidate (start, and the presence each takes away), built on first use.
  const breakOptions: (BreakOption[][] | undefined)[] = new Array(C);
  const optionsOf = (c: number): BreakOption[][] => {
    let list = breakOptions[c];
    if (!list) {
      const cand = candidates[c]!;
      list = cand.template.breaks.map((rule) =>
        breakStarts(rule, cand.length, options.breakStep).map((offset) => ({
          offset,
          ...spread(cand.absStart + offset, cand.absStart + offset + rule.minutes, intervalMinutes, required.length),
        })),
      );
      breakOptions[c] = list;
    }
    return list;
  };

  const present = new Float64Array(required.length);
  const cand = new Int32Array(A * n).fill(-1);
  const brk = new Int32Array(A * n * R).fill(-1);

  /** Adds `sign` × the presence to the intervals; the change in coverage cost. */
  const cover = (index: readonly number[], value: readonly number[], sign: number): number => {
    let delta = 0;
    for (let i = 0; i < index.length; i++) {
      const t = index[i]!;
      const req = required[t]!;
      const p = present[t]!;
      const q = p + sign * value[i]!;
      delta += (q < req ? (req - q) * U : (q - req) * O) - (p < req ? (req - p) * U : (p - req) * O);
      present[t] = q;
    }
    return delta;
  };
  /** The change `cover` would make, without making it. */
  const peek = (index: readonly number[], value: readonly number[], sign: number): number => {
    let delta = 0;
    for (let i = 0; i < index.length; i++) {
      const t = index[i]!;
      const req = required[t]!;
      const p = present[t]!;
      const q = p + sign * value[i]!;
      delta += (q < req ? (req - q) * U : (q - req) * O) - (p < req ? (req - p) * U : (p - req) * O);
    }
    return delta;
  };
  /** Whether break r of the slot's shift at `offset` would overlap another break placed there. */
  const clashes = (slot: number, c: number, r: number, offset: number): boolean => {
    const opts = optionsOf(c);
    const rules = candidates[c]!.template.breaks;
    const minutes = rules[r]!.minutes;
    for (let q = 0; q < opts.length; q++) {
      const k = brk[slot * R + q]!;
      if (q === r || k < 0) continue;
      const at = opts[q]![k]!.offset;
      if (at < offset + minutes && offset < at + rules[q]!.minutes) return true;
    }
    return false;
  };

  /** Takes the slot's shift off with its breaks; the change in objective. */
  const take = (slot: number): number => {
    const c = cand[slot]!;
    const cd = candidates[c]!;
    let delta = cover(cd.coverIndex, cd.coverValue, -1) - own[Math.floor(slot / n) * C + c]!;
    const opts = optionsOf(c);
    for (let r = 0; r < opts.length; r++) {
      const o = opts[r]![brk[slot * R + r]!]!;
      delta += cover(o.index, o.value, 1);
    }
    cand[slot] = -1;
    return delta;
  };
  /** Puts candidate c on the slot with the given break options, or each break where it costs least. */
  const put = (slot: number, c: number, ks?: ArrayLike<number>): number => {
    const cd = candidates[c]!;
    let delta = cover(cd.coverIndex, cd.coverValue, 1) + own[Math.floor(slot / n) * C + c]!;
    cand[slot] = c;
    const opts = optionsOf(c);
    for (let r = 0; r < R; r++) brk[slot * R + r] = -1;
    if (ks) {
      for (let r = 0; r < opts.length; r++) {
        brk[slot * R + r] = ks[r]!;
        const o = opts[r]![ks[r]!]!;
        delta += cover(o.index, o.value, -1);
      }
      return delta;
    }
    const rules = cd.template.breaks;
    for (let r = 0; r < opts.length; r++) {
      let best = -1;
      let bestDelta = Number.POSITIVE_INFINITY;
      const list = opts[r]!;
      for (let k = 0; k < list.length; k++) {
        const o = list[k]!;
        if (clashes(slot, c, r, o.offset)) continue;
        const d = peek(o.index, o.value, -1);
        if (d < bestDelta - 1e-9) {
          best = k;
          bestDelta = d;
        }
      }
      if (best < 0) {
        // Boxed in by the greedy order: any valid placement of all the shift's breaks.
        for (let q = 0; q < r; q++) {
          const o = opts[q]![brk[slot * R + q]!]!;
          delta += cover(o.index, o.value, 1);
        }
        const any = anyPlacement(rules, cd.length, options.breakStep) ?? [];
        any.forEach((offset, q) => {
          const k = opts[q]!.findIndex((o) => o.offset === offset);
          brk[slot * R + q] = k;
          delta += cover(opts[q]![k]!.index, opts[q]![k]!.value, -1);
        });
        return delta;
      }
      brk[slot * R + r] = best;
      delta += cover(opts[r]![best]!.index, opts[r]![best]!.value, -1);
    }
    return delta;
  };

  /** Whether agent a's week as it stands obeys every rule between shifts. */
  const weekOk = (a: number): boolean => {
    let lastEnd = prevEnd[a]!;
    let paid = 0;
    let run = prevRun[a]!;
    let off = 0;
    let longestOff = 0;
    let work = 0;
    for (let d = 0; d < n; d++) {
      const c = cand[a * n + d]!;
      if (c >= 0) {
        const cd = candidates[c]!;
        if (cd.absStart - lastEnd < rest) return false;
        if (cd.absEnd > lastEnd) lastEnd = cd.absEnd;
        paid += cd.paidMinutes;
        if (++run > input.rules.maxConsecutiveDays) return false;
        work++;
        off = 0;
      } else {
        run = 0;
        if (++off > longestOff) longestOff = off;
      }
    }
    return paid >= minPaid[a]! && paid <= maxPaid[a]! && work <= maxWork[a]! && longestOff >= block[a]!;
  };

  let total = 0;
  for (let t = 0; t < required.length; t++) total += required[t]! * U;
  for (const s of initial) {
    const slot = s.agent * n + candidates[s.candidate]!.dayIndex;
    const opts = optionsOf(s.candidate);
    const ks = s.offsets.map((offset, r) => opts[r]!.findIndex((o) => o.offset === offset));
    total += ks.length === opts.length && ks.every((k) => k >= 0) ? put(slot, s.candidate, ks) : put(slot, s.candidate);
  }

  const best = { total, cand: cand.slice(), brk: brk.slice() };
  const [hot, cold] = options.temperature ?? [50, 0.5];
  let temperature = hot;
  const accept = (delta: number) => delta <= 0 || random() < Math.exp(-delta / temperature);
  const saved = new Int32Array(R);
  const saveBreaks = (slot: number) => {
    for (let r = 0; r < R; r++) saved[r] = brk[slot * R + r]!;
    return saved;
  };
  const saved2 = new Int32Array(R);
  let moves = 0;
  const iterations = (options.iterationsPerSlot ?? 50_000) * A * n;
  for (let iteration = 0; ; iteration++) {
    if ((iteration & 255) === 0) {
      // The temperature falls with the clock or the moves tried, whichever runs out first.
      const elapsed = (performance.now() - started) / 1000;
      const progress = Math.max(elapsed / Math.max(1e-9, options.seconds), iteration / iterations);
      if (progress >= 1) break;
      temperature = hot * (cold / hot) ** progress;
      if (total < best.total - 1e-9) {
        best.total = total;
        best.cand.set(cand);
        best.brk.set(brk);
      }
    }
    const kind = random();
    const a = randInt(A);
    if (kind < 0.4) {
      // Another shift on a day, or the day off.
      const d = randInt(n);
      const slot = a * n + d;
      const list = byDay[slot]!;
      const old = cand[slot]!;
      // Any shift of the day, or the day off (moves to neighbouring starts only did worse).
      const k = randInt(list.length + 1);
      const next = k === list.length ? -1 : list[k]!;
      if (next === old) continue;
      cand[slot] = next;
      const ok = weekOk(a);
      cand[slot] = old;
      if (!ok) continue;
      const ks = saveBreaks(slot);
      let delta = old >= 0 ? take(slot) : 0;
      if (next >= 0) delta += put(slot, next);
      if (accept(delta)) {
        total += delta;
        moves++;
        continue;
      }
      if (next >= 0) take(slot);
      if (old >= 0) put(slot, old, ks);
    } else if (kind < 0.6) {
      // A shift to a day off: the same shift that day, or any.
      const from = a * n + randInt(n);
      const dayTo = randInt(n);
      const to = a * n + dayTo;
      const list = byDay[to]!;
      const old = cand[from]!;
      if (old < 0 || cand[to]! >= 0 || !list.length) continue;
      let next = twin[old * n + dayTo]!;
      if (next < 0 || !allowed[a * C + next] || random() < 0.5) next = list[randInt(list.length)]!;
      cand[from] = -1;
      cand[to] = next;
      const ok = weekOk(a);
      cand[from] = old;
      cand[to] = -1;
      if (!ok) continue;
      const ks = saveBreaks(from);
      const delta = take(from) + put(to, next);
      if (accept(delta)) {
        total += delta;
        moves++;
        continue;
      }
      take(to);
      put(from, old, ks);
    } else if (kind < 0.7) {
      // Two agents trade days: a works b's day off and b works a's, each keeping their shift.
      const b = randInt(A);
      const d = randInt(n);
      const e = randInt(n);
      const ca = cand[a * n + d]!;
      const cb = cand[b * n + e]!;
      if (a === b || d === e || ca < 0 || cb < 0 || cand[a * n + e]! >= 0 || cand[b * n + d]! >= 0) continue;
      const na = twin[ca * n + e]!;
      const nb = twin[cb * n + d]!;
      if (na < 0 || nb < 0 || !allowed[a * C + na] || !allowed[b * C + nb]) continue;
      cand[a * n + d] = -1;
      cand[a * n + e] = na;
      cand[b * n + e] = -1;
      cand[b * n + d] = nb;
      const ok = weekOk(a) && weekOk(b);
      cand[a * n + d] = ca;
      cand[a * n + e] = -1;
      cand[b * n + e] = cb;
      cand[b * n + d] = -1;
      if (!ok) continue;
      const ka = saveBreaks(a * n + d);
      for (let r = 0; r < R; r++) saved2[r] = brk[(b * n + e) * R + r]!;
      const delta = take(a * n + d) + put(a * n + e, na) + take(b * n + e) + put(b * n + d, nb);
      if (accept(delta)) {
        total += delta;
        moves++;
        continue;
      }
      take(a * n + e);
      take(b * n + d);
      put(a * n + d, ca, ka);
      put(b * n + e, cb, saved2);
    } else if (kind < 0.85) {
      // Two agents swap their shifts of a day (or one hands theirs to the other), breaks and all.
      const b = randInt(A);
      const d = randInt(n);
      const sa = a * n + d;
      const sb = b * n + d;
      const ca = cand[sa]!;
      const cb = cand[sb]!;
      if (a === b || ca === cb) continue;
      if ((ca >= 0 && !allowed[b * C + ca]) || (cb >= 0 && !allowed[a * C + cb])) continue;
      cand[sa] = cb;
      cand[sb] = ca;
      const ok = weekOk(a) && weekOk(b);
      cand[sa] = ca;
      cand[sb] = cb;
      if (!ok) continue;
      const delta =
        (cb >= 0 ? own[a * C + cb]! - own[b * C + cb]! : 0) + (ca >= 0 ? own[b * C + ca]! - own[a * C + ca]! : 0);
      if (!accept(delta)) continue;
      const ka = saveBreaks(sa);
      for (let r = 0; r < R; r++) saved2[r] = brk[sb * R + r]!;
      for (let r = 0; r < R; r++) {
        brk[sa * R + r] = saved2[r]!;
        brk[sb * R + r] = ka[r]!;
      }
      cand[sa] = cb;
      cand[sb] = ca;
      total += delta;
      moves++;
    } else {
      // One break elsewhere in its window.
      const slot = a * n + randInt(n);
      const c = cand[slot]!;
      if (c < 0) continue;
      const opts = optionsOf(c);
      if (!opts.length) continue;
      const r = randInt(opts.length);
      const k = randInt(opts[r]!.length);
      const at = brk[slot * R + r]!;
      if (k === at) continue;
      if (clashes(slot, c, r, opts[r]![k]!.offset)) continue;
      const delta =
        cover(opts[r]![at]!.index, opts[r]![at]!.value, 1) + cover(opts[r]![k]!.index, opts[r]![k]!.value, -1);
      if (accept(delta)) {
        brk[slot * R + r] = k;
        total += delta;
        moves++;
        continue;
      }
      cover(opts[r]![k]!.index, opts[r]![k]!.value, 1);
      cover(opts[r]![at]!.index, opts[r]![at]!.value, -1);
    }
  }
  if (total > best.total) {
    cand.set(best.cand);
    brk.set(best.brk);
  }
  // Presence and objective afresh from the roster: no drift from millions of small changes.
  present.fill(0);
  let objective = 0;
  const shifts: LocalShift[] = [];
  for (let slot = 0; slot < A * n; slot++) {
    const c = cand[slot]!;
    if (c < 0) continue;
    const cd = candidates[c]!;
    const agent = Math.floor(slot / n);
    cover(cd.coverIndex, cd.coverValue, 1);
    objective += own[agent * C + c]!;
    const opts = optionsOf(c);
    const offsets = opts.map((list, r) => {
      const o = list[brk[slot * R + r]!]!;
      cover(o.index, o.value, -1);
      return o.offset;
    });
    shifts.push({ agent, candidate: c, offsets });
  }
  for (let t = 0; t < required.length; t++) {
    const d = present[t]! - required[t]!;
    objective += d < 0 ? -d * U : d * O;
  }
  return { shifts, present, moves, objective, seconds: (performance.now() - started) / 1000 };
}

/** mulberry32, as platform/random (domain/ cannot import it). */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
