import { describe, expect, it } from 'vitest';
import { requirementShifts, runsOf, scheduledShifts } from './simulation-staffing';

describe('simulated staffing', () => {
  it('turns a requirement curve into agents logged in exactly where they are needed', () => {
    const shifts = requirementShifts([0, 1, 3, 2, 0, 1]);
    expect(shifts).toEqual([
      [
        { from: 1, to: 4 },
        { from: 5, to: 6 },
      ],
      [{ from: 2, to: 4 }],
      [{ from: 2, to: 3 }],
    ]);
    const present = [0, 1, 2, 3, 4, 5].map((k) => shifts.filter((s) => s.some((x) => x.from <= k && k < x.to)).length);
    expect(present).toEqual([0, 1, 3, 2, 0, 1]);
  });

  it('keeps an agent on through a short break and takes them off for a lunch hour', () => {
    // 09:00–17:00 in 30-minute intervals, a 15-minute break at 10:30 and lunch 12:00–13:00.
    const shifts = scheduledShifts(
      [
        {
          start: 540,
          end: 1020,
          breaks: [
            { start: 630, end: 645 },
            { start: 720, end: 780 },
          ],
        },
      ],
      30,
      48,
    );
    expect(shifts).toEqual([
      { from: 18, to: 24 },
      { from: 26, to: 34 },
    ]);
  });

  it('cuts a shift that began the day before at midnight', () => {
    expect(scheduledShifts([{ start: -120, end: 240, breaks: [] }], 60, 24)).toEqual([{ from: 0, to: 4 }]);
    expect(runsOf([true, true])).toEqual([{ from: 0, to: 2 }]);
  });
});
