import { z } from 'zod';
import { LocalDate } from './calendars';
import { RequirementsBody } from './wfm';

/**
 * Schedules (排班, issue 17; docs/wfm.md "Schedules"): shift templates, each agent's scheduling rules,
 * schedule runs (a job: the HiGHS solve runs in a worker thread), publishing, the agent's own shifts,
 * and leave (请假) and shift-swap (换班) requests that a team lead approves seeing their coverage effect.
 *
 * Times of day are whole minutes from the shift day's local midnight (the centre's time zone), so
 * 08:30 is 510; a shift that ends after midnight ends past 1440. Instants in answers are ISO strings.
 */

const MinuteOfDay = z.int().min(0).max(2880);
const Weekday = z.int().min(1).max(7);

export const StartWindow = z
  .object({ earliest: MinuteOfDay, latest: MinuteOfDay, step: z.int().min(5).max(240).default(30) })
  .strict()
  .refine((w) => w.latest >= w.earliest, { message: 'latest must not be before earliest', path: ['latest'] });
export type StartWindow = z.infer<typeof StartWindow>;

export const BreakRule = z
  .object({
    name: z.string().trim().min(1).max(40),
    kind: z.enum(['break', 'lunch']),
    minutes: z.int().min(5).max(120),
    paid: z.boolean(),
    /** The break starts within this many minutes after the shift starts. */
    earliestAfterStart: z.int().min(0).max(960),
    latestAfterStart: z.int().min(0).max(960),
  })
  .strict()
  .refine((b) => b.latestAfterStart >= b.earliestAfterStart, {
    message: 'latestAfterStart must not be before earliestAfterStart',
    path: ['latestAfterStart'],
  });
export type BreakRule = z.infer<typeof BreakRule>;

export const ShiftTemplateBody = z
  .object({
    name: z.string().trim().min(1).max(60),
    startWindows: z.array(StartWindow).min(1).max(6),
    /** Shift lengths including unpaid breaks. */
    lengthsMinutes: z.array(z.int().min(60).max(960)).min(1).max(6),
    breaks: z.array(BreakRule).max(6).default([]),
    weekdays: z.array(Weekday).min(1).max(7).default([1, 2, 3, 4, 5, 6, 7]),
    partTime: z.boolean().default(false),
    /** Cost of one paid hour relative to other templates (1 = normal; overtime or night shifts more). */
    costPerPaidHour: z.number().min(0.1).max(10).default(1),
    active: z.boolean().default(true),
  })
  .strict();
export type ShiftTemplateBody = z.input<typeof ShiftTemplateBody>;
export type ShiftTemplateValues = z.output<typeof ShiftTemplateBody>;

export const ShiftTemplate = z.object({
  id: z.uuid(),
  name: z.string(),
  startWindows: z.array(z.object({ earliest: z.int(), latest: z.int(), step: z.int() })),
  lengthsMinutes: z.array(z.int()),
  breaks: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['break', 'lunch']),
      minutes: z.int(),
      paid: z.boolean(),
      earliestAfterStart: z.int(),
      latestAfterStart: z.int(),
    }),
  ),
  weekdays: z.array(z.int()),
  partTime: z.boolean(),
  costPerPaidHour: z.number(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type ShiftTemplate = z.infer<typeof ShiftTemplate>;

export const DayAvailability = z.union([
  z.literal('off'),
  z
    .object({ from: MinuteOfDay, to: MinuteOfDay })
    .strict()
    .refine((a) => a.to > a.from, { message: 'to must be after from', path: ['to'] }),
]);
export type DayAvailability = z.infer<typeof DayAvailability>;

/** An agent's scheduling rules (排班规则): which templates, contracted hours, availability, preferences. */
export const AgentRulesBody = z
  .object({
    templateIds: z.array(z.uuid()).min(1).max(20),
    minWeeklyMinutes: z.int().min(0).max(4800),
    maxWeeklyMinutes: z.int().min(0).max(4800),
    /** By ISO weekday ("1" = Monday … "7" = Sunday); a weekday left out is available all day. */
    availability: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), DayAvailability).default({}),
    /** Days-off pattern ("5 on / 2 off" is maxWorkDays 5, minConsecutiveDaysOff 2); default the run's. */
    maxWorkDays: z.int().min(1).max(7).nullable().default(null),
    minConsecutiveDaysOff: z.int().min(0).max(6).nullable().default(null),
    /** Soft preferences: weekdays off, a start-time range. */
    preferredDaysOff: z.array(Weekday).max(7).default([]),
    preferredStartEarliest: MinuteOfDay.nullable().default(null),
    preferredStartLatest: MinuteOfDay.nullable().default(null),
  })
  .strict()
  .refine((r) => r.maxWeeklyMinutes >= r.minWeeklyMinutes, {
    message: 'maxWeeklyMinutes must not be below minWeeklyMinutes',
    path: ['maxWeeklyMinutes'],
  });
