import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../platform/random';
import { compare } from './backtest';
import { type ForecastedDay, forecast } from './forecast';
import type { ForecastDay, HistoryDay } from './forecast-day';
import { defaultDailyVolume, generateHistory, intradayShape, nextDays } from './forecast-fixture';

const P = 96;

function ok(result: ReturnType<typeof forecast>) {
  if (!result.ok) throw new Error(`expected a forecast, got ${JSON.stringify(result)}`);
  return result;
}

/** The generator's expected values for the same dates: what a perfect forecast says. */
function truth(days: readonly ForecastDay[], volume = defaultDailyVolume): { date: string; calls: number[] }[] {
  return days.map((d) => ({ date: d.date, calls: intradayShape(d.weekday, P).map((s) => s * volume(d.weekday)) }));
}

const poisson = (seed: number | string) => {
  const rnd = seededRandom(seed);
  return (mean: number) => rnd.poisson(mean);
};

describe('forecast: recovering a known pattern', () => {
  it.each(['seasonal', 'holt_winters'] as const)('%s reproduces noise-free history exactly', (method) => {
    const history = generateHistory({ days: 84, intervalsPerDay: P });
    const days = nextDays(history, 14);
    const result = ok(forecast({ history, days, intervalsPerDay: P, method }));
    expect(compare(result.days, truth(days)).wapeInterval).toBeLessThan(1e-9);
    const bt = result.backtest[method];
    expect(bt.ok && bt.wapeInterval).toBeLessThan(1e-9);
  });

  it.each(['seasonal', 'holt_winters'] as const)('%s finds the daily × weekly shape under Poisson noise', (method) => {
    const history = generateHistory({ days: 84, intervalsPerDay: P, draw: poisson('shape') });
    const days = nextDays(history, 14);
    const result = ok(forecast({ history, days, intervalsPerDay: P, method }));
    // Against the true means, not a noisy week: what is left is estimation error only.
    const vsTruth = compare(result.days, truth(days));
    expect(vsTruth.wapeInterval).toBeLessThan(0.05);
    expect(vsTruth.wapeDay).toBeLessThan(0.03);
    // The Monday 10:00 peak is forecast above the Sunday 10:00 and above Monday 03:00 (closed).
    const monday = result.days.find((d) => d.weekday === 1) as ForecastedDay;
    const sunday = result.days.find((d) => d.weekday === 7) as ForecastedDay;
    expect(monday.calls[40]).toBeGreaterThan(2 * (sunday.calls[40] as number));
    expect(monday.calls[12]).toBe(0);
  });

  it('gives exactly 0, never NaN, for intervals that never had a call, and for a queue without calls', () => {
    const history = generateHistory({ days: 35, intervalsPerDay: P, draw: poisson('night') });
    for (const method of ['seasonal', 'holt_winters'] as const) {
      const result = ok(forecast({ history, days: nextDays(history, 7), intervalsPerDay: P, method }));
      for (const day of result.days) {
        expect(day.calls.slice(0, 32).every((c) => c === 0)).toBe(true);
        expect([...day.calls, ...day.ahtSeconds].every(Number.isFinite)).toBe(true);
      }
    }
    const silent = generateHistory({ days: 35, intervalsPerDay: P, dailyVolume: () => 0 });
    const result = ok(forecast({ history: silent, days: nextDays(silent, 7), intervalsPerDay: P }));
    expect(result.days.flatMap((d) => [...d.calls, ...d.ahtSeconds]).every((v) => v === 0)).toBe(true);
    // Nothing expected and nothing came: a perfect 0, not 0 ÷ 0.
    const bt = result.backtest.seasonal;
    expect(bt.ok && bt.wapeInterval).toBe(0);
  });
});

