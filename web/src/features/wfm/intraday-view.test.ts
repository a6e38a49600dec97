import { describe, expect, it } from 'vitest';
import type { Intraday } from '../../../../contracts/wfm';
import {
  arrivalsSoFar,
  coversDate,
  direction,
  forecastsCovering,
  intradayChartData,
  spanLabel,
  wholePercent,
} from './intraday-view';

const TZ = 'Asia/Shanghai';

describe('the forecasts the intraday screen offers', () => {
  const f = (id: string, startDate: string, days: number, createdAt: string) => ({ id, startDate, days, createdAt });

  it('covers a date from the first day to the last, not the day after', () => {
    expect(coversDate(f('a', '2026-12-07', 7, ''), '2026-12-07')).toBe(true);
    expect(coversDate(f('a', '2026-12-07', 7, ''), '2026-12-13')).toBe(true);
    expect(coversDate(f('a', '2026-12-07', 7, ''), '2026-12-14')).toBe(false);
    expect(coversDate(f('a', '2026-12-07', 7, ''), '2026-12-06')).toBe(false);
  });

  it('keeps the forecasts covering today, the newest first', () => {
    const list = [
      f('old', '2026-12-01', 14, '2026-11-30T08:00:00Z'),
      f('next-week', '2026-12-14', 7, '2026-12-07T09:00:00Z'),
      f('new', '2026-12-07', 1, '2026-12-07T08:00:00Z'),
    ];
    expect(forecastsCovering(list, '2026-12-07').map((x) => x.id)).toEqual(['new', 'old']);
    expect(forecastsCovering(list, '2026-12-21')).toEqual([]);
  });
});

/** A day of four 6-hour intervals in Shanghai, the first two ended. */
const intraday: Intraday = {
  forecastId: '00000000-0000-4000-8000-000000000001',
  date: '2026-12-07',
  intervalMinutes: 360,
  now: '2026-12-07T05:00:00Z',
  elapsedIntervals: 2,
  queues: [
    {
      queueId: '00000000-0000-4000-8000-000000000002',
      queueName: '热线',
      ratio: 1.5,
      forecast: [10, 30, 40, 20],
      actual: [20, 40, 5, null],
      reforecast: [20, 40, 60, 30],
    },
    {
      queueId: '00000000-0000-4000-8000-000000000003',
      queueName: '夜间',
      ratio: 1,
      forecast: [0, 0, 4, 4],
      actual: [1, 0, 0, null],
      reforecast: [1, 0, 4, 4],
    },
  ],
  intervals: ['2026-12-06T16:00:00Z', '2026-12-06T22:00:00Z', '2026-12-07T04:00:00Z', '2026-12-07T10:00:00Z'].map(
    (start, i) => ({
      start,
      forecastCalls: [10, 30, 44, 24][i]!,
      actualCalls: [21, 40, 5, null][i]!,
      reforecastCalls: [21, 40, 64.04, 34][i]!,
      required: [3, 5, 8, 4][i]!,
      requiredScheduled: [4, 6, 10, 5][i]!,
      loggedIn: [2, 3, 3, null][i]!,
      scheduled: 0,
    }),
  ),
  scheduleKnown: false,
  suggestions: [],
};

describe('arrivals so far', () => {
  it('compares the ended intervals only, and gives the damped change of the rest', () => {
    const [hotline, night] = arrivalsSoFar(intraday);
    expect(hotline).toMatchObject({ actual: 60, forecast: 40, change: 0.5, restChange: 0.5 });
    // Nothing was forecast so far: no percent to give.
    expect(night).toMatchObject({ actual: 1, forecast: 0, change: null, restChange: 0 });
  });

  it('reads a change as above, below or level to the whole percent', () => {
    expect(direction(0.667)).toBe('above');
    expect(direction(-0.2)).toBe('below');
    expect(direction(0.004)).toBe('level');
    expect(direction(null)).toBe('none');
    expect(wholePercent(0.667, 'en-US')).toBe('67%');
    expect(wholePercent(-0.2, 'zh-CN')).toBe('20%');
  });
});

describe('the intraday charts', () => {
  it('lays the day on the centre’s clock with the re-forecast from the current interval on', () => {
    const d = intradayChartData(intraday, TZ);
    expect(d.axis).toEqual(['00:00', '06:00', '12:00', '18:00']);
    expect(d.nowIndex).toBe(2);
    expect(d.actual).toEqual([21, 40, 5, null]);
    expect(d.reforecast).toEqual([null, null, 64, 34]);
    expect(d.requiredScheduled).toEqual([4, 6, 10, 5]);
    expect(d.loggedIn).toEqual([2, 3, 3, null]);
  });

  it('keeps "now" on the last interval once the day is over', () => {
    expect(intradayChartData({ ...intraday, elapsedIntervals: 4 }, TZ).nowIndex).toBe(3);
  });
});

describe('a suggestion’s span', () => {
  it('writes local times, and a run to midnight as ending at 24:00', () => {
    expect(spanLabel('2026-12-07T02:00:00Z', '2026-12-07T03:00:00Z', TZ)).toBe('10:00–11:00');
    expect(spanLabel('2026-12-07T15:00:00Z', '2026-12-07T16:00:00Z', TZ)).toBe('23:00–24:00');
  });
});
