import type { ScheduleAgent, ScheduleInput, ShiftTemplate, Weekday } from './schedule-types';

/**
 * A generated week for tests, benchmarks and demos: a center open 06:00–24:00 with a morning and an
 * afternoon peak, full-time templates (9 h with an unpaid lunch and two paid breaks) and part-time
 * ones (4–5 h with one paid break), agents with contracts, availability, preferences and last week.
 * The requirement is scaled to about `load` of what the agents can work at most.
 */
/** What the generator draws with: `seededRandom` from platform/random fits (domain/ cannot import it). */
export type SampleRandom = { next(): number; int(min: number, max: number): number; chance(p: number): boolean };

export type SampleOptions = {
  agents: number;
  fullTimeTemplates: number;
  partTimeTemplates: number;
  intervalMinutes: 15 | 30;
  load?: number;
  firstDate?: string;
};

const ALL_DAYS: Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export function sampleScheduleInput(random: SampleRandom, options: SampleOptions): ScheduleInput {
  const { intervalMinutes } = options;
  const first = Date.parse(`${options.firstDate ?? '2025-03-03'}T00:00:00Z`);
  const days = ALL_DAYS.map((_, i) => ({
    date: new Date(first + i * 86_400_000).toISOString().slice(0, 10),
    weekday: (((new Date(first + i * 86_400_000).getUTCDay() + 6) % 7) + 1) as Weekday,
  }));
  const templates: ShiftTemplate[] = [];
  for (let i = 0; i < options.fullTimeTemplates; i++) {
    const earliest = 360 + Math.round((i * 480) / Math.max(1, options.fullTimeTemplates - 1) / 30) * 30;
    templates.push({
      id: `ft${i + 1}`,
      name: `Full time ${i + 1}`,
      startWindows: [{ earliest, latest: Math.min(earliest + 60, 900), step: 30 }],
      lengthsMinutes: i % 3 === 0 ? [480, 540] : [540],
      breaks: [
        { name: 'break-1', kind: 'break', minutes: 15, paid: true, earliestAfterStart: 60, latestAfterStart: 150 },
        { name: 'lunch', kind: 'lunch', minutes: 60, paid: false, earliestAfterStart: 180, latestAfterStart: 300 },
        { name: 'break-2', kind: 'break', minutes: 15, paid: true, earliestAfterStart: 330, latestAfterStart: 420 },
      ],
      weekdays: i % 4 === 3 ? [1, 2, 3, 4, 5] : ALL_DAYS,
      partTime: false,
    });
  }
  for (let i = 0; i < options.partTimeTemplates; i++) {
    const earliest = 420 + Math.round((i * 720) / Math.max(1, options.partTimeTemplates - 1) / 30) * 30;
    templates.push({
      id: `pt${i + 1}`,
      name: `Part time ${i + 1}`,
      startWindows: [{ earliest, latest: Math.min(earliest + 60, 1200), step: 30 }],
      lengthsMinutes: [240, 300],
      breaks: [
        { name: 'break-1', kind: 'break', minutes: 15, paid: true, earliestAfterStart: 90, latestAfterStart: 180 },
      ],
      weekdays: ALL_DAYS,
      partTime: true,
      costPerPaidHour: 1.1,
    });
  }
  const ft = templates.filter((t) => !t.partTime);
  const pt = templates.filter((t) => t.partTime);
  // A centre hires to its curve: full-timers' templates are drawn in proportion to the starts a
  // greedy cover of the curve needs, so the early ramp has early starters (uniform draws left the
  // 06:00–11:00 peak short of anyone who could reach it).
  const ftNeed = startsNeeded(ft, intervalMinutes);
  const agents: ScheduleAgent[] = [];
  let capacityMinutes = 0;
  for (let i = 0; i < options.agents; i++) {
    const partTime = pt.length > 0 && (ft.length === 0 || random.chance(0.3));
    const pool = partTime ? pt : ft;
    const span = random.int(2, 4);
    // Two neighbouring templates at least: one of them works every weekday.
    const from = partTime
      ? random.int(0, Math.max(0, pool.length - span))
      : pickRange(random, ftNeed, Math.min(span, pool.length));
    const templateIds = pool.slice(from, from + span).map((t) => t.id);
    const availability: ScheduleAgent['availability'] = {};
    if (random.chance(0.25)) availability[random.int(1, 7) as Weekday] = 'off';
    if (random.chance(0.15)) availability[random.int(1, 7) as Weekday] = { from: 420, to: 1260 };
    const agent: ScheduleAgent = {
      id: `a${String(i + 1).padStart(3, '0')}`,
      templateIds,
      availability,
      minWeeklyMinutes: partTime ? 960 : 1920,
      maxWeeklyMinutes: partTime ? 1500 : 2400,
      skills: random.chance(0.3) ? ['voice', 'chat'] : ['voice'],
      daysOff: partTime ? { maxWorkDays: 5 } : { maxWorkDays: 5, minConsecutiveDaysOff: 2 },
      ...(random.chance(0.3)
        ? { preferences: { daysOff: [random.int(1, 7) as Weekday], startLatest: random.int(9, 13) * 60 } }
        : {}),
      ...(random.chance(0.5)
        ? { previous: { lastShiftEnd: -random.int(0, 8) * 60, consecutiveDaysWorked: random.int(0, 5) } }
        : {}),
    };
    agents.push(agent);
    capacityMinutes += agent.maxWeeklyMinutes;
  }
  const perDay = 1440 / intervalMinutes;
  const dayFactor = (weekday: Weekday) => (weekday >= 6 ? 0.7 : weekday === 1 ? 1.15 : 1);
  const raw = days.map((d) =>
    Array.from({ length: perDay }, (_, k) => shape((k + 0.5) * intervalMinutes) * dayFactor(d.weekday)),
  );
  const rawHours = raw.flat().reduce((s, v) => s + v, 0) * (intervalMinutes / 60);
  const scale = ((options.load ?? 0.85) * capacityMinutes) / 60 / rawHours;
  const required = raw.map((row) => row.map((v) => Math.round(v * scale * (0.9 + 0.2 * random.next()) * 10) / 10));
  return {
    horizon: { days, intervalMinutes, required },
    templates,
    agents,
    rules: { minRestMinutes: 660, maxConsecutiveDays: 6 },
  };
}

