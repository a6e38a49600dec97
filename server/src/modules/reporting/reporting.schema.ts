import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The reports' read model (issue 14). Built from other modules' events and records (routing's
 * contacts and agent states, voice's calls, surveys' answers, imported history), never by joining
 * their tables; `kefu reporting rebuild` recomputes it from those records.
 *
 * One row per queue visit (a leg): a contact transferred or overflowed to another queue has a leg per
 * queue; the first leg is the chain's root and also carries the chain's outcome (centre-wide figures
 * count a contact once). Thresholds are applied when a report is asked, so they can be overridden.
 */
export const reportingContacts = pgTable(
  'reporting_contacts',
  {
    id: uuid('id').primaryKey(),
    rootId: uuid('root_id').notNull(),
    parentId: uuid('parent_id'),
    isRoot: boolean('is_root').notNull(),
    /** 'acd' (Kefu's own ACD), 'import' (history brought from another system), 'ivr' (self-service). */
    source: text('source').notNull(),
    externalId: text('external_id'),
    channel: text('channel').notNull(),
    /** Null for a call that ended in the IVR (self-service). */
    queueId: uuid('queue_id'),
    agentId: uuid('agent_id'),
    customerId: text('customer_id'),
    callId: uuid('call_id'),
    ivrFlowId: uuid('ivr_flow_id'),
    requestType: text('request_type'),
    disposition: text('disposition'),
    enteredAt: ts('entered_at').notNull(),
    rootEnteredAt: ts('root_entered_at').notNull(),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    completedAt: ts('completed_at'),
    /** To the answer, or to leaving the queue unanswered. */
    waitMs: integer('wait_ms').notNull(),
    /** answered | abandoned | moved (left unanswered for another queue, voicemail, callback) | self_service */
    outcome: text('outcome').notNull(),
    /** Handling has ended (talk and after-call work): the leg counts as handled. */
    handled: boolean('handled').notNull(),
    talkMs: integer('talk_ms').notNull(),
    holdMs: integer('hold_ms').notNull(),
    wrapMs: integer('wrap_ms').notNull(),
    rona: smallint('rona').notNull(),
    ronaAgentIds: uuid('rona_agent_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Answered here, then passed on to another queue or agent. */
    transferred: boolean('transferred').notNull(),
    /** The chain's outcome, wait (from the root's entry) and request type; on the root row only. */
    chainOutcome: text('chain_outcome'),
    chainWaitMs: integer('chain_wait_ms'),
    chainRequestType: text('chain_request_type'),
    /** The same customer's next contact (any channel) after this chain's entry; on every leg. */
    nextContactAt: ts('next_contact_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('reporting_contacts_external').on(t.externalId),
    index('reporting_contacts_entered').on(t.enteredAt),
    index('reporting_contacts_root_entered').on(t.rootEnteredAt),
    index('reporting_contacts_queue').on(t.queueId, t.enteredAt),
    index('reporting_contacts_agent').on(t.agentId, t.enteredAt),
    index('reporting_contacts_root').on(t.rootId),
    index('reporting_contacts_call').on(t.callId),
    index('reporting_contacts_customer')
      .on(t.customerId, t.rootEnteredAt)
      .where(sql`is_root and customer_id is not null`),
  ],
);

/**
 * The contact sums (reporting.query.ts `queueAggregates`, `centerAggregates`) by 15-minute bucket
 * (UTC), scope, queue and channel, with each queue's own thresholds: long ranges by queue, channel
 * or centre-wide read these instead of every leg. Scope 'queue' buckets legs by their entry,
 * 'center' by their chain's entry (queue null: self-service). Kept exact by the repo: the buckets a
 * change touches are recomputed in the change's transaction, all of a queue's when its thresholds
 * change, everything after a rebuild.
 */
export const reportingContactIntervals = pgTable(
  'reporting_contact_intervals',
  {
    bucket: ts('bucket').notNull(),
    scope: text('scope').notNull(),
    queueId: uuid('queue_id'),
    channel: text('channel').notNull(),
    entered: integer('entered').notNull(),
    waiting: integer('waiting').notNull(),
    short: integer('short').notNull(),
    abandoned: integer('abandoned').notNull(),
    answered: integer('answered').notNull(),
    within: integer('within').notNull(),
    answerWait: bigint('answer_wait', { mode: 'number' }).notNull(),
    selfService: integer('self_service').notNull(),
    handled: integer('handled').notNull(),
    talk: bigint('talk', { mode: 'number' }).notNull(),
    hold: bigint('hold', { mode: 'number' }).notNull(),
    wrap: bigint('wrap', { mode: 'number' }).notNull(),
    rona: integer('rona').notNull(),
    transfers: integer('transfers').notNull(),
    fcrEligible: integer('fcr_eligible').notNull(),
    fcrResolved: integer('fcr_resolved').notNull(),
  },
  (t) => [unique('reporting_contact_intervals_key').on(t.bucket, t.scope, t.queueId, t.channel).nullsNotDistinct()],
);

/** Survey answers (CSAT 1–5, NPS 0–10, CES 1–7), counted in the interval their contact entered the queue. */
export const reportingSurveyAnswers = pgTable(
  'reporting_survey_answers',
  {
    id: text('id').primaryKey(),
    contactId: uuid('contact_id'),
    queueId: uuid('queue_id'),
    agentId: uuid('agent_id'),
    channel: text('channel'),
    requestType: text('request_type'),
    /** The contact's entry into the queue when known, else the answer's time. */
    at: ts('at').notNull(),
    answeredAt: ts('answered_at').notNull(),
    csat: smallint('csat'),
    nps: smallint('nps'),
    ces: smallint('ces'),
  },
  (t) => [index('reporting_survey_answers_at').on(t.at), index('reporting_survey_answers_contact').on(t.contactId)],
);

/**
 * Quality scores: one row per submitted evaluation (the quality module's `quality.evaluation.*`
 * events), its score after an appeal's change; counted, like survey answers, in the interval their
 * contact entered the queue. Kept through a rebuild (they are not derived from contacts) and attached
 * again to the rebuilt contacts.
 */
export const reportingQualityScores = pgTable(
  'reporting_quality_scores',
  {
    evaluationId: uuid('evaluation_id').primaryKey(),
    contactId: uuid('contact_id').notNull(),
    queueId: uuid('queue_id'),
    agentId: uuid('agent_id'),
    channel: text('channel'),
    requestType: text('request_type'),
    /** The contact's entry into the queue when known, else the evaluation's time. */
    at: ts('at').notNull(),
    evaluatedAt: ts('evaluated_at').notNull(),
    score: doublePrecision('score').notNull(),
  },
  (t) => [index('reporting_quality_scores_at').on(t.at), index('reporting_quality_scores_contact').on(t.contactId)],
);

/** Agent states as intervals (open while `ended_at` is null). */
export const reportingAgentStates = pgTable(
  'reporting_agent_states',
  {
    agentId: uuid('agent_id').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    state: text('state').notNull(),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.agentId, t.startedAt] }),
    index('reporting_agent_states_started').on(t.startedAt),
    // The open interval of an agent (closed by the next state; the reports end it now).
    index('reporting_agent_states_open').on(t.agentId).where(sql`ended_at is null`),
  ],
);

