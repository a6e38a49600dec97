import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../platform/random';
import { backtest, compare } from './backtest';
import { adjust, forecast } from './forecast';
import { generateHistory, nextDays } from './forecast-fixture';

const P = 96;

describe('compare: a forecast against what happened', () => {
  it('reports WAPE per interval, per day and on daily totals, and the differences', () => {
    const forecastDays = [
      { date: '2026-03-02', calls: [10, 20, 0] },
      { date: '2026-03-03', calls: [5, 5, 0] },
      { date: '2026-03-04', calls: [1, 1, 1] },
    ];
    const actualDays = [
      { date: '2026-03-02', calls: [12, 14, 0] },
      { date: '2026-03-03', calls: [5, 5, 0] },
    ];
    const result = compare(forecastDays, actualDays);
    // |10−12| + |20−14| = 8 over 36 actual calls; daily totals: |30−26| = 4.
    expect(result.wapeInterval).toBeCloseTo(8 / 36, 12);
    expect(result.wapeDay).toBeCloseTo(4 / 36, 12);
    expect(result.days.map((d) => d.wape)).toEqual([8 / 26, 0]);
    expect(result.days[0]?.difference).toEqual([-2, 6, 0]);
    expect(result.unmatched).toEqual(['2026-03-04']);
  });

  it('a day forecast busy that turned out silent has no WAPE (null), not Infinity', () => {
    const result = compare([{ date: '2026-03-02', calls: [3, 0] }], [{ date: '2026-03-02', calls: [0, 0] }]);
    expect(result.wapeInterval).toBeNull();
    expect(result.days[0]?.wape).toBeNull();
  });
});

describe('backtest', () => {
  it('holds out the last weeks, scores only their normal days, and returns the series for the chart', () => {
    const rnd = seededRandom('backtest');
    const history = generateHistory({
      days: 56,
      intervalsPerDay: P,
      draw: (m) => rnd.poisson(m),
      unusual: { '2026-02-25': { kind: 'holiday', factor: 0.1 } },
    });
    const result = backtest('seasonal', history, P, 2);
    if (!result.ok) throw new Error('expected a backtest');
    expect(result.days).toHaveLength(13);
    expect(result.days[0]?.date).toBe('2026-02-16');
    expect(result.days.map((d) => d.date)).not.toContain('2026-02-25');
    const held = history.find((d) => d.date === '2026-02-16');
    expect(result.days[0]?.actual).toEqual(held?.calls);
    // Overall interval WAPE is the volume-weighted mean of the days' WAPEs.
    const total = result.days.reduce((s, d) => s + d.actual.reduce((a, b) => a + b), 0);
    const weighted = result.days.reduce((s, d) => s + (d.wape as number) * d.actual.reduce((a, b) => a + b), 0);
    expect(result.wapeInterval).toBeCloseTo(weighted / total, 12);
    expect(result.wapeDay as number).toBeLessThan(result.wapeInterval as number);
  });

  it('holds out as many weeks as asked', () => {
    const history = generateHistory({ days: 70, intervalsPerDay: P });
    const result = forecast({ history, days: nextDays(history, 1), intervalsPerDay: P, holdoutWeeks: 3 });
    expect(result.ok && result.backtest.holt_winters.ok && result.backtest.holt_winters.days.length).toBe(21);
  });
});

describe('adjust: planner changes on top of the forecast', () => {
  const days = [
    { date: '2026-03-02', calls: [10, 20, 30, 40], ahtSeconds: [180, 180, 180, 180] },
    { date: '2026-03-03', calls: [1, 2, 3, 4], ahtSeconds: [200, 200, 200, 200] },
  ];

  it('multiplies exactly the intervals [from, to) of the day, stacking several factors', () => {
    const out = adjust(days, [
      { date: '2026-03-02', fromInterval: 1, toInterval: 3, factor: 1.2 },
      { date: '2026-03-02', fromInterval: 2, factor: 0.5 },
    ]);
    expect(out[0]?.calls).toEqual([10, 20 * 1.2, 30 * 1.2 * 0.5, 40 * 0.5]);
    expect(out[0]?.ahtSeconds).toEqual(days[0]?.ahtSeconds);
    expect(out[1]).toBe(days[1]);
    expect(days[0]?.calls).toEqual([10, 20, 30, 40]);
  });

  it('a whole-day factor covers every interval', () => {
    expect(adjust(days, [{ date: '2026-03-03', factor: 2 }])[1]?.calls).toEqual([2, 4, 6, 8]);
  });

  it('refuses a negative factor and an interval range outside the day', () => {
    expect(() => adjust(days, [{ date: '2026-03-02', factor: -1 }])).toThrow(RangeError);
    expect(() => adjust(days, [{ date: '2026-03-02', fromInterval: 3, toInterval: 5, factor: 2 }])).toThrow(RangeError);
  });
});
