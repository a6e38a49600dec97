/**
 * Business time over a calendar (营业时间): which instants are open, and how many working minutes lie
 * between two instants. Pure: no I/O, no framework. Shared with tickets' SLA clock (business-time
 * contract): the method signatures here are what tickets' structural type mirrors.
 */

/** 'HH:MM-HH:MM', end may be 24:00, end after start; ranges within a day do not overlap. */
export type TimeRange = string;
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type CalendarSpec = {
  /** IANA zone, e.g. 'Asia/Shanghai', 'Europe/Berlin' (DST). */
  timeZone: string;
  /** Working hours per ISO weekday: 1 = Monday … 7 = Sunday; a missing/empty day is closed. */
  weekly: Partial<Record<IsoWeekday, TimeRange[]>>;
  /** Closed all day (法定节假日), 'YYYY-MM-DD' local dates. */
  holidays: string[];
  /** Make-up working days (调休): open although a weekend; `hours` default to `makeUpHours`,
   *  else Monday's hours. */
  workdays: Array<{ date: string; hours?: TimeRange[] }>;
  makeUpHours?: TimeRange[];
};
/** A span during which a clock does not run (an SLA paused while pending the customer). */
export type Pause = { from: Date; to: Date };
export type BusinessTime = {
  /** Open at this instant (range start inclusive, end exclusive). */
  isOpen(at: Date): boolean;
  /** The first open instant at or after `at` (undefined when none within 400 days). */
  nextOpen(at: Date): Date | undefined;
  /** The instant `minutes` business minutes after `from` (minutes ≥ 0, may be fractional;
   *  exact to the millisecond), skipping closed time and the given pauses. */
  addMinutes(from: Date, minutes: number, pauses?: readonly Pause[]): Date;
  /** Business minutes in [a, b) outside the pauses (0 when b ≤ a); exact to the millisecond. */
  minutesBetween(a: Date, b: Date, pauses?: readonly Pause[]): number;
};

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far nextOpen looks, and how many closed days in a row addMinutes crosses before giving up. */
const HORIZON_DAYS = 400;
/**
 * The furthest addMinutes looks (ten years of calendar time): a calendar open a minute a week would
 * otherwise walk a huge sum of minutes day by day for minutes on end, on the event loop.
 */
const MAX_SPAN_DAYS = 3660;
const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since local midnight of a range's ends; undefined when malformed. */
export function parseTimeRange(range: string): [number, number] | undefined {
  const m = RANGE.exec(range);
  if (!m) return undefined;
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || m1 > 59 || m2 > 59 || h2 > 24 || (h2 === 24 && m2 !== 0)) return undefined;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return end > start ? [start, end] : undefined;
}

/** Problems with a list of ranges of one day (malformed, or overlapping another), in order. */
export function rangeListProblems(ranges: readonly string[]): string[] {
  const parsed: Array<[number, number]> = [];
  const problems: string[] = [];
  for (const r of ranges) {
    const p = parseTimeRange(r);
    if (!p) problems.push(`${r}: not HH:MM-HH:MM with the end after the start`);
    else parsed.push(p);
  }
  parsed.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]![0] < parsed[i - 1]![1]) problems.push('ranges overlap');
  }
  return problems;
}

/** Day number since 1970-01-01 of a 'YYYY-MM-DD' date; undefined when not a real date. */
export function dayNumber(date: string): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY;
}

const isoWeekday = (day: number): IsoWeekday => (((((day + 3) % 7) + 7) % 7) + 1) as IsoWeekday;

/** Wall-clock arithmetic in one IANA zone through Intl (the server's own zone never matters). */
function zone(timeZone: string) {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  /** The instant's wall clock read as if it were UTC, in ms (drops the milliseconds). */
  function wall(ms: number): number {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  }
  const offset = (ms: number) => wall(ms) - Math.floor(ms / 1000) * 1000;
  return {
    /** The local day number of an instant. */
    dayOf: (ms: number) => Math.floor(wall(ms) / DAY),
    /**
     * The instant of a local wall time. A time skipped by a spring-forward lands after the gap
     * (02:30 → 03:30 CEST), a repeated one on its first occurrence: a range ending inside the
     * change then measures the real elapsed time.
     */
    instant(localMs: number): number {
      const before = offset(localMs - DAY);
      const after = offset(localMs + DAY);
      if (before === after) return localMs - before;
      const valid = [localMs - before, localMs - after].filter((u, i) => offset(u) === (i ? after : before));
      return valid.length ? Math.min(...valid) : localMs - before;
    },
  };
}

type Interval = [number, number];

