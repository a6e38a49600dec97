import { describe, expect, it } from 'vitest';
import { isOpen, localTime, startOfDay } from './calendar';

describe('calendar', () => {
  it('finds local midnight in Shanghai (UTC+8) and New York (with DST)', () => {
    expect(startOfDay('Asia/Shanghai', new Date('2026-11-22T01:30:00Z')).toISOString()).toBe(
      '2026-11-21T16:00:00.000Z',
    );
    expect(startOfDay('Asia/Shanghai', new Date('2026-11-21T15:59:59Z')).toISOString()).toBe(
      '2026-11-20T16:00:00.000Z',
    );
    expect(startOfDay('America/New_York', new Date('2026-03-08T12:00:00Z')).toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(startOfDay('UTC', new Date('2026-11-22T23:59:59Z')).toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });

  it('checks weekly opening hours in local time', () => {
    const hours = [{ day: 7, open: '08:00', close: '20:00' }];
    // 2026-11-22 is a Sunday.
    expect(localTime('Asia/Shanghai', new Date('2026-11-22T00:00:00Z'))).toEqual({ weekday: 7, minutes: 8 * 60 });
    expect(isOpen('Asia/Shanghai', new Date('2026-11-22T00:00:00Z'), hours)).toBe(true);
    expect(isOpen('Asia/Shanghai', new Date('2026-11-22T12:00:00Z'), hours)).toBe(false); // 20:00, closed
    expect(isOpen('Asia/Shanghai', new Date('2026-11-21T23:59:00Z'), hours)).toBe(false); // 07:59
    expect(isOpen('Asia/Shanghai', new Date(), null)).toBe(true);
  });
});
