import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, businessTime } from './business-time';
import { BERLIN_DAYS, NEW_YORK_NIGHTS, SHANGHAI_2026 } from './business-time.fixtures';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | undefined) => d?.toISOString();
const sh = businessTime(SHANGHAI_2026);

describe('working hours with a lunch break (Shanghai, two ranges a day)', () => {
  it('opens at the start of a range and closes at its end (start inclusive, end exclusive)', () => {
    expect(sh.isOpen(at('2026-03-04T08:29:59.999+08:00'))).toBe(false);
    expect(sh.isOpen(at('2026-03-04T08:30:00+08:00'))).toBe(true);
    expect(sh.isOpen(at('2026-03-04T11:59:59.999+08:00'))).toBe(true);
    expect(sh.isOpen(at('2026-03-04T12:00:00+08:00'))).toBe(false);
    expect(sh.isOpen(at('2026-03-04T13:30:00+08:00'))).toBe(true);
    expect(sh.isOpen(at('2026-03-04T18:00:00+08:00'))).toBe(false);
    expect(sh.isOpen(at('2026-03-07T10:00:00+08:00'))).toBe(false); // an ordinary Saturday
  });

  it('counts a working day as 480 minutes and a normal week as 2400', () => {
    expect(sh.minutesBetween(at('2026-03-04T00:00:00+08:00'), at('2026-03-05T00:00:00+08:00'))).toBe(480);
    expect(sh.minutesBetween(at('2026-03-02T00:00:00+08:00'), at('2026-03-09T00:00:00+08:00'))).toBe(2400);
    expect(sh.minutesBetween(at('2026-03-04T11:00:00+08:00'), at('2026-03-04T14:00:00+08:00'))).toBe(90);
  });

  it('skips the lunch break and the night when adding minutes', () => {
    expect(iso(sh.addMinutes(at('2026-03-04T11:50:00+08:00'), 20))).toBe('2026-03-04T05:40:00.000Z'); // 13:40
    expect(iso(sh.addMinutes(at('2026-03-04T17:50:00+08:00'), 30))).toBe('2026-03-05T00:50:00.000Z'); // 08:50
    expect(iso(sh.addMinutes(at('2026-03-04T11:59:00+08:00'), 1))).toBe('2026-03-04T04:00:00.000Z'); // 12:00 sharp
  });

  it('starts counting at the next opening when started in closed time, and at once when open', () => {
    const night = at('2026-03-06T19:00:00+08:00'); // Friday evening
    expect(iso(sh.addMinutes(night, 0))).toBe('2026-03-09T00:30:00.000Z'); // Monday 08:30
    expect(iso(sh.addMinutes(night, 0))).toBe(iso(sh.nextOpen(night)));
    const open = at('2026-03-04T10:15:00+08:00');
    expect(sh.addMinutes(open, 0)).toEqual(open);
    expect(sh.nextOpen(open)).toEqual(open);
    expect(iso(sh.nextOpen(at('2026-03-04T12:00:00+08:00')))).toBe('2026-03-04T05:30:00.000Z');
  });
});

