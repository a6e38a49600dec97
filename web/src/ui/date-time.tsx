import { useTranslation } from 'react-i18next';
import { utcMidnight } from '../../../contracts/local-dates';

/**
 * The one date and time formatter of the web app, in the user's language and the browser's time zone.
 * zh-CN writes 24-hour times with no 上午/下午 or AM/PM (2026年12月6日 03:04, 03:17:47); en-US
 * writes its own locale's form (Dec 6, 2026, 3:04 AM; 3:17:47 AM). Every screen shows timestamps
 * through `<DateTime>` or `useDateTimeFormat()`, never `toLocale…String()`.
 */
export type DateTimeStyle = 'dateTime' | 'date' | 'time';

const OPTIONS: Record<'zh-CN' | 'en-US', Record<DateTimeStyle, Intl.DateTimeFormatOptions>> = {
  'zh-CN': {
    dateTime: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    date: { year: 'numeric', month: 'long', day: 'numeric' },
    time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  },
  'en-US': {
    dateTime: { dateStyle: 'medium', timeStyle: 'short' },
    date: { dateStyle: 'medium' },
    time: { timeStyle: 'medium' },
  },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `value` (an ISO string, a Date or epoch ms) written for `language`; undefined if it is no date. */
export function formatDateTime(
  value: string | number | Date,
  language: string,
  style: DateTimeStyle = 'dateTime',
  timeZone?: string,
): string | undefined {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  const lang = language === 'en-US' ? 'en-US' : 'zh-CN';
  const id = `${lang}/${style}/${timeZone ?? ''}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { ...OPTIONS[lang][style], ...(timeZone ? { timeZone } : {}) });
    formatters.set(id, f);
  }
  return f.format(date);
}

/** The formatter bound to the user's current language. */
export function useDateTimeFormat() {
  const { i18n } = useTranslation();
  return (value: string | number | Date, style: DateTimeStyle = 'dateTime') =>
    formatDateTime(value, i18n.language, style) ?? String(value);
}

/**
 * A timestamp in the user's language and time zone — or in `timeZone` where the screen has one of its
 * own (a report's days are the center's); the ISO value stays in `dateTime`.
 */
export function DateTime({
  value,
  fallback,
  style = 'dateTime',
  timeZone,
}: {
  value: string | null | undefined;
  fallback?: string;
  style?: DateTimeStyle;
  timeZone?: string;
}) {
  const { t, i18n } = useTranslation();
  if (!value) return <>{fallback ?? t('common.none')}</>;
  const text = formatDateTime(value, i18n.language, style, timeZone);
  if (text === undefined) return <>{value}</>;
  return (
    <time dateTime={value} title={value}>
      {text}
    </time>
  );
}

/**
 * A calendar day (YYYY-MM-DD, already in the centre's days) in the user's language: 12月14日 周一 /
 * Mon, Dec 14. No zone shift: it is a day, not an instant.
 */
export function dayLabel(date: string, language: string, withYear = false): string {
  return new Intl.DateTimeFormat(language === 'en-US' ? 'en-US' : 'zh-CN', {
    timeZone: 'UTC',
    ...(withYear ? { year: 'numeric' } : {}),
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(utcMidnight(date)));
}
