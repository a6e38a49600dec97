import { fitAhtProfile } from './aht-profile';
import { type BacktestResult, backtest } from './backtest';
import { type DayKind, type ForecastDay, type HistoryDay, sortedHistory, type Weekday } from './forecast-day';
import { FORECAST_METHODS, type ForecastMethod, fitMethod, type NotEnoughHistory } from './forecast-method';
import type { HoltWintersParameters } from './holt-winters';

export type ForecastOptions = {
  /** Local days, any order, `intervalsPerDay` values each. */
  history: readonly HistoryDay[];
  /** The days to forecast. */
  days: readonly ForecastDay[];
  intervalsPerDay: number;
  /** `auto` (default): the method with the lower backtest WAPE per interval. */
  method?: 'auto' | ForecastMethod;
  /** Weeks held out for the backtest; default 2. */
  holdoutWeeks?: number;
};

export type ForecastedDay = {
  date: string;
  weekday: Weekday;
  kind: DayKind;
  /** Expected offered contacts per interval (fractional: a rate for staffing, not a count). */
  calls: number[];
  ahtSeconds: number[];
};

export type ForecastResult =
  | {
      ok: true;
      method: ForecastMethod;
      /** Why this method: the planner forced it, it won the backtest, or it was the only one that could be backtested. */
      chosenBy: 'planner' | 'backtest' | 'only_method_available';
      backtest: Record<ForecastMethod, BacktestResult>;
      /** The fitted smoothing parameters when the method is Holt-Winters. */
      holtWinters?: HoltWintersParameters;
      days: ForecastedDay[];
    }
  | NotEnoughHistory;

export const DEFAULT_HOLDOUT_WEEKS = 2;

/**
 * Volume and AHT per interval for `days`: both methods backtested, one chosen (see `chosenBy`), then
 * trained on the whole history. A forecast day's `uplift` scales its volume; AHT is not scaled.
 */
export function forecast(options: ForecastOptions): ForecastResult {
  const P = options.intervalsPerDay;
  const holdoutWeeks = options.holdoutWeeks ?? DEFAULT_HOLDOUT_WEEKS;
  if (!Number.isInteger(holdoutWeeks) || holdoutWeeks < 1) {
    throw new RangeError(`holdoutWeeks must be a positive integer, not ${holdoutWeeks}`);
  }
  const history = sortedHistory(options.history, P);
  const results = {} as Record<ForecastMethod, BacktestResult>;
  for (const m of FORECAST_METHODS) results[m] = backtest(m, history, P, holdoutWeeks);

  const requested = options.method ?? 'auto';
  const choice = requested === 'auto' ? pick(results) : { method: requested, chosenBy: 'planner' as const };
  const fitted = fitMethod(choice.method, history, P);
  if (!fitted.ok) return fitted;

  const training = history.filter((d) => d.kind === 'normal');
  const asOf = (history[history.length - 1] as HistoryDay).date;
  const aht = fitAhtProfile(training, P, asOf);
  const days = options.days.map((day): ForecastedDay => {
    const uplift = day.uplift ?? 1;
    return {
      date: day.date,
      weekday: day.weekday,
      kind: day.kind,
      calls: fitted.model.predict(day).map((c) => c * uplift),
      ahtSeconds: aht.predict(day),
    };
  });
  return {
    ok: true,
    method: choice.method,
    chosenBy: choice.chosenBy,
    backtest: results,
    ...(fitted.holtWinters ? { holtWinters: fitted.holtWinters } : {}),
    days,
  };
}

/**
 * The lower interval WAPE among the backtested methods; a tie goes to the seasonal profile, the
 * simpler one. Without any backtest (too little history to hold weeks out) the seasonal profile,
 * which needs the least history; `fitMethod` then says if even that is too little.
 */
function pick(results: Record<ForecastMethod, BacktestResult>): {
  method: ForecastMethod;
  chosenBy: 'backtest' | 'only_method_available';
} {
  const scored = FORECAST_METHODS.flatMap((m) => {
    const r = results[m];
    return r.ok && r.wapeInterval !== null ? [{ m, wape: r.wapeInterval }] : [];
  });
  if (scored.length === 0) return { method: 'seasonal', chosenBy: 'only_method_available' };
  // Rounding separates two perfect fits by 1e-16: that is a tie, not a win.
  const best = scored.reduce((a, b) => (b.wape < a.wape - 1e-9 ? b : a));
  return { method: best.m, chosenBy: scored.length > 1 ? 'backtest' : 'only_method_available' };
}

/** A planner's change: `factor` on `date`, on intervals [fromInterval, toInterval) (default: the whole day). */
export type Adjustment = { date: string; fromInterval?: number; toInterval?: number; factor: number };

/**
 * Applies planner adjustments on top of the forecast (uplift included); several on one interval
 * multiply. Returns new days; AHT is untouched. Adjustments for dates not in `days` change nothing.
 */
export function adjust<T extends { date: string; calls: readonly number[] }>(
  days: readonly T[],
  adjustments: readonly Adjustment[],
): T[] {
  for (const a of adjustments) {
    if (!Number.isFinite(a.factor) || a.factor < 0)
      throw new RangeError(`${a.date}: factor must be ≥ 0, not ${a.factor}`);
  }
  return days.map((day) => {
    const mine = adjustments.filter((a) => a.date === day.date);
    if (mine.length === 0) return day;
    const calls = [...day.calls];
    for (const a of mine) {
      const from = a.fromInterval ?? 0;
      const to = a.toInterval ?? calls.length;
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > calls.length || from > to) {
        throw new RangeError(`${a.date}: intervals [${from}, ${to}) outside 0…${calls.length}`);
      }
      for (let i = from; i < to; i++) calls[i] = (calls[i] as number) * a.factor;
    }
    return { ...day, calls };
  });
}