export type AgentRulesBody = z.input<typeof AgentRulesBody>;
export type AgentRules = z.output<typeof AgentRulesBody>;

export const WfmAgent = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  username: z.string(),
  teamId: z.uuid().nullable(),
  /** The ACD's routing skills (skill keys). */
  skills: z.array(z.string()),
  /** Null until a planner gives the agent rules: such agents are not scheduled. */
  rules: z
    .object({
      templateIds: z.array(z.uuid()),
      minWeeklyMinutes: z.int(),
      maxWeeklyMinutes: z.int(),
      availability: z.record(z.string(), z.union([z.literal('off'), z.object({ from: z.int(), to: z.int() })])),
      maxWorkDays: z.int().nullable(),
      minConsecutiveDaysOff: z.int().nullable(),
      preferredDaysOff: z.array(z.int()),
      preferredStartEarliest: z.int().nullable(),
      preferredStartLatest: z.int().nullable(),
    })
    .nullable(),
});
export type WfmAgent = z.infer<typeof WfmAgent>;

/** Labour rules for a run (劳动规则): rest between shifts, consecutive days, the default days-off pattern. */
export const LabourRulesBody = z
  .object({
    minRestMinutes: z.int().min(0).max(1440).default(660),
    maxConsecutiveDays: z.int().min(1).max(14).default(6),
    maxWorkDays: z.int().min(1).max(7).default(5),
    minConsecutiveDaysOff: z.int().min(0).max(6).default(0),
  })
  .strict();

export const CreateScheduleBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** The requirement to cover: this forecast's requirement per interval, at these targets. */
    requirement: RequirementsBody,
    /** The first day (a day of the forecast; default its first) and how many days (default 7). */
    startDate: LocalDate.optional(),
    days: z.int().min(1).max(14).default(7),
    /** Default: every agent who has rules. */
    agentIds: z.array(z.uuid()).min(1).max(2000).optional(),
    /** Default: every active template. */
    templateIds: z.array(z.uuid()).min(1).max(50).optional(),
    rules: LabourRulesBody.default({
      minRestMinutes: 660,
      maxConsecutiveDays: 6,
      maxWorkDays: 5,
      minConsecutiveDaysOff: 0,
    }),
    /** The solver's wall-clock budget. */
    timeLimitSeconds: z.int().min(5).max(600).default(60),
  })
  .strict();
export type CreateScheduleBody = z.input<typeof CreateScheduleBody>;

export const SCHEDULE_STATES = ['draft', 'published', 'discarded'] as const;
export const ShiftBreak = z.object({
  name: z.string(),
  kind: z.enum(['break', 'lunch']),
  paid: z.boolean(),
  startAt: z.string(),
  endAt: z.string(),
});
export type ShiftBreak = z.infer<typeof ShiftBreak>;

/** `active`; `leave` (an approved leave request took it off); `replaced` (a later publication covers its day). */
export const SHIFT_STATES = ['active', 'leave', 'replaced'] as const;

export const Shift = z.object({
  id: z.uuid(),
  scheduleId: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  templateId: z.uuid(),
  templateName: z.string(),
  /** The local day the shift belongs to. */
  date: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  paidMinutes: z.int(),
  breaks: z.array(ShiftBreak),
  state: z.enum(SHIFT_STATES),
});
export type Shift = z.infer<typeof Shift>;

export const ScheduleSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  forecastId: z.uuid(),
  startDate: z.string(),
  days: z.int(),
  intervalMinutes: z.int(),
  state: z.enum(SCHEDULE_STATES),
  agentCount: z.int(),
  shiftCount: z.int(),
  /** Weighted coverage objective against the LP relaxation bound (a true lower bound). */
  gap: z.object({ objective: z.number(), lpBound: z.number(), gapPercent: z.number() }),
  underAgentHours: z.number(),
  overAgentHours: z.number(),
  createdBy: z.uuid(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type ScheduleSummary = z.infer<typeof ScheduleSummary>;

export const ScheduleCoverageDay = z.object({
  date: z.string(),
  /** Per interval from local midnight: agents required (the run's requirement) and scheduled (breaks out). */
  required: z.array(z.number()),
  scheduled: z.array(z.number()),
});
export type ScheduleCoverageDay = z.infer<typeof ScheduleCoverageDay>;

export const Schedule = ScheduleSummary.extend({
  agents: z.array(z.object({ userId: z.uuid(), displayName: z.string(), teamId: z.uuid().nullable() })),
  shifts: z.array(Shift),
  coverage: z.array(ScheduleCoverageDay),
  stages: z.array(z.object({ name: z.string(), status: z.string(), seconds: z.number() })),
});
export type Schedule = z.infer<typeof Schedule>;

/**
 * What a schedule run's job produces (`GET /api/v1/jobs/:id` result): the schedule made, or why none
 * could be: an agent whose contract cannot be met, input the solver refuses, or no solution in time.
 */
export const ScheduleRunResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('scheduled'), scheduleId: z.uuid(), gapPercent: z.number() }),
  z.object({
    status: z.literal('infeasible'),
    agents: z.array(
      z.object({
        agentId: z.uuid(),
        agentName: z.string(),
        code: z.string(),
        maxPaidMinutes: z.int(),
        minWeeklyMinutes: z.int(),
      }),
    ),
  }),
  z.object({ status: z.literal('invalid'), problems: z.array(z.object({ path: z.string(), code: z.string() })) }),
  z.object({ status: z.literal('no_solution'), reason: z.string() }),
]);
export type ScheduleRunResult = z.infer<typeof ScheduleRunResult>;

