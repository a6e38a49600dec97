import { describe, expect, it } from 'vitest';
import { addDays, dateIn, intervalTime, nextMonday, weekdayOf } from './dates';

describe('WFM dates', () => {
  it('proposes the Monday after today, a week ahead when today is a Monday', () => {
    expect(nextMonday('2026-12-09')).toBe('2026-12-14'); // a Wednesday
    expect(nextMonday('2026-12-13')).toBe('2026-12-14'); // a Sunday
    expect(nextMonday('2026-12-14')).toBe('2026-12-21'); // a Monday
  });
  it('counts weekdays from Monday = 1 to Sunday = 7 and crosses months and years', () => {
    expect(weekdayOf('2026-12-13')).toBe(7);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it("takes today in the centre's zone, not the browser's", () => {
    const at = new Date('2026-12-06T17:30:00Z');
    expect(dateIn('Asia/Shanghai', at)).toBe('2026-12-07');
    expect(dateIn('America/New_York', at)).toBe('2026-12-06');
  });
  it('names intervals by their start', () => {
    expect(intervalTime(17, 30)).toBe('08:30');
    expect(intervalTime(95, 15)).toBe('23:45');
  });
});
