import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateIn, weekdayOf } from './local-dates';

/** Runs per property; `FC_RUNS=10000 npx vitest run <this file>` searches harder. */
const RUNS = Number(process.env.FC_RUNS ?? 300);
const DAY_MS = 86_400_000;

/** A real date from year 1 to 9999, written YYYY-MM-DD. */
const realDate = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** Shifts that keep the result inside years 1 to 9999 for most dates (the others are filtered out). */
const shift = fc.integer({ min: -20_000, max: 20_000 });
const inRange = (date: string, n: number) => {
  const t = Date.parse(`${date}T00:00:00Z`) + n * DAY_MS;
  return t >= Date.parse('0001-01-01T00:00:00Z') && t <= Date.parse('9999-12-31T00:00:00Z');
};

describe('local dates', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01'); // not a leap year
    expect(addDays('2026-12-06', 0)).toBe('2026-12-06');
    // Years below 100 stay as written (Date.UTC would read 0099 as 1999).
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });

  it('counts ISO weekdays, Monday = 1 … Sunday = 7', () => {
    expect(weekdayOf('2026-12-14')).toBe(1); // a Monday
    expect(weekdayOf('2026-12-09')).toBe(3);
    expect(weekdayOf('2026-12-13')).toBe(7); // a Sunday
    expect(weekdayOf('2000-01-01')).toBe(6); // a Saturday
  });

  it('agrees with parsing the date as UTC midnight, for every real date and shift', () => {
    fc.assert(
      fc.property(realDate, shift, (date, n) => {
        fc.pre(inRange(date, n));
        const midnight = new Date(`${date}T00:00:00Z`);
        expect(addDays(date, n)).toBe(new Date(midnight.getTime() + n * DAY_MS).toISOString().slice(0, 10));
        expect(weekdayOf(date)).toBe(((midnight.getUTCDay() + 6) % 7) + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('goes back where it came from, and the next day is the next weekday', () => {
    fc.assert(
      fc.property(realDate, shift, (date, n) => {
        fc.pre(inRange(date, n) && inRange(date, 1));
        expect(addDays(addDays(date, n), -n)).toBe(date);
        expect(weekdayOf(addDays(date, 1))).toBe((weekdayOf(date) % 7) + 1);
        expect(weekdayOf(addDays(date, 7 * Math.trunc(n / 7)))).toBe(weekdayOf(date));
      }),
      { numRuns: RUNS },
    );
  });

  it("takes the date in the zone given, not the machine's", () => {
    const at = new Date('2026-12-06T17:30:00Z');
    expect(dateIn('Asia/Shanghai', at)).toBe('2026-12-07');
    expect(dateIn('America/New_York', at)).toBe('2026-12-06');
    expect(dateIn('UTC', new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
  });
});
