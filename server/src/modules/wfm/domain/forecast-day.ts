/**
 * The days the forecast reads and writes, in the centre's local calendar (the module layer has already
 * turned quarter-hour history into local days), and which weekday pattern each kind of day follows.
 */

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** `workday` is a 调休 make-up working day (a weekend day worked as a weekday). */
export type DayKind = 'normal' | 'holiday' | 'workday' | 'special';

export type HistoryDay = {
  /** YYYY-MM-DD, local. */
  date: string;
  /** ISO: Monday 1 … Sunday 7. */
  weekday: Weekday;
  kind: DayKind;
  /** Offered contacts per interval, `intervalsPerDay` long. */
  calls: readonly number[];
  /** Summed handle time per interval (seconds), the same length. */
  handleSeconds: readonly number[];
  /**
   * Contacts whose handle time that is, per interval: the AHT's denominator (abandoned calls are
   * offered but have no handle time). Without it, `calls`.
   */
  handled?: readonly number[];
};

export type ForecastDay = {
  date: string;
  weekday: Weekday;
  kind: DayKind;
  /** A planner's factor on the whole day's volume: 1.2 = +20 %. */
  uplift?: number;
  /** For a `workday`: the weekday whose pattern it follows; without it, the mean of Monday–Friday. */
  asWeekday?: Weekday;
};

/** Volume per interval of one day, before uplift. */
export type VolumeModel = { predict(day: ForecastDay): number[] };

const DAY_MS = 86_400_000;
const WORKING_WEEK: readonly Weekday[] = [1, 2, 3, 4, 5];

/**
 * The weekdays whose pattern a day follows. Holidays and special days are excluded from training, so
 * they borrow a pattern: a holiday looks like a Sunday (a centre's quietest regular day; the planner's
 * uplift scales it), a 调休 make-up day like a working weekday, a special day like its own weekday.
 */
export function patternOf(day: ForecastDay): readonly Weekday[] {
  switch (day.kind) {
    case 'normal':
    case 'special':
      return [day.weekday];
    case 'holiday':
      return [7];
    case 'workday':
      return day.asWeekday ? [day.asWeekday] : WORKING_WEEK;
  }
}

/** Days since 1970-01-01 of a YYYY-MM-DD date: calendar arithmetic without time zones. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(n: number): Weekday {
  return (((((n + 3) % 7) + 7) % 7) + 1) as Weekday;
}

/**
 * History in date order, checked for what the arithmetic relies on: one entry per date, and arrays of
 * `intervalsPerDay`. The module layer builds these, so a breach is a programming error (thrown).
 */
export function sortedHistory(history: readonly HistoryDay[], intervalsPerDay: number): HistoryDay[] {
  if (!Number.isInteger(intervalsPerDay) || intervalsPerDay < 1) {
    throw new RangeError(`intervalsPerDay must be a positive integer, not ${intervalsPerDay}`);
  }
  const sorted = [...history].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    const day = sorted[i] as HistoryDay;
    if (day.calls.length !== intervalsPerDay || day.handleSeconds.length !== intervalsPerDay) {
      throw new RangeError(`${day.date}: expected ${intervalsPerDay} intervals`);
    }
    if (i > 0 && sorted[i - 1]?.date === day.date) throw new RangeError(`${day.date} appears twice in the history`);
  }
  return sorted;
}

/** A day's weekday/interval cell in a 7 × intervalsPerDay table. */
export function cell(weekday: Weekday, interval: number, intervalsPerDay: number): number {
  return (weekday - 1) * intervalsPerDay + interval;
}
