import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';

function moments(mean: number, n: number): { mean: number; variance: number } {
  const rnd = seededRandom(`poisson-${mean}`);
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const k = rnd.poisson(mean);
    sum += k;
    sq += k * k;
  }
  const m = sum / n;
  return { mean: m, variance: sq / n - m * m };
}

describe('seededRandom().poisson', () => {
  // Poisson: variance equals the mean. 20,000 draws put the sample mean within ~0.7 % of 200.
  it.each([0.3, 4, 29, 31, 200, 5000])('draws counts whose mean and variance are both about %s', (mean) => {
    const m = moments(mean, 20_000);
    expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(mean / 20_000));
    expect(m.variance / mean).toBeGreaterThan(0.95);
    expect(m.variance / mean).toBeLessThan(1.05);
  });

  it('gives 0 for a zero or negative mean and whole numbers otherwise', () => {
    const rnd = seededRandom(1);
    expect(rnd.poisson(0)).toBe(0);
    expect(rnd.poisson(-3)).toBe(0);
    for (let i = 0; i < 100; i++) expect(Number.isInteger(rnd.poisson(57.5))).toBe(true);
  });

  it('replays the same counts from the same seed', () => {
    const a = seededRandom('x');
    const b = seededRandom('x');
    const draws = (r: typeof a) => Array.from({ length: 50 }, () => r.poisson(80));
    expect(draws(a)).toEqual(draws(b));
  });
});