/** Merges pauses into sorted, disjoint [from, to) spans (overlapping and touching ones join). */
function normalizePauses(pauses: readonly Pause[] | undefined): Interval[] {
  if (!pauses?.length) return [];
  const spans = pauses
    .map((p): Interval => [p.from.getTime(), p.to.getTime()])
    .filter(([f, t]) => t > f)
    .sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

export function businessTime(spec: CalendarSpec): BusinessTime {
  const tz = zone(spec.timeZone);
  const parse = (ranges: readonly string[] | undefined, where: string): Interval[] => {
    const problems = rangeListProblems(ranges ?? []);
    if (problems.length) throw new RangeError(`${where}: ${problems.join('; ')}`);
    return (ranges ?? []).map((r) => parseTimeRange(r)!).sort((x, y) => x[0] - y[0]);
  };
  const weekly = new Map<IsoWeekday, Interval[]>();
  for (const d of [1, 2, 3, 4, 5, 6, 7] as const) weekly.set(d, parse(spec.weekly[d], `weekday ${d}`));
  const makeUp = spec.makeUpHours?.length ? parse(spec.makeUpHours, 'makeUpHours') : weekly.get(1)!;
  const dayOrThrow = (date: string) => {
    const n = dayNumber(date);
    if (n === undefined) throw new RangeError(`${date}: not a YYYY-MM-DD date`);
    return n;
  };
  const holidays = new Set(spec.holidays.map(dayOrThrow));
  const workdays = new Map<number, Interval[]>();
  for (const w of spec.workdays) {
    workdays.set(dayOrThrow(w.date), w.hours?.length ? parse(w.hours, w.date) : makeUp);
  }

  // A day's open ranges as UTC instants; bounded so a long-running server does not grow it forever.
  const cache = new Map<number, Interval[]>();
  function rangesOf(day: number): Interval[] {
    const hit = cache.get(day);
    if (hit) return hit;
    // A holiday wins over a make-up day listed for the same date (the API refuses both at once).
    const local = holidays.has(day) ? [] : (workdays.get(day) ?? weekly.get(isoWeekday(day))!);
    const out: Interval[] = [];
    for (const [s, e] of local) {
      const start = tz.instant(day * DAY + s * MINUTE);
      const end = tz.instant(day * DAY + e * MINUTE);
      if (end > start) out.push([start, end]); // a range inside a skipped hour has no time
    }
    if (cache.size >= 4096) cache.clear();
    cache.set(day, out);
    return out;
  }

  /**
   * Open spans (outside the pauses) that end after `from`, clipped to start at or after it, day by
   * day until `untilMs`, or until `maxClosedDays` days in a row have no calendar hours.
   */
  function* openSpans(from: number, pauses: Interval[], untilMs: number, maxClosedDays: number) {
    let p = 0;
    let closedRun = 0;
    for (let day = tz.dayOf(from) - 1; ; day++) {
      const ranges = rangesOf(day);
      closedRun = ranges.length ? 0 : closedRun + 1;
      if (closedRun > maxClosedDays) return;
      for (const [rs, re] of ranges) {
        if (re <= from) continue;
        if (rs >= untilMs) return;
        let s = Math.max(rs, from);
        while (s < re) {
          if (s >= untilMs) return;
          while (p < pauses.length && pauses[p]![1] <= s) p++;
          const pause = pauses[p];
          if (!pause || pause[0] >= re) {
            yield [s, re] as Interval;
            break;
          }
          if (pause[0] > s) yield [s, pause[0]] as Interval;
          s = pause[1];
        }
      }
      if ((day + 1) * DAY - 2 * DAY > untilMs) return; // local midnight is within a day of UTC's
    }
  }

  return {
    isOpen(at) {
      const t = at.getTime();
      const day = tz.dayOf(t);
      return [day - 1, day].some((d) => rangesOf(d).some(([s, e]) => s <= t && t < e));
    },
    nextOpen(at) {
      const t = at.getTime();
      for (const [s] of openSpans(t, [], t + (HORIZON_DAYS + 1) * DAY, HORIZON_DAYS)) {
        return s - t > HORIZON_DAYS * DAY ? undefined : new Date(s);
      }
      return undefined;
    },
    addMinutes(from, minutes, pauses) {
      if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`minutes must be ≥ 0: ${minutes}`);
      let left = Math.round(minutes * MINUTE);
      const start = from.getTime();
      for (const [s, e] of openSpans(start, normalizePauses(pauses), start + MAX_SPAN_DAYS * DAY, HORIZON_DAYS)) {
        if (e - s >= left) return new Date(s + left);
        left -= e - s;
      }
      throw new RangeError(
        `the calendar does not open for ${minutes} minutes within ${MAX_SPAN_DAYS} days (or stays closed ${HORIZON_DAYS} days in a row) after ${from.toISOString()}`,
      );
    },
    minutesBetween(a, b, pauses) {
      const from = a.getTime();
      const to = b.getTime();
      if (to <= from) return 0;
      let ms = 0;
      for (const [s, e] of openSpans(from, normalizePauses(pauses), to, Infinity)) ms += Math.min(e, to) - s;
      return ms / MINUTE;
    },
  };
}

/** Always open (24×7, no holidays): for policies without a calendar. */
export const ALWAYS_OPEN: BusinessTime = (() => {
  const allDay = ['00:00-24:00'];
  return businessTime({
    timeZone: 'UTC',
    weekly: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay },
    holidays: [],
    workdays: [],
  });
})();
