/**
 * Wall-clock arithmetic in the center's time zone (KEFU_TIMEZONE), on Intl alone: reports count a
 * contact in the day it entered the queue, and opening hours are local times.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(tz: string, at: Date) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    /** 1 = Monday … 7 = Sunday. */
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday ?? '') + 1,
  };
}

/** The zone's offset from UTC at `at`, in ms (positive east of Greenwich). */
export function offsetMs(tz: string, at: Date): number {
  const p = partsIn(tz, at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** Local midnight of the day `at` falls in. */
export function startOfDay(tz: string, at: Date): Date {
  const p = partsIn(tz, at);
  const guess = Date.UTC(p.year, p.month - 1, p.day) - offsetMs(tz, at);
  // Around a DST change the offset at midnight can differ from the offset now: correct once.
  return new Date(Date.UTC(p.year, p.month - 1, p.day) - offsetMs(tz, new Date(guess)));
}

/**
 * The instant of a wall-clock time in the zone (`2026-12-06T08:00:00`, seconds optional); a time
 * skipped by a DST change resolves forward. Instants given with Z or an offset are taken as they are.
 */
export function zonedInstant(tz: string, text: string): Date {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10) return new Date(text);
  const [d, t = '00:00:00'] = text.split('T');
  const [y, mo, da] = d!.split('-').map(Number);
  const [h = 0, mi = 0, sec = 0] = t.split(':').map(Number);
  const wall = Date.UTC(y!, mo! - 1, da!, h, mi, Math.floor(sec));
  const guess = wall - offsetMs(tz, new Date(wall));
  return new Date(wall - offsetMs(tz, new Date(guess)));
}

/** `2026-12-06T08:15:00+08:00`: the instant as the zone's wall clock with its offset. */
export function isoWithOffset(tz: string, at: Date): string {
  const p = partsIn(tz, at);
  const two = (n: number) => String(n).padStart(2, '0');
  const off = Math.round(offsetMs(tz, at) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** Weekday (1 = Monday) and minutes since local midnight. */
export function localTime(tz: string, at: Date): { weekday: number; minutes: number } {
  const p = partsIn(tz, at);
  return { weekday: p.weekday, minutes: p.hour * 60 + p.minute };
}

/** `2026-12-06 14:05:09` in the zone: what a spreadsheet export shows (and sorts as text). */
export function localDateTimeText(tz: string, at: Date): string {
  const p = partsIn(tz, at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** Inside weekly opening hours (`HH:MM` local, close exclusive)? Null hours: always open. */
export function isOpen(
  tz: string,
  at: Date,
  hours: ReadonlyArray<{ day: number; open: string; close: string }> | null,
): boolean {
  if (!hours) return true;
  const { weekday, minutes } = localTime(tz, at);
  const m = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return hours.some((h) => h.day === weekday && minutes >= m(h.open) && minutes < m(h.close));
}

/**
 * Calendar arithmetic on a YYYY-MM-DD date alone (no zone involved): addDays, weekdayOf (1 = Monday …
 * 7 = Sunday). Shared with the web, which must count the center's days alike.
 */
export { addDays, weekdayOf } from '../../../contracts/local-dates';