/** The requirement's shape over a day (minute of day), before the day factor and scaling. */
function shape(minute: number): number {
  if (minute < 360) return 0;
  const peak = (m: number, w: number) => Math.exp(-(((minute - m) / w) ** 2));
  return 0.35 + peak(600, 120) + 0.8 * peak(900, 150) + 0.3 * peak(1230, 90);
}

/**
 * Shifts each template must start to cover the curve alone, greedily in start order: a template takes
 * the largest shortfall between its start and the next template's, the last one to its end (a floor
 * keeps every template in use).
 */
function startsNeeded(templates: readonly ShiftTemplate[], intervalMinutes: number): number[] {
  const covered = new Float64Array(1440 / intervalMinutes + 48);
  return templates.map((t, i) => {
    const from = t.startWindows[0]!.earliest;
    const length = Math.max(...t.lengthsMinutes);
    // The last template also holds the evening up to its end.
    const until = templates[i + 1]?.startWindows[0]?.earliest ?? from + length;
    let need = 0;
    for (let m = from; m < Math.max(until, from + intervalMinutes); m += intervalMinutes) {
      need = Math.max(need, shape(m + intervalMinutes / 2) - covered[m / intervalMinutes]!);
    }
    const start = from + 30;
    for (let m = start; m < start + length; m += intervalMinutes) covered[Math.floor(m / intervalMinutes)]! += need;
    return need + 0.05;
  });
}

/** The first of `span` neighbouring templates, drawn in proportion to their summed need. */
function pickRange(random: SampleRandom, need: readonly number[], span: number): number {
  const weights = need
    .slice(0, need.length - span + 1)
    .map((_, i) => need.slice(i, i + span).reduce((s, v) => s + v, 0));
  let r = random.next() * weights.reduce((s, v) => s + v, 0);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}
