import { describe, expect, it } from 'vitest';
import { formatDateTime } from './date-time';

describe('formatDateTime', () => {
  it('writes a time in the zone a screen gives, whatever the browser’s zone', () => {
    // 23:04 on 6 December in UTC is 07:04 on the 7th in Shanghai: a report of the 7th shows the 7th.
    const at = '2026-12-06T23:04:00Z';
    expect(formatDateTime(at, 'zh-CN', 'dateTime', 'Asia/Shanghai')).toBe('2026年12月7日 07:04');
    expect(formatDateTime(at, 'zh-CN', 'dateTime', 'UTC')).toBe('2026年12月6日 23:04');
    expect(formatDateTime(at, 'en-US', 'date', 'Asia/Shanghai')).toBe('Dec 7, 2026');
  });

  it('gives nothing for what is no date', () => {
    expect(formatDateTime('not a date', 'zh-CN')).toBeUndefined();
  });
});
