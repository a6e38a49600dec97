import type { ForecastMethod } from '../../../../contracts/wfm';
import { forecast } from './domain/forecast';
import type { ForecastDay } from './domain/forecast-day';
import type { HistoryDayCounts } from './domain/history-days';
import type { StoredForecastQueue } from './wfm.schema';

export type ForecastInput = {
  queueId: string;
  history: readonly HistoryDayCounts[];
  days: readonly ForecastDay[];
  intervalsPerDay: number;
  method: 'auto' | ForecastMethod;
  holdoutWeeks: number;
};

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** One queue's forecast as it is stored: the chosen method's days and both methods' backtest scores. */
export function runForecast(input: ForecastInput): StoredForecastQueue {
  const r = forecast({
    history: input.history,
    days: input.days,
    intervalsPerDay: input.intervalsPerDay,
    method: input.method,
    holdoutWeeks: input.holdoutWeeks,
  });
  if (!r.ok) {
    return {
      queueId: input.queueId,
      method: null,
      chosenBy: null,
      shortOfHistory: {
        requiredDays: r.requiredDays,
        availableDays: r.availableDays,
        missingWeekdays: r.missingWeekdays,
      },
      backtest: {},
      holdout: [],
      base: input.days.map((d) => ({
        date: d.date,
        calls: new Array<number>(input.intervalsPerDay).fill(0),
        ahtSeconds: new Array<number>(input.intervalsPerDay).fill(0),
      })),
    };
  }
  const backtest: StoredForecastQueue['backtest'] = {};
  for (const [m, b] of Object.entries(r.backtest) as Array<[ForecastMethod, (typeof r.backtest)[ForecastMethod]]>) {
    if (b.ok) backtest[m] = { wapeInterval: b.wapeInterval, wapeDay: b.wapeDay };
  }
  const chosen = r.backtest[r.method];
  return {
    queueId: input.queueId,
    method: r.method,
    chosenBy: r.chosenBy,
    shortOfHistory: null,
    backtest,
    holdout: chosen.ok
      ? chosen.days.map((d) => ({ date: d.date, actual: d.actual, forecast: d.forecast.map(round) }))
      : [],
    // Stored to four decimals: a rate of calls, not a count (a week × 96 intervals stays small).
    base: r.days.map((d) => ({ date: d.date, calls: d.calls.map(round), ahtSeconds: d.ahtSeconds.map(round) })),
  };
}