export const MyShiftsQuery = z.object({ from: LocalDate, to: LocalDate }).strict();
/** `timezone`: the centre's, in which shifts' `date`s are local days (agents may not read the reports' settings). */
export const ShiftList = z.object({ items: z.array(Shift), timezone: z.string() });
export const ShiftTemplateList = z.object({ items: z.array(ShiftTemplate) });
export const WfmAgentList = z.object({ items: z.array(WfmAgent) });
export const ScheduleList = z.object({ items: z.array(ScheduleSummary) });

// ---- requests (请假 / 换班) ------------------------------------------------------------------------

export const REQUEST_KINDS = ['leave', 'swap'] as const;
/**
 * `pending_peer`: a swap waits for the other agent to agree; `pending`: waits for a team lead;
 * then `approved`, `rejected` (team lead), `declined` (the peer) or `cancelled` (the requester).
 */
export const REQUEST_STATES = ['pending_peer', 'pending', 'approved', 'rejected', 'declined', 'cancelled'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const CreateShiftRequestBody = z
  .object({
    kind: z.enum(REQUEST_KINDS),
    /** One's own published shift. */
    shiftId: z.uuid(),
    /** A swap: the colleague's published shift (same schedule) to take in exchange. */
    peerShiftId: z.uuid().optional(),
    reason: z.string().trim().max(500).default(''),
  })
  .strict()
  .refine((b) => b.kind !== 'swap' || b.peerShiftId, {
    message: 'a swap names the colleague’s shift',
    path: ['peerShiftId'],
  })
  .refine((b) => b.kind !== 'leave' || !b.peerShiftId, {
    message: 'leave takes no colleague’s shift',
    path: ['peerShiftId'],
  })
  .refine((b) => b.kind !== 'leave' || b.reason.length > 0, { message: 'say why', path: ['reason'] });
export type CreateShiftRequestBody = z.input<typeof CreateShiftRequestBody>;

export const DecideRequestBody = z.object({ note: z.string().trim().max(500).default('') }).strict();

/** A rule the change would break, for either agent (the codes of the roster check, e.g. MIN_REST). */
export const RequestViolation = z.object({
  agentId: z.uuid(),
  code: z.string(),
  date: z.string().nullable(),
  /** Blocking rules (rest, consecutive days, one shift a day, the contract's maximum) stop the approval. */
  blocking: z.boolean(),
});

/** The change in coverage on each affected day: scheduled agents before and after, against the requirement. */
export const CoverageEffect = z.object({
  date: z.string(),
  intervalMinutes: z.int(),
  required: z.array(z.number()),
  before: z.array(z.number()),
  after: z.array(z.number()),
  /** Agent-hours below the requirement before and after. */
  underBefore: z.number(),
  underAfter: z.number(),
});
export type CoverageEffect = z.infer<typeof CoverageEffect>;

export const ShiftRequest = z.object({
  id: z.uuid(),
  kind: z.enum(REQUEST_KINDS),
  state: z.enum(REQUEST_STATES),
  requesterId: z.uuid(),
  requesterName: z.string(),
  shift: Shift,
  peerId: z.uuid().nullable(),
  peerName: z.string().nullable(),
  peerShift: Shift.nullable(),
  reason: z.string(),
  createdAt: z.string(),
  decidedBy: z.uuid().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string(),
});
export type ShiftRequest = z.infer<typeof ShiftRequest>;

export const ShiftRequestDetail = ShiftRequest.extend({
  effect: z.array(CoverageEffect),
  violations: z.array(RequestViolation),
});
export type ShiftRequestDetail = z.infer<typeof ShiftRequestDetail>;

/** `GET /api/v1/wfm/requests` (one's own and those waiting for one's consent) and `…/requests/inbox` (a team lead's). */
export const RequestListQuery = z.object({ state: z.enum(REQUEST_STATES).optional() }).strict();
export const ShiftRequestList = z.object({ items: z.array(ShiftRequest), timezone: z.string() });
