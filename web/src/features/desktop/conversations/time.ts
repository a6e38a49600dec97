import dayjs from 'dayjs';

/**
 * When a conversation last moved, as chat lists write it: "just now", minutes ago within the hour,
 * the time today, "yesterday", then the date. `lang` is the app's language (zh-CN or en-US); times
 * are the browser's.
 */
export type RelativeTime =
  | { kind: 'now' }
  | { kind: 'minutes'; minutes: number }
  | { kind: 'today'; time: string }
  | { kind: 'yesterday'; time: string }
  | { kind: 'date'; date: string };

export function relativeTime(iso: string, now: number, lang: string): RelativeTime {
  const at = dayjs(iso);
  if (!at.isValid()) return { kind: 'date', date: iso };
  const ms = now - at.valueOf();
  if (ms < 60_000) return { kind: 'now' };
  if (ms < 3_600_000) return { kind: 'minutes', minutes: Math.floor(ms / 60_000) };
  const today = dayjs(now).startOf('day');
  const time = at.format('HH:mm');
  if (!at.isBefore(today)) return { kind: 'today', time };
  if (!at.isBefore(today.subtract(1, 'day'))) return { kind: 'yesterday', time };
  const sameYear = at.year() === today.year();
  const en = lang === 'en-US';
  return {
    kind: 'date',
    date: at.format(en ? (sameYear ? 'MMM D' : 'MMM D, YYYY') : sameYear ? 'M月D日' : 'YYYY年M月D日'),
  };
}

/** HH:mm in the browser's zone (a bubble's time). */
export function clockTime(iso: string): string {
  return dayjs(iso).format('HH:mm');
}
