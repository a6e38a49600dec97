import { describe, expect, it } from 'vitest';
import { estimateText } from './simulation-format';

describe('simulation figures', () => {
  it('shows a rate with its 95 % interval as percents, and a time in seconds', () => {
    expect(estimateText({ mean: 0.8534, low: 0.84, high: 0.8712, n: 20 }, 'serviceLevel', 'zh-CN')).toBe(
      '85.3% (84.0–87.1%)',
    );
    expect(estimateText({ mean: 12.44, low: 10, high: 14.9, n: 20 }, 'asaSeconds', 'en-US')).toBe(
      '12.4 s (10.0–14.9 s)',
    );
  });
  it('clips an interval to what the figure can be', () => {
    expect(estimateText({ mean: 0.95, low: 0.85, high: 1.05, n: 3 }, 'serviceLevel', 'en-US')).toBe(
      '95.0% (85.0–100.0%)',
    );
    expect(estimateText({ mean: 4, low: -2, high: 10, n: 3 }, 'asaSeconds', 'en-US')).toBe('4.0 s (0.0–10.0 s)');
  });

  it('has no interval from one replication, and a dash where there was nothing to measure', () => {
    expect(estimateText({ mean: 0.5, low: 0.5, high: 0.5, n: 1 }, 'occupancy', 'en-US')).toBe('50.0%');
    expect(estimateText(null, 'abandonRate', 'en-US')).toBe('—');
  });
});
