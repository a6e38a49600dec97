import { describe, expect, it } from 'vitest';
import { latestRunBy, nextRunAt, periodRange, reportSubject } from './reporting.schedules.clock';

const SH = 'Asia/Shanghai';
const at = (s: string) => new Date(s);

describe('when a scheduled report runs next', () => {
  it('a daily report at 08:00 runs today when it is earlier, tomorrow when it is that time or later', () => {
    const c = { kind: 'daily', time: '08:00' } as const;
    expect(nextRunAt(c, SH, at('2026-12-06T07:59:00+08:00'))).toEqual(at('2026-12-06T08:00:00+08:00'));
    expect(nextRunAt(c, SH, at('2026-12-06T08:00:00+08:00'))).toEqual(at('2026-12-07T08:00:00+08:00'));
  });

  it('after days down, the next run is the next slot from now, not one per missed day', () => {
    const c = { kind: 'daily', time: '08:00' } as const;
    expect(nextRunAt(c, SH, at('2026-12-10T09:30:00+08:00'))).toEqual(at('2026-12-11T08:00:00+08:00'));
  });

  it('a weekly report runs on its weekday (Monday = 1) in local time', () => {
    // 2026-12-06 is a Sunday.
    const c = { kind: 'weekly', weekday: 1, time: '09:15' } as const;
    expect(nextRunAt(c, SH, at('2026-12-06T23:00:00+08:00'))).toEqual(at('2026-12-07T09:15:00+08:00'));
    expect(nextRunAt(c, SH, at('2026-12-07T09:15:00+08:00'))).toEqual(at('2026-12-14T09:15:00+08:00'));
  });

  it('a monthly report on day 31 runs on the last day of shorter months', () => {
    const c = { kind: 'monthly', day: 31, time: '06:00' } as const;
    expect(nextRunAt(c, SH, at('2027-02-01T00:00:00+08:00'))).toEqual(at('2027-02-28T06:00:00+08:00'));
    expect(nextRunAt(c, SH, at('2027-02-28T06:00:00+08:00'))).toEqual(at('2027-03-31T06:00:00+08:00'));
  });

  it('reads the cadence in its own zone across a DST change', () => {
    const c = { kind: 'daily', time: '07:00' } as const;
    // New York leaves DST on 2026-11-01: 07:00 is UTC-4 before and UTC-5 after.
    expect(nextRunAt(c, 'America/New_York', at('2026-10-31T12:00:00Z'))).toEqual(at('2026-11-01T12:00:00Z'));
    expect(nextRunAt(c, 'America/New_York', at('2026-10-30T12:00:00Z'))).toEqual(at('2026-10-31T11:00:00Z'));
  });
});

describe('the period a report covers', () => {
  it('yesterday is the local day before the run, even where UTC is still on the day before', () => {
    // 00:30 in Shanghai is 16:30 UTC of the previous day.
    expect(periodRange('yesterday', SH, at('2026-12-05T16:30:00Z'))).toEqual({
      from: '2026-12-05',
      to: '2026-12-06',
      label: '2026-12-05',
    });
  });

  it('last week is the previous Monday to Sunday', () => {
    expect(periodRange('last_week', SH, at('2026-12-09T08:00:00+08:00'))).toMatchObject({
      from: '2026-11-30',
      to: '2026-12-07',
    });
    // Run on a Monday: the week that just ended.
    expect(periodRange('last_week', SH, at('2026-12-07T08:00:00+08:00')).from).toBe('2026-11-30');
  });

  it('last month is the previous calendar month, across a new year', () => {
    expect(periodRange('last_month', SH, at('2027-01-01T08:00:00+08:00'))).toEqual({
      from: '2026-12-01',
      to: '2027-01-01',
      label: '2026-12',
    });
  });

  it('names the report in the schedule language', () => {
    const r = periodRange('yesterday', SH, at('2026-12-06T08:00:00+08:00'));
    expect(reportSubject('yesterday', 'zh-CN', r, '客服中心')).toBe('客服中心日报 2026-12-05');
    expect(reportSubject('yesterday', 'en-US', r, 'Contact center')).toBe('Contact center daily report 2026-12-05');
  });
});

describe('the run a late pass serves', () => {
  it('is the latest one due, so days down are one mail about the last day', () => {
    const c = { kind: 'daily', time: '08:00' } as const;
    expect(latestRunBy(c, SH, at('2026-12-08T08:00:00+08:00'), at('2026-12-10T09:30:00+08:00'))).toEqual(
      at('2026-12-10T08:00:00+08:00'),
    );
    expect(latestRunBy(c, SH, at('2026-12-10T08:00:00+08:00'), at('2026-12-10T08:00:30+08:00'))).toEqual(
      at('2026-12-10T08:00:00+08:00'),
    );
  });
});
