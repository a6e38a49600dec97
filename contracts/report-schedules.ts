import { z } from 'zod';
import { KpiQuery } from './reports';

/**
 * Scheduled reports (issue 14): a saved KPI question mailed as XLSX to a list of addresses on a
 * cadence. The range is relative (yesterday, last week, last month) in the schedule's time zone.
 */

export const REPORT_PERIODS = ['yesterday', 'last_week', 'last_month'] as const;
export const ReportPeriod = z.enum(REPORT_PERIODS);
export type ReportPeriod = z.infer<typeof ReportPeriod>;

export const REPORT_LANGUAGES = ['zh-CN', 'en-US'] as const;
export const ReportLanguage = z.enum(REPORT_LANGUAGES);
export type ReportLanguage = z.infer<typeof ReportLanguage>;

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'HH:MM, 00:00–23:59' });

/** Local wall-clock times in the schedule's zone. A monthly day past the month's end runs on its last day. */
export const Cadence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily'), time: Time }),
  z.object({
    kind: z.literal('weekly'),
    weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'),
    time: Time,
  }),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(31), time: Time }),
]);
export type Cadence = z.infer<typeof Cadence>;

/** A KPI question without its range: what `GET /api/v1/reports/kpis` takes, minus from/to. */
export const SavedKpiQuery = z
  .object({
    groupBy: z.string().trim().min(1).max(40).default('queue'),
    intervalMinutes: z.union([z.literal(15), z.literal(30)]).optional(),
    queue: z.string().trim().min(1).max(100).optional(),
    agent: z.string().trim().min(1).max(100).optional(),
    team: z.string().trim().min(1).max(100).optional(),
    channel: z.string().trim().min(1).max(20).optional(),
    requestType: z.string().trim().min(1).max(64).optional(),
    tz: z.string().max(64).optional(),
    serviceLevelSeconds: z.number().int().min(0).max(3_600).optional(),
    shortAbandonSeconds: z.number().int().min(0).max(600).optional(),
    fcrWindowHours: z.number().int().min(1).max(8_760).optional(),
  })
  .superRefine((q, ctx) => {
    // The same rules as the live query: a saved question that could not run is refused now.
    const r = KpiQuery.safeParse({ ...q, from: '2026-01-01', to: '2026-01-02' });
    if (r.success) return;
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
export type SavedKpiQuery = z.infer<typeof SavedKpiQuery>;

export const CreateReportScheduleBody = z.object({
  name: z.string().trim().min(1).max(100),
  recipients: z
    .array(z.email().max(254))
    .min(1)
    .max(20)
    .refine((a) => new Set(a.map((x) => x.toLowerCase())).size === a.length, { message: 'each address once' }),
  language: ReportLanguage.default('zh-CN'),
  period: ReportPeriod,
  cadence: Cadence,
  query: SavedKpiQuery,
  enabled: z.boolean().default(true),
});
export type CreateReportScheduleBody = z.infer<typeof CreateReportScheduleBody>;

export const UpdateReportScheduleBody = CreateReportScheduleBody.partial();
export type UpdateReportScheduleBody = z.infer<typeof UpdateReportScheduleBody>;

export const REPORT_RUN_STATUSES = ['sent', 'failed', 'retrying', 'running'] as const;

export const ReportSchedule = z.object({
  id: z.string(),
  name: z.string(),
  createdBy: z.string(),
  recipients: z.array(z.string()),
  language: ReportLanguage,
  period: ReportPeriod,
  cadence: Cadence,
  query: z.record(z.string(), z.unknown()),
  /** The zone the cadence and the period are read in (the query's tz, else the center's). */
  tz: z.string(),
  enabled: z.boolean(),
  lastRunAt: z.string().nullable(),
  lastStatus: z.enum(REPORT_RUN_STATUSES).nullable(),
  lastError: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReportSchedule = z.infer<typeof ReportSchedule>;

export const ReportScheduleList = z.object({ items: z.array(ReportSchedule) });

/** What one run did: the range it reported and the mail it sent (or the error). */
export const ReportRun = z.object({
  status: z.enum(['sent', 'failed']),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  error: z.string().nullable(),
});
export type ReportRun = z.infer<typeof ReportRun>;
