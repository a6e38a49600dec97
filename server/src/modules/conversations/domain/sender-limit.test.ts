import { describe, expect, it } from 'vitest';
import { createSenderLimit } from './sender-limit';

describe('the per-sender allowance', () => {
  it('lets a burst through, then one message per refill interval', () => {
    const l = createSenderLimit({ burst: 3, perMinute: 6 });
    expect([0, 0, 0, 0].map(() => l.take('a', 1000))).toEqual([true, true, true, false]);
    expect(l.take('a', 1000 + 9_999)).toBe(false);
    expect(l.take('a', 1000 + 10_000)).toBe(true);
  });
  it('counts each sender apart, and forgets the least recent when full', () => {
    const l = createSenderLimit({ burst: 1, perMinute: 1, maxKeys: 2 });
    expect(l.take('a', 0)).toBe(true);
    expect(l.take('b', 0)).toBe(true);
    expect(l.take('a', 0)).toBe(false);
    expect(l.take('c', 0)).toBe(true);
    // b was the least recently used: forgotten, so it has a fresh allowance.
    expect(l.take('b', 0)).toBe(true);
  });
});
