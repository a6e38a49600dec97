import { describe, expect, it } from 'vitest';
import { formatBucket, ivrQuery, kpiQuery, presetRange, type ReportFilters } from './report-query';

describe('date presets', () => {
  // 2026-12-06 is a Sunday.
  const today = '2026-12-06';

  it('gives whole days with an exclusive end', () => {
    expect(presetRange('today', today)).toEqual({ from: '2026-12-06', to: '2026-12-07' });
    expect(presetRange('yesterday', today)).toEqual({ from: '2026-12-05', to: '2026-12-06' });
    expect(presetRange('last7Days', today)).toEqual({ from: '2026-11-30', to: '2026-12-07' });
  });

  it('starts the week on Monday, also when today is Sunday or Monday', () => {
    expect(presetRange('thisWeek', today)).toEqual({ from: '2026-11-30', to: '2026-12-07' });
    expect(presetRange('thisWeek', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-01' });
    expect(presetRange('thisWeek', '2026-12-02')).toEqual({ from: '2026-11-30', to: '2026-12-03' }); // a Wednesday
    expect(presetRange('thisWeek', '2027-01-02')).toEqual({ from: '2026-12-28', to: '2027-01-03' }); // across a year
  });

  it('runs this month through today and last month whole, across a year', () => {
    expect(presetRange('thisMonth', today)).toEqual({ from: '2026-12-01', to: '2026-12-07' });
    expect(presetRange('lastMonth', today)).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(presetRange('lastMonth', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(presetRange('lastMonth', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-03-01' });
  });
});

describe('the KPI query of a screen', () => {
  const f: ReportFilters = { from: '2026-12-01', to: '2026-12-07', granularity: 'total' };

  it('groups by the entity alone for a total', () => {
    expect(kpiQuery('queue', f)).toMatchObject({ groupBy: 'queue', intervalMinutes: undefined });
  });

  it('adds the time dimension and the interval length', () => {
    expect(kpiQuery('queue', { ...f, granularity: 'day' })).toMatchObject({ groupBy: 'queue,day' });
    expect(kpiQuery('agent', { ...f, granularity: 'hour' })).toMatchObject({ groupBy: 'agent,hour' });
    expect(kpiQuery('queue', { ...f, granularity: 'interval30' })).toMatchObject({
      groupBy: 'queue,interval',
      intervalMinutes: 30,
    });
    expect(kpiQuery(undefined, { ...f, granularity: 'interval15' })).toMatchObject({
      groupBy: 'interval',
      intervalMinutes: 15,
    });
  });

  it('passes the filters and the zone through, and leaves absent ones absent', () => {
    const q = kpiQuery('queue', { ...f, tz: 'Asia/Tokyo', queue: 'q1', channel: 'voice' });
    expect(q).toMatchObject({ from: '2026-12-01', to: '2026-12-07', tz: 'Asia/Tokyo', queue: 'q1', channel: 'voice' });
    expect(kpiQuery('team', f).team).toBeUndefined();
    expect(kpiQuery('team', f).tz).toBeUndefined();
  });
});

describe('the IVR report query of a screen', () => {
  it('asks for the same days and zone as the KPI table, without its other filters', () => {
    const f: ReportFilters = {
      from: '2026-12-01',
      to: '2026-12-07',
      granularity: 'day',
      queue: 'q1',
      tz: 'Asia/Tokyo',
    };
    expect(ivrQuery(f)).toEqual({ from: '2026-12-01', to: '2026-12-07', tz: 'Asia/Tokyo' });
    // The center's zone is the server's default: no tz in the query (and in the cache key).
    expect(ivrQuery({ ...f, tz: undefined })).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  });
});

describe('bucket labels', () => {
  it('reads the wall clock of the bucket as the server wrote it, whatever the browser zone', () => {
    expect(formatBucket('2026-12-06T08:15:00+08:00', 'interval15', 'zh-CN', false)).toBe('08:15');
    expect(formatBucket('2026-12-06T23:00:00-05:00', 'hour', 'en-US', true)).toBe('Dec 6 23:00');
  });

  it('writes a day with its weekday in the locale', () => {
    expect(formatBucket('2026-12-06T00:00:00+08:00', 'day', 'en-US', true)).toBe('Sun, Dec 6');
    expect(formatBucket('2026-12-06T00:00:00+08:00', 'day', 'zh-CN', true)).toBe('12月6日周日');
  });
});
