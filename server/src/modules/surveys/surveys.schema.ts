import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Survey templates: which questions, the page's intro, how long a link lives, on which channels. */
export const surveyTemplates = pgTable(
  'survey_templates',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    questions: jsonb('questions').$type<string[]>().notNull(),
    introZh: text('intro_zh').notNull(),
    introEn: text('intro_en').notNull(),
    expiryHours: integer('expiry_hours').notNull(),
    channels: jsonb('channels').$type<string[]>().notNull(),
    sendAfterContact: boolean('send_after_contact').notNull(),
    followUpOnLowScore: boolean('follow_up_on_low_score').notNull(),
    isDefault: boolean('is_default').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('survey_templates_name_key').on(sql`lower(${t.name})`),
    // At most one default (the service keeps exactly one).
    uniqueIndex('survey_templates_one_default').on(t.isDefault).where(sql`${t.isDefault}`),
  ],
);

/** A queue's own template (queues without a row use the default one). */
export const surveyQueueTemplates = pgTable('survey_queue_templates', {
  queueId: uuid('queue_id').primaryKey(),
  templateId: uuid('template_id')
    .notNull()
    .references(() => surveyTemplates.id),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Survey answers, whatever the channel. The ids link to other modules' objects without foreign keys
 * (each module owns its tables); `(call_id, channel)` keeps one IVR answer per call.
 */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel').notNull(),
    templateId: uuid('template_id'),
    invitationId: uuid('invitation_id'),
    contactId: uuid('contact_id'),
    callId: uuid('call_id'),
    queueId: uuid('queue_id'),
    agentId: uuid('agent_id'),
    ticketId: uuid('ticket_id'),
    customerId: uuid('customer_id'),
    csat: smallint('csat'),
    nps: smallint('nps'),
    ces: smallint('ces'),
    comment: text('comment'),
    low: boolean('low').notNull(),
    /** The order of the follow-up visit a low score opened (set once: a redelivered alert opens none). */
    followUpTicketId: uuid('follow_up_ticket_id'),
    answeredAt: ts('answered_at').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('survey_answers_call_channel').on(t.callId, t.channel).where(sql`${t.callId} is not null`),
    uniqueIndex('survey_answers_invitation').on(t.invitationId).where(sql`${t.invitationId} is not null`),
    index('survey_answers_answered').on(t.answeredAt, t.id),
    index('survey_answers_agent').on(t.agentId, t.answeredAt),
    index('survey_answers_queue').on(t.queueId, t.answeredAt),
  ],
);

/**
 * Link surveys sent by SMS or e-mail: only the token's SHA-256 is kept; `used_at` is set once, by a
 * conditional update, in the answer's transaction.
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => surveyTemplates.id),
    channel: text('channel').notNull(),
    language: text('language').notNull(),
    /** The address, masked (who it went to, without keeping the number or mailbox). */
    toMasked: text('to_masked').notNull(),
    /** `manual` (a person sent it) or `auto` (after a completed contact). */
    source: text('source').notNull(),
    contactId: uuid('contact_id'),
    ticketId: uuid('ticket_id'),
    customerId: uuid('customer_id'),
    agentId: uuid('agent_id'),
    queueId: uuid('queue_id'),
    sent: boolean('sent').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [
    uniqueIndex('survey_invitations_token').on(t.tokenHash),
    // One automatic invitation per contact: a redelivered routing.contact.completed sends none.
    uniqueIndex('survey_invitations_auto_contact').on(t.contactId).where(sql`${t.source} = 'auto'`),
    // One invitation by hand per contact: an agent cannot ask the same customer again and again.
    uniqueIndex('survey_invitations_manual_contact').on(t.contactId).where(sql`${t.source} = 'manual'`),
  ],
);

/**
 * The IVR post-call survey's two halves, joined by call id: the score from `ivr.flow.finished`, the
 * contact, agent and queue from `voice.call.ended`. Events may come in either order; a row goes once
 * both have come (the answer is then written).
 */
export const surveyCallLinks = pgTable('survey_call_links', {
  callId: uuid('call_id').primaryKey(),
  flowSeen: boolean('flow_seen').notNull(),
  csat: smallint('csat'),
  scoredAt: ts('scored_at'),
  endedSeen: boolean('ended_seen').notNull(),
  contactId: uuid('contact_id'),
  agentId: uuid('agent_id'),
  queueId: uuid('queue_id'),
  endedAt: ts('ended_at'),
  createdAt: ts('created_at').notNull(),
});
