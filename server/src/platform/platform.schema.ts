import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { JobProgress } from '../../../contracts/jobs';

/** Transactional outbox: events are written with the change that caused them, delivered after commit. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [index('outbox_unpublished_idx').on(t.id).where(sql`published_at is null`)],
);

/**
 * Append-only audit log. Each row carries the hash of the previous one (a hash chain); a trigger
 * (migration 0001) refuses UPDATE and DELETE, and /audit/verify recomputes the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    details: jsonb('details').notNull().$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId, t.id),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_action_idx').on(t.action, t.id),
  ],
);

/**
 * Durable jobs (platform/jobs.ts): long work run in the server process, followed by id. A job still
 * `running` when the process starts was cut off by a restart and is marked failed then.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    /** queued | running | done | failed */
    state: text('state').notNull(),
    progress: jsonb('progress').notNull().$type<JobProgress>(),
    result: jsonb('result'),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('jobs_created_by_idx').on(t.createdBy, t.createdAt), index('jobs_state_idx').on(t.state)],
);
