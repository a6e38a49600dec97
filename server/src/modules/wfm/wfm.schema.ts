import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ForecastAdjustment, ForecastQueue, SpecialDay } from '../../../../contracts/wfm';

/** What a forecast computed per queue, before adjustments (stored whole: a version never changes). */
export type StoredForecastQueue = Omit<ForecastQueue, 'days' | 'queueName'>;

/**
 * Forecasts (人力预测) as saved versions: a planner's adjustment makes a new version of the series
 * (same series_id, version + 1) and keeps the old one for comparison. Rows are never updated.
 */
export const wfmForecasts = pgTable(
  'wfm_forecasts',
  {
    id: uuid('id').primaryKey(),
    seriesId: uuid('series_id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    queueIds: uuid('queue_ids').array().notNull(),
    /** First forecast day (local, YYYY-MM-DD). */
    startDate: text('start_date').notNull(),
    days: integer('days').notNull(),
    intervalMinutes: integer('interval_minutes').notNull(),
    method: text('method').notNull(),
    historyWeeks: integer('history_weeks').notNull(),
    holdoutWeeks: integer('holdout_weeks').notNull(),
    calendarId: uuid('calendar_id'),
    specialDays: jsonb('special_days').$type<SpecialDay[]>().notNull(),
    excludeDates: jsonb('exclude_dates').$type<string[]>().notNull(),
    adjustments: jsonb('adjustments').$type<ForecastAdjustment[]>().notNull(),
    note: text('note').notNull().default(''),
    result: jsonb('result').$type<StoredForecastQueue[]>().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('wfm_forecasts_version').on(t.seriesId, t.version),
    index('wfm_forecasts_created').on(sql`${t.createdAt} desc`),
  ],
);
