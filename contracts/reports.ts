import { z } from 'zod';
import { Channel } from './routing';

/**
 * Reports (issue 14): the KPI query and its rows. Every figure is defined once in
 * server/src/modules/reporting/domain/kpi.ts and documented in docs/reports.md (DOMAIN.md "KPIs").
 */

/** What a row is about: one entity dimension and/or one time dimension. */
export const ENTITY_DIMENSIONS = ['queue', 'agent', 'team', 'channel', 'requestType', 'ivrFlow'] as const;
export type EntityDimension = (typeof ENTITY_DIMENSIONS)[number];
export const TIME_DIMENSIONS = ['interval', 'hour', 'day', 'week', 'month'] as const;
export type TimeDimension = (typeof TIME_DIMENSIONS)[number];
export const GROUP_DIMENSIONS = [...ENTITY_DIMENSIONS, ...TIME_DIMENSIONS] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const Instant = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s), {
    message: 'an ISO 8601 date or date-time',
  })
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), { message: 'not a valid date' });

const IdOrKey = z.string().trim().min(1).max(100);

/** The thresholds a KPI depends on; each defaults to the queue's setting (DOMAIN.md defaults). */
export const KpiThresholds = z.object({
  serviceLevelSeconds: z.coerce.number().int().min(0).max(3_600).optional(),
  shortAbandonSeconds: z.coerce.number().int().min(0).max(600).optional(),
  fcrWindowHours: z.coerce.number().int().min(1).max(8_760).optional(),
});

/**
 * `GET /api/v1/reports/kpis` (and `.csv`, `.xlsx`). `from` inclusive, `to` exclusive; a bare date is
 * midnight in `tz`. `groupBy` is one or two dimensions joined by a comma (`queue,day`), at most one
 * of each kind.
 */
export const KpiQuery = z
  .object({
    from: Instant,
    to: Instant,
    groupBy: z
      .string()
      .max(40)
      .default('queue')
      .transform((s, ctx) => {
        const dims = s
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean);
        const bad = dims.filter((d) => !(GROUP_DIMENSIONS as readonly string[]).includes(d));
        if (bad.length > 0 || dims.length === 0 || dims.length > 2) {
          ctx.addIssue({
            code: 'custom',
            message: `one or two of ${GROUP_DIMENSIONS.join(', ')} (got ${bad.join(', ') || s})`,
          });
          return z.NEVER;
        }
        const entity = dims.filter((d) => (ENTITY_DIMENSIONS as readonly string[]).includes(d));
        const time = dims.filter((d) => (TIME_DIMENSIONS as readonly string[]).includes(d));
        if (entity.length > 1 || time.length > 1) {
          ctx.addIssue({ code: 'custom', message: 'at most one entity and one time dimension' });
          return z.NEVER;
        }
        return { entity: entity[0] as EntityDimension | undefined, time: time[0] as TimeDimension | undefined };
      }),
    intervalMinutes: z.coerce
      .number()
      .int()
      .refine((n) => n === 15 || n === 30, { message: '15 or 30' })
      .default(15),
    queue: IdOrKey.optional(),
    agent: IdOrKey.optional(),
    team: IdOrKey.optional(),
    channel: Channel.optional(),
    requestType: z.string().trim().min(1).max(64).optional(),
    tz: z.string().max(64).refine(isTimeZone, { message: 'an IANA time zone such as Asia/Shanghai' }).optional(),
    /** Rows for empty time buckets too (charts want a continuous axis); default true. */
    fill: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    lang: z.enum(['zh-CN', 'en-US']).optional(),
  })
  .extend(KpiThresholds.shape);
export type KpiQuery = z.infer<typeof KpiQuery>;

/** Ratios are 0–1; seconds are means; NPS is a score from −100 to 100; null: no data for it. */
export const KpiFigures = z.object({
  offered: z.number().int().nullable(),
  answered: z.number().int().nullable(),
  abandoned: z.number().int().nullable(),
  shortAbandoned: z.number().int().nullable(),
  answeredWithinThreshold: z.number().int().nullable(),
  selfService: z.number().int().nullable(),
  handled: z.number().int(),
  serviceLevel: z.number().nullable(),
  abandonRate: z.number().nullable(),
  asaSeconds: z.number().nullable(),
  ahtSeconds: z.number().nullable(),
  talkSeconds: z.number().nullable(),
  holdSeconds: z.number().nullable(),
  wrapUpSeconds: z.number().nullable(),
  fcr: z.number().nullable(),
  csat: z.number().nullable(),
  csatMean: z.number().nullable(),
  surveyAnswers: z.number().int(),
  nps: z.number().nullable(),
  ces: z.number().nullable(),
  /** Mean quality score (0–100) of the contacts' submitted evaluations, appeal outcomes counted. */
  qualityScore: z.number().nullable(),
  /** Submitted quality evaluations of the contacts. */
  qualityEvaluations: z.number().int(),
  occupancy: z.number().nullable(),
  utilization: z.number().nullable(),
  rona: z.number().int().nullable(),
  transfers: z.number().int().nullable(),
  /** Seconds not ready per reason code ('' = no reason given). */
  notReadySeconds: z.record(z.string(), z.number()).nullable(),
});
export type KpiFigures = z.infer<typeof KpiFigures>;

