import { addDays, dateIn } from '../../../../contracts/local-dates';
import type { ForecastSummary, Intraday } from '../../../../contracts/wfm';
import { timeIn } from './dates';

/** Whether a forecast has a day `date` (its days run from `startDate`, `days` of them). */
export function coversDate(f: Pick<ForecastSummary, 'startDate' | 'days'>, date: string): boolean {
  return f.startDate <= date && date < addDays(f.startDate, f.days);
}

/** The forecasts that cover `date`, newest first: the first is the intraday screen's default. */
export function forecastsCovering<F extends Pick<ForecastSummary, 'startDate' | 'days' | 'createdAt'>>(
  forecasts: readonly F[],
  date: string,
): F[] {
  return forecasts.filter((f) => coversDate(f, date)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** How today's ended intervals compare with the forecast, and what that does to the rest of the day. */
export type ArrivalsSoFar = {
  queueId: string;
  queueName: string;
  actual: number;
  forecast: number;
  /** Arrivals ÷ forecast − 1 over the ended intervals; null when nothing was forecast so far. */
  change: number | null;
  /** The damped ratio − 1 the rest of the day is multiplied by. */
  restChange: number;
};

export function arrivalsSoFar(intraday: Pick<Intraday, 'queues' | 'elapsedIntervals'>): ArrivalsSoFar[] {
  return intraday.queues.map((q) => {
    let actual = 0;
    let forecast = 0;
    for (let i = 0; i < intraday.elapsedIntervals; i++) {
      actual += q.actual[i] ?? 0;
      forecast += q.forecast[i] ?? 0;
    }
    return {
      queueId: q.queueId,
      queueName: q.queueName,
      actual,
      forecast,
      change: forecast > 0 ? actual / forecast - 1 : null,
      restChange: q.ratio - 1,
    };
  });
}

/** Above, below or on the forecast, with a whole-percent dead band so 0.3 % does not read as "above". */
export function direction(change: number | null): 'above' | 'below' | 'level' | 'none' {
  if (change === null) return 'none';
  if (Math.round(Math.abs(change) * 100) === 0) return 'level';
  return change > 0 ? 'above' : 'below';
}

/** The day's intervals as aligned chart series in the centre's time zone, and where "now" is. */
export type IntradayChartData = {
  axis: string[];
  forecast: number[];
  /** Arrivals of the ended and the current interval (the current one so far); null later. */
  actual: (number | null)[];
  /** The re-forecast from the current interval on (null before: it is the actual there). */
  reforecast: (number | null)[];
  required: number[];
  requiredScheduled: number[];
  loggedIn: (number | null)[];
  /** Agents the published schedule has working; null when no published schedule covers the day. */
  onSchedule: number[] | null;
  /** The interval "now" falls in (the last one once the day is over). */
  nowIndex: number;
};

const round1 = (v: number) => Math.round(v * 10) / 10;

export function intradayChartData(intraday: Intraday, tz: string): IntradayChartData {
  const nowIndex = Math.min(intraday.elapsedIntervals, Math.max(0, intraday.intervals.length - 1));
  return {
    axis: intraday.intervals.map((i) => timeIn(tz, i.start)),
    forecast: intraday.intervals.map((i) => round1(i.forecastCalls)),
    actual: intraday.intervals.map((i) => (i.actualCalls === null ? null : round1(i.actualCalls))),
    reforecast: intraday.intervals.map((i, index) => (index < nowIndex ? null : round1(i.reforecastCalls))),
    required: intraday.intervals.map((i) => i.required),
    requiredScheduled: intraday.intervals.map((i) => i.requiredScheduled),
    loggedIn: intraday.intervals.map((i) => i.loggedIn),
    onSchedule: intraday.scheduleKnown ? intraday.intervals.map((i) => i.scheduled) : null,
    nowIndex,
  };
}

/** A suggestion's span as HH:mm–HH:mm in the centre's day; a run to midnight ends at 24:00, not 00:00. */
export function spanLabel(from: string, to: string, tz: string): string {
  const end = dateIn(tz, new Date(to)) !== dateIn(tz, new Date(from)) && timeIn(tz, to) === '00:00';
  return `${timeIn(tz, from)}–${end ? '24:00' : timeIn(tz, to)}`;
}

/** A share as a whole percent in the user's language (0.667 → 67%), without the sign. */
export function wholePercent(share: number, language: string): string {
  return new Intl.NumberFormat(language === 'en-US' ? 'en-US' : 'zh-CN', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(Math.abs(share));
}
