import { describe, expect, it } from 'vitest';
import { hoursOf, minutesOf, minuteText, parseMinute } from './schedule-times';

describe('schedule times', () => {
  it('shows minutes of the day as HH:mm, past midnight too', () => {
    expect(minuteText(0)).toBe('00:00');
    expect(minuteText(510)).toBe('08:30');
    expect(minuteText(1470)).toBe('24:30');
  });

  it('reads HH:mm back, and refuses what is no time', () => {
    expect(parseMinute('08:30')).toBe(510);
    expect(parseMinute('8:30')).toBe(510);
    expect(parseMinute('0830')).toBe(510);
    expect(parseMinute('24:30')).toBe(1470);
    expect(parseMinute('8:75')).toBeNull();
    expect(parseMinute('48:00')).toBeNull();
    expect(parseMinute('eight')).toBeNull();
  });

  it('turns hours into minutes and back', () => {
    expect(minutesOf(37.5)).toBe(2250);
    expect(hoursOf(2250)).toBe(37.5);
    expect(hoursOf(100)).toBe(1.7);
  });
});
