import { describe, expect, it } from 'vitest';
import { historyDays } from './history-days';

/** Shanghai's midnights (UTC+8 all year). */
const starts = (dates: string[]) => dates.map((date) => ({ date, start: Date.parse(`${date}T00:00:00+08:00`) }));

const q = (iso: string, offered: number, handled = offered, handleMs = handled * 180_000) => ({
  at: new Date(iso),
  offered,
  handled,
  handleMs,
});

describe('history laid out as local days', () => {
  it('puts each quarter hour in its local day and interval (Shanghai, 30-minute intervals)', () => {
    const days = historyDays({
      // 2026-03-01 00:00 in Shanghai is 2026-02-28T16:00Z.
      quarters: [
        q('2026-02-28T16:00:00Z', 2),
        q('2026-02-28T16:15:00Z', 3),
        q('2026-03-01T01:30:00Z', 5, 4, 4 * 200_000),
      ],
      starts: starts(['2026-03-01', '2026-03-02', '2026-03-03']),
      intervalMinutes: 30,
      kindOf: (d) => (d === '2026-03-02' ? 'holiday' : 'normal'),
    });
    expect(days.map((d) => [d.date, d.weekday, d.kind])).toEqual([
      ['2026-03-01', 7, 'normal'],
      ['2026-03-02', 1, 'holiday'],
    ]);
    expect(days[0]!.calls.length).toBe(48);
    expect(days[0]!.calls[0]).toBe(5);
    // 01:30Z is 09:30 local: interval 19.
    expect(days[0]!.calls[19]).toBe(5);
    expect(days[0]!.handled[19]).toBe(4);
    expect(days[0]!.handleSeconds[19]).toBe(800);
    expect(days[1]!.calls.every((n) => n === 0)).toBe(true);
  });

  it('leaves out quarters outside the range', () => {
    const days = historyDays({
      quarters: [q('2026-02-28T15:45:00Z', 9), q('2026-03-01T16:00:00Z', 9)],
      starts: starts(['2026-03-01', '2026-03-02']),
      intervalMinutes: 15,
      kindOf: () => 'normal',
    });
    expect(days).toHaveLength(1);
    expect(days[0]!.calls.reduce((a, b) => a + b, 0)).toBe(0);
  });
});
