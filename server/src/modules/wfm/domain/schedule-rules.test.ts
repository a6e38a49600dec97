import { describe, expect, it } from 'vitest';
import { validateRoster } from './schedule-rules';
import type { RosterShift, ScheduleInput } from './schedule-types';

const input: ScheduleInput = {
  horizon: {
    days: [
      { date: '2025-03-03', weekday: 1 },
      { date: '2025-03-04', weekday: 2 },
      { date: '2025-03-05', weekday: 3 },
    ],
    intervalMinutes: 30,
    required: [0, 1, 2].map(() => new Array<number>(48).fill(1)),
  },
  templates: [
    {
      id: 'day',
      name: 'Day',
      startWindows: [{ earliest: 360, latest: 900, step: 30 }],
      lengthsMinutes: [540],
      breaks: [
        { name: 'lunch', kind: 'lunch', minutes: 60, paid: false, earliestAfterStart: 180, latestAfterStart: 300 },
        { name: 'tea', kind: 'break', minutes: 15, paid: true, earliestAfterStart: 300, latestAfterStart: 420 },
      ],
      weekdays: [1, 2, 3, 4, 5],
      partTime: false,
    },
  ],
  agents: [
    {
      id: 'wang',
      templateIds: ['day'],
      availability: { 3: { from: 480, to: 1080 } },
      minWeeklyMinutes: 960,
      maxWeeklyMinutes: 1440,
      skills: ['voice'],
      previous: { lastShiftEnd: -60, consecutiveDaysWorked: 1 },
    },
  ],
  rules: { minRestMinutes: 660, maxConsecutiveDays: 2 },
};

function shift(date: string, start: number, lunchAfter = 240, teaAfter = 360): RosterShift {
  return {
    agentId: 'wang',
    templateId: 'day',
    date,
    start,
    lengthMinutes: 540,
    paidMinutes: 480,
    breaks: [
      { name: 'lunch', kind: 'lunch', start: start + lunchAfter, minutes: 60, paid: false },
      { name: 'tea', kind: 'break', start: start + teaAfter, minutes: 15, paid: true },
    ],
  };
}

const codes = (shifts: RosterShift[]) => validateRoster(input, { shifts }).map((v) => v.code);

describe('validateRoster', () => {
  it('accepts a roster inside every rule', () => {
    expect(validateRoster(input, { shifts: [shift('2025-03-03', 600), shift('2025-03-05', 480)] })).toEqual([]);
  });

  it('reports a rest under 11 hours, also from the last shift of the week before', () => {
    expect(codes([shift('2025-03-03', 540), shift('2025-03-05', 480)])).toEqual(['REST_TOO_SHORT']);
    // 15:00–24:00 then 08:00 the next day: 8 h of rest.
    expect(codes([shift('2025-03-03', 900), shift('2025-03-04', 480)])).toEqual([
      'REST_TOO_SHORT',
      'TOO_MANY_CONSECUTIVE_DAYS',
    ]);
  });

  it('reports a run of working days longer than allowed, counting the week before', () => {
    expect(codes([shift('2025-03-03', 600), shift('2025-03-04', 600)])).toEqual(['TOO_MANY_CONSECUTIVE_DAYS']);
  });

  it('reports paid minutes outside the contract', () => {
    expect(codes([shift('2025-03-03', 600)])).toEqual(['WEEKLY_MINUTES_BELOW_CONTRACT']);
  });

  it('reports two shifts on a day and a shift outside availability', () => {
    expect(codes([shift('2025-03-03', 600), shift('2025-03-03', 600), shift('2025-03-05', 600)])).toEqual(
      expect.arrayContaining(['MORE_THAN_ONE_SHIFT_A_DAY', 'OUTSIDE_AVAILABILITY']),
    );
  });

  it('reports breaks outside their window, outside the shift, overlapping, or missing', () => {
    const early = shift('2025-03-03', 600, 120);
    expect(codes([early, shift('2025-03-05', 480)])).toEqual(['BREAK_OUTSIDE_WINDOW']);
    const overlap = shift('2025-03-03', 600, 300, 330);
    expect(codes([overlap, shift('2025-03-05', 480)])).toEqual(['BREAKS_OVERLAP']);
    const missing = { ...shift('2025-03-03', 600), breaks: shift('2025-03-03', 600).breaks.slice(0, 1) };
    expect(codes([missing, shift('2025-03-05', 480)])).toEqual(['BREAK_MISSING']);
    const outside = shift('2025-03-03', 600);
    outside.breaks[1] = { ...outside.breaks[1]!, start: 600 + 540 };
    expect(codes([outside, shift('2025-03-05', 480)])).toEqual(['BREAK_OUTSIDE_WINDOW', 'BREAK_OUTSIDE_SHIFT']);
  });

  it('reports a template that does not run that weekday, or that the agent may not work', () => {
    const saturday: ScheduleInput = {
      ...input,
      horizon: { ...input.horizon, days: input.horizon.days.map((d) => ({ ...d, weekday: 6 as const })) },
    };
    expect(validateRoster(saturday, { shifts: [shift('2025-03-03', 600)] }).map((v) => v.code)).toContain(
      'TEMPLATE_WEEKDAY',
    );
    const stranger: ScheduleInput = { ...input, agents: [{ ...input.agents[0]!, templateIds: [] }] };
    expect(validateRoster(stranger, { shifts: [shift('2025-03-03', 600)] }).map((v) => v.code)).toContain(
      'TEMPLATE_NOT_ALLOWED',
    );
  });
});
