import { z } from 'zod';
import { LocalDate } from './calendars';

/**
 * Schedule adherence (遵从度, issue 17; docs/wfm.md "Adherence"): each agent's ACD state against the
 * activity of their published schedule — live for supervisors and team leads, and reported per agent
 * and team over days.
 */
export const ACTIVITY_KINDS = ['work', 'break', 'lunch', 'off'] as const;

export const LiveAdherenceQuery = z
  .object({
    /** Minutes out of adherence before an agent is flagged (default 3). */
    graceMinutes: z.coerce.number().int().min(0).max(60).default(3),
    teamId: z.uuid().optional(),
  })
  .strict();

export const LiveAdherenceAgent = z.object({
  agentId: z.uuid(),
  agentName: z.string(),
  teamId: z.uuid().nullable(),
  /** What the schedule says now, and until when; `off` without a shift. */
  activity: z.enum(ACTIVITY_KINDS),
  activityFrom: z.string().nullable(),
  activityTo: z.string().nullable(),
  /** The ACD state now (logged_out without any), its not-ready reason, and since when. */
  state: z.string(),
  reason: z.string().nullable(),
  stateSince: z.string().nullable(),
  inAdherence: z.boolean(),
  outSince: z.string().nullable(),
  /** Out of adherence for longer than the grace period. */
  flagged: z.boolean(),
});
export type LiveAdherenceAgent = z.infer<typeof LiveAdherenceAgent>;

export const LiveAdherence = z.object({
  at: z.string(),
  graceMinutes: z.int(),
  /** Agents scheduled today or logged in now, flagged ones first. */
  agents: z.array(LiveAdherenceAgent),
  summary: z.object({ scheduledNow: z.int(), inAdherence: z.int(), flagged: z.int() }),
});
export type LiveAdherence = z.infer<typeof LiveAdherence>;

export const AdherenceReportQuery = z
  .object({
    from: LocalDate,
    /** Inclusive; at most 31 days. */
    to: LocalDate,
    teamId: z.uuid().optional(),
  })
  .strict()
  .refine((q) => q.to >= q.from, { message: 'to must not be before from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 30 * 86_400_000, {
    message: 'at most 31 days',
    path: ['to'],
  });

const Totals = z.object({
  /** Minutes: scheduled (shifts with breaks), scheduled work (without), in adherence, available. */
  scheduledMinutes: z.number(),
  workMinutes: z.number(),
  adherentMinutes: z.number(),
  availableMinutes: z.number(),
  /** adherent ÷ scheduled; null without scheduled time. */
  adherence: z.number().nullable(),
  /** available ÷ scheduled work; null without scheduled work. */
  conformance: z.number().nullable(),
});

export const AdherenceReport = z.object({
  from: z.string(),
  to: z.string(),
  agents: z.array(Totals.extend({ agentId: z.uuid(), agentName: z.string(), teamId: z.uuid().nullable() })),
  teams: z.array(Totals.extend({ teamId: z.uuid().nullable(), teamName: z.string().nullable() })),
  total: Totals,
});
export type AdherenceReport = z.infer<typeof AdherenceReport>;