/**
 * Agent time of the closed state intervals of all agents by 15-minute bucket (UTC), state and reason
 * (in microseconds, exact): the centre-wide occupancy and utilization of long ranges read this
 * instead of every interval (a year is ~35 million of them). Written in the same statement that
 * closes or inserts an interval; open intervals are always read from `reporting_agent_states`.
 */
export const reportingAgentIntervals = pgTable(
  'reporting_agent_intervals',
  {
    bucket: ts('bucket').notNull(),
    state: text('state').notNull(),
    /** '' for none. */
    reason: text('reason').notNull(),
    us: bigint('us', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.state, t.reason] })],
);

/** Hold per contact as voice reported it (one row per hold ended), kept across rebuilds: its own ledger. */
export const reportingHolds = pgTable(
  'reporting_holds',
  {
    contactId: uuid('contact_id').notNull(),
    resumedAt: ts('resumed_at').notNull(),
    heldMs: integer('held_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.resumedAt] })],
);

/** Voice calls as the reports need them: the IVR flow of a contact, calls that ended in the IVR. */
export const reportingCalls = pgTable('reporting_calls', {
  callId: uuid('call_id').primaryKey(),
  flowId: uuid('flow_id'),
  startedAt: ts('started_at').notNull(),
  /** Ended in the IVR without reaching a queue. */
  selfService: boolean('self_service').notNull(),
});

/** Queues as the reports know them, with their thresholds; imported unknown queues are inactive. */
export const reportingQueues = pgTable('reporting_queues', {
  id: uuid('id').primaryKey(),
  key: text('key').notNull(),
  name: text('name').notNull(),
  serviceLevelSeconds: integer('service_level_seconds').notNull(),
  shortAbandonSeconds: integer('short_abandon_seconds').notNull(),
  fcrWindowHours: integer('fcr_window_hours').notNull(),
  /** A queue of the ACD (true) or one only named by imported history (false). */
  active: boolean('active').notNull(),
});

/** Agents as the reports know them (name, team); imported unknown agents are inactive. */
export const reportingAgents = pgTable('reporting_agents', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  teamId: uuid('team_id'),
  active: boolean('active').notNull(),
});

/**
 * Work orders as the SLA report needs them (issue 14), upserted from tickets' events (their
 * snapshot carries the times and the stored SLA clock), rebuilt from tickets' records. Never joined
 * with tickets' tables. `stopped_at`: when the order last became resolved/closed/cancelled.
 */
export const reportingTickets = pgTable(
  'reporting_tickets',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    type: text('type').notNull(),
    priority: text('priority').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    ownerUserId: uuid('owner_user_id').notNull(),
    assigneeUserId: uuid('assignee_user_id'),
    groupId: uuid('group_id'),
    createdAt: ts('created_at').notNull(),
    respondedAt: ts('responded_at'),
    resolvedAt: ts('resolved_at'),
    stoppedAt: ts('stopped_at'),
    closedAt: ts('closed_at'),
    responseDueAt: ts('response_due_at'),
    resolveDueAt: ts('resolve_due_at'),
    /** tickets' SLA state: running | paused | warning | breached | met | missed. */
    slaState: text('sla_state').notNull(),
    breachedAt: ts('breached_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('reporting_tickets_created').on(t.createdAt), index('reporting_tickets_stopped').on(t.stoppedAt)],
);

/**
 * IVR runs (from `ivr.flow.finished`): where each call's run of a flow went and how it ended — the
 * IVR report's "where callers drop out of menus". Its own ledger, kept across rebuilds.
 */
export const reportingIvrRuns = pgTable(
  'reporting_ivr_runs',
  {
    callId: uuid('call_id').primaryKey(),
    flowId: uuid('flow_id').notNull(),
    startedAt: ts('started_at').notNull(),
    /** queued | voicemail | transferred_out | hung_up | ended | failed */
    outcome: text('outcome').notNull(),
    /** The nodes the call passed, in order (a node passed twice is listed twice). */
    nodes: text('nodes').array().notNull(),
    /** The type of each of those nodes. */
    types: text('types').array().notNull(),
  },
  (t) => [index('reporting_ivr_runs_started').on(t.startedAt)],
);
