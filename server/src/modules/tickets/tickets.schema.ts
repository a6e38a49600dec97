import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A tsvector written as the literal platform/text-search.ts makes (`toSearchVector`); see docs/search.md. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The statuses in which an order is someone's work: the partial work-list indexes cover these. */
const OPEN_SQL = sql.raw(`status in ('new', 'assigned', 'in_progress', 'pending_customer', 'pending_internal')`);

/** Backs the human-readable number GD<yyyymmdd>-<seq>: unique across days, never reused. */
export const ticketNumberSeq = pgSequence('tickets_number_seq', { startWith: 1 });

export const ticketGroups = pgTable(
  'tickets_groups',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    leadUserId: uuid('lead_user_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('tickets_groups_name_key').on(sql`lower(${t.name})`)],
);

export const ticketGroupMembers = pgTable(
  'tickets_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => ticketGroups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('tickets_group_members_user_idx').on(t.userId)],
);

export const ticketCategories = pgTable(
  'tickets_categories',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('tickets_categories_name_key').on(
      t.type,
      sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000')`,
      sql`lower(${t.name})`,
    ),
  ],
);

export const slaPolicies = pgTable('tickets_sla_policies', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type'),
  priority: text('priority'),
  severity: text('severity'),
  customerTier: text('customer_tier'),
  /** A calendars module calendar (no cross-module FK); null runs 24×7. */
  calendarId: uuid('calendar_id'),
  responseMinutes: integer('response_minutes').notNull(),
  resolveMinutes: integer('resolve_minutes').notNull(),
  warningShare: real('warning_share').notNull(),
  reescalateAfterMinutes: integer('reescalate_after_minutes').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const tickets = pgTable(
  'tickets_tickets',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    type: text('type').notNull(),
    categoryId: uuid('category_id'),
    priority: text('priority').notNull(),
    severity: text('severity'),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    channel: text('channel').notNull(),
    customerId: uuid('customer_id'),
    customerPhone: text('customer_phone'),
    customerTier: text('customer_tier'),
    /** Routing contact ids / call ids this order came from. */
    contactIds: text('contact_ids').array().notNull(),
    ownerUserId: uuid('owner_user_id').notNull(),
    ownerTeamId: uuid('owner_team_id'),
    assigneeUserId: uuid('assignee_user_id'),
    assigneeTeamId: uuid('assignee_team_id'),
    assigneeGroupId: uuid('assignee_group_id'),
    status: text('status').notNull(),
    resolution: text('resolution'),
    slaPolicyId: uuid('sla_policy_id'),
    // The computed clock, stored so lists filter and sort by it; recomputed on every change and scan.
    responseDueAt: ts('response_due_at'),
    resolveDueAt: ts('resolve_due_at'),
    slaState: text('sla_state').notNull(),
    breachedAt: ts('breached_at'),
    /** The next escalation instant (null: nothing planned); the scanner picks rows due by it. */
    nextEscalationAt: ts('next_escalation_at'),
    respondedAt: ts('responded_at'),
    /** When the ticket entered its current resolved/closed/cancelled status (null while open). */
    stoppedAt: ts('stopped_at'),
    resolvedAt: ts('resolved_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /**
     * Subject, number, description, customer and every comment, as bigrams and words (the service
     * writes it; derived, rebuildable). Empty for orders made before the column existed until rebuilt.
     */
    search: tsvector('search').notNull().default(sql`''::tsvector`),
  },
  (t) => [
    uniqueIndex('tickets_tickets_number_key').on(t.number),
    index('tickets_tickets_search_idx').using('gin', t.search),
    index('tickets_tickets_created_idx').on(t.createdAt),
    // Work lists read only open orders, already in deadline order (docs/search.md, "Work lists").
    index('tickets_tickets_assignee_open_idx').on(t.assigneeUserId, t.resolveDueAt).where(OPEN_SQL),
    index('tickets_tickets_group_breached_idx')
      .on(t.assigneeGroupId, t.resolveDueAt)
      .where(sql`sla_state = 'breached' and ${OPEN_SQL}`),
    index('tickets_tickets_due_open_idx').on(t.resolveDueAt).where(OPEN_SQL),
    index('tickets_tickets_status_idx').on(t.status, t.resolveDueAt),
    index('tickets_tickets_assignee_idx').on(t.assigneeUserId),
    index('tickets_tickets_owner_idx').on(t.ownerUserId),
    index('tickets_tickets_group_idx').on(t.assigneeGroupId),
    index('tickets_tickets_customer_idx').on(t.customerId),
    index('tickets_tickets_next_escalation_idx').on(t.nextEscalationAt).where(sql`${t.nextEscalationAt} is not null`),
  ],
);

/** Every field change: the history the ticket shows and the status changes the SLA clock reads. */
export const ticketEvents = pgTable(
  'tickets_events',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    kind: text('kind').notNull(),
    field: text('field'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('tickets_events_ticket_idx').on(t.ticketId, t.at)],
);

export const ticketComments = pgTable(
  'tickets_comments',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id'),
    visibility: text('visibility').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('tickets_comments_ticket_idx').on(t.ticketId, t.createdAt)],
);

/** Fired escalation steps: the unique key is what makes a step fire once across restarts and clock jumps. */
export const ticketEscalations = pgTable(
  'tickets_escalations',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    target: text('target').notNull(),
    step: text('step').notNull(),
    dueAt: ts('due_at').notNull(),
    firedAt: ts('fired_at').notNull(),
    notifyUserIds: uuid('notify_user_ids').array().notNull(),
    notifyRole: text('notify_role'),
  },
  (t) => [uniqueIndex('tickets_escalations_step_key').on(t.ticketId, t.target, t.step)],
);

/**
 * Files attached to an order (docs/work-orders.md, "Attachments"): the bytes live under the data dir
 * at `path` (relative, `<yyyy>/<mm>/<id>`); a removed one keeps its row and its file (`deletedAt`).
 */
export const ticketAttachments = pgTable(
  'tickets_attachments',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    /** What the bytes were sniffed as; the client's declared type is never stored. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    path: text('path').notNull(),
    uploadedBy: uuid('uploaded_by'),
    uploadedByName: text('uploaded_by_name'),
    createdAt: ts('created_at').notNull(),
    deletedAt: ts('deleted_at'),
    deletedBy: uuid('deleted_by'),
  },
  (t) => [index('tickets_attachments_ticket_idx').on(t.ticketId, t.createdAt)],
);
/** Settings of the work orders, one row per key (`customerNotices`). */
export const ticketSettings = pgTable('tickets_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});
