import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * IVR flows. `draft` is the document being edited (validated on save); publishing copies it into
 * `ivr_flow_versions` as the next version, which is never changed again. Calls run the flow's
 * newest published version (`published_version`); a call keeps the version it started with.
 */
export const ivrFlows = pgTable(
  'ivr_flows',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    draft: jsonb('draft').notNull(),
    publishedVersion: integer('published_version'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('ivr_flows_key').on(t.key), check('ivr_flows_key_check', sql`${t.key} ~ '^[a-z0-9_-]{1,40}$'`)],
);

/** Published versions: immutable (no UPDATE path in the code). */
export const ivrFlowVersions = pgTable(
  'ivr_flow_versions',
  {
    flowId: uuid('flow_id')
      .notNull()
      .references(() => ivrFlows.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    publishedAt: ts('published_at').notNull(),
    publishedBy: uuid('published_by'),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.version] })],
);
