import {
  cell,
  dayNumber,
  type ForecastDay,
  type HistoryDay,
  patternOf,
  type VolumeModel,
  weekdayOfDayNumber,
} from './forecast-day';

/**
 * Double-seasonal Holt-Winters (Taylor 2003): a level with an additive trend, a daily cycle D of
 * intervalsPerDay indices and a weekly cycle W of 7·intervalsPerDay indices, forecast
 * (L + k·T)·D·W.
 *
 * Multiplicative seasonality, because contact volume scales: when a campaign lifts the level by 30 %
 * the 10:00 peak grows by 30 % and the 03:00 trough stays at zero. An additive model would add the
 * same number of calls to every interval, night included, and let a trend push quiet hours negative.
 * The price is division by indices that are ~0 at night; every such division is floored at
 * `INDEX_FLOOR`, so a stray night call moves the state a bounded step.
 *
 * Taylor's AR(1) residual term is left out: it corrects the next few intervals only, and planners
 * forecast whole days ahead.
 */

export type HoltWintersParameters = {
  /** Level smoothing per interval. */
  alpha: number;
  /** Trend smoothing per interval; `null`: no trend at all. */
  gamma: number | null;
  /** Daily-cycle smoothing. */
  delta: number;
  /** Weekly-cycle smoothing. */
  omega: number;
};

export type HoltWintersModel = VolumeModel & {
  parameters: HoltWintersParameters;
  /** Root mean squared day-ahead error of the fit (calls per interval). */
  rmse: number;
};

const INDEX_FLOOR = 0.1;

/**
 * The grid searched. Per-interval smoothing, so α = 0.005 remembers about 200 intervals (two days at
 * 15 minutes) and a trend γ of 0.0005 averages the slope over about three weeks of intervals; slower
 * trends would chase noise across a two-week horizon.
 */
const GRID = {
  alpha: [0.005, 0.01, 0.03, 0.1],
  gamma: [null, 0.0005, 0.002],
  delta: [0, 0.05, 0.15, 0.3],
  omega: [0, 0.05, 0.15, 0.3],
} as const satisfies { [K in keyof HoltWintersParameters]: readonly HoltWintersParameters[K][] };

const START: HoltWintersParameters = { alpha: 0.01, gamma: null, delta: 0.05, omega: 0.05 };

/** The first week only initialises the level; the fit is scored from the second week on. */
const BURN_IN_DAYS = 7;

type Series = {
  /** Contiguous calendar days from the first to the last history day. */
  days: number;
  firstDay: number;
  /** Calls, days × intervalsPerDay. */
  y: Float64Array;
  /** 1 where the day is a normal day present in the history: only those update the state. */
  observed: Uint8Array;
  /** ISO weekday of each day. */
  weekday: Uint8Array;
};

type Start = { level: number; trend: number; daily: Float64Array; weekly: Float64Array };

type State = { level: number; trend: number; daily: Float64Array; weekly: Float64Array; sse: number; scored: number };

/**
 * Fits the parameters by a search of a small grid on day-ahead squared error (each midnight's forecast
 * of the whole coming day; it costs nothing beyond the one-step pass, and the backtest then grades
 * the real horizon of one or more weeks) and returns the model in its state after the last day.
 *
 * Holidays, 调休 days, special days and days missing from the history are skipped in the recursion:
 * the state rolls forward as if the day had matched the forecast (error 0), so the level keeps its
 * trend and no index learns from an unusual day. `shape` (7 × intervalsPerDay, mean 1; the seasonal
 * profile of the same training days) initialises the indices; the first two weeks set level and trend.
 */
export function fitHoltWinters(
  history: readonly HistoryDay[],
  intervalsPerDay: number,
  shape: Float64Array,
): HoltWintersModel {
  const P = intervalsPerDay;
  const series = toSeries(history, P);
  const start = initialState(series, P, shape);
  const params = search((p) => run(series, P, start, p).sse);
  const end = run(series, P, start, params);
  const lastDay = series.firstDay + series.days - 1;

  return {
    parameters: params,
    rmse: end.scored > 0 ? Math.sqrt(end.sse / end.scored) : 0,
    predict(day: ForecastDay): number[] {
      const pattern = patternOf(day);
      // Steps ahead of the last state; a date inside the history is forecast as the next day.
      const ahead = Math.max(1, dayNumber(day.date) - lastDay);
      const out = new Array<number>(P);
      for (let i = 0; i < P; i++) {
        let w = 0;
        for (const wd of pattern) w += end.weekly[cell(wd, i, P)] as number;
        const level = Math.max(0, end.level + ((ahead - 1) * P + i + 1) * end.trend);
        out[i] = (level * (end.daily[i] as number) * w) / pattern.length;
      }
      return out;
    },
  };
}

/**
 * Coordinate search over the grid: each parameter in turn tries its values with the others fixed,
 * until a full round changes nothing. A few dozen fits instead of the grid's 192 — the error surface of
 * smoothing constants is smooth enough that the full grid found the same parameters on our test data,
 * and the cold first forecast (before the JIT has warmed up) stays well under the 200 ms budget.
 */
