import type { Cadence, ReportLanguage, ReportPeriod } from '../../../../contracts/report-schedules';
import { isoWithOffset, zonedInstant } from '../../platform/calendar';

/**
 * When a scheduled report runs and what range it reports: wall-clock arithmetic in the schedule's
 * zone (platform/calendar), no I/O. Dates are `YYYY-MM-DD` calendar days.
 */

type Ymd = { y: number; m: number; d: number };
const two = (n: number) => String(n).padStart(2, '0');
const text = (x: Ymd) => `${x.y}-${two(x.m)}-${two(x.d)}`;
const parse = (s: string): Ymd => {
  const [y, m, d] = s.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
};
/** Calendar arithmetic on UTC dates (no zone: a day is a day). */
const addDays = (x: Ymd, n: number): Ymd => {
  const t = new Date(Date.UTC(x.y, x.m - 1, x.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** 1 = Monday … 7 = Sunday. */
const weekdayOf = (x: Ymd) => ((new Date(Date.UTC(x.y, x.m - 1, x.d)).getUTCDay() + 6) % 7) + 1;

/** The calendar day `at` falls on in the zone. */
export const localDate = (tz: string, at: Date): string => isoWithOffset(tz, at).slice(0, 10);

function runsOn(c: Cadence, day: Ymd): boolean {
  if (c.kind === 'daily') return true;
  if (c.kind === 'weekly') return weekdayOf(day) === c.weekday;
  return day.d === Math.min(c.day, daysInMonth(day.y, day.m));
}

/** The first run strictly after `after`: a run missed while down is not repeated once per missed day. */
export function nextRunAt(c: Cadence, tz: string, after: Date): Date {
  const start = parse(localDate(tz, after));
  for (let i = 0; i <= 62; i++) {
    const day = addDays(start, i);
    if (!runsOn(c, day)) continue;
    const at = zonedInstant(tz, `${text(day)}T${c.time}:00`);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error(`no run of ${JSON.stringify(c)} within two months`);
}

/**
 * The latest run due by `now`, starting from a due run `due`: after a stop of several days the one
 * run sent at start-up reports the most recent period, not the oldest missed one.
 */
export function latestRunBy(c: Cadence, tz: string, due: Date, now: Date): Date {
  let at = due;
  for (let i = 0; i < 400; i++) {
    const next = nextRunAt(c, tz, at);
    if (next.getTime() > now.getTime()) return at;
    at = next;
  }
  return at;
}

export type PeriodRange = {
  /** Inclusive first day and exclusive end day (both local midnights in the zone). */
  from: string;
  to: string;
  /** What the subject names: the day, the week's days, or the month. */
  label: string;
};

/** The finished period before the day `at` falls on: yesterday, last Monday–Sunday, or last calendar month. */
export function periodRange(period: ReportPeriod, tz: string, at: Date): PeriodRange {
  const today = parse(localDate(tz, at));
  if (period === 'yesterday') {
    const y = addDays(today, -1);
    return { from: text(y), to: text(today), label: text(y) };
  }
  if (period === 'last_week') {
    const monday = addDays(today, -(weekdayOf(today) - 1));
    const from = addDays(monday, -7);
    return { from: text(from), to: text(monday), label: `${text(from)} – ${text(addDays(monday, -1))}` };
  }
  const first = { y: today.y, m: today.m, d: 1 };
  const prev = today.m === 1 ? { y: today.y - 1, m: 12, d: 1 } : { y: today.y, m: today.m - 1, d: 1 };
  return { from: text(prev), to: text(first), label: `${prev.y}-${two(prev.m)}` };
}

const TITLES: Record<ReportLanguage, Record<ReportPeriod, string>> = {
  'zh-CN': { yesterday: '日报', last_week: '周报', last_month: '月报' },
  'en-US': { yesterday: 'daily report', last_week: 'weekly report', last_month: 'monthly report' },
};

/** 「客服中心日报 2026-12-05」 / "Contact center daily report 2026-12-05". */
export function reportSubject(period: ReportPeriod, lang: ReportLanguage, range: PeriodRange, center: string): string {
  return lang === 'zh-CN'
    ? `${center}${TITLES[lang][period]} ${range.label}`
    : `${center} ${TITLES[lang][period]} ${range.label}`;
}
