import type { BreakRule, DayAvailability, ScheduleAgent, ScheduleInput, ShiftTemplate } from './schedule-types';

/**
 * One shift an agent could work: a template on a day at a start with a length. Its coverage is the
 * agent's presence per interval before breaks; the optimisers take breaks out through break
 * variables (see `breakColumns`), and the break stage later places each break for real.
 */
export type ShiftCandidate = {
  index: number;
  template: ShiftTemplate;
  dayIndex: number;
  /** Minute of the candidate's day. */
  start: number;
  length: number;
  paidMinutes: number;
  /** Horizon minutes. */
  absStart: number;
  absEnd: number;
  /** Paid hours × the template's cost factor. */
  cost: number;
  /** Sparse presence: interval index in the horizon (day × intervals per day + k), value in agents. */
  coverIndex: number[];
  coverValue: number[];
};

export const MINUTES_PER_DAY = 1440;

export function unpaidMinutes(template: ShiftTemplate): number {
  return template.breaks.reduce((s, b) => s + (b.paid ? 0 : b.minutes), 0);
}

/** The starts (minutes after the shift start) a break may take in a shift of this length. */
export function breakStarts(rule: BreakRule, length: number, step: number): number[] {
  const latest = Math.min(rule.latestAfterStart, length - rule.minutes);
  const starts: number[] = [];
  for (let s = rule.earliestAfterStart; s <= latest; s += step) starts.push(s);
  return starts;
}

export function templateStarts(template: ShiftTemplate): number[] {
  const starts = new Set<number>();
  for (const w of template.startWindows) {
    for (let s = w.earliest; s <= w.latest; s += Math.max(1, w.step)) starts.add(s);
  }
  return [...starts].sort((a, b) => a - b);
}

export function listCandidates(input: ScheduleInput): ShiftCandidate[] {
  const { horizon } = input;
  const perDay = MINUTES_PER_DAY / horizon.intervalMinutes;
  const intervals = horizon.days.length * perDay;
  const out: ShiftCandidate[] = [];
  for (const template of input.templates) {
    const starts = templateStarts(template);
    const unpaid = unpaidMinutes(template);
    horizon.days.forEach((day, dayIndex) => {
      if (!template.weekdays.includes(day.weekday)) return;
      for (const start of starts) {
        for (const length of template.lengthsMinutes) {
          const absStart = dayIndex * MINUTES_PER_DAY + start;
          const presence = spread(absStart, absStart + length, horizon.intervalMinutes, intervals);
          out.push({
            index: out.length,
            template,
            dayIndex,
            start,
            length,
            paidMinutes: length - unpaid,
            absStart,
            absEnd: absStart + length,
            cost: ((length - unpaid) / 60) * (template.costPerPaidHour ?? 1),
            coverIndex: presence.index,
            coverValue: presence.value,
          });
        }
      }
    });
  }
  return out;
}

/** The share of each interval that the minutes [from, to) of the horizon fill. */
export function spread(from: number, to: number, intervalMinutes: number, intervals: number) {
  const index: number[] = [];
  const value: number[] = [];
  const last = Math.min(intervals - 1, Math.floor((to - 1) / intervalMinutes));
  for (let t = Math.floor(from / intervalMinutes); t <= last; t++) {
    const minutes = Math.min(to, (t + 1) * intervalMinutes) - Math.max(from, t * intervalMinutes);
    if (minutes <= 0) continue;
    index.push(t);
    value.push(minutes / intervalMinutes);
  }
  return { index, value };
}

/**
 * Break columns of a candidate: one per (break, start) with the presence it takes away. Their counts
 * sum to the number of agents on the candidate, per break; continuous in the models — a relaxation
 * of placing each agent's breaks, so the LP bound stays a bound on the roster with breaks placed.
 */
export function breakColumns(c: ShiftCandidate, intervalMinutes: number, intervals: number, step: number) {
  return c.template.breaks.map((rule) =>
    breakStarts(rule, c.length, step).map((offset) => ({
      offset,
      ...spread(c.absStart + offset, c.absStart + offset + rule.minutes, intervalMinutes, intervals),
    })),
  );
}

export function dayAvailability(agent: ScheduleAgent, date: string, weekday: number): DayAvailability | undefined {
  return agent.availabilityByDate?.[date] ?? agent.availability?.[weekday as keyof ScheduleAgent['availability']];
}

/** Whether the agent may work the candidate on its own (template, availability, last week's rest). */
export function agentCanWork(input: ScheduleInput, agent: ScheduleAgent, c: ShiftCandidate): boolean {
  if (!agent.templateIds.includes(c.template.id)) return false;
  const day = input.horizon.days[c.dayIndex]!;
  const available = dayAvailability(agent, day.date, day.weekday);
  if (available === 'off') return false;
  if (available && (c.start < available.from || c.start + c.length > available.to)) return false;
  const lastEnd = agent.previous?.lastShiftEnd;
  if (lastEnd !== undefined && c.absStart - lastEnd < input.rules.minRestMinutes) return false;
  return true;
}