function search(sse: (p: HoltWintersParameters) => number): HoltWintersParameters {
  const seen = new Map<string, number>();
  const cost = (p: HoltWintersParameters) => {
    const key = `${p.alpha}/${p.gamma}/${p.delta}/${p.omega}`;
    let c = seen.get(key);
    if (c === undefined) {
      c = sse(p);
      seen.set(key, c);
    }
    return c;
  };
  let best = START;
  let bestCost = cost(best);
  for (let changed = true; changed; ) {
    changed = false;
    for (const key of ['alpha', 'gamma', 'delta', 'omega'] as const) {
      for (const value of GRID[key]) {
        const candidate = { ...best, [key]: value };
        const c = cost(candidate);
        if (c < bestCost) {
          best = candidate;
          bestCost = c;
          changed = true;
        }
      }
    }
  }
  return best;
}

function toSeries(history: readonly HistoryDay[], P: number): Series {
  const first = history[0] as HistoryDay;
  const last = history[history.length - 1] as HistoryDay;
  const firstDay = dayNumber(first.date);
  const days = dayNumber(last.date) - firstDay + 1;
  const y = new Float64Array(days * P);
  const observed = new Uint8Array(days);
  const weekday = new Uint8Array(days);
  for (let d = 0; d < days; d++) weekday[d] = weekdayOfDayNumber(firstDay + d);
  for (const day of history) {
    const d = dayNumber(day.date) - firstDay;
    if (day.kind !== 'normal') continue;
    observed[d] = 1;
    for (let i = 0; i < P; i++) y[d * P + i] = day.calls[i] as number;
  }
  return { days, firstDay, y, observed, weekday };
}

/**
 * D is the weekly shape averaged over the weekdays; W = shape ÷ D, the weekday's own deviation. Where D
 * is ~0 (night) W is the weekday's overall ratio, so the product stays ~0 and W is sensible when a
 * night starts to get calls.
 */
function initialState(series: Series, P: number, shape: Float64Array): Start {
  const daily = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    let s = 0;
    for (let wd = 1; wd <= 7; wd++) s += shape[(wd - 1) * P + i] as number;
    daily[i] = s / 7;
  }
  const weekly = new Float64Array(7 * P);
  for (let wd = 0; wd < 7; wd++) {
    let dayShape = 0;
    for (let i = 0; i < P; i++) dayShape += shape[wd * P + i] as number;
    const ratio = dayShape / P;
    for (let i = 0; i < P; i++) {
      const d = daily[i] as number;
      weekly[wd * P + i] = d > 1e-9 ? (shape[wd * P + i] as number) / d : ratio;
    }
  }
  const week1 = levelOver(series, P, shape, 0, 7);
  const week2 = levelOver(series, P, shape, 7, 14);
  const level = week1 ?? week2 ?? 0;
  const trend = week1 !== undefined && week2 !== undefined ? (week2 - week1) / (7 * P) : 0;
  return { level, trend, daily, weekly };
}

/** Calls over what the shape expects, on the observed days in [from, to); undefined without any. */
function levelOver(series: Series, P: number, shape: Float64Array, from: number, to: number): number | undefined {
  let calls = 0;
  let expected = 0;
  for (let d = from; d < Math.min(to, series.days); d++) {
    if (!series.observed[d]) continue;
    const base = ((series.weekday[d] as number) - 1) * P;
    for (let i = 0; i < P; i++) {
      calls += series.y[d * P + i] as number;
      expected += shape[base + i] as number;
    }
  }
  return expected > 0 ? calls / expected : undefined;
}

/** One pass of the recursion: the hot loop of the search (a few dozen passes over ~8,000 intervals). */
function run(series: Series, P: number, start: Start, p: HoltWintersParameters): State {
  const { y, observed, weekday } = series;
  const daily = Float64Array.from(start.daily);
  const weekly = Float64Array.from(start.weekly);
  const withTrend = p.gamma !== null;
  const gamma = p.gamma ?? 0;
  let level = start.level;
  let trend = withTrend ? start.trend : 0;
  let sse = 0;
  let scored = 0;
  for (let d = 0; d < series.days; d++) {
    if (!observed[d]) {
      level = Math.max(0, level + trend * P);
      continue;
    }
    const base = ((weekday[d] as number) - 1) * P;
    const dayLevel = level;
    const dayTrend = trend;
    const score = d >= BURN_IN_DAYS;
    for (let i = 0; i < P; i++) {
      const s = daily[i] as number;
      const w = weekly[base + i] as number;
      const actual = y[d * P + i] as number;
      if (score) {
        // D[i] and W[base+i] are visited once a day, so they still hold their midnight values.
        const e = actual - Math.max(0, dayLevel + (i + 1) * dayTrend) * s * w;
        sse += e * e;
        scored++;
      }
      const e = actual - (level + trend) * s * w;
      const next = Math.max(0, level + trend + (p.alpha * e) / Math.max(s * w, INDEX_FLOOR));
      if (withTrend) trend += gamma * (next - level - trend);
      level = next;
      const l = Math.max(level, 1e-9);
      if (p.delta > 0) daily[i] = Math.max(0, s + (p.delta * e) / (l * Math.max(w, INDEX_FLOOR)));
      if (p.omega > 0) weekly[base + i] = Math.max(0, w + (p.omega * e) / (l * Math.max(s, INDEX_FLOOR)));
    }
  }
  return { level, trend, daily, weekly, sse, scored };
}
