import { dayAvailability, MINUTES_PER_DAY, templateStarts, unpaidMinutes } from './schedule-candidates';
import type { Roster, RosterShift, ScheduleInput } from './schedule-types';

export type RosterViolationCode =
  | 'UNKNOWN_AGENT'
  | 'UNKNOWN_TEMPLATE'
  | 'DATE_OUTSIDE_HORIZON'
  | 'TEMPLATE_NOT_ALLOWED'
  | 'TEMPLATE_WEEKDAY'
  | 'SHIFT_NOT_IN_TEMPLATE'
  | 'PAID_MINUTES_WRONG'
  | 'MORE_THAN_ONE_SHIFT_A_DAY'
  | 'OUTSIDE_AVAILABILITY'
  | 'REST_TOO_SHORT'
  | 'TOO_MANY_CONSECUTIVE_DAYS'
  | 'TOO_MANY_WORK_DAYS'
  | 'NO_CONSECUTIVE_DAYS_OFF'
  | 'WEEKLY_MINUTES_BELOW_CONTRACT'
  | 'WEEKLY_MINUTES_ABOVE_CONTRACT'
  | 'BREAK_MISSING'
  | 'BREAK_MISMATCH'
  | 'BREAK_OUTSIDE_WINDOW'
  | 'BREAK_OUTSIDE_SHIFT'
  | 'BREAKS_OVERLAP';

/** A broken hard rule: a code the web translates, and the figures that show it. */
export type RosterViolation = {
  code: RosterViolationCode;
  agentId: string;
  date?: string;
  details?: Record<string, number | string>;
};

/**
 * Every hard rule of a roster, checked from the input alone (never from what the solver believed):
 * the tests and the route trust this, not the optimiser.
 */
