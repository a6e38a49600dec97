import { describe, expect, it } from 'vitest';
import { relativeTime } from './time';

const at = (h: number, m: number, dayOffset = 0) => new Date(2026, 2, 10 + dayOffset, h, m).getTime();

describe('relativeTime', () => {
  const now = at(15, 30);
  it('says just now, then minutes, then the time today', () => {
    expect(relativeTime(new Date(now - 20_000).toISOString(), now, 'zh-CN')).toEqual({ kind: 'now' });
    expect(relativeTime(new Date(at(15, 5)).toISOString(), now, 'zh-CN')).toEqual({ kind: 'minutes', minutes: 25 });
    expect(relativeTime(new Date(at(9, 7)).toISOString(), now, 'zh-CN')).toEqual({ kind: 'today', time: '09:07' });
  });

  it('says yesterday, then the date in the user’s language', () => {
    expect(relativeTime(new Date(at(23, 59, -1)).toISOString(), now, 'zh-CN')).toEqual({
      kind: 'yesterday',
      time: '23:59',
    });
    expect(relativeTime(new Date(at(8, 0, -5)).toISOString(), now, 'zh-CN')).toEqual({ kind: 'date', date: '3月5日' });
    expect(relativeTime(new Date(at(8, 0, -5)).toISOString(), now, 'en-US')).toEqual({ kind: 'date', date: 'Mar 5' });
    expect(relativeTime(new Date(2025, 11, 31, 8).toISOString(), now, 'zh-CN')).toEqual({
      kind: 'date',
      date: '2025年12月31日',
    });
  });
});
