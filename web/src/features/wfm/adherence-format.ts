import { addDays, dateIn, weekdayOf } from '../../../../contracts/local-dates';

/** Minutes as hours with one decimal (450 → "7.5"). */
export function hours(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}

/** A ratio as a percentage with one decimal (0.5 → "50.0 %"); null (nothing scheduled) → null. */
export function percent(ratio: number | null): string | null {
  return ratio === null ? null : `${(Math.round(ratio * 1000) / 10).toFixed(1)} %`;
}

/** Whole minutes from an ISO instant to `now` (never negative). */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}

/** This week so far in the centre's days: Monday to today. */
export function thisWeekSoFar(tz: string, now: Date): { from: string; to: string } {
  const today = dateIn(tz, now);
  return { from: addDays(today, 1 - weekdayOf(today)), to: today };
}

/** Last week, Monday to Sunday, in the centre's days. */
export function lastWeek(tz: string, now: Date): { from: string; to: string } {
  const { from } = thisWeekSoFar(tz, now);
  return { from: addDays(from, -7), to: addDays(from, -1) };
}

/** The report's longest span: 31 days, `from` and `to` included. */
export const MAX_REPORT_DAYS = 31;
