import { z } from 'zod';

/**
 * Durable jobs (issue 14): long work (a contact import, later exports) that runs in the server
 * process, not in the request that started it. `GET /api/v1/jobs/:id` follows one to its end.
 */
/**
 * `wfm.schedule`: a schedule run (排班求解, contracts/wfm-schedules.ts); `wfm.simulation`: a simulation
 * run (模拟, contracts/wfm-simulations.ts).
 */
export const JOB_KINDS = ['contacts.import', 'wfm.schedule', 'wfm.simulation'] as const;
export const JobKind = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKind>;

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({
  /** 0–100. */
  percent: z.number().min(0).max(100),
  rowsDone: z.number().int(),
  /** Known once the whole file has been read. */
  rowsTotal: z.number().int().optional(),
  /** Problems found so far (rows rejected). */
  errors: z.number().int(),
  /** What it is doing now, for the progress text (an import: validating, then writing). */
  phase: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const Job = z.object({
  id: z.uuid(),
  kind: JobKind,
  state: JobState,
  progress: JobProgress,
  /** What the job produced (an import's report), once done. */
  result: z.unknown().nullable(),
  /** Why it failed. */
  error: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

export const JobListQuery = z.object({ kind: JobKind.optional() });
export const JobList = z.object({ items: z.array(Job) });
export const JobStarted = z.object({ jobId: z.uuid() });
export type JobStarted = z.infer<typeof JobStarted>;

/** The contact import (`POST /api/v1/contacts/import`, `kefu contacts import`; docs/reports.md). */
export const CONTACT_IMPORT_COLUMNS = [
  'externalId',
  'channel',
  'queue',
  'customerId',
  'customerPhone',
  'enteredQueueAt',
  'answeredAt',
  'endedAt',
  'agent',
  'talkSeconds',
  'holdSeconds',
  'wrapUpSeconds',
  'requestType',
  'disposition',
  'csat',
  'nps',
  'ces',
] as const;
export type ContactImportColumn = (typeof CONTACT_IMPORT_COLUMNS)[number];

export const ContactImportQuery = z.object({ partial: z.enum(['true', 'false']).optional() });
export const ContactImportIssue = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export type ContactImportIssue = z.infer<typeof ContactImportIssue>;

/** The result of a contact-import job. */
export const ContactImportReport = z.object({
  partial: z.boolean(),
  rows: z.number().int(),
  /** Rows written (new or changed or unchanged); 0 when rows were rejected and partial was off. */
  applied: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** Every problem counted; only the first 1,000 are listed. */
  issueCount: z.number().int(),
  issues: z.array(ContactImportIssue),
  createdQueues: z.array(z.string()),
  createdAgents: z.array(z.string()),
  seconds: z.number(),
  /** Where the seconds went: reading and checking (rows staged meanwhile), queues/agents/next contacts, writing, the quarter-hour sums, the commit. */
  phaseSeconds: z
    .object({ reading: z.number(), preparing: z.number(), writing: z.number(), sums: z.number(), commit: z.number() })
    .optional(),
});
export type ContactImportReport = z.infer<typeof ContactImportReport>;
