import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const webhookSubscriptions = pgTable('webhooks_subscriptions', {
  id: uuid('id').primaryKey(),
  url: text('url').notNull(),
  /** Sealed with a key derived from the master key when there is one (docs/webhooks.md, "Secrets"). */
  secret: text('secret').notNull(),
  /** `whsec_…abcd`, kept apart so that listing never needs to open the secret. */
  secretHint: text('secret_hint').notNull(),
  events: text('events').array().notNull(),
  active: boolean('active').notNull(),
  description: text('description').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * One event for one subscription, and the outcome of its latest attempt. Rows, not memory: a
 * pending delivery survives a restart; `next_attempt_at` is also the lease of a claimed one.
 */
export const webhookDeliveries = pgTable(
  'webhooks_deliveries',
  {
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    /** The outbox id of the event (null for test events and redeliveries): the bus may redeliver. */
    outboxId: bigint('outbox_id', { mode: 'number' }),
    eventId: text('event_id').notNull(),
    event: text('event').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    responseStatus: integer('response_status'),
    durationMs: integer('duration_ms'),
    responseBody: text('response_body'),
    error: text('error'),
    redeliveryOf: uuid('redelivery_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('webhooks_deliveries_event_key').on(t.subscriptionId, t.outboxId),
    index('webhooks_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhooks_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt),
  ],
);
