import { type IvrNodeOf, WEEKDAYS } from '../../../../../contracts/ivr';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** The local date (YYYY-MM-DD), weekday and minute of the day of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): { date: string; weekday: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: get('weekday').slice(0, 3).toLowerCase(),
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a business_hours node is open at an instant: holidays close the whole day, 调休
 * workdays open with `workdayHours` (else Monday's), other days follow the weekly hours.
 * Ranges include their start and exclude their end.
 */
export function isOpenAt(node: IvrNodeOf<'business_hours'>, at: Date): boolean {
  const local = localTime(at, node.timezone ?? DEFAULT_TIMEZONE);
  if (node.holidays.includes(local.date)) return false;
  const weekday = WEEKDAYS.find((d) => d === local.weekday) ?? 'mon';
  const ranges = node.workdays.includes(local.date) ? (node.workdayHours ?? node.weekly.mon) : node.weekly[weekday];
  return ranges.some((r) => local.minutes >= toMinutes(r.slice(0, 5)) && local.minutes < toMinutes(r.slice(6)));
}
