import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const routingSkills = pgTable(
  'routing_skills',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('routing_skills_key').on(t.key)],
);

/** A queue: key and name as columns, the rest of its configuration (validated by the contract) as one document. */
export const routingQueues = pgTable(
  'routing_queues',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    settings: jsonb('settings').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('routing_queues_key').on(t.key)],
);

export const routingReasonCodes = pgTable(
  'routing_reason_codes',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    system: boolean('system').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('routing_reason_codes_code').on(t.code)],
);

/**
 * An agent as the ACD knows them (the user is the auth module's; no cross-module FK). `presence`
 * is what the agent chose; `state` what supervisors see, refined by the work in hand.
 */
export const routingAgents = pgTable('routing_agents', {
  userId: uuid('user_id').primaryKey(),
  skills: jsonb('skills').$type<Record<string, number>>().notNull(),
  capacity: jsonb('capacity').$type<Record<string, number>>().notNull(),
  presence: text('presence').notNull(),
  reason: text('reason'),
  state: text('state').notNull(),
  stateSince: ts('state_since').notNull(),
  wrapUpUntil: ts('wrap_up_until'),
  idleSince: ts('idle_since').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const routingMemberships = pgTable(
  'routing_memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => routingAgents.userId, { onDelete: 'cascade' }),
    queueId: uuid('queue_id')
      .notNull()
      .references(() => routingQueues.id),
    priority: integer('priority').notNull(),
    delaySeconds: integer('delay_seconds').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.queueId] }), index('routing_memberships_queue').on(t.queueId)],
);

/** Every contact the ACD routed, with the time of each milestone (reports and WFM read these). */
export const routingContacts = pgTable(
  'routing_contacts',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel').notNull(),
    direction: text('direction').notNull(),
    queueId: uuid('queue_id')
      .notNull()
      .references(() => routingQueues.id),
    state: text('state').notNull(),
    priority: integer('priority').notNull(),
    skills: jsonb('skills').$type<Array<{ skill: string; minLevel: number }>>(),
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean>>().notNull(),
    customer: jsonb('customer').$type<Record<string, string>>(),
    subject: text('subject'),
    agentId: uuid('agent_id'),
    targetAgentId: uuid('target_agent_id'),
    preferredAgentId: uuid('preferred_agent_id'),
    parentId: uuid('parent_id'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    queuedAt: ts('queued_at').notNull(),
    offeredAt: ts('offered_at'),
    connectedAt: ts('connected_at'),
    endedAt: ts('ended_at'),
    completedAt: ts('completed_at'),
    wrapUp: jsonb('wrap_up').$type<{ disposition: string; requestType: string; notes: string }>(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('routing_contacts_open').on(t.state).where(sql`state in ('queued','offered','connected','wrap_up')`),
    index('routing_contacts_queue_day').on(t.queueId, t.queuedAt),
    index('routing_contacts_agent_day').on(t.agentId, t.completedAt),
    index('routing_contacts_customer').on(sql`(${t.customer}->>'id')`, t.connectedAt),
  ],
);

/** Each transition of a contact, with the routing decision behind an offer (the routing log). */
export const routingContactEvents = pgTable(
  'routing_contact_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => routingContacts.id),
    at: ts('at').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    queueId: uuid('queue_id'),
    agentId: uuid('agent_id'),
    actorId: uuid('actor_id'),
    note: text('note'),
    decision: jsonb('decision'),
  },
  (t) => [index('routing_contact_events_contact').on(t.contactId, t.id)],
);

/** Each agent state change (adherence, occupancy and "my day" are computed from these). */
export const routingAgentEvents = pgTable(
  'routing_agent_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    at: ts('at').notNull(),
    state: text('state').notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
  },
  (t) => [index('routing_agent_events_user_at').on(t.userId, t.at)],
);

/**
 * Routing's read model of the CRM's customers (fed by crm.customer.* events; routing comes before
 * crm and never reads its tables): what the ACD needs when a contact arrives — is the customer a VIP,
 * who is their preferred agent (专属客户经理), and which numbers are theirs (E.164, as crm stores them).
 */
export const routingCustomerHints = pgTable(
  'routing_customer_hints',
  {
    customerId: uuid('customer_id').primaryKey(),
    phones: text('phones').array().notNull(),
    vip: boolean('vip').notNull(),
    tier: text('tier').notNull(),
    preferredAgentId: uuid('preferred_agent_id'),
    /** The CRM's `updatedAt` of the version held: an older event arriving late is ignored. */
    version: ts('version').notNull(),
  },
  (t) => [index('routing_customer_hints_phones').using('gin', t.phones)],
);
