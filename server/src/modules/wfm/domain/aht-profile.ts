import { cell, dayNumber, type ForecastDay, type HistoryDay, patternOf } from './forecast-day';
import { recencyWeight } from './seasonal-profile';

/**
 * Fewer calls than this in a weekday × interval cell (over the whole training history) and its
 * handle time is noise — one long complaint call at 06:45 would set the 06:45 AHT — so the cell falls
 * back to its day's AHT, and a day without enough calls to the overall AHT.
 */
export const MIN_AHT_CALLS = 20;

export type AhtProfile = { predict(day: ForecastDay): number[] };

/**
 * AHT per interval: recency-weighted handle seconds over recency-weighted handled calls (so a busy week counts
 * by its volume, as AHT itself does), per weekday and interval, with the fallbacks above. `training`
 * holds normal days only. Without any calls at all the AHT is 0.
 */
export function fitAhtProfile(training: readonly HistoryDay[], intervalsPerDay: number, asOf: string): AhtProfile {
  const P = intervalsPerDay;
  const end = dayNumber(asOf);
  const seconds = new Float64Array(7 * P);
  const calls = new Float64Array(7 * P);
  const count = new Float64Array(7 * P);
  for (const day of training) {
    const w = recencyWeight(end - dayNumber(day.date));
    const handled = day.handled ?? day.calls;
    for (let i = 0; i < P; i++) {
      const k = cell(day.weekday, i, P);
      seconds[k] = (seconds[k] as number) + w * (day.handleSeconds[i] as number);
      calls[k] = (calls[k] as number) + w * (handled[i] as number);
      count[k] = (count[k] as number) + (handled[i] as number);
    }
  }
  let allSeconds = 0;
  let allCalls = 0;
  for (let k = 0; k < 7 * P; k++) {
    allSeconds += seconds[k] as number;
    allCalls += calls[k] as number;
  }
  const overall = allCalls > 0 ? allSeconds / allCalls : 0;

  return {
    predict(day: ForecastDay): number[] {
      const pattern = patternOf(day);
      const s = new Float64Array(P);
      const c = new Float64Array(P);
      const n = new Float64Array(P);
      let daySeconds = 0;
      let dayCalls = 0;
      let dayCount = 0;
      for (const wd of pattern) {
        for (let i = 0; i < P; i++) {
          const k = cell(wd, i, P);
          s[i] = (s[i] as number) + (seconds[k] as number);
          c[i] = (c[i] as number) + (calls[k] as number);
          n[i] = (n[i] as number) + (count[k] as number);
        }
      }
      for (let i = 0; i < P; i++) {
        daySeconds += s[i] as number;
        dayCalls += c[i] as number;
        dayCount += n[i] as number;
      }
      const dayAht = dayCount >= MIN_AHT_CALLS && dayCalls > 0 ? daySeconds / dayCalls : overall;
      const out = new Array<number>(P);
      for (let i = 0; i < P; i++) {
        out[i] =
          (n[i] as number) >= MIN_AHT_CALLS && (c[i] as number) > 0 ? (s[i] as number) / (c[i] as number) : dayAht;
      }
      return out;
    },
  };
}