export const KpiRow = KpiFigures.extend({
  /** The entity's id (queue, agent, team id; channel, request type; IVR flow id); absent without one. */
  key: z.string().nullable().optional(),
  /** Its display name. */
  name: z.string().nullable().optional(),
  /** The time bucket's start as an instant with the report's offset, e.g. 2026-12-06T08:15:00+08:00. */
  start: z.string().optional(),
});
export type KpiRow = z.infer<typeof KpiRow>;

export const KpiReport = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  groupBy: z.array(z.string()),
  /** Centre-wide rows count a contact moved between queues once; per-queue rows count it per queue. */
  scope: z.enum(['queue', 'center']),
  rows: z.array(KpiRow),
  total: KpiFigures,
});
export type KpiReport = z.infer<typeof KpiReport>;

/** The columns of a KPI export, in order (CSV and XLSX share them). */
export const KPI_COLUMNS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'answeredWithinThreshold',
  'selfService',
  'serviceLevel',
  'abandonRate',
  'asaSeconds',
  'ahtSeconds',
  'talkSeconds',
  'holdSeconds',
  'wrapUpSeconds',
  'handled',
  'fcr',
  'csat',
  'csatMean',
  'surveyAnswers',
  'nps',
  'ces',
  'qualityScore',
  'qualityEvaluations',
  'occupancy',
  'utilization',
  'rona',
  'transfers',
] as const satisfies ReadonlyArray<keyof KpiFigures>;

/** The figures whose contacts a drill-down lists (each number of a report links to one). */
export const DRILL_FIGURES = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'answeredWithinThreshold',
  'answeredLate',
  'waiting',
  'handled',
  'transferred',
  'rona',
  'fcrResolved',
  'fcrUnresolved',
  'selfService',
  'surveyed',
  'evaluated',
] as const;
export type DrillFigure = (typeof DRILL_FIGURES)[number];

/**
 * `GET /api/v1/reports/contacts` (+ `.csv`, `.xlsx`): the contacts behind one figure of a report —
 * the report's own parameters, the figure, and optionally the row (`key`: its entity key; `start`:
 * its time bucket's start) to narrow to.
 */
export const ReportContactsQuery = KpiQuery.safeExtend({
  figure: z.enum(DRILL_FIGURES).default('offered'),
  key: z.string().max(100).optional(),
  start: Instant.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ReportContactsQuery = z.infer<typeof ReportContactsQuery>;

export const ReportContact = z.object({
  id: z.string(),
  rootId: z.string(),
  source: z.string(),
  externalId: z.string().nullable(),
  channel: z.string(),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  customerId: z.string().nullable(),
  callId: z.string().nullable(),
  enteredAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** For the figure's scope: the queue visit's wait, or centre-wide the contact's wait over all queues. */
  waitSeconds: z.number(),
  talkSeconds: z.number(),
  holdSeconds: z.number(),
  wrapUpSeconds: z.number(),
  handleSeconds: z.number(),
  outcome: z.string(),
  requestType: z.string().nullable(),
  disposition: z.string().nullable(),
  csat: z.number().nullable(),
  nps: z.number().nullable(),
  ces: z.number().nullable(),
  transferred: z.boolean(),
  rona: z.number().int(),
});
export type ReportContact = z.infer<typeof ReportContact>;

export const ReportContactsPage = z.object({
  items: z.array(ReportContact),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ReportContactsPage = z.infer<typeof ReportContactsPage>;

/** `GET /api/v1/reports/ivr`: each flow's runs, how they ended, and where callers dropped out. */
export const IvrReportQuery = z.object({
  from: Instant,
  to: Instant,
  tz: z.string().max(64).refine(isTimeZone, { message: 'an IANA time zone such as Asia/Shanghai' }).optional(),
  flow: z.uuid().optional(),
});
export type IvrReportQuery = z.infer<typeof IvrReportQuery>;

export const IvrReport = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  flows: z.array(
    z.object({
      flowId: z.string(),
      name: z.string(),
      runs: z.number().int(),
      /** Runs by outcome: queued, voicemail, transferred_out, hung_up (the caller, in the menus), ended, failed. */
      outcomes: z.record(z.string(), z.number().int()),
      /** Ended in the flow without reaching a queue, voicemail or an outside number ÷ runs. */
      selfServiceRate: z.number().nullable(),
      nodes: z.array(
        z.object({
          node: z.string(),
          type: z.string(),
          /** Runs that passed the node (once each). */
          reached: z.number().int(),
          /** Runs whose caller hung up there (the node was the last one passed). */
          droppedOut: z.number().int(),
          /** droppedOut ÷ reached. */
          dropRate: z.number().nullable(),
        }),
      ),
    }),
  ),
});
export type IvrReport = z.infer<typeof IvrReport>;
