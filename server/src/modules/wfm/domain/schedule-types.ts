/**
 * The inputs and outputs of schedule optimisation (issue 17, "Schedules"). Times are whole minutes:
 * "minute of day" counts from the midnight of the shift's own day and may pass 1440 for a shift that
 * runs past midnight; "horizon minute" counts from the midnight of the first day of the horizon.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type ScheduleDay = { date: string; weekday: Weekday };

export type Horizon = {
  /** Consecutive calendar days, usually a week. Contracted weekly hours apply to the whole horizon. */
  days: ScheduleDay[];
  intervalMinutes: 15 | 30;
  /**
   * Agents needed per day × interval (possibly fractional, e.g. from Erlang C). One curve for all
   * skills for now: agents' skills are carried through but not matched against the requirement.
   */
  required: number[][];
};

export type StartWindow = { earliest: number; latest: number; step: number };

export type BreakRule = {
  name: string;
  kind: 'break' | 'lunch';
  minutes: number;
  paid: boolean;
  /** The break starts within [earliestAfterStart, latestAfterStart] minutes after the shift starts. */
  earliestAfterStart: number;
  latestAfterStart: number;
};

export type ShiftTemplate = {
  id: string;
  name: string;
  startWindows: StartWindow[];
  lengthsMinutes: number[];
  breaks: BreakRule[];
  weekdays: Weekday[];
  partTime: boolean;
  /** Cost of one paid hour relative to others (default 1): the last objective after coverage. */
  costPerPaidHour?: number;
};

/** "5 on / 2 off" is `{ maxWorkDays: 5, minConsecutiveDaysOff: 2 }`. Counted inside the horizon. */
export type DaysOffPattern = { maxWorkDays?: number; minConsecutiveDaysOff?: number };

/** A day's availability: 'off', or the earliest start and latest end (minute of day, ≤ 2880). */
export type DayAvailability = 'off' | { from: number; to: number };

export type ScheduleAgent = {
  id: string;
  templateIds: string[];
  /** By weekday; a missing weekday means available all day. */
  availability?: Partial<Record<Weekday, DayAvailability>>;
  /** By date, overriding the weekday (leave, training). */
  availabilityByDate?: Record<string, DayAvailability>;
  minWeeklyMinutes: number;
  maxWeeklyMinutes: number;
  skills: string[];
  daysOff?: DaysOffPattern;
  /** Soft: a shift on one of these weekdays, or starting outside [startEarliest, startLatest], costs. */
  preferences?: { daysOff?: Weekday[]; startEarliest?: number; startLatest?: number };
  /** The week before: the end of the last shift (horizon minute, ≤ 0) and the run of days worked. */
  previous?: { lastShiftEnd?: number; consecutiveDaysWorked?: number };
};

export type LabourRules = {
  /** Rest between the end of one shift and the start of the next (issue: at least 11 h). */
  minRestMinutes: number;
  maxConsecutiveDays: number;
  /** Applies to agents without their own pattern. */
  daysOff?: DaysOffPattern;
};

/**
 * Objective weights, per agent-hour. Under-coverage is weighted 10× over-coverage, which is weighted
 * 10× the cost of a paid hour: "under, then over, then cost" in spirit, without letting one short
 * interval buy a whole overstaffed shift at any price (a strict lexicographic order would).
 * Preferences cost less than an hour of over-coverage, so they never buy a coverage gap.
 */
export type ScheduleWeights = {
  underPerAgentHour: number;
  overPerAgentHour: number;
  costPerPaidHour: number;
  /** Per shift on a preferred day off. */
  preferredDayOff: number;
  /** Per hour the start lies outside the preferred start range. */
  preferredStartPerHour: number;
};

export const DEFAULT_WEIGHTS: ScheduleWeights = {
  underPerAgentHour: 100,
  overPerAgentHour: 10,
  costPerPaidHour: 1,
  preferredDayOff: 4,
  preferredStartPerHour: 2,
};

export type ScheduleInput = {
  horizon: Horizon;
  templates: ShiftTemplate[];
  agents: ScheduleAgent[];
  rules: LabourRules;
  weights?: Partial<ScheduleWeights>;
};

export type ScheduleOptions = {
  /** Wall-clock budget for all solver calls together (default 50 s). */
  timeLimitSeconds?: number;
  /** Relative gap at which a MIP stops (default 0.5 %). */
  mipRelGap?: number;
  /** Placement grid of breaks in minutes (default 15). */
  breakStepMinutes?: number;
  /** Told as each stage starts (coverage, agent-weeks, agent-search, roster-mip, breaks, local-search). */
  onStage?: (stage: ScheduleStage) => void;
};

export type ScheduleStage = 'coverage' | 'agent-weeks' | 'agent-search' | 'roster-mip' | 'breaks' | 'local-search';

export type PlacedBreak = { name: string; kind: 'break' | 'lunch'; start: number; minutes: number; paid: boolean };

export type RosterShift = {
  agentId: string;
  templateId: string;
  date: string;
  /** Minute of day, and length including unpaid breaks. */
  start: number;
  lengthMinutes: number;
  paidMinutes: number;
  /** Starts are minutes of the shift's day, like `start`. */
  breaks: PlacedBreak[];
};

export type Roster = { shifts: RosterShift[] };

/** How many agents the roster staffs on each (template, day, start, length). */
export type ShiftCount = { templateId: string; date: string; start: number; lengthMinutes: number; count: number };

export type CoverageGap = { objective: number; lpBound: number; gapPercent: number };

export type CoverageTotals = {
  /** Agent-hours below and above the requirement. */
  underAgentHours: number;
  overAgentHours: number;
  /** Per day × interval: agents present (breaks taken out). */
  scheduled: number[][];
};

export type ScheduleResult = {
  status: 'scheduled';
  roster: Roster;
  shiftCounts: ShiftCount[];
  /**
   * The coverage objective (weighted under- and over-coverage and cost) of the roster with its breaks
   * placed, against the LP relaxation of stage 1, which relaxes every roster: a true lower bound.
   */
  gap: CoverageGap;
  coverage: CoverageTotals;
  /** Solver statuses and seconds per stage, for the operator. */
  stages: { name: string; status: string; seconds: number; objective?: number }[];
};

export type InfeasibleAgent = {
  agentId: string;
  code: 'WEEKLY_MINIMUM_UNREACHABLE';
  /** The most paid minutes the agent's rules allow, against the contracted minimum. */
  details: { maxPaidMinutes: number; minWeeklyMinutes: number };
};

export type InvalidInput = { path: string; code: string };

export type ScheduleOutcome =
  | ScheduleResult
  | { status: 'infeasible'; agents: InfeasibleAgent[] }
  | { status: 'invalid'; problems: InvalidInput[] }
  | { status: 'no_solution'; reason: string };
