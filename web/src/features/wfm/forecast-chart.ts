import type { ForecastQueue } from '../../../../contracts/wfm';
import { intervalTime } from './dates';

/** One day of a line: its date and a value per interval. */
export type DayValues = { date: string; values: readonly (number | null)[] };

/** The forecast chart of one queue, as aligned series over one axis of `date HH:mm` intervals. */
export type ForecastChartData = {
  /** `YYYY-MM-DD HH:mm` per interval, the days in order. */
  axis: string[];
  /** Intervals per day (the axis labels show each day's first). */
  perDay: number;
  /** What happened: the history before the start, and the backtest's held-out days. */
  actual: (number | null)[];
  /** The chosen method's forecast of the held-out days. */
  backtest: (number | null)[];
  /** The forecast staffing reads (after the planner's adjustments). */
  forecast: (number | null)[];
  /** The forecast before adjustments; null when nothing was adjusted (it would hide under the other). */
  base: (number | null)[] | null;
};

const round1 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);

function byDate(days: readonly DayValues[]): Map<string, readonly (number | null)[]> {
  return new Map(days.map((d) => [d.date, d.values]));
}

/**
 * Lays the history, the backtest and the forecast of a queue on one axis: every date any of them
 * covers, in order; each series is null outside its own days so the lines do not join across them.
 * The history wins over the held-out days' actuals where both cover a day (they are the same calls).
 */
export function forecastChartData(
  queue: Pick<ForecastQueue, 'holdout' | 'base' | 'days'>,
  history: readonly DayValues[],
  intervalMinutes: number,
): ForecastChartData {
  const perDay = Math.round(1440 / intervalMinutes);
  const actual = byDate(queue.holdout.map((h) => ({ date: h.date, values: h.actual })));
  for (const [date, values] of byDate(history)) actual.set(date, values);
  const backtest = byDate(queue.holdout.map((h) => ({ date: h.date, values: h.forecast })));
  const forecast = byDate(queue.days.map((d) => ({ date: d.date, values: d.calls })));
  const base = byDate(queue.base.map((d) => ({ date: d.date, values: d.calls })));
  const adjusted = isAdjusted(queue);

  const dates = [...new Set([...actual.keys(), ...backtest.keys(), ...forecast.keys()])].sort();
  const data: ForecastChartData = {
    axis: [],
    perDay,
    actual: [],
    backtest: [],
    forecast: [],
    base: adjusted ? [] : null,
  };
  for (const date of dates) {
    for (let i = 0; i < perDay; i++) {
      data.axis.push(`${date} ${intervalTime(i, intervalMinutes)}`);
      data.actual.push(round1(actual.get(date)?.[i]));
      data.backtest.push(round1(backtest.get(date)?.[i]));
      data.forecast.push(round1(forecast.get(date)?.[i]));
      data.base?.push(round1(base.get(date)?.[i]));
    }
  }
  return data;
}

/** Whether the adjusted forecast differs from its base anywhere. */
export function isAdjusted(queue: Pick<ForecastQueue, 'base' | 'days'>): boolean {
  return queue.days.some((d, i) => d.calls.some((c, j) => c !== queue.base[i]?.calls[j]));
}

/** A share (0.123) as a percent text with one decimal (12.3 %), or null. */
export function percentText(share: number | null | undefined, language: string): string | null {
  if (share === null || share === undefined) return null;
  return new Intl.NumberFormat(language === 'en-US' ? 'en-US' : 'zh-CN', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(share);
}

/** A planner's percent change (+20) as the factor the server takes (1.2), and back. */
export const factorOfPercent = (percent: number) => Math.round((1 + percent / 100) * 10_000) / 10_000;
export const percentOfFactor = (factor: number) => Math.round((factor - 1) * 100 * 100) / 100;
