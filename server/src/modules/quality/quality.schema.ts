import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  Answers,
  AutoCheckRule,
  ScoreBreakdown,
  ScorecardContent,
  ScorecardContentInput,
} from '../../../../contracts/quality';

const ts = (name: string) => timestamp(name, { withTimezone: true });
/** Scores 0–100 with two decimals; read back as numbers by the repo. */
const score = (name: string) => numeric(name, { precision: 5, scale: 2, mode: 'number' });

// ---------------------------------------------------------------------------------------------------
// The read model: contacts as quality sees them, built from routing, voice, surveys and tickets
// events (never from their tables).

/** One row per contact an agent handled (a transferred call is a contact per agent). */
export const qualityContacts = pgTable(
  'quality_contacts',
  {
    contactId: uuid('contact_id').primaryKey(),
    channel: text('channel').notNull(),
    queueId: uuid('queue_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    customerId: text('customer_id'),
    callId: text('call_id'),
    requestType: text('request_type'),
    queuedAt: ts('queued_at').notNull(),
    connectedAt: ts('connected_at').notNull(),
    endedAt: ts('ended_at'),
    /** Connected to ended (talk, hold included). */
    handleMs: integer('handle_ms'),
    transferred: boolean('transferred').notNull().default(false),
    /** A complaint: the contact's request type, or a complaint work order opened from it. */
    complaint: boolean('complaint').notNull().default(false),
    /** The lowest CSAT answered about it (1–5). */
    csat: integer('csat'),
    recordingId: uuid('recording_id'),
    recordingMs: integer('recording_ms'),
    /** When the automatic checks ran (null: not yet, or nothing to check). */
    autoCheckedAt: ts('auto_checked_at'),
    /** Automatic checks are due (a recording or transcript arrived after the last run). */
    autoCheckDue: boolean('auto_check_due').notNull().default(false),
    /**
     * Counts the times the checks were made due: a run clears `auto_check_due` only if this is still
     * what it read when it claimed the contact, so data that arrived during a run is checked again.
     */
    autoCheckSeq: integer('auto_check_seq').notNull().default(0),
    /** A checker's claim on the contact while it runs (another node skips it until then). */
    autoCheckClaimedUntil: ts('auto_check_claimed_until'),
    /**
     * The rules that ran at the last check (null: checked before this was kept). An item linked to a
     * rule that did not run — a phrase rule without a transcript, an audio rule without a
     * recording — is not pre-filled: no finding there means "not looked at", not "passed".
     */
    autoCheckRules: text('auto_check_rules').array(),
    autoCheckError: text('auto_check_error'),
    silenceMs: integer('silence_ms'),
    overtalkMs: integer('overtalk_ms'),
    agentTalkMs: integer('agent_talk_ms'),
    customerTalkMs: integer('customer_talk_ms'),
    /** Speech-to-text (or the chat's messages) when there is one. */
    transcript: jsonb('transcript').$type<Array<{ speaker: string; text: string; startMs?: number }>>(),
  },
  (t) => [
    index('quality_contacts_connected').on(t.connectedAt),
    index('quality_contacts_agent').on(t.agentId, t.connectedAt),
    index('quality_contacts_customer').on(t.customerId, t.connectedAt),
    index('quality_contacts_due').on(t.contactId).where(sql`${t.autoCheckDue}`),
  ],
);

/** Recordings by call (voice.recording.stored), matched to the contact of the call they belong to. */
export const qualityRecordings = pgTable(
  'quality_recordings',
  {
    recordingId: uuid('recording_id').primaryKey(),
    callId: text('call_id').notNull(),
    durationMs: integer('duration_ms').notNull(),
    storedAt: ts('stored_at').notNull(),
  },
  (t) => [index('quality_recordings_call').on(t.callId, t.storedAt)],
);

/**
 * Holds (voice.call.resumed): the audio checks skip them and the long-hold rule reads them. Kept
 * apart because a hold ends before its contact is handled (and so before its quality_contacts row).
 */
export const qualityHolds = pgTable(
  'quality_holds',
  {
    contactId: uuid('contact_id').notNull(),
    resumedAt: ts('resumed_at').notNull(),
    heldMs: integer('held_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.resumedAt] })],
);

/**
 * CSAT answers by contact (surveys.answer.recorded, the lowest per contact). Kept apart because an
 * answer may be delivered before its contact's row exists (events of different modules come through
 * the outbox in no guaranteed order): the projection folds it in when the row is made.
 */
export const qualityCsat = pgTable('quality_csat', {
  contactId: uuid('contact_id').primaryKey(),
  csat: integer('csat').notNull(),
});

/**
 * Chat, e-mail, SMS and WeChat transcripts by contact (conversations.transcript.ready), kept like
 * CSAT answers: folded into the contact's row whether it is projected before or after they arrive.
 */
export const qualityTranscripts = pgTable('quality_transcripts', {
  contactId: uuid('contact_id').primaryKey(),
  lines: jsonb('lines').$type<Array<{ speaker: string; text: string; startMs?: number }>>().notNull(),
});

/**
 * Complaint work orders (tickets.ticket.created of type complaint) by customer: each marks the
 * customer's contacts of the day before it as complaints, also those projected after it arrived.
 */
export const qualityComplaints = pgTable(
  'quality_complaints',
  {
    ticketId: text('ticket_id').primaryKey(),
    customerId: text('customer_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('quality_complaints_customer').on(t.customerId, t.createdAt)],
);

/** What the automatic checks found, per contact: searchable ("all calls this week with a forbidden phrase"). */
export const qualityFindings = pgTable(
  'quality_findings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contactId: uuid('contact_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    connectedAt: ts('connected_at').notNull(),
    rule: text('rule').notNull(),
    kind: text('kind').notNull(),
    speaker: text('speaker'),
    text: text('text'),
    atMs: integer('at_ms'),
    durationMs: integer('duration_ms'),
  },
  (t) => [
    index('quality_findings_contact').on(t.contactId),
    index('quality_findings_kind_time').on(t.kind, t.connectedAt),
    index('quality_findings_rule_time').on(t.rule, t.connectedAt),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Configuration: scorecards (versioned), automatic check rules (versioned), sampling plans.

export const qualityScorecards = pgTable(
  'quality_scorecards',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** Queues whose contacts it scores (empty: any queue without a scorecard of its own). */
    queueIds: uuid('queue_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The edited content not yet published. */
    draft: jsonb('draft').$type<ScorecardContentInput>(),
    /** The newest published version (0: never published). */
    version: integer('version').notNull().default(0),
    archived: boolean('archived').notNull().default(false),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('quality_scorecards_name_key').on(sql`lower(${t.name})`),
    uniqueIndex('quality_scorecards_one_default').on(t.isDefault).where(sql`${t.isDefault}`),
  ],
);

/** Published versions: never changed; every evaluation keeps the version it used. */
export const qualityScorecardVersions = pgTable(
  'quality_scorecard_versions',
  {
    scorecardId: uuid('scorecard_id')
      .notNull()
      .references(() => qualityScorecards.id),
    version: integer('version').notNull(),
    content: jsonb('content').$type<ScorecardContent>().notNull(),
    publishedAt: ts('published_at').notNull(),
    publishedBy: uuid('published_by'),
  },
  (t) => [primaryKey({ columns: [t.scorecardId, t.version] })],
);

/** The automatic check rules, one row per saved version; the newest is active. */
export const qualityRuleSets = pgTable('quality_rule_sets', {
  version: integer('version').primaryKey(),
  rules: jsonb('rules').$type<AutoCheckRule[]>().notNull(),
  savedAt: ts('saved_at').notNull(),
  savedBy: uuid('saved_by'),
});

export const qualityPlans = pgTable(
  'quality_plans',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull(),
    /** The plan's settings (contracts/quality SamplingPlanBody). */
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('quality_plans_name_key').on(sql`lower(${t.name})`)],
);

/** One draw of a plan for one period: drawing the same period again changes nothing. */
export const qualityDraws = pgTable(
  'quality_draws',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => qualityPlans.id),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    seed: text('seed').notNull(),
    candidates: integer('candidates').notNull(),
    picked: integer('picked').notNull(),
    drawnAt: ts('drawn_at').notNull(),
    drawnBy: uuid('drawn_by'),
  },
  (t) => [uniqueIndex('quality_draws_period').on(t.planId, t.periodStart)],
);

// ---------------------------------------------------------------------------------------------------
// Work: tasks (the evaluators' work lists), evaluations with their history, appeals, calibration,
// coaching, best-practice examples.

export const qualityTasks = pgTable(
  'quality_tasks',
  {
    id: uuid('id').primaryKey(),
    drawId: uuid('draw_id').references(() => qualityDraws.id),
    contactId: uuid('contact_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    evaluatorId: uuid('evaluator_id').notNull(),
    /** Why it was chosen: `random`, `complaint`, `long_call`, `low_csat`, `transfer`, `repeat_caller`, `new_hire`, `manual`. */
    reasons: text('reasons').array().notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull(),
    evaluationId: uuid('evaluation_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('quality_tasks_contact_draw').on(t.drawId, t.contactId),
    // A contact is sampled once, whatever the plan: the draw skips contacts with a task, and this
    // index holds it when two plans covering the same queue draw at the same moment (the later
    // insert skips the contact). Tasks put on a list by hand (no draw) are a QA lead's deliberate
    // second look and stay outside it.
    index('quality_tasks_contact').on(t.contactId),
    uniqueIndex('quality_tasks_sampled_once').on(t.contactId).where(sql`${t.drawId} is not null`),
    index('quality_tasks_evaluator').on(t.evaluatorId, t.status, t.dueAt),
  ],
);

export const qualityEvaluations = pgTable(
  'quality_evaluations',
  {
    id: uuid('id').primaryKey(),
    contactId: uuid('contact_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    /** The agent's team and the contact's queue when evaluated (reports group by them). */
    teamId: uuid('team_id'),
    queueId: uuid('queue_id'),
    evaluatorId: uuid('evaluator_id').notNull(),
    scorecardId: uuid('scorecard_id').notNull(),
    scorecardVersion: integer('scorecard_version').notNull(),
    taskId: uuid('task_id'),
    calibrationId: uuid('calibration_id'),
    /** draft → submitted → acknowledged; appealed → (upheld: acknowledged | changed: revised). */
    status: text('status').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    score: score('score'),
    breakdown: jsonb('breakdown').$type<ScoreBreakdown>(),
    summary: text('summary').notNull().default(''),
    /** Increases with each submitted change (a submission, an appeal's change). */
    revision: integer('revision').notNull().default(0),
    contactAt: ts('contact_at').notNull(),
    submittedAt: ts('submitted_at'),
    acknowledgedAt: ts('acknowledged_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('quality_evaluations_agent').on(t.agentId, t.submittedAt),
    index('quality_evaluations_submitted').on(t.submittedAt),
    index('quality_evaluations_contact').on(t.contactId),
    index('quality_evaluations_calibration').on(t.calibrationId),
    // One evaluation of a contact per evaluator outside calibration sessions, and one per evaluator
    // and contact in each session (two clicks on "start" at once open one draft).
    uniqueIndex('quality_evaluations_one_per_evaluator')
      .on(t.contactId, t.evaluatorId)
      .where(sql`${t.calibrationId} is null`),
    uniqueIndex('quality_evaluations_one_per_calibration')
      .on(t.calibrationId, t.contactId, t.evaluatorId)
      .where(sql`${t.calibrationId} is not null`),
  ],
);

/** Every submitted state of an evaluation (the submission, each appeal's change): both versions stay. */
export const qualityEvaluationHistory = pgTable(
  'quality_evaluation_history',
  {
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => qualityEvaluations.id),
    revision: integer('revision').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    score: score('score').notNull(),
    breakdown: jsonb('breakdown').$type<ScoreBreakdown>().notNull(),
    /** `submitted`, `appeal_changed`. */
    reason: text('reason').notNull(),
    by: uuid('by').notNull(),
    note: text('note'),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.revision] })],
);

/** Timestamped comments on the recording or transcript (at_ms), or on an item. */
export const qualityComments = pgTable(
  'quality_comments',
  {
    id: uuid('id').primaryKey(),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => qualityEvaluations.id),
    atMs: integer('at_ms'),
    item: text('item'),
    text: text('text').notNull(),
    authorId: uuid('author_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('quality_comments_evaluation').on(t.evaluationId)],
);

export const qualityAppeals = pgTable(
  'quality_appeals',
  {
    id: uuid('id').primaryKey(),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => qualityEvaluations.id),
    agentId: uuid('agent_id').notNull(),
    reason: text('reason').notNull(),
    /** The items the agent disputes (empty: the whole evaluation). */
    items: text('items').array().notNull(),
    /** open → upheld | changed. */
    status: text('status').notNull(),
    reviewerId: uuid('reviewer_id'),
    decisionNote: text('decision_note'),
    scoreBefore: score('score_before').notNull(),
    scoreAfter: score('score_after'),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('quality_appeals_status').on(t.status, t.createdAt),
    index('quality_appeals_evaluation').on(t.evaluationId),
    uniqueIndex('quality_appeals_one_open').on(t.evaluationId).where(sql`${t.status} = 'open'`),
  ],
);

/** Calibration sessions (校准会议): evaluators score the same contacts blind, then agree. */
export const qualityCalibrations = pgTable('quality_calibrations', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  scorecardId: uuid('scorecard_id').notNull(),
  scorecardVersion: integer('scorecard_version').notNull(),
  contactIds: uuid('contact_ids').array().notNull(),
  evaluatorIds: uuid('evaluator_ids').array().notNull(),
  facilitatorId: uuid('facilitator_id').notNull(),
  /** open (scoring blind) → closed (agreed answers recorded). */
  status: text('status').notNull(),
  /** The agreed answers by contact id once closed. */
  agreed: jsonb('agreed').$type<Record<string, Answers>>(),
  dueAt: ts('due_at'),
  createdAt: ts('created_at').notNull(),
  closedAt: ts('closed_at'),
});

export const qualityCoaching = pgTable(
  'quality_coaching',
  {
    id: uuid('id').primaryKey(),
    agentId: uuid('agent_id').notNull(),
    coachId: uuid('coach_id').notNull(),
    evaluationId: uuid('evaluation_id'),
    goal: text('goal').notNull(),
    items: text('items').array().notNull(),
    dueAt: ts('due_at').notNull(),
    /** open → done. */
    status: text('status').notNull(),
    notes: text('notes').notNull().default(''),
    createdAt: ts('created_at').notNull(),
    doneAt: ts('done_at'),
  },
  (t) => [index('quality_coaching_agent').on(t.agentId, t.status)],
);

/** Best-practice library (优秀案例): contacts marked as examples, shown to whom `audience` says. */
export const qualityExamples = pgTable('quality_examples', {
  id: uuid('id').primaryKey(),
  contactId: uuid('contact_id').notNull(),
  evaluationId: uuid('evaluation_id'),
  title: text('title').notNull(),
  note: text('note').notNull().default(''),
  tags: text('tags').array().notNull(),
  /** `qa` (QA staff only), `leads` (and team leads), `everyone` (and agents). */
  audience: text('audience').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
});
