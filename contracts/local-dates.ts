/**
 * Local dates: calendar days written `YYYY-MM-DD`, as the center's days are (a forecast's start, a
 * report's range, a sampling period). Shared by the server and the web, which must count days alike.
 * Pure: no I/O, no dependency. `addDays` and `weekdayOf` take the date alone, no time zone involved
 * (a day is a day, whatever the DST); only `dateIn` reads a zone. They expect real dates (validate
 * input with `LocalDate` of contracts/calendars.ts): a day or month out of range rolls over.
 */

const DAY_MS = 86_400_000;

/** Midnight UTC of a date, in ms; years 0–99 stay as written (Date.UTC would read them as 19xx). */
export function utcMidnight(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d);
  return at.getTime();
}

/** The calendar date of an instant in a time zone (an IANA name): today in the center's zone. */
export function dateIn(tz: string, at: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );
}

/** The date `n` days after `date` (before it when `n` is negative), across months and years. */
export function addDays(date: string, n: number): string {
  return new Date(utcMidnight(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO weekday of a date: 1 = Monday … 7 = Sunday, as the server and the contracts count them. */
export function weekdayOf(date: string): number {
  const d = new Date(utcMidnight(date)).getUTCDay();
  return d === 0 ? 7 : d;
}