describe('holidays and 调休 make-up days (China 2026)', () => {
  it('is closed on a weekday holiday and open on a make-up Sunday', () => {
    expect(sh.isOpen(at('2026-01-02T10:00:00+08:00'))).toBe(false); // Friday, 元旦
    expect(sh.isOpen(at('2026-01-04T10:00:00+08:00'))).toBe(true); // Sunday, 调休
    expect(sh.isOpen(at('2026-01-04T12:30:00+08:00'))).toBe(false); // make-up days keep Monday's lunch
    expect(sh.isOpen(at('2026-01-11T10:00:00+08:00'))).toBe(false); // an ordinary Sunday
    expect(sh.isOpen(at('2026-10-07T10:00:00+08:00'))).toBe(false);
    expect(sh.isOpen(at('2026-10-08T10:00:00+08:00'))).toBe(true);
  });

  it('jumps the National Day week and opens on the Saturday before Spring Festival', () => {
    expect(iso(sh.nextOpen(at('2026-09-30T18:00:00+08:00')))).toBe('2026-10-08T00:30:00.000Z');
    expect(iso(sh.nextOpen(at('2026-02-13T18:00:00+08:00')))).toBe('2026-02-14T00:30:00.000Z');
    expect(iso(sh.nextOpen(at('2026-02-14T18:00:00+08:00')))).toBe('2026-02-24T00:30:00.000Z');
  });

  it('counts the Spring Festival fortnight as its 6 working days', () => {
    // 02-14 (Sat, 调休), 02-24..02-27, 02-28 (Sat, 调休); 02-15..02-23 are holidays.
    expect(sh.minutesBetween(at('2026-02-14T00:00:00+08:00'), at('2026-03-01T00:00:00+08:00'))).toBe(6 * 480);
  });

  it('uses a make-up day’s own hours, else makeUpHours, else Monday’s', () => {
    const base = { timeZone: 'Asia/Shanghai', weekly: { 1: ['09:00-17:00'] }, holidays: [] };
    const own = businessTime({ ...base, workdays: [{ date: '2026-01-04', hours: ['10:00-12:00'] }] });
    const makeUp = businessTime({ ...base, workdays: [{ date: '2026-01-04' }], makeUpHours: ['09:00-12:00'] });
    const monday = businessTime({ ...base, workdays: [{ date: '2026-01-04' }] });
    const day: [Date, Date] = [at('2026-01-04T00:00:00+08:00'), at('2026-01-05T00:00:00+08:00')];
    expect(own.minutesBetween(...day)).toBe(120);
    expect(makeUp.minutesBetween(...day)).toBe(180);
    expect(monday.minutesBetween(...day)).toBe(480);
  });

  it('lets a holiday win over a make-up day of the same date', () => {
    const both = businessTime({ ...SHANGHAI_2026, holidays: ['2026-01-04'] });
    expect(both.isOpen(at('2026-01-04T10:00:00+08:00'))).toBe(false);
  });
});

