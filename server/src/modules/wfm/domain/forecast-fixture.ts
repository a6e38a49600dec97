import {
  type DayKind,
  dateOfDayNumber,
  dayNumber,
  type ForecastDay,
  type HistoryDay,
  type Weekday,
  weekdayOfDayNumber,
} from './forecast-day';

/**
 * Generated contact history with a known pattern, for the forecast's tests and benchmark: a daily
 * curve (closed 22:00–08:00, peaks at 10:00 and 15:00; weekends flatter) × a weekly volume, with the
 * counts drawn by `draw` (a Poisson sampler for realistic noise; the default returns the mean itself).
 */
export type GeneratedHistory = {
  /** First date (default 2026-01-05, a Monday). */
  start?: string;
  days: number;
  intervalsPerDay: number;
  /** Mean calls of a day; `day` counts from 0 at `start`. Default: a hotline's week, ~3,000 on Monday. */
  dailyVolume?: (weekday: Weekday, day: number) => number;
  draw?: (mean: number) => number;
  /** Days that are not normal, with the factor their volume gets (a holiday might take 0.3). */
  unusual?: Readonly<Record<string, { kind: DayKind; factor: number }>>;
  /** AHT of every call in an interval; default 180 s, longer in the evening. */
  ahtSeconds?: (interval: number, intervalsPerDay: number) => number;
};

const WEEKLY_VOLUME: Record<Weekday, number> = { 1: 3000, 2: 2700, 3: 2600, 4: 2550, 5: 2400, 6: 1300, 7: 1100 };

export function defaultDailyVolume(weekday: Weekday): number {
  return WEEKLY_VOLUME[weekday];
}

/** Share of the day's calls in each interval (sums to 1). */
export function intradayShape(weekday: Weekday, intervalsPerDay: number): number[] {
  const weights = Array.from({ length: intervalsPerDay }, (_, i) => {
    const hour = ((i + 0.5) * 24) / intervalsPerDay;
    if (hour < 8 || hour >= 22) return 0;
    const bump = (centre: number, width: number) => Math.exp(-(((hour - centre) / width) ** 2));
    return weekday >= 6 ? 0.3 + bump(11, 3) + 0.7 * bump(16, 3) : 0.15 + bump(10, 1.5) + 0.85 * bump(15, 2);
  });
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}

export function defaultAht(interval: number, intervalsPerDay: number): number {
  return (interval * 24) / intervalsPerDay >= 18 ? 240 : 180;
}

export function generateHistory(options: GeneratedHistory): HistoryDay[] {
  const P = options.intervalsPerDay;
  const first = dayNumber(options.start ?? '2026-01-05');
  const volume = options.dailyVolume ?? defaultDailyVolume;
  const draw = options.draw ?? ((mean: number) => mean);
  const aht = options.ahtSeconds ?? defaultAht;
  const days: HistoryDay[] = [];
  for (let d = 0; d < options.days; d++) {
    const date = dateOfDayNumber(first + d);
    const weekday = weekdayOfDayNumber(first + d);
    const unusual = options.unusual?.[date];
    const mean = volume(weekday, d) * (unusual?.factor ?? 1);
    const calls = intradayShape(weekday, P).map((share) => draw(mean * share));
    days.push({
      date,
      weekday,
      kind: unusual?.kind ?? 'normal',
      calls,
      handleSeconds: calls.map((c, i) => c * aht(i, P)),
    });
  }
  return days;
}

/** The `count` days after the history's last, as normal forecast days. */
export function nextDays(history: readonly HistoryDay[], count: number): ForecastDay[] {
  const last = dayNumber((history[history.length - 1] as HistoryDay).date);
  return Array.from({ length: count }, (_, k) => ({
    date: dateOfDayNumber(last + 1 + k),
    weekday: weekdayOfDayNumber(last + 1 + k),
    kind: 'normal' as const,
  }));
}