describe('forecast: holidays, 调休 and special days', () => {
  // Three quiet holidays, one in the last week (where the level comes from) and one 调休 make-up
  // Saturday busy like a weekday; all on top of otherwise noise-free history.
  const unusual = {
    '2026-02-16': { kind: 'holiday', factor: 0.2 },
    '2026-02-17': { kind: 'holiday', factor: 0.2 },
    '2026-03-24': { kind: 'holiday', factor: 0.2 },
    '2026-02-28': { kind: 'workday', factor: 2 },
    '2026-03-10': { kind: 'special', factor: 3 },
  } as const;

  it.each(['seasonal', 'holt_winters'] as const)('%s: excluded days do not drag the forecast down', (method) => {
    const history = generateHistory({ days: 84, intervalsPerDay: P, unusual });
    const days = nextDays(history, 14);
    const result = ok(forecast({ history, days, intervalsPerDay: P, method }));
    expect(compare(result.days, truth(days)).wapeInterval).toBeLessThan(1e-9);
    // The same days counted as normal would have taught the method a lower level.
    const asNormal = history.map((d): HistoryDay => ({ ...d, kind: 'normal' }));
    const naive = ok(forecast({ history: asNormal, days, intervalsPerDay: P, method }));
    expect(compare(naive.days, truth(days)).wapeInterval).toBeGreaterThan(0.005);
  });

  it.each(['seasonal', 'holt_winters'] as const)(
    '%s: a holiday follows the Sunday pattern, scaled by its uplift',
    (method) => {
      const history = generateHistory({ days: 84, intervalsPerDay: P });
      const [monday, , , , , , sunday] = nextDays(history, 7) as ForecastDay[];
      const holiday: ForecastDay = { ...(monday as ForecastDay), kind: 'holiday', uplift: 1.5 };
      const result = ok(forecast({ history, days: [holiday, sunday as ForecastDay], intervalsPerDay: P, method }));
      const [h, s] = result.days as [ForecastedDay, ForecastedDay];
      for (let i = 0; i < P; i++) expect(h.calls[i]).toBeCloseTo(1.5 * (s.calls[i] as number), 6);
    },
  );

  it('a 调休 make-up Saturday follows the working-week pattern (or the weekday it is worked as)', () => {
    const history = generateHistory({ days: 84, intervalsPerDay: P });
    const week = nextDays(history, 7) as ForecastDay[];
    const saturday = week[5] as ForecastDay;
    const result = ok(
      forecast({
        history,
        days: [...week, { ...saturday, kind: 'workday' }, { ...saturday, kind: 'workday', asWeekday: 1 }],
        intervalsPerDay: P,
        method: 'seasonal',
      }),
    );
    const out = result.days;
    const workday = out[7] as ForecastedDay;
    const asMonday = out[8] as ForecastedDay;
    for (let i = 0; i < P; i++) {
      const meanWeekday = out.slice(0, 5).reduce((s, d) => s + (d.calls[i] as number), 0) / 5;
      expect(workday.calls[i]).toBeCloseTo(meanWeekday, 6);
      expect(asMonday.calls[i]).toBeCloseTo(out[0]?.calls[i] as number, 6);
    }
    expect(workday.calls.reduce((a, b) => a + b)).toBeGreaterThan(
      1.5 * (out[5] as ForecastedDay).calls.reduce((a, b) => a + b),
    );
  });

  it('uplift multiplies the whole day exactly and leaves AHT alone', () => {
    const history = generateHistory({ days: 42, intervalsPerDay: P, draw: poisson('uplift') });
    const [day] = nextDays(history, 1) as [ForecastDay];
    const plain = ok(forecast({ history, days: [day], intervalsPerDay: P, method: 'holt_winters' })).days[0];
    const up = ok(forecast({ history, days: [{ ...day, uplift: 1.2 }], intervalsPerDay: P, method: 'holt_winters' }))
      .days[0];
    expect(up?.calls).toEqual(plain?.calls.map((c) => c * 1.2));
    expect(up?.ahtSeconds).toEqual(plain?.ahtSeconds);
  });
});

