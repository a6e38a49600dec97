import { dayNumber, type HistoryDay } from './forecast-day';
import { type ForecastMethod, fitMethod, type NotEnoughHistory, REQUIRED_DAYS } from './forecast-method';

type DaySeries = { date: string; calls: readonly number[] };

export type DayScore = {
  date: string;
  /** WAPE of the day's intervals; 0 when nothing was expected and nothing came, null when only the forecast was non-zero. */
  wape: number | null;
  actual: number[];
  forecast: number[];
};

export type Score = {
  /** Σ|actual − forecast| ÷ Σ actual over every interval; null when no call came at all. */
  wapeInterval: number | null;
  /** The same on daily totals: how well the day's volume was hit, whatever its spread. */
  wapeDay: number | null;
  days: DayScore[];
};

export type BacktestResult = ({ ok: true; holdoutWeeks: number } & Score) | NotEnoughHistory;

/**
 * Holds out the last `holdoutWeeks` of history, trains `method` on the days before and forecasts the
 * held-out normal days (holidays, 调休 and special days are left out of the score: they would grade the
 * planner's uplift, not the method). The training part must meet the method's own minimum.
 */
export function backtest(
  method: ForecastMethod,
  history: readonly HistoryDay[],
  intervalsPerDay: number,
  holdoutWeeks: number,
): BacktestResult {
  const last = history[history.length - 1];
  const cutoff = last ? dayNumber(last.date) - 7 * holdoutWeeks : 0;
  const training = history.filter((d) => dayNumber(d.date) <= cutoff);
  const heldOut = history.filter((d) => dayNumber(d.date) > cutoff && d.kind === 'normal');
  const fitted = training.length > 0 ? fitMethod(method, training, intervalsPerDay) : undefined;
  if (!fitted?.ok || heldOut.length === 0) {
    const normal = history.filter((d) => d.kind === 'normal').length;
    return {
      ok: false,
      reason: 'not_enough_history',
      method,
      requiredDays: REQUIRED_DAYS[method] + 7 * holdoutWeeks,
      availableDays: normal,
      missingWeekdays: fitted && !fitted.ok ? fitted.missingWeekdays : [],
    };
  }
  const forecast = heldOut.map((d) => ({ date: d.date, calls: fitted.model.predict({ ...d, kind: 'normal' }) }));
  return { ok: true, holdoutWeeks, ...score(forecast, heldOut) };
}

export type Comparison = Score & {
  days: (DayScore & { difference: number[] })[];
  /** Forecast dates without actuals (not yet happened, or not loaded): left out of the score. */
  unmatched: string[];
};

/** A saved forecast against what actually happened, per interval (difference = forecast − actual). */
export function compare(forecastDays: readonly DaySeries[], actualDays: readonly DaySeries[]): Comparison {
  const actualByDate = new Map(actualDays.map((d) => [d.date, d]));
  const matched = forecastDays.filter((d) => actualByDate.has(d.date));
  const unmatched = forecastDays.filter((d) => !actualByDate.has(d.date)).map((d) => d.date);
  const result = score(
    matched,
    matched.map((d) => actualByDate.get(d.date) as DaySeries),
  );
  return {
    ...result,
    days: result.days.map((d) => ({ ...d, difference: d.forecast.map((f, i) => f - (d.actual[i] ?? 0)) })),
    unmatched,
  };
}

/** Forecast and actual days, paired by position; interval arrays of equal length. */
function score(forecast: readonly DaySeries[], actual: readonly DaySeries[]): Score {
  let absInterval = 0;
  let absDay = 0;
  let total = 0;
  const days: DayScore[] = [];
  for (let k = 0; k < forecast.length; k++) {
    const f = forecast[k] as DaySeries;
    const a = actual[k] as DaySeries;
    if (f.calls.length !== a.calls.length) throw new RangeError(`${f.date}: forecast and actual differ in intervals`);
    let abs = 0;
    let sumA = 0;
    let sumF = 0;
    for (let i = 0; i < a.calls.length; i++) {
      const av = a.calls[i] as number;
      const fv = f.calls[i] as number;
      abs += Math.abs(av - fv);
      sumA += av;
      sumF += fv;
    }
    absInterval += abs;
    absDay += Math.abs(sumA - sumF);
    total += sumA;
    days.push({ date: f.date, wape: wape(abs, sumA), actual: [...a.calls], forecast: [...f.calls] });
  }
  return { wapeInterval: wape(absInterval, total), wapeDay: wape(absDay, total), days };
}

function wape(absError: number, actual: number): number | null {
  if (actual > 0) return absError / actual;
  return absError === 0 ? 0 : null;
}
