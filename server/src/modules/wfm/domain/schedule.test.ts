import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../platform/random';
import { scheduleWeek } from './schedule';
import { rosterLpBound } from './schedule-bound';
import { validateRoster } from './schedule-rules';
import { sampleScheduleInput } from './schedule-sample';
import type { Roster, ScheduleInput, ScheduleOutcome, ScheduleResult, ShiftTemplate } from './schedule-types';

function scheduled(outcome: ScheduleOutcome): ScheduleResult {
  if (outcome.status !== 'scheduled') throw new Error(`expected a schedule, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** Agents present per interval, counted from the roster alone (breaks taken out). */
function presence(input: ScheduleInput, roster: Roster): number[] {
  const { days, intervalMinutes } = input.horizon;
  const perDay = 1440 / intervalMinutes;
  const present = new Array<number>(days.length * perDay).fill(0);
  const add = (from: number, to: number, sign: number) => {
    for (let t = 0; t < present.length; t++) {
      const overlap = Math.min(to, (t + 1) * intervalMinutes) - Math.max(from, t * intervalMinutes);
      if (overlap > 0) present[t]! += (sign * overlap) / intervalMinutes;
    }
  };
  for (const s of roster.shifts) {
    const day = days.findIndex((d) => d.date === s.date) * 1440;
    add(day + s.start, day + s.start + s.lengthMinutes, 1);
    for (const b of s.breaks) add(day + b.start, day + b.start + b.minutes, -1);
  }
  return present;
}

const eightHours: ShiftTemplate = {
  id: 'day',
  name: 'Day',
  startWindows: [{ earliest: 540, latest: 540, step: 30 }],
  lengthsMinutes: [480],
  breaks: [],
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  partTime: false,
};

function oneDay(required: (minute: number) => number, agents: number, template = eightHours): ScheduleInput {
  return {
    horizon: {
      days: [{ date: '2025-03-03', weekday: 1 }],
      intervalMinutes: 30,
      required: [Array.from({ length: 48 }, (_, k) => required(k * 30))],
    },
    templates: [template],
    agents: Array.from({ length: agents }, (_, i) => ({
      id: `a${i}`,
      templateIds: [template.id],
      minWeeklyMinutes: 0,
      maxWeeklyMinutes: 480,
      skills: ['voice'],
    })),
    rules: { minRestMinutes: 660, maxConsecutiveDays: 6 },
  };
}

describe('scheduleWeek', () => {
  it('when the requirement needs exactly three 09:00–17:00 shifts, it staffs three and covers every interval', async () => {
    const input = oneDay((m) => (m >= 540 && m < 1020 ? 3 : 0), 5);
    const result = scheduled(await scheduleWeek(input, { timeLimitSeconds: 10 }));
    expect(result.roster.shifts).toHaveLength(3);
    expect(result.shiftCounts).toEqual([
      { templateId: 'day', date: '2025-03-03', start: 540, lengthMinutes: 480, count: 3 },
    ]);
    expect(result.coverage.underAgentHours).toBe(0);
    expect(result.coverage.overAgentHours).toBe(0);
    // Nothing to gain on the LP: the objective is the cost of 24 paid hours.
    expect(result.gap).toEqual({ objective: 24, lpBound: 24, gapPercent: 0 });
  });

  it('when a paid break must fall in a busy hour, it goes where a second agent covers', async () => {
    const template: ShiftTemplate = {
      ...eightHours,
      breaks: [{ name: 'tea', kind: 'break', minutes: 30, paid: true, earliestAfterStart: 60, latestAfterStart: 240 }],
    };
    // Two agents all day, but only one needed except 11:00–12:00, where both are.
    const input = oneDay((m) => (m >= 540 && m < 1020 ? (m >= 660 && m < 720 ? 2 : 1) : 0), 2, template);
    const result = scheduled(await scheduleWeek(input, { timeLimitSeconds: 10 }));
    expect(validateRoster(input, result.roster)).toEqual([]);
    const starts = result.roster.shifts.map((s) => s.breaks[0]!.start);
    for (const start of starts) expect(start < 660 || start >= 720).toBe(true);
    // The two breaks do not leave the floor empty together.
    expect(starts[0]).not.toBe(starts[1]);
    expect(result.coverage.underAgentHours).toBe(0);
  });

  it('on a generated week, the roster meets every hard rule and the coverage objective is within the reported bound', async () => {
    const input = sampleScheduleInput(seededRandom('schedule-week'), {
      agents: 10,
      fullTimeTemplates: 3,
      partTimeTemplates: 1,
      intervalMinutes: 30,
    });
    const result = scheduled(await scheduleWeek(input, { timeLimitSeconds: 5 }));
    expect(validateRoster(input, result.roster)).toEqual([]);
    expect(result.roster.shifts.length).toBeGreaterThan(0);

    // The objective is what the roster really does, recomputed here from its shifts and breaks.
    const present = presence(input, result.roster);
    const required = input.horizon.required.flat();
    let under = 0;
    let over = 0;
    required.forEach((req, t) => {
      const d = present[t]! - req;
      if (d < 0) under -= d / 2;
      else over += d / 2;
    });
    const paidHours = result.roster.shifts.reduce((s, x) => {
      const template = input.templates.find((t) => t.id === x.templateId)!;
      return s + (x.paidMinutes / 60) * (template.costPerPaidHour ?? 1);
    }, 0);
    expect(result.coverage.underAgentHours).toBeCloseTo(under, 2);
    expect(result.coverage.overAgentHours).toBeCloseTo(over, 2);
    expect(result.gap.objective).toBeCloseTo(100 * under + 10 * over + paidHours, 1);
    expect(result.coverage.scheduled.flat().map((v) => Math.round(v * 100))).toEqual(
      present.map((v) => Math.round(v * 100)),
    );
    // The bound is a bound, and the gap is measured against it.
    expect(result.gap.lpBound).toBeGreaterThan(0);
    expect(result.gap.objective).toBeGreaterThanOrEqual(result.gap.lpBound - 1e-6);
    expect(result.gap.gapPercent).toBeCloseTo(
      (100 * (result.gap.objective - result.gap.lpBound)) / result.gap.objective,
      2,
    );
    // The roster LP (every agent's rules) is a tighter bound, and still a bound.
    const roster = await rosterLpBound(input, { timeLimitSeconds: 10 });
    expect(roster.status).toBe('Optimal');
    expect(roster.bound).toBeGreaterThanOrEqual(result.gap.lpBound - 1e-6);
    expect(result.gap.objective).toBeGreaterThanOrEqual(roster.bound - 1e-6);
  });

  it('when an agent cannot reach the contracted hours, the outcome names the agent and the most they can work', async () => {
    const input = oneDay((m) => (m >= 540 && m < 1020 ? 1 : 0), 2);
    input.agents[1] = { ...input.agents[1]!, minWeeklyMinutes: 960, maxWeeklyMinutes: 960 };
    const outcome = await scheduleWeek(input, { timeLimitSeconds: 5 });
    expect(outcome).toEqual({
      status: 'infeasible',
      agents: [
        { agentId: 'a1', code: 'WEEKLY_MINIMUM_UNREACHABLE', details: { maxPaidMinutes: 480, minWeeklyMinutes: 960 } },
      ],
    });
  });

  it('when the input names a template that does not exist, the outcome says where', async () => {
    const input = oneDay(() => 1, 1);
    input.agents[0] = { ...input.agents[0]!, templateIds: ['night'] };
    expect(await scheduleWeek(input)).toEqual({
      status: 'invalid',
      problems: [{ path: 'agents.0.templateIds.0', code: 'UNKNOWN_TEMPLATE' }],
    });
  });
});