describe('forecast: choosing the method', () => {
  it('auto picks Holt-Winters when volume grows 1 % a day (the seasonal level lags)', () => {
    const history = generateHistory({
      days: 84,
      intervalsPerDay: P,
      draw: poisson('trend'),
      dailyVolume: (wd, d) => defaultDailyVolume(wd) * (1 + 0.01 * d),
    });
    const result = ok(forecast({ history, days: nextDays(history, 7), intervalsPerDay: P }));
    expect(result).toMatchObject({ method: 'holt_winters', chosenBy: 'backtest' });
    expect(result.holtWinters?.alpha).toBeGreaterThan(0);
    const { seasonal, holt_winters } = result.backtest;
    expect(
      seasonal.ok && holt_winters.ok && (holt_winters.wapeInterval as number) < (seasonal.wapeInterval as number),
    ).toBe(true);
  });

  it('auto picks the seasonal profile when an unmarked one-day surge just before the forecast would mislead Holt-Winters', () => {
    // Day 69 is the last training day of the backtest (84 days, 2 held-out weeks).
    const history = generateHistory({
      days: 84,
      intervalsPerDay: P,
      draw: poisson('surge'),
      dailyVolume: (wd, d) => defaultDailyVolume(wd) * (d === 69 ? 2.5 : 1),
    });
    const result = ok(forecast({ history, days: nextDays(history, 7), intervalsPerDay: P }));
    expect(result).toMatchObject({ method: 'seasonal', chosenBy: 'backtest' });
    expect(result.holtWinters).toBeUndefined();
  });

  it('the planner may force the method the backtest ranks lower', () => {
    const history = generateHistory({
      days: 84,
      intervalsPerDay: P,
      dailyVolume: (wd, d) => defaultDailyVolume(wd) * (1 + 0.01 * d),
    });
    const result = ok(forecast({ history, days: nextDays(history, 7), intervalsPerDay: P, method: 'seasonal' }));
    expect(result).toMatchObject({ method: 'seasonal', chosenBy: 'planner' });
    expect(result.backtest.holt_winters.ok).toBe(true);
  });
});

describe('forecast: too little history', () => {
  it('says how many normal days each method lacks instead of forecasting', () => {
    const short = generateHistory({ days: 5, intervalsPerDay: P });
    expect(forecast({ history: short, days: nextDays(short, 7), intervalsPerDay: P })).toEqual({
      ok: false,
      reason: 'not_enough_history',
      method: 'seasonal',
      requiredDays: 7,
      availableDays: 5,
      missingWeekdays: [6, 7],
    });
    const twoWeeks = generateHistory({ days: 14, intervalsPerDay: P });
    expect(
      forecast({ history: twoWeeks, days: nextDays(twoWeeks, 7), intervalsPerDay: P, method: 'holt_winters' }),
    ).toMatchObject({
      ok: false,
      method: 'holt_winters',
      requiredDays: 21,
      availableDays: 14,
    });
  });

  it('a weekday with nothing but holidays counts as missing', () => {
    const unusual = {
      '2026-01-11': { kind: 'holiday', factor: 0.3 },
      '2026-01-18': { kind: 'holiday', factor: 0.3 },
    } as const;
    const history = generateHistory({ days: 14, intervalsPerDay: P, unusual });
    expect(forecast({ history, days: nextDays(history, 1), intervalsPerDay: P })).toMatchObject({
      ok: false,
      missingWeekdays: [7],
    });
  });

  it('with history too short to hold two weeks out, auto takes the seasonal profile and says the backtest is missing', () => {
    const history = generateHistory({ days: 28, intervalsPerDay: P, draw: poisson('short') });
    const result = ok(forecast({ history, days: nextDays(history, 7), intervalsPerDay: P }));
    expect(result).toMatchObject({ method: 'seasonal', chosenBy: 'only_method_available' });
    expect(result.backtest.seasonal.ok).toBe(true);
    expect(result.backtest.holt_winters).toMatchObject({ ok: false, requiredDays: 35, availableDays: 28 });
  });
});
