import { describe, expect, it } from 'vitest';
import type { KpiRow } from '../../../../contracts/reports';
import { dayAxis, heatmapOf, seriesByTime } from './charts-data';

const row = (start: string, offered: number | null, key?: string): KpiRow =>
  ({ start, offered, key, answered: null, handled: 0 }) as unknown as KpiRow;

describe('the day × hour heatmap', () => {
  const days = ['2026-12-05', '2026-12-06'];

  it('places each hour row by the date and hour of its start', () => {
    const m = heatmapOf(
      [row('2026-12-05T09:00:00+08:00', 12), row('2026-12-06T00:00:00+08:00', 3), row('2026-12-06T23:00:00+08:00', 7)],
      'offered',
      days,
    );
    expect(m.cells).toEqual([
      [9, 0, 12],
      [0, 1, 3],
      [23, 1, 7],
    ]);
    expect(m.max).toBe(12);
    expect(m.hours).toHaveLength(24);
  });

  it('adds rows of several entities in one bucket and leaves no-data buckets out', () => {
    const m = heatmapOf(
      [
        row('2026-12-06T10:00:00+08:00', 4, 'a'),
        row('2026-12-06T10:00:00+08:00', 5, 'b'),
        row('2026-12-06T11:00:00+08:00', null, 'a'),
        row('2026-12-04T10:00:00+08:00', 9, 'a'),
      ],
      'offered',
      days,
    );
    expect(m.cells).toEqual([[10, 1, 9]]);
  });

  it('is empty without rows', () => {
    expect(heatmapOf([], 'offered', days)).toMatchObject({ cells: [], max: 0 });
  });
});

describe('a day’s series by time', () => {
  it('keys each interval by its wall-clock time, summing entities and keeping no data as null', () => {
    const s = seriesByTime(
      [
        row('2026-11-29T08:00:00+08:00', 2, 'a'),
        row('2026-11-29T08:00:00+08:00', 3, 'b'),
        row('2026-11-29T08:15:00+08:00', null),
      ],
      'offered',
    );
    expect(s.get('08:00')).toBe(5);
    expect(s.get('08:15')).toBeNull();
    expect(s.has('08:30')).toBe(false);
  });

  it('shares one axis of a whole day', () => {
    expect(dayAxis(15)).toHaveLength(96);
    expect(dayAxis(30).slice(0, 3)).toEqual(['00:00', '00:30', '01:00']);
    expect(dayAxis(15).at(-1)).toBe('23:45');
  });
});
