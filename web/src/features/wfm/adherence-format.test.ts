import { describe, expect, it } from 'vitest';
import { hours, lastWeek, minutesSince, percent, thisWeekSoFar } from './adherence-format';

describe('adherence formatting', () => {
  it('shows minutes as hours and ratios as percentages, null as null', () => {
    expect(hours(450)).toBe('7.5');
    expect(hours(0)).toBe('0.0');
    expect(hours(20)).toBe('0.3');
    expect(percent(0.5)).toBe('50.0 %');
    expect(percent(0.98765)).toBe('98.8 %');
    expect(percent(null)).toBeNull();
  });

  it('counts whole minutes since an instant, never below zero', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(minutesSince('2026-12-07T09:55:30Z', now)).toBe(4);
    expect(minutesSince('2026-12-07T10:01:00Z', now)).toBe(0);
  });

  it("takes this week and last week in the centre's days", () => {
    // Sunday 20:00 UTC is already Monday 04:00 in Shanghai.
    const at = new Date('2026-12-13T20:00:00Z');
    expect(thisWeekSoFar('Asia/Shanghai', at)).toEqual({ from: '2026-12-14', to: '2026-12-14' });
    expect(thisWeekSoFar('UTC', at)).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(lastWeek('UTC', at)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
  });
});
