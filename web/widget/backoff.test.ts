import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay } from './backoff';

describe('reconnect backoff', () => {
  it('starts near half a second and doubles with each failed attempt', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, mid))).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('never waits longer than ten seconds, however many attempts failed', () => {
    for (const n of [5, 6, 10, 50, 10_000]) {
      expect(backoffDelay(n, () => 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
      expect(backoffDelay(n, () => 0)).toBe(8000);
    }
  });

  it('spreads widgets reconnecting at once by ±20 %', () => {
    expect(backoffDelay(0, () => 0)).toBe(400);
    expect(backoffDelay(0, () => 1)).toBe(600);
    expect(backoffDelay(2, () => 0.25)).toBe(1800);
  });
});
