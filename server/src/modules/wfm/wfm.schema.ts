import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ForecastAdjustment, ForecastQueue, SpecialDay } from '../../../../contracts/wfm';
import type { AgentRules, ShiftTemplateValues } from '../../../../contracts/wfm-schedules';
import type { SimulationInput, SimulationResult } from '../../../../contracts/wfm-simulations';
import type { CoverageGap, PlacedBreak, ScheduleInput } from './domain/schedule-types';

/** A template as stored: everything of its body but the name and the active flag (columns). */
export type ShiftTemplateDefinition = Omit<ShiftTemplateValues, 'name' | 'active'>;

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

/** Shift templates (班次模板): the shapes the solver may choose from (contracts/wfm-schedules.ts). */
export const wfmShiftTemplates = pgTable(
  'wfm_shift_templates',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    definition: jsonb('definition').$type<ShiftTemplateDefinition>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('wfm_shift_templates_name').on(sql`lower(${t.name})`)],
);

/** Each agent's scheduling rules (排班规则); an agent without a row is not scheduled. */
export const wfmAgentRules = pgTable('wfm_agent_rules', {
  userId: uuid('user_id').primaryKey(),
  rules: jsonb('rules').$type<AgentRules>().notNull(),
  updatedBy: uuid('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * A schedule run's result: a draft until published (then its shifts are what agents see and what
 * adherence compares with), or discarded. `input` is the solver's whole input as it was, so a later
 * swap is checked against the rules the roster was made under.
 */
export const wfmSchedules = pgTable(
  'wfm_schedules',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    forecastId: uuid('forecast_id').notNull(),
    startDate: text('start_date').notNull(),
    days: integer('days').notNull(),
    intervalMinutes: integer('interval_minutes').notNull(),
    state: text('state').notNull(),
    input: jsonb('input').$type<ScheduleInput>().notNull(),
    /** Per day: agents required and scheduled per interval, as the solver left them. */
    coverage: jsonb('coverage').$type<{ date: string; required: number[]; scheduled: number[] }[]>().notNull(),
    gap: jsonb('gap').$type<CoverageGap>().notNull(),
    underAgentHours: doublePrecision('under_agent_hours').notNull(),
    overAgentHours: doublePrecision('over_agent_hours').notNull(),
    stages: jsonb('stages').$type<{ name: string; status: string; seconds: number }[]>().notNull(),
    jobId: uuid('job_id'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
  },
  (t) => [index('wfm_schedules_created').on(sql`${t.createdAt} desc`)],
);

/** One agent's shift of a schedule. Times are kept both as the solver's minutes and as instants. */
export const wfmShifts = pgTable(
  'wfm_shifts',
  {
    id: uuid('id').primaryKey(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => wfmSchedules.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').notNull(),
    templateId: uuid('template_id').notNull(),
    date: text('date').notNull(),
    startMinute: integer('start_minute').notNull(),
    lengthMinutes: integer('length_minutes').notNull(),
    paidMinutes: integer('paid_minutes').notNull(),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    breaks: jsonb('breaks').$type<PlacedBreak[]>().notNull(),
    state: text('state').notNull().default('active'),
  },
  (t) => [
    index('wfm_shifts_schedule').on(t.scheduleId),
    index('wfm_shifts_agent').on(t.agentId, t.startAt),
    index('wfm_shifts_date').on(t.date),
  ],
);

/** Leave (请假) and swap (换班) requests on published shifts. */
export const wfmShiftRequests = pgTable(
  'wfm_shift_requests',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    requesterId: uuid('requester_id').notNull(),
    shiftId: uuid('shift_id')
      .notNull()
      .references(() => wfmShifts.id, { onDelete: 'cascade' }),
    peerId: uuid('peer_id'),
    peerShiftId: uuid('peer_shift_id').references(() => wfmShifts.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('wfm_shift_requests_state').on(t.state, t.createdAt),
    index('wfm_shift_requests_requester').on(t.requesterId),
    index('wfm_shift_requests_peer').on(t.peerId),
  ],
);

/**
 * Simulation runs (模拟): the request as run (defaults filled in, the seed drawn) and what came out,
 * per interval and queue with confidence intervals. Rows are never updated.
 */
export const wfmSimulations = pgTable(
  'wfm_simulations',
  {
    id: uuid('id').primaryKey(),
    forecastId: uuid('forecast_id').notNull(),
    /** As it was named when the run was made (forecasts are versions; the list shows this). */
    forecastName: text('forecast_name').notNull(),
    /** The staffing source: schedule, requirement or fixed. */
    source: text('source').notNull(),
    scheduleId: uuid('schedule_id'),
    date: text('date').notNull(),
    intervalMinutes: integer('interval_minutes').notNull(),
    input: jsonb('input').$type<SimulationInput>().notNull(),
    result: jsonb('result').$type<SimulationResult>().notNull(),
    contacts: integer('contacts').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('wfm_simulations_created').on(sql`${t.createdAt} desc`)],
);
