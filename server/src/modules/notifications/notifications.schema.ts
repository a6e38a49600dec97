import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * In-app notifications (the header's bell), one row per user and event: a read model fed by ticket
 * (and survey) events, never by reading those modules' tables. `(source_event_id, user_id)` makes a redelivered
 * event a no-op.
 */
export const notificationsInbox = pgTable(
  'notifications_inbox',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    /** The outbox id of the event that made it. */
    sourceEventId: bigint('source_event_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    /** The order it is about; null for a notification about something else (a low survey score). */
    ticketId: uuid('ticket_id'),
    ticketNumber: text('ticket_number'),
    subject: text('subject').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_inbox_source').on(t.sourceEventId, t.userId),
    index('notifications_inbox_user').on(t.userId, t.createdAt),
    index('notifications_inbox_unread').on(t.userId).where(sql`${t.readAt} is null`),
  ],
);
