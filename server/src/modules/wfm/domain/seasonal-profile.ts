import { cell, dayNumber, type ForecastDay, type HistoryDay, patternOf, type VolumeModel } from './forecast-day';

/**
 * How fast old weeks fade from the day-of-week × interval shape: a week 4 weeks old counts half as
 * much as last week. Long enough that a quarter-hour cell averages several weeks of Poisson noise,
 * short enough that a changed opening hour or a moved lunch peak takes over within a month or so.
 */
export const SHAPE_HALF_LIFE_WEEKS = 4;

/**
 * The level comes from the last two weeks only: the shape needs many weeks, the level must be recent.
 * One week would carry a single unlucky day at full weight into every forecast day.
 */
export const LEVEL_DAYS = 14;

/** Weight of a training day `age` days before the last history day. */
export function recencyWeight(ageDays: number, halfLifeWeeks = SHAPE_HALF_LIFE_WEEKS): number {
  return 0.5 ** (ageDays / (7 * halfLifeWeeks));
}

export type SeasonalProfile = VolumeModel & {
  /** Volume per interval of the average interval of the week (the recent level). */
  level: number;
  /** Weekday × interval shape (7 × intervalsPerDay), mean 1 over the week; all 0 without any calls. */
  shape: Float64Array;
};

/**
 * The seasonal method: a recency-weighted mean per weekday and interval, normalised to a shape, times
 * the level of the last `LEVEL_DAYS`. `training` holds normal days only and covers every weekday;
 * `asOf` is the last history date (ages count from it, holidays included).
 */
export function fitSeasonalProfile(
  training: readonly HistoryDay[],
  intervalsPerDay: number,
  asOf: string,
): SeasonalProfile {
  const P = intervalsPerDay;
  const end = dayNumber(asOf);
  const sum = new Float64Array(7 * P);
  const weight = new Float64Array(7);
  for (const day of training) {
    const w = recencyWeight(end - dayNumber(day.date));
    weight[day.weekday - 1] = (weight[day.weekday - 1] as number) + w;
    for (let i = 0; i < P; i++) {
      const k = cell(day.weekday, i, P);
      sum[k] = (sum[k] as number) + w * (day.calls[i] as number);
    }
  }
  const shape = new Float64Array(7 * P);
  let total = 0;
  for (let k = 0; k < 7 * P; k++) {
    const wk = weight[Math.floor(k / P)] as number;
    shape[k] = wk > 0 ? (sum[k] as number) / wk : 0;
    total += shape[k] as number;
  }
  const mean = total / (7 * P);
  if (mean > 0) for (let k = 0; k < 7 * P; k++) shape[k] = (shape[k] as number) / mean;

  // The level: recent calls over what the shape expects of those same days, so a recent stretch
  // short of a weekend does not read as a higher level.
  let recentCalls = 0;
  let recentShape = 0;
  for (const day of training) {
    if (end - dayNumber(day.date) >= LEVEL_DAYS) continue;
    for (let i = 0; i < P; i++) {
      recentCalls += day.calls[i] as number;
      recentShape += shape[cell(day.weekday, i, P)] as number;
    }
  }
  const level = recentShape > 0 ? recentCalls / recentShape : mean;

  return {
    level,
    shape,
    predict(day: ForecastDay): number[] {
      const pattern = patternOf(day);
      const out = new Array<number>(P);
      for (let i = 0; i < P; i++) {
        let s = 0;
        for (const wd of pattern) s += shape[cell(wd, i, P)] as number;
        out[i] = (level * s) / pattern.length;
      }
      return out;
    },
  };
}
