/**
 * Properties of business time over three real calendars (Shanghai 2026 with 调休, Berlin and New
 * York with DST), random instants of 2026 and random pauses: add-then-measure returns the minutes,
 * both operations are monotonic, measuring is additive over a split point, and a minute-by-minute
 * count over isOpen agrees with minutesBetween (the slow oracle the real walk must match).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BusinessTime, businessTime, type Pause } from './business-time';
import { BERLIN_DAYS, NEW_YORK_NIGHTS, SHANGHAI_2026 } from './business-time.fixtures';

/** Runs per property; `FC_RUNS=10000 npx vitest run <this file>` searches harder. */
const RUNS = Number(process.env.FC_RUNS ?? 200);
const MINUTE = 60_000;
const START = Date.parse('2026-01-01T00:00:00Z');
const END = Date.parse('2027-01-01T00:00:00Z');

const calendars: Array<[string, BusinessTime]> = [
  ['Shanghai 2026', businessTime(SHANGHAI_2026)],
  ['Berlin', businessTime(BERLIN_DAYS)],
  ['New York nights', businessTime(NEW_YORK_NIGHTS)],
];

const instant = fc.integer({ min: START, max: END }).map((ms) => new Date(ms));
/** Up to four pauses within a fortnight of `base`, overlapping, touching or empty by chance. */
const pausesNear = (base: number) =>
  fc.array(
    fc.tuple(fc.integer({ min: 0, max: 14 * 1440 }), fc.integer({ min: 0, max: 3 * 1440 })).map(
      ([start, len]): Pause => ({
        from: new Date(base + start * MINUTE),
        to: new Date(base + (start + len) * MINUTE),
      }),
    ),
    { maxLength: 4 },
  );
const withPauses = instant.chain((t) => fc.tuple(fc.constant(t), pausesNear(t.getTime())));

describe.each(calendars)('%s', (_name, bt) => {
  it('measures back the minutes it added (integer minutes, with pauses)', () => {
    fc.assert(
      fc.property(withPauses, fc.integer({ min: 0, max: 20 * 480 }), ([t, pauses], n) => {
        expect(bt.minutesBetween(t, bt.addMinutes(t, n, pauses), pauses)).toBe(n);
      }),
      { numRuns: RUNS },
    );
  });

  it('measures back fractional minutes to the millisecond', () => {
    fc.assert(
      fc.property(withPauses, fc.integer({ min: 0, max: 5 * 480 * MINUTE }), ([t, pauses], ms) => {
        const got = bt.minutesBetween(t, bt.addMinutes(t, ms / MINUTE, pauses), pauses);
        expect(Math.round(got * MINUTE)).toBe(ms);
      }),
      { numRuns: RUNS },
    );
  });

  it('adds to an open instant, the next opening when n is 0', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 5000 }), (t, n) => {
        const end = bt.addMinutes(t, n);
        expect(end.getTime()).toBeGreaterThanOrEqual(t.getTime());
        if (n === 0) {
          expect(end).toEqual(bt.nextOpen(t));
          expect(bt.isOpen(end)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('is monotonic in the minutes, the start and the end', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 7 * 1440 * MINUTE }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        (t, later, n1, n2) => {
          const [lo, hi] = n1 <= n2 ? [n1, n2] : [n2, n1];
          const u = new Date(t.getTime() + later);
          expect(bt.addMinutes(t, lo).getTime()).toBeLessThanOrEqual(bt.addMinutes(t, hi).getTime());
          expect(bt.addMinutes(t, lo).getTime()).toBeLessThanOrEqual(bt.addMinutes(u, lo).getTime());
          const far = new Date(u.getTime() + n1 * MINUTE);
          expect(bt.minutesBetween(t, u)).toBeLessThanOrEqual(bt.minutesBetween(t, far));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('is additive over a split point', () => {
    fc.assert(
      fc.property(
        withPauses,
        fc.integer({ min: 0, max: 20 * 1440 * MINUTE }),
        fc.integer({ min: 0, max: 20 * 1440 * MINUTE }),
        ([a, pauses], x, y) => {
          const m = new Date(a.getTime() + Math.min(x, y));
          const b = new Date(a.getTime() + Math.max(x, y));
          const whole = bt.minutesBetween(a, b, pauses) * MINUTE;
          const parts = (bt.minutesBetween(a, m, pauses) + bt.minutesBetween(m, b, pauses)) * MINUTE;
          expect(Math.round(parts)).toBe(Math.round(whole));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('agrees with a minute-by-minute count of isOpen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: START / MINUTE, max: END / MINUTE }),
        fc.integer({ min: 0, max: 3 * 1440 }),
        (startMinute, length) => {
          const a = startMinute * MINUTE;
          let open = 0;
          for (let m = 0; m < length; m++) if (bt.isOpen(new Date(a + m * MINUTE))) open++;
          expect(bt.minutesBetween(new Date(a), new Date(a + length * MINUTE))).toBe(open);
        },
      ),
      { numRuns: Math.max(10, Math.floor(RUNS / 10)) },
    );
  });
});

it('finds the DST days of 2026 exactly (the oracle over each whole day)', () => {
  const early = businessTime({ ...BERLIN_DAYS, weekly: { 7: ['00:00-24:00'] } });
  const sunday = (isoDay: string, next: string) => early.minutesBetween(new Date(isoDay), new Date(next));
  expect(sunday('2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00')).toBe(23 * 60);
  expect(sunday('2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00')).toBe(25 * 60);
});
