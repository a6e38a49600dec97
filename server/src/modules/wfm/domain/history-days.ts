import { type DayKind, dayNumber, type HistoryDay, weekdayOfDayNumber } from './forecast-day';

/** A local day of one queue's history, in intervals of the forecast's length. */
export type HistoryDayCounts = HistoryDay & { calls: number[]; handleSeconds: number[]; handled: number[] };

export type QuarterCounts = { at: Date; offered: number; handled: number; handleMs: number };

const QUARTER_MS = 900_000;

/**
 * One queue's quarter-hour history laid out as local days of `intervalMinutes` intervals. A quarter
 * hour belongs to the interval its start falls in, counted from the day's local midnight; on a day
 * made longer by a DST change the extra hour is added to the last interval, on a shorter day the
 * last intervals stay empty (the centres Kefu is built for keep one offset all year).
 */
export function historyDays(input: {
  quarters: readonly QuarterCounts[];
  /** Each day's local midnight (epoch ms), and one more: the instant the last day ends. */
  starts: ReadonlyArray<{ date: string; start: number }>;
  intervalMinutes: number;
  kindOf: (date: string) => DayKind;
}): HistoryDayCounts[] {
  const perDay = 1440 / input.intervalMinutes;
  const intervalMs = input.intervalMinutes * 60_000;
  const starts = input.starts;
  const days: HistoryDayCounts[] = starts.slice(0, -1).map(({ date }) => ({
    date,
    weekday: weekdayOfDayNumber(dayNumber(date)),
    kind: input.kindOf(date),
    calls: new Array<number>(perDay).fill(0),
    handleSeconds: new Array<number>(perDay).fill(0),
    handled: new Array<number>(perDay).fill(0),
  }));
  // Quarters arrive sorted by time (the query's order); a binary search finds each one's day anyway.
  for (const q of input.quarters) {
    const t = Math.floor(q.at.getTime() / QUARTER_MS) * QUARTER_MS;
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 1 || t < starts[0]!.start || t >= starts[hi]!.start) continue;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.start <= t) lo = mid;
      else hi = mid;
    }
    const day = days[lo]!;
    const i = Math.min(perDay - 1, Math.floor((t - starts[lo]!.start) / intervalMs));
    day.calls[i]! += q.offered;
    day.handled[i]! += q.handled;
    day.handleSeconds[i]! += q.handleMs / 1000;
  }
  return days;
}
