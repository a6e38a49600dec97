import type { HistoryDay, VolumeModel, Weekday } from './forecast-day';
import { fitHoltWinters, type HoltWintersParameters } from './holt-winters';
import { fitSeasonalProfile } from './seasonal-profile';

export type ForecastMethod = 'seasonal' | 'holt_winters';
export const FORECAST_METHODS: readonly ForecastMethod[] = ['seasonal', 'holt_winters'];

/**
 * Normal (trainable) days each method needs, every weekday among them: one week gives the seasonal
 * profile a value for every cell; Holt-Winters spends its first week on the starting level and needs
 * two more to score its parameters on.
 */
export const REQUIRED_DAYS: Record<ForecastMethod, number> = { seasonal: 7, holt_winters: 21 };

/** An expected outcome, not an error: the route tells the planner how much history is missing. */
export type NotEnoughHistory = {
  ok: false;
  reason: 'not_enough_history';
  method: ForecastMethod;
  /** Normal days (not holidays, 调休 or special days) the method needs… */
  requiredDays: number;
  /** …and how many there are. */
  availableDays: number;
  /** Weekdays without a single normal day (each weekday needs one). */
  missingWeekdays: Weekday[];
};

export type FittedMethod = { ok: true; model: VolumeModel; holtWinters?: HoltWintersParameters };

/** Trains one method on `history` (sorted, checked; all kinds: only normal days train). */
export function fitMethod(
  method: ForecastMethod,
  history: readonly HistoryDay[],
  intervalsPerDay: number,
): FittedMethod | NotEnoughHistory {
  const training = history.filter((d) => d.kind === 'normal');
  const missingWeekdays = ([1, 2, 3, 4, 5, 6, 7] as const).filter((wd) => !training.some((d) => d.weekday === wd));
  const requiredDays = REQUIRED_DAYS[method];
  if (training.length < requiredDays || missingWeekdays.length > 0) {
    return {
      ok: false,
      reason: 'not_enough_history',
      method,
      requiredDays,
      availableDays: training.length,
      missingWeekdays: [...missingWeekdays],
    };
  }
  const asOf = (history[history.length - 1] as HistoryDay).date;
  const seasonal = fitSeasonalProfile(training, intervalsPerDay, asOf);
  if (method === 'seasonal') return { ok: true, model: seasonal };
  const hw = fitHoltWinters(history, intervalsPerDay, seasonal.shape);
  return { ok: true, model: hw, holtWinters: hw.parameters };
}
