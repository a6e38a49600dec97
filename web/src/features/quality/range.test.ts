import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { lastDays, rangeQuery } from './range';

describe('the reports range', () => {
  it('is the last 30 days, today included, from midnight to the midnight after today', () => {
    const today = dayjs('2026-03-31T15:20:00');
    const range = lastDays(today);
    expect(range[0].format('YYYY-MM-DD HH:mm')).toBe('2026-03-02 00:00');
    const q = rangeQuery(range);
    expect(dayjs(q.from).format('YYYY-MM-DD HH:mm')).toBe('2026-03-02 00:00');
    expect(dayjs(q.to).format('YYYY-MM-DD HH:mm')).toBe('2026-04-01 00:00');
    // With the offset, as the server's ISO check asks.
    expect(q.from).toMatch(/T00:00:00(Z|[+-]\d\d:\d\d)$/);
  });
});
