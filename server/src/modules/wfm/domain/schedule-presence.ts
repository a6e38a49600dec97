import { MINUTES_PER_DAY, spread } from './schedule-candidates';
import type { RosterShift } from './schedule-types';

/**
 * Agents present per interval of each of `dates` (consecutive days), counted from shifts alone with
 * their breaks taken out; a shift that runs past midnight counts on the next day too. What a leave
 * or a swap does to coverage is this before and after.
 */
export function rosterPresence(
  dates: readonly string[],
  intervalMinutes: number,
  shifts: readonly Pick<RosterShift, 'date' | 'start' | 'lengthMinutes' | 'breaks'>[],
): number[][] {
  const perDay = MINUTES_PER_DAY / intervalMinutes;
  const total = dates.length * perDay;
  const present = new Array<number>(total).fill(0);
  const first = dates.length ? Date.parse(`${dates[0]}T00:00:00Z`) : 0;
  const add = (from: number, to: number, sign: number) => {
    if (to <= 0 || from >= total * intervalMinutes) return;
    const { index, value } = spread(Math.max(0, from), to, intervalMinutes, total);
    index.forEach((t, i) => {
      present[t]! += sign * value[i]!;
    });
  };
  for (const s of shifts) {
    const day = Math.round((Date.parse(`${s.date}T00:00:00Z`) - first) / 86_400_000) * MINUTES_PER_DAY;
    add(day + s.start, day + s.start + s.lengthMinutes, 1);
    for (const b of s.breaks) add(day + b.start, day + b.start + b.minutes, -1);
  }
  return dates.map((_, d) => present.slice(d * perDay, (d + 1) * perDay).map((v) => Math.round(v * 1e4) / 1e4));
}