describe('a zone with daylight saving time', () => {
  const berlin = businessTime(BERLIN_DAYS);
  it('keeps 540 minutes on the days clocks move outside the hours', () => {
    expect(berlin.minutesBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(540);
    expect(berlin.minutesBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(540);
    expect(iso(berlin.nextOpen(at('2026-03-29T00:00:00Z')))).toBe('2026-03-29T07:00:00.000Z'); // 09:00 CEST
    expect(iso(berlin.nextOpen(at('2026-03-28T12:00:00Z')))).toBe('2026-03-28T12:00:00.000Z');
    // Saturday 17:30 CET + 60: 30 minutes before closing, 30 after Sunday's 09:00 CEST.
    expect(iso(berlin.addMinutes(at('2026-03-28T16:30:00Z'), 60))).toBe('2026-03-29T07:30:00.000Z');
  });

  it('measures the real elapsed time when the change falls inside the hours', () => {
    const early = businessTime({ ...BERLIN_DAYS, weekly: { 7: ['01:00-10:00'] } });
    expect(early.minutesBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(480);
    expect(early.minutesBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(600);
    // 02:30 does not exist on 29 March: 01:00 CET + 90 business minutes is 03:30 CEST.
    expect(iso(early.addMinutes(at('2026-03-29T01:00:00+01:00'), 90))).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October: the first one is 60 minutes after 01:30 CEST.
    expect(iso(early.addMinutes(at('2026-10-25T01:30:00+02:00'), 60))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('handles New York: change inside a night shift, a holiday and a make-up day', () => {
    const ny = businessTime(NEW_YORK_NIGHTS);
    // Sunday 8 March 2026: 00:00-09:00 local loses an hour; Sunday 1 November gains one.
    expect(ny.minutesBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-08T12:00:00-04:00'))).toBe(480);
    expect(ny.minutesBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-01T12:00:00-05:00'))).toBe(600);
    // Monday's 20:00-24:00 touches Tuesday's (closed) midnight; Friday 3 July is a holiday.
    expect(ny.isOpen(at('2026-03-09T23:59:00-04:00'))).toBe(true);
    expect(ny.isOpen(at('2026-03-10T00:00:00-04:00'))).toBe(false);
    expect(ny.isOpen(at('2026-07-03T21:00:00-04:00'))).toBe(false);
    expect(ny.isOpen(at('2026-07-04T11:00:00-04:00'))).toBe(true);
    // Wednesday 00:00-09:00 after Monday 20:00-24:00: 4 h + (Tue closed) + 9 h.
    expect(ny.minutesBetween(at('2026-03-09T20:00:00-04:00'), at('2026-03-11T09:00:00-04:00'))).toBe(13 * 60);
  });
});

describe('pauses', () => {
  const t9 = at('2026-03-04T09:00:00+08:00');
  const t12 = at('2026-03-04T12:00:00+08:00');
  const local = (hhmm: string) => at(`2026-03-04T${hhmm}:00+08:00`);

  it('does not count overlapping pauses twice, and joins touching ones', () => {
    const overlapping = [
      { from: local('09:00'), to: local('10:00') },
      { from: local('09:30'), to: local('10:30') },
    ];
    expect(sh.minutesBetween(t9, t12, overlapping)).toBe(180 - 90);
    const touching = [
      { from: local('10:00'), to: local('11:00') },
      { from: local('09:00'), to: local('10:00') },
    ];
    expect(sh.minutesBetween(t9, t12, touching)).toBe(60);
    expect(iso(sh.addMinutes(t9, 30, touching))).toBe(iso(local('11:30')));
  });

  it('changes nothing when the pause lies in closed time, and only its open part otherwise', () => {
    expect(sh.minutesBetween(t9, local('15:00'), [{ from: local('12:00'), to: local('13:30') }])).toBe(270);
    expect(sh.minutesBetween(t9, local('15:00'), [{ from: local('11:30'), to: local('14:00') }])).toBe(270 - 60);
    const weekend = { from: at('2026-03-07T00:00:00+08:00'), to: at('2026-03-09T00:00:00+08:00') };
    expect(sh.minutesBetween(at('2026-03-06T00:00:00+08:00'), at('2026-03-10T00:00:00+08:00'), [weekend])).toBe(960);
  });

  it('starts counting when the pause ends, and ignores empty or reversed pauses', () => {
    const p = [{ from: local('08:00'), to: local('09:45') }];
    expect(iso(sh.addMinutes(t9, 0, p))).toBe(iso(local('09:45')));
    expect(iso(sh.addMinutes(t9, 15, p))).toBe(iso(local('10:00')));
    expect(sh.minutesBetween(t9, t12, [{ from: local('10:00'), to: local('10:00') }])).toBe(180);
    expect(sh.minutesBetween(t9, t12, [{ from: local('11:00'), to: local('10:00') }])).toBe(180);
  });

  it('carries a pause across several days', () => {
    const p = [{ from: local('17:00'), to: at('2026-03-06T09:30:00+08:00') }];
    // Wed 60 (16:00-17:00), Thursday paused, then Fri 150 from 09:30 to 12:00 and 30 after lunch.
    expect(iso(sh.addMinutes(local('16:00'), 240, p))).toBe('2026-03-06T06:00:00.000Z'); // Fri 14:00
    expect(iso(sh.addMinutes(local('16:00'), 210, p))).toBe('2026-03-06T04:00:00.000Z'); // Fri 12:00
  });
});

describe('fractional minutes, exact to the millisecond', () => {
  const t = at('2026-03-04T10:00:00+08:00');
  it('adds and measures fractions of a minute', () => {
    expect(iso(sh.addMinutes(t, 0.5))).toBe('2026-03-04T02:00:30.000Z');
    expect(iso(sh.addMinutes(t, 1.25))).toBe('2026-03-04T02:01:15.000Z');
    expect(iso(sh.addMinutes(t, 7 / 60_000))).toBe('2026-03-04T02:00:00.007Z');
    expect(sh.minutesBetween(t, at('2026-03-04T10:01:30+08:00'))).toBe(1.5);
    expect(sh.minutesBetween(t, at('2026-03-04T10:00:00.001+08:00'))).toBe(1 / 60_000);
    // A fraction across lunch: 11:59:30 + 1 minute is 13:30:30.
    expect(iso(sh.addMinutes(at('2026-03-04T11:59:30+08:00'), 1))).toBe('2026-03-04T05:30:30.000Z');
  });

  it('refuses negative or non-finite minutes', () => {
    expect(() => sh.addMinutes(t, -1)).toThrow(RangeError);
    expect(() => sh.addMinutes(t, Number.NaN)).toThrow(RangeError);
  });

  it('returns 0 when the end is not after the start', () => {
    expect(sh.minutesBetween(t, t)).toBe(0);
    expect(sh.minutesBetween(t, at('2026-03-04T09:00:00+08:00'))).toBe(0);
  });
});

describe('long spans', () => {
  it('adds a quarter of business minutes without walking minute by minute', () => {
    const start = at('2026-01-01T00:00:00+08:00');
    const began = performance.now();
    const end = sh.addMinutes(start, 480 * 60); // 60 working days
    expect(performance.now() - began).toBeLessThan(200);
    expect(sh.minutesBetween(start, end)).toBe(480 * 60);
    // 21 working days in January (with Sunday 4th), 16 in February (two 调休 Saturdays), 22 in March.
    expect(iso(end)).toBe('2026-04-01T10:00:00.000Z'); // the 60th ends Wed 1 April 18:00
  });

  it('gives up on nextOpen after 400 closed days, and addMinutes throws', () => {
    const never = businessTime({ timeZone: 'Asia/Shanghai', weekly: {}, holidays: [], workdays: [] });
    expect(never.nextOpen(at('2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(() => never.addMinutes(at('2026-01-01T00:00:00Z'), 1)).toThrow(RangeError);
    expect(never.minutesBetween(at('2026-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'))).toBe(0);
  });
});

describe('ALWAYS_OPEN', () => {
  it('is open at every instant and counts wall time minus pauses', () => {
    const a = at('2026-03-29T00:00:00Z');
    expect(ALWAYS_OPEN.isOpen(a)).toBe(true);
    expect(ALWAYS_OPEN.nextOpen(a)).toEqual(a);
    expect(ALWAYS_OPEN.minutesBetween(a, at('2026-04-05T00:00:00Z'))).toBe(7 * 1440);
    const pause = { from: at('2026-03-30T00:00:00Z'), to: at('2026-03-31T12:00:00Z') };
    expect(iso(ALWAYS_OPEN.addMinutes(a, 1440 + 60, [pause]))).toBe('2026-03-31T13:00:00.000Z');
  });
});

describe('an invalid calendar', () => {
  it('is refused when it is built', () => {
    const base = { timeZone: 'Asia/Shanghai', holidays: [], workdays: [] };
    expect(() => businessTime({ ...base, weekly: { 1: ['18:00-09:00'] } })).toThrow(RangeError);
    expect(() => businessTime({ ...base, weekly: { 1: ['09:00-12:00', '11:00-13:00'] } })).toThrow(/overlap/);
    expect(() => businessTime({ ...base, weekly: { 1: ['24:00-24:30'] } })).toThrow(RangeError);
    expect(() => businessTime({ ...base, timeZone: 'Mars/Olympus', weekly: {} })).toThrow(RangeError);
    expect(() => businessTime({ ...base, weekly: {}, holidays: ['2026-02-30'] })).toThrow(RangeError);
  });

  it('gives up at once on a sum the calendar cannot give within ten years (a minute a week)', () => {
    const sparse = businessTime({
      timeZone: 'Asia/Shanghai',
      weekly: { 1: ['09:00-09:01'] },
      holidays: [],
      workdays: [],
    });
    const t0 = performance.now();
    expect(() => sparse.addMinutes(new Date('2026-01-05T00:00:00Z'), 5_256_000)).toThrow(RangeError);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(sparse.addMinutes(new Date('2026-01-05T00:00:00Z'), 2).toISOString()).toBe('2026-01-12T01:01:00.000Z');
  });
});
