import type { Dayjs } from 'dayjs';

/** A report's days: the first and the last, both included, in the user's time zone. */
export type DayRange = [Dayjs, Dayjs];

/** The last `days` days up to today, in the user's (the browser's) time zone. */
export function lastDays(today: Dayjs, days = 30): DayRange {
  return [today.subtract(days - 1, 'day').startOf('day'), today.startOf('day')];
}

/** The query of a day range: from the first day's midnight to the midnight after the last, with the offset. */
export function rangeQuery([first, last]: DayRange): { from: string; to: string } {
  return { from: first.startOf('day').format(), to: last.add(1, 'day').startOf('day').format() };
}
