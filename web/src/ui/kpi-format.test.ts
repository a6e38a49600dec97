import { describe, expect, it } from 'vitest';
import { formatNumber, formatRatio, formatSeconds, NO_DATA } from './kpi-format';

describe('report figure formats', () => {
  it('writes ratios as percentages with one decimal, whole ones too', () => {
    expect(formatRatio(0.8947)).toBe('89.5%');
    expect(formatRatio(1)).toBe('100.0%');
    expect(formatRatio(0.07)).toBe('7.0%');
    expect(formatRatio(0)).toBe('0.0%');
    expect(formatRatio(0.0526)).toBe('5.3%');
  });

  it('writes mean seconds as m:ss, rounded, and h:mm:ss from an hour', () => {
    expect(formatSeconds(8.6)).toBe('0:09');
    expect(formatSeconds(326)).toBe('5:26');
    expect(formatSeconds(3_725)).toBe('1:02:05');
    expect(formatSeconds(0)).toBe('0:00');
  });

  it('shows a figure without data as a dash, never 0 or NaN', () => {
    for (const f of [formatRatio, formatSeconds]) {
      expect(f(null)).toBe(NO_DATA);
      expect(f(undefined)).toBe(NO_DATA);
      expect(f(Number.NaN)).toBe(NO_DATA);
    }
    expect(formatNumber(null, 'zh-CN')).toBe(NO_DATA);
  });

  it('groups counts and keeps a score’s decimals in the locale', () => {
    expect(formatNumber(12_345, 'en-US')).toBe('12,345');
    expect(formatNumber(4.537, 'zh-CN', 2)).toBe('4.54');
    expect(formatNumber(-12.5, 'en-US', 1)).toBe('-12.5');
    // A mean keeps its decimals, so a column of them lines up.
    expect(formatNumber(5, 'zh-CN', 2)).toBe('5.00');
    expect(formatNumber(12, 'en-US', 1)).toBe('12.0');
  });
});
