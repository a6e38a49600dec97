import type { KpiRow } from '../../../../contracts/reports';
import { bucketParts } from './report-query';

type Figure = 'offered' | 'answered' | 'handled';

export type HeatmapMatrix = {
  /** The days, oldest first (YYYY-MM-DD in the report's zone). */
  days: string[];
  /** 0–23. */
  hours: number[];
  /** [hour index, day index, value]; a bucket without data is absent, not 0. */
  cells: Array<[number, number, number]>;
  max: number;
};

/**
 * The day × hour matrix of a `groupBy=hour` report: each row's `start` gives its date and hour in the
 * report's zone. Rows of several entities in one bucket add up; on a day the clocks change, the
 * repeated hour adds into the same cell.
 */
export function heatmapOf(rows: readonly KpiRow[], figure: Figure, days: readonly string[]): HeatmapMatrix {
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const sums = new Map<string, number>();
  for (const r of rows) {
    if (!r.start) continue;
    const { date, time } = bucketParts(r.start);
    const d = dayIndex.get(date);
    const value = r[figure];
    if (d === undefined || value === null || value === undefined) continue;
    const h = Number(time.slice(0, 2));
    const id = `${h}|${d}`;
    sums.set(id, (sums.get(id) ?? 0) + value);
  }
  const cells: Array<[number, number, number]> = [...sums].map(([id, v]) => {
    const [h, d] = id.split('|').map(Number) as [number, number];
    return [h, d, v];
  });
  cells.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return {
    days: [...days],
    hours: Array.from({ length: 24 }, (_, i) => i),
    cells,
    max: Math.max(0, ...cells.map((c) => c[2])),
  };
}

/**
 * A day's series by time of day ("08:15" → value), for lines of two days on one axis (today against
 * the same weekday last week). Missing figures stay null so the line breaks rather than drops to 0.
 */
export function seriesByTime(rows: readonly KpiRow[], figure: Figure): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const r of rows) {
    if (!r.start) continue;
    const t = bucketParts(r.start).time;
    const v = r[figure] ?? null;
    const prev = out.get(t);
    out.set(t, prev === undefined || prev === null ? v : v === null ? prev : prev + v);
  }
  return out;
}

/** Every interval start of a day ("00:00" … "23:45"), the x axis the two lines share. */
export function dayAxis(intervalMinutes: number): string[] {
  const out: string[] = [];
  for (let m = 0; m < 24 * 60; m += intervalMinutes) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return out;
}
