import { addDays, weekdayOf } from '../../../../contracts/local-dates';
import type { EntityDimension, IvrReportQuery } from '../../../../contracts/reports';
import type { Channel } from '../../../../contracts/routing';
import type { QueryParams } from '../../app/api-client';

/**
 * What a report screen asks: a range of whole days in a time zone, a granularity and filters — and
 * how that becomes the query of GET /reports/kpis. Days are bare dates (`2026-12-06`), which the
 * server reads as midnight in `tz` (the center's zone when `tz` is absent); `to` is exclusive.
 */

export const PRESETS = ['today', 'yesterday', 'thisWeek', 'last7Days', 'thisMonth', 'lastMonth'] as const;
export type Preset = (typeof PRESETS)[number];

export const GRANULARITIES = ['total', 'day', 'hour', 'interval30', 'interval15'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export type ReportFilters = {
  from: string;
  to: string;
  preset?: Preset;
  /** An IANA zone; absent = the center's. */
  tz?: string;
  granularity: Granularity;
  queue?: string;
  channel?: Channel;
  team?: string;
};

/**
 * The days of a preset around `today` (a date in the report's zone). Weeks start on Monday (as in
 * China); "this week" and "this month" run through today, not into days without data yet.
 */
export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  const tomorrow = addDays(today, 1);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'today':
      return { from: today, to: tomorrow };
    case 'yesterday':
      return { from: addDays(today, -1), to: today };
    case 'thisWeek':
      return { from: addDays(today, -(weekdayOf(today) - 1)), to: tomorrow };
    case 'last7Days':
      return { from: addDays(today, -6), to: tomorrow };
    case 'thisMonth':
      return { from: firstOfMonth, to: tomorrow };
    case 'lastMonth': {
      const prev = addDays(firstOfMonth, -1);
      return { from: `${prev.slice(0, 8)}01`, to: firstOfMonth };
    }
  }
}

/** The query of GET /reports/kpis (and its .csv, .xlsx) for a screen about `entity`. */
export function kpiQuery(entity: EntityDimension | undefined, f: ReportFilters): QueryParams {
  const time =
    f.granularity === 'total'
      ? undefined
      : f.granularity === 'interval15' || f.granularity === 'interval30'
        ? 'interval'
        : f.granularity;
  const groupBy = [entity, time].filter(Boolean).join(',') || 'channel';
  return {
    from: f.from,
    to: f.to,
    tz: f.tz,
    groupBy,
    intervalMinutes: f.granularity === 'interval30' ? 30 : f.granularity === 'interval15' ? 15 : undefined,
    queue: f.queue,
    channel: f.channel,
    team: f.team,
  };
}

/** The query of GET /reports/ivr: the screen's days and zone (its other filters do not apply). */
export function ivrQuery(f: Pick<ReportFilters, 'from' | 'to' | 'tz'>): IvrReportQuery {
  return { from: f.from, to: f.to, ...(f.tz ? { tz: f.tz } : {}) };
}

/** The wall-clock parts of a bucket start with its offset (`2026-12-06T08:15:00+08:00`), as written. */
export function bucketParts(start: string): { date: string; time: string } {
  return { date: start.slice(0, 10), time: start.slice(11, 16) };
}

/**
 * A bucket's label in the user's locale: a day as 12月6日 周日 / Sun, Dec 6; a month as 2026年12月;
 * an hour or interval as its time, with the day when the report spans more than one.
 */
export function formatBucket(start: string, granularity: Granularity, lang: string, multiDay: boolean): string {
  const { date, time } = bucketParts(start);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d));
  const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { timeZone: 'UTC', ...o }).format(at);
  if (granularity === 'day') return fmt({ month: 'short', day: 'numeric', weekday: 'short' });
  if (granularity === 'total') return fmt({ year: 'numeric', month: 'short', day: 'numeric' });
  return multiDay ? `${fmt({ month: 'short', day: 'numeric' })} ${time}` : time;
}
