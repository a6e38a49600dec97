import { boolean, index, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Scheduled reports (issue 14): a saved KPI question mailed as XLSX on a cadence. The runner claims
 * due rows with FOR UPDATE SKIP LOCKED and leases them by moving `next_run_at` ahead while it runs,
 * so several nodes never send the same run twice and a node that dies mid-run is taken over.
 */
export const reportingSchedules = pgTable(
  'reporting_schedules',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    createdBy: uuid('created_by').notNull(),
    recipients: text('recipients').array().notNull(),
    language: text('language').notNull(),
    /** The saved KPI question without its range (contracts/report-schedules.ts SavedKpiQuery). */
    query: jsonb('query').notNull(),
    /** The zone of the cadence and the period: the query's tz, else the center's at creation. */
    tz: text('tz').notNull(),
    /** yesterday | last_week | last_month */
    period: text('period').notNull(),
    /** { kind: 'daily' | 'weekly' | 'monthly', time: 'HH:MM', weekday?, day? } */
    cadence: jsonb('cadence').notNull(),
    enabled: boolean('enabled').notNull(),
    lastRunAt: ts('last_run_at'),
    /** sent | failed | retrying | running */
    lastStatus: text('last_status'),
    lastError: text('last_error'),
    /** Null while disabled. */
    nextRunAt: ts('next_run_at'),
    /** The scheduled instant the pending retries serve (their range is that run's, not the retry's). */
    retrySlotAt: ts('retry_slot_at'),
    /** Failed attempts of that run so far. */
    failures: smallint('failures').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('reporting_schedules_due').on(t.nextRunAt), index('reporting_schedules_owner').on(t.createdBy)],
);
