import { describe, expect, it } from 'vitest';
import { intervalTime, nextMonday } from './dates';

describe('WFM dates', () => {
  it('proposes the Monday after today, a week ahead when today is a Monday', () => {
    expect(nextMonday('2026-12-09')).toBe('2026-12-14'); // a Wednesday
    expect(nextMonday('2026-12-13')).toBe('2026-12-14'); // a Sunday
    expect(nextMonday('2026-12-14')).toBe('2026-12-21'); // a Monday
    expect(nextMonday('2026-12-31')).toBe('2027-01-04'); // across a year
  });
  it('names intervals by their start', () => {
    expect(intervalTime(17, 30)).toBe('08:30');
    expect(intervalTime(95, 15)).toBe('23:45');
  });
});
