import { describe, expect, it } from 'vitest';
import { factorOfPercent, forecastChartData, percentOfFactor, percentText } from './forecast-chart';

describe('the forecast chart', () => {
  const queue = {
    holdout: [{ date: '2026-12-01', actual: Array(12).fill(5), forecast: Array(12).fill(4) }],
    base: [{ date: '2026-12-14', calls: Array(12).fill(10), ahtSeconds: Array(12).fill(180) }],
    days: [{ date: '2026-12-14', calls: Array(12).fill(12), ahtSeconds: Array(12).fill(180) }],
  };
  const history = [
    { date: '2026-12-01', values: Array(12).fill(6) },
    { date: '2026-12-07', values: Array(12).fill(7) },
  ];

  it('lays history, backtest and forecast on one axis of dates in order, each null outside its days', () => {
    const d = forecastChartData(queue, history, 120);
    expect(d.perDay).toBe(12);
    expect(d.axis).toHaveLength(36);
    expect(d.axis[0]).toBe('2026-12-01 00:00');
    expect(d.axis[13]).toBe('2026-12-07 02:00');
    expect(d.axis[35]).toBe('2026-12-14 22:00');
    // The history of a held-out day wins over the holdout's own actuals.
    expect(d.actual.slice(0, 12)).toEqual(Array(12).fill(6));
    expect(d.actual[12]).toBe(7);
    expect(d.actual[24]).toBeNull();
    expect(d.backtest[0]).toBe(4);
    expect(d.backtest[12]).toBeNull();
    expect(d.forecast[23]).toBeNull();
    expect(d.forecast[24]).toBe(12);
  });

  it('shows the base forecast only when the planner adjusted it', () => {
    expect(forecastChartData(queue, history, 120).base?.[24]).toBe(10);
    expect(forecastChartData({ ...queue, days: queue.base }, history, 120).base).toBeNull();
  });

  it('takes the held-out actuals where the history does not reach', () => {
    const d = forecastChartData(queue, [], 120);
    expect(d.actual[0]).toBe(5);
  });
});

describe('percent texts', () => {
  it('turns a planner +20 % into the factor 1.2 and back, without floating-point noise', () => {
    expect(factorOfPercent(20)).toBe(1.2);
    expect(factorOfPercent(-15)).toBe(0.85);
    expect(percentOfFactor(1.2)).toBe(20);
    expect(percentOfFactor(0.7)).toBe(-30);
  });
  it('writes a WAPE with one decimal, and nothing when there was no volume', () => {
    expect(percentText(0.0423, 'en-US')).toBe('4.2%');
    expect(percentText(null, 'zh-CN')).toBeNull();
  });
});
