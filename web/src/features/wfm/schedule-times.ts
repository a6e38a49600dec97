/**
 * The schedules' times of day: the API counts whole minutes from the shift day's local midnight
 * (08:30 is 510; past 1440 is the next morning), the screens show and take HH:mm and hours.
 */

/** 510 → 08:30; 1470 → 24:30 (a time after midnight of the shift's day). */
export function minuteText(minute: number): string {
  const m = Math.round(minute);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** 08:30 → 510; 8:30, 0830 and 24:30 too; anything else (25:00, 8:75, text) → null. */
export function parseMinute(text: string): number | null {
  const match = /^\s*(\d{1,2}):?(\d{2})\s*$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 47) return null;
  return hours * 60 + minutes;
}

/** Minutes as hours with at most one decimal, for the hour fields (2400 → 40). */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
/** Hours typed by a planner as whole minutes (37.5 → 2250). */
export const minutesOf = (hours: number) => Math.round(hours * 60);
