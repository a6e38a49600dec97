/**
 * Who is on the phones in a simulated day, as the simulation's shifts (runs of whole intervals), from
 * the three staffing sources a planner can pick (docs/wfm.md, "Simulation as a product").
 */
import type { Shift } from './simulation-model';

/** Runs of true as [from, to) shifts. */
export function runsOf(present: readonly boolean[]): Shift[] {
  const shifts: Shift[] = [];
  let from = -1;
  present.forEach((on, k) => {
    if (on && from < 0) from = k;
    if (!on && from >= 0) {
      shifts.push({ from, to: k });
      from = -1;
    }
  });
  if (from >= 0) shifts.push({ from, to: present.length });
  return shifts;
}

/**
 * A requirement curve as people: as many agents as its peak, agent i logged in exactly in the
 * intervals that need more than i agents. So each interval has the agents it asks for, and the
 * agents who log in for a peak leave when it passes.
 */
export function requirementShifts(required: readonly number[]): Shift[][] {
  const peak = Math.max(0, ...required.map((r) => Math.ceil(r - 1e-9)));
  return Array.from({ length: peak }, (_, i) => runsOf(required.map((r) => r - 1e-9 > i)));
}

/** A shift in minutes from the simulated day's midnight (may start before it or end after it), breaks taken out. */
export type MinuteShift = { start: number; end: number; breaks: readonly { start: number; end: number }[] };

/**
 * One scheduled person's shifts in a day of `intervals` intervals: present in an interval when their
 * shifts (less breaks) cover at least half of it. The simulation logs agents in and out on interval
 * boundaries, so a 15-minute break in a 30-minute interval keeps the agent on; a 60-minute lunch
 * takes them off for its intervals.
 */
export function scheduledShifts(shifts: readonly MinuteShift[], intervalMinutes: number, intervals: number): Shift[] {
  const covered = new Array<number>(intervals).fill(0);
  const add = (from: number, to: number, sign: number) => {
    for (let k = Math.max(0, Math.floor(from / intervalMinutes)); k < intervals; k++) {
      const a = Math.max(from, k * intervalMinutes);
      const b = Math.min(to, (k + 1) * intervalMinutes);
      if (b <= a) {
        if (k * intervalMinutes >= to) break;
        continue;
      }
      covered[k]! += sign * (b - a);
    }
  };
  for (const s of shifts) {
    add(s.start, s.end, 1);
    for (const b of s.breaks) add(Math.max(b.start, s.start), Math.min(b.end, s.end), -1);
  }
  return runsOf(covered.map((m) => m * 2 >= intervalMinutes));
}
