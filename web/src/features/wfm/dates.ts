/**
 * Local dates (YYYY-MM-DD) on the WFM screens: forecasts are laid out in the centre's days, whatever
 * the browser's zone. The arithmetic itself (dateIn, addDays, weekdayOf) is contracts/local-dates.ts.
 */

import { addDays, utcMidnight, weekdayOf } from '../../../../contracts/local-dates';

export { dayLabel } from '../../ui/date-time';

/** The Monday after `today` (a week ahead when today is a Monday): a forecast's usual first day. */
export function nextMonday(today: string): string {
  return addDays(today, 8 - weekdayOf(today));
}

/** HH:mm of interval `index` of a day cut into `minutes`-long intervals. */
export function intervalTime(index: number, minutes: number): string {
  const m = index * minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** HH:mm of an instant in a time zone (a requirement interval's start, in the centre's day). */
export function timeIn(tz: string, iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** A chart axis's day: 12/14周一 / Mon, 12/14. */
export function shortDay(date: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en-US' ? 'en-US' : 'zh-CN', {
    timeZone: 'UTC',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(utcMidnight(date)));
}