export function validateRoster(input: ScheduleInput, roster: Roster): RosterViolation[] {
  const out: RosterViolation[] = [];
  const dayIndex = new Map(input.horizon.days.map((d, i) => [d.date, i]));
  const templates = new Map(input.templates.map((t) => [t.id, t]));
  const agents = new Map(input.agents.map((a) => [a.id, a]));
  const byAgent = new Map<string, { shift: RosterShift; day: number; absStart: number; absEnd: number }[]>();

  for (const shift of roster.shifts) {
    const v = (code: RosterViolationCode, details?: RosterViolation['details']) =>
      out.push({ code, agentId: shift.agentId, date: shift.date, ...(details ? { details } : {}) });
    const agent = agents.get(shift.agentId);
    const template = templates.get(shift.templateId);
    const day = dayIndex.get(shift.date);
    if (!agent) v('UNKNOWN_AGENT');
    if (!template) v('UNKNOWN_TEMPLATE', { templateId: shift.templateId });
    if (day === undefined) v('DATE_OUTSIDE_HORIZON');
    if (!agent || !template || day === undefined) continue;
    const weekday = input.horizon.days[day]!.weekday;
    if (!agent.templateIds.includes(template.id)) v('TEMPLATE_NOT_ALLOWED', { templateId: template.id });
    if (!template.weekdays.includes(weekday)) v('TEMPLATE_WEEKDAY', { templateId: template.id, weekday });
    if (!templateStarts(template).includes(shift.start) || !template.lengthsMinutes.includes(shift.lengthMinutes)) {
      v('SHIFT_NOT_IN_TEMPLATE', { start: shift.start, lengthMinutes: shift.lengthMinutes });
    }
    const paid = shift.lengthMinutes - unpaidMinutes(template);
    if (paid !== shift.paidMinutes) v('PAID_MINUTES_WRONG', { expected: paid, actual: shift.paidMinutes });
    const available = dayAvailability(agent, shift.date, weekday);
    const end = shift.start + shift.lengthMinutes;
    if (available === 'off' || (available && (shift.start < available.from || end > available.to))) {
      v('OUTSIDE_AVAILABILITY', { start: shift.start, end });
    }
    checkBreaks(shift, template, v);
    const absStart = day * MINUTES_PER_DAY + shift.start;
    const list = byAgent.get(agent.id) ?? [];
    list.push({ shift, day, absStart, absEnd: absStart + shift.lengthMinutes });
    byAgent.set(agent.id, list);
  }

  const n = input.horizon.days.length;
  for (const agent of input.agents) {
    const list = (byAgent.get(agent.id) ?? []).sort((a, b) => a.absStart - b.absStart);
    const v = (code: RosterViolationCode, date?: string, details?: RosterViolation['details']) =>
      out.push({ code, agentId: agent.id, ...(date ? { date } : {}), ...(details ? { details } : {}) });
    const worked = new Array<boolean>(n).fill(false);
    for (const s of list) {
      if (worked[s.day]) v('MORE_THAN_ONE_SHIFT_A_DAY', s.shift.date);
      worked[s.day] = true;
    }
    let lastEnd = agent.previous?.lastShiftEnd;
    for (const s of list) {
      if (lastEnd !== undefined && s.absStart - lastEnd < input.rules.minRestMinutes) {
        v('REST_TOO_SHORT', s.shift.date, {
          restMinutes: s.absStart - lastEnd,
          minRestMinutes: input.rules.minRestMinutes,
        });
      }
      lastEnd = Math.max(lastEnd ?? s.absEnd, s.absEnd);
    }
    let run = agent.previous?.consecutiveDaysWorked ?? 0;
    for (let d = 0; d < n; d++) {
      run = worked[d] ? run + 1 : 0;
      if (run > input.rules.maxConsecutiveDays) {
        v('TOO_MANY_CONSECUTIVE_DAYS', input.horizon.days[d]!.date, { days: run, max: input.rules.maxConsecutiveDays });
      }
    }
    const pattern = agent.daysOff ?? input.rules.daysOff ?? {};
    const workDays = worked.filter(Boolean).length;
    if (pattern.maxWorkDays !== undefined && workDays > pattern.maxWorkDays) {
      v('TOO_MANY_WORK_DAYS', undefined, { days: workDays, max: pattern.maxWorkDays });
    }
    const block = Math.min(n, pattern.minConsecutiveDaysOff ?? 0);
    if (block > 0 && longestRun(worked, false) < block) v('NO_CONSECUTIVE_DAYS_OFF', undefined, { days: block });
    const paid = list.reduce(
      (s, x) => s + x.shift.lengthMinutes - unpaidMinutes(templates.get(x.shift.templateId)!),
      0,
    );
    if (paid < agent.minWeeklyMinutes) {
      v('WEEKLY_MINUTES_BELOW_CONTRACT', undefined, { paidMinutes: paid, min: agent.minWeeklyMinutes });
    }
    if (paid > agent.maxWeeklyMinutes) {
      v('WEEKLY_MINUTES_ABOVE_CONTRACT', undefined, { paidMinutes: paid, max: agent.maxWeeklyMinutes });
    }
  }
  return out;
}

function longestRun(values: readonly boolean[], of: boolean): number {
  let best = 0;
  let run = 0;
  for (const v of values) {
    run = v === of ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

function checkBreaks(
  shift: RosterShift,
  template: NonNullable<ScheduleInput['templates'][number]>,
  v: (code: RosterViolationCode, details?: RosterViolation['details']) => void,
): void {
  const seen = new Set<string>();
  for (const rule of template.breaks) {
    const placed = shift.breaks.find((b) => b.name === rule.name);
    if (!placed) {
      v('BREAK_MISSING', { name: rule.name });
      continue;
    }
    seen.add(rule.name);
    if (placed.minutes !== rule.minutes || placed.paid !== rule.paid || placed.kind !== rule.kind) {
      v('BREAK_MISMATCH', { name: rule.name });
    }
    const after = placed.start - shift.start;
    if (after < rule.earliestAfterStart || after > rule.latestAfterStart) {
      v('BREAK_OUTSIDE_WINDOW', { name: rule.name, minutesAfterStart: after });
    }
  }
  const sorted = [...shift.breaks].sort((a, b) => a.start - b.start);
  sorted.forEach((b, i) => {
    if (!seen.has(b.name)) v('BREAK_MISMATCH', { name: b.name });
    if (b.start < shift.start || b.start + b.minutes > shift.start + shift.lengthMinutes) {
      v('BREAK_OUTSIDE_SHIFT', { name: b.name });
    }
    const next = sorted[i + 1];
    if (next && next.start < b.start + b.minutes) v('BREAKS_OVERLAP', { name: b.name, other: next.name });
  });
}
