import { describe, expect, it } from 'vitest';
import { estimate, tQuantile975 } from './simulation-stats';

describe('confidence intervals over replications', () => {
  it('use Student’s t: the table below 30 degrees of freedom, the expansion above it', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile975(9)).toBeCloseTo(2.2622, 4);
    expect(tQuantile975(30)).toBeCloseTo(2.0423, 4);
    expect(tQuantile975(40)).toBeCloseTo(2.021075, 5);
    expect(tQuantile975(120)).toBeCloseTo(1.97993, 5);
    expect(tQuantile975(100_000)).toBeCloseTo(1.95998, 4);
  });

  it('is the mean ± t · s / √n, leaving out replications without a value', () => {
    const e = estimate([0.8, Number.NaN, 0.9, 0.85, 0.75]);
    // mean 0.825, sample sd 0.06455, n 4, t(3) = 3.182446
    expect(e?.n).toBe(4);
    expect(e?.mean).toBeCloseTo(0.825, 10);
    expect(e!.high - e!.mean).toBeCloseTo((3.182446 * 0.0645497) / 2, 5);
    expect(e!.mean - e!.low).toBeCloseTo(e!.high - e!.mean, 10);
  });

  it('has no interval from one replication and no estimate from none', () => {
    expect(estimate([0.5])).toEqual({ mean: 0.5, low: 0.5, high: 0.5, n: 1 });
    expect(estimate([Number.NaN, Number.NaN])).toBeNull();
  });
});
