import { sql } from 'drizzle-orm';
import { check, date, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const calendars = pgTable(
  'calendars_calendars',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    timeZone: text('time_zone').notNull(),
    /** ISO weekday ('1'…'7') → 'HH:MM-HH:MM' ranges. */
    weekly: jsonb('weekly').$type<Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', string[]>>>().notNull(),
    makeUpHours: jsonb('make_up_hours').$type<string[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('calendars_calendars_name_key').on(sql`lower(${t.name})`)],
);

/** Holidays and make-up working days: one entry per calendar and local date. */
export const calendarDays = pgTable(
  'calendars_days',
  {
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => calendars.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    name: text('name').notNull(),
    hours: jsonb('hours').$type<string[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.calendarId, t.date] }),
    check('calendars_days_kind_check', sql`${t.kind} in ('holiday', 'workday')`),
  ],
);
