import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tickets } from './tickets.schema';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The complaint flow's steps of one complaint order (one row per step; renegotiation bumps `round`). */
export const complaintSteps = pgTable(
  'tickets_complaint_steps',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: smallint('position').notNull(),
    status: text('status').notNull(),
    round: integer('round').notNull().default(1),
    startedAt: ts('started_at'),
    dueAt: ts('due_at'),
    doneAt: ts('done_at'),
    doneBy: uuid('done_by'),
    note: text('note'),
    outcome: text('outcome'),
    /** When the overdue escalation of the current round fired (null: not yet). */
    overdueAt: ts('overdue_at'),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.key] }),
    index('tickets_complaint_steps_due_idx').on(t.dueAt).where(sql`${t.status} = 'current' and ${t.overdueAt} is null`),
  ],
);

/** 回访: one task per resolution of a complaint or fault order. */
export const followUps = pgTable(
  'tickets_follow_ups',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ownerUserId: uuid('owner_user_id').notNull(),
    status: text('status').notNull(),
    dueAt: ts('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    reached: text('reached'),
    satisfaction: smallint('satisfaction'),
    note: text('note'),
    callId: uuid('call_id'),
    /**
     * When the last click-to-call was claimed (`POST /follow-ups/:id/dial`, committed before voice
     * places the call): a second dial within the cool-down is refused. Cleared when voice refused it.
     */
    dialedAt: ts('dialed_at'),
    doneAt: ts('done_at'),
    doneBy: uuid('done_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('tickets_follow_ups_owner_idx').on(t.ownerUserId, t.status, t.dueAt),
    index('tickets_follow_ups_ticket_idx').on(t.ticketId),
  ],
);

/** 重大故障: the parent incident many customer orders link to. */
export const incidents = pgTable(
  'tickets_incidents',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    grade: smallint('grade').notNull(),
    area: text('area').notNull(),
    serviceKey: text('service_key').notNull(),
    status: text('status').notNull(),
    messageZh: text('message_zh').notNull(),
    messageEn: text('message_en').notNull(),
    ivrPrompt: text('ivr_prompt'),
    expectedRecoveryAt: ts('expected_recovery_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [index('tickets_incidents_service_idx').on(t.serviceKey, t.status)],
);

export const incidentTickets = pgTable(
  'tickets_incident_tickets',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    linkedAt: ts('linked_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.ticketId] }),
    index('tickets_incident_tickets_ticket_idx').on(t.ticketId),
  ],
);
