import { describe, expect, it } from 'vitest';
import { weekdayOf } from '../../platform/calendar';
import { lastPeriod } from './quality.sampling';

describe('sampling periods in the center’s time zone', () => {
  it('knows a date’s weekday from the date alone', () => {
    expect(weekdayOf('2026-10-05')).toBe(1); // Monday
    expect(weekdayOf('2026-10-07')).toBe(3);
    expect(weekdayOf('2026-10-11')).toBe(7);
  });

  it('draws the last complete Monday–Sunday week of the zone’s wall clock', () => {
    // Monday 00:30 in Shanghai is Sunday 16:30 UTC: the week that just ended is complete there.
    expect(lastPeriod('weekly', 'Asia/Shanghai', new Date('2026-10-11T16:30:00Z'))).toBe('2026-10-05');
    // …and one minute before Shanghai's midnight it is not.
    expect(lastPeriod('weekly', 'Asia/Shanghai', new Date('2026-10-11T15:59:00Z'))).toBe('2026-09-28');
    // Monday 03:30 UTC is still Sunday in New York.
    expect(lastPeriod('weekly', 'America/New_York', new Date('2026-10-12T03:30:00Z'))).toBe('2026-09-28');
    expect(lastPeriod('weekly', 'America/New_York', new Date('2026-10-12T04:30:00Z'))).toBe('2026-10-05');
  });

  it('starts every week on a Monday, across a daylight-saving change and a year', () => {
    // New York leaves daylight saving on 2026-11-01; a year of hours, every 7 hours.
    for (let t = Date.parse('2026-06-01T00:00:00Z'); t < Date.parse('2027-06-01T00:00:00Z'); t += 7 * 3_600_000) {
      for (const tz of ['America/New_York', 'Asia/Shanghai', 'Pacific/Auckland']) {
        const start = lastPeriod('weekly', tz, new Date(t));
        expect(weekdayOf(start), `${tz} ${new Date(t).toISOString()}`).toBe(1);
      }
    }
  });

  it('draws yesterday of the zone for a daily plan', () => {
    expect(lastPeriod('daily', 'Asia/Shanghai', new Date('2026-10-11T16:30:00Z'))).toBe('2026-10-11');
    expect(lastPeriod('daily', 'America/New_York', new Date('2026-10-11T16:30:00Z'))).toBe('2026-10-10');
  });
});
