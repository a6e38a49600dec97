import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Agent phones: one SIP account each. The plain SIP password is never stored, only its digest
 * HA1s (RFC 7616 §3.4.2), H(username:realm:password) for MD5 and SHA-256. They are bound to the
 * realm (KEFU_SIP_REALM): changing the realm invalidates every stored HA1, so each phone's password
 * has to be set again afterwards. `agent_user_id` points at an auth user without a foreign key
 * (modules own their tables); the service checks the user exists.
 */
export const telephonyPhones = pgTable(
  'telephony_phones',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull(),
    agentUserId: uuid('agent_user_id').notNull(),
    ha1Md5: text('ha1_md5').notNull(),
    ha1Sha256: text('ha1_sha256').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('telephony_phones_username_key').on(t.username),
    check('telephony_phones_username_check', sql`${t.username} ~ '^[a-z0-9._-]{1,40}$'`),
  ],
);

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Called numbers (DIDs) and the IVR flow each one runs. `flow_id` points at an `ivr_flows` row
 * (the service checks it exists; modules own their tables, so no foreign key across modules).
 * `overload_action`: what admission control does with a call it refuses (503 or the busy prompt);
 * `spike_*`: the spike message (应急公告) every caller hears first while it is on (issue 12).
 */
export const telephonyNumbers = pgTable(
  'telephony_numbers',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    flowId: uuid('flow_id').notNull(),
    name: text('name'),
    overloadAction: text('overload_action').notNull().default('reject'),
    spikeEnabled: boolean('spike_enabled').notNull().default(false),
    spikePromptKey: text('spike_prompt_key'),
    spikeAfterMessage: text('spike_after_message').notNull().default('continue'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('telephony_numbers_number_key').on(t.number),
    check('telephony_numbers_number_check', sql`${t.number} ~ '^\\+?[0-9*#]{1,32}$'`),
    check('telephony_numbers_overload_action_check', sql`${t.overloadAction} in ('reject', 'busy_prompt')`),
    check('telephony_numbers_spike_after_message_check', sql`${t.spikeAfterMessage} in ('continue', 'hang_up')`),
    check('telephony_numbers_spike_prompt_check', sql`not ${t.spikeEnabled} or ${t.spikePromptKey} is not null`),
  ],
);

/**
 * Trunks to a carrier or SBC. Inbound calls are accepted from `inbound_addresses` (IPs or CIDRs),
 * optionally challenged with digest (`inbound_username` + HA1s). Outbound calls go to
 * `outbound_host:outbound_port`; `outbound_password` is kept because answering the carrier's
 * digest challenge needs it (documented in docs/telephony.md: protect the database).
 */
export const telephonyTrunks = pgTable(
  'telephony_trunks',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    inboundAddresses: jsonb('inbound_addresses').$type<string[]>().notNull(),
    inboundUsername: text('inbound_username'),
    inboundHa1Md5: text('inbound_ha1_md5'),
    inboundHa1Sha256: text('inbound_ha1_sha256'),
    outboundHost: text('outbound_host'),
    outboundPort: integer('outbound_port'),
    outboundTransport: text('outbound_transport').notNull().default('udp'),
    outboundUsername: text('outbound_username'),
    outboundPassword: text('outbound_password'),
    callerId: text('caller_id'),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('telephony_trunks_name_key').on(t.name)],
);

/**
 * One record per call (issue "Voice", call records). Durations are milliseconds; `ivr_path` is the
 * list of IVR steps with their inputs; `end_reason` is one of caller_hangup, agent_hangup,
 * abandoned_ivr, abandoned_queue, no_answer, failed, callback, voicemail, transferred_out,
 * system_restart (contracts/telephony.ts). Open calls have `ended_at` null; at start-up every open
 * call is closed with `system_restart`.
 */
export const telephonyCalls = pgTable(
  'telephony_calls',
  {
    id: uuid('id').primaryKey(),
    direction: text('direction').notNull(),
    caller: text('caller').notNull(),
    called: text('called').notNull(),
    sipCallId: text('sip_call_id').notNull(),
    trunkId: uuid('trunk_id'),
    flowId: uuid('flow_id'),
    flowVersion: integer('flow_version'),
    ivrPath: jsonb('ivr_path').notNull().default([]),
    queueId: uuid('queue_id'),
    contactId: uuid('contact_id'),
    agentUserIds: jsonb('agent_user_ids').$type<string[]>().notNull().default([]),
    startedAt: ts('started_at').notNull(),
    queuedAt: ts('queued_at'),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
    sipCode: integer('sip_code'),
    queueMs: integer('queue_ms'),
    ringMs: integer('ring_ms'),
    talkMs: integer('talk_ms'),
    holdMs: integer('hold_ms').notNull().default(0),
    transfers: integer('transfers').notNull().default(0),
    recordingId: uuid('recording_id'),
    attributes: jsonb('attributes').notNull().default({}),
  },
  (t) => [
    index('telephony_calls_started').on(t.startedAt),
    index('telephony_calls_open').on(t.endedAt),
    index('telephony_calls_contact').on(t.contactId),
  ],
);

/** Every leg of a call: the caller, each agent phone rung, outside numbers, monitors. */
export const telephonyCallLegs = pgTable(
  'telephony_call_legs',
  {
    id: uuid('id').primaryKey(),
    callId: uuid('call_id')
      .notNull()
      .references(() => telephonyCalls.id),
    kind: text('kind').notNull(),
    agentUserId: uuid('agent_user_id'),
    remote: text('remote').notNull(),
    startedAt: ts('started_at').notNull(),
    ringingAt: ts('ringing_at'),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
    sipCode: integer('sip_code'),
  },
  (t) => [index('telephony_call_legs_call').on(t.callId)],
);

/**
 * Recordings: encrypted files under the data directory (AES-256-GCM; the file carries its IV and
 * tag), deleted by the retention job once `expires_at` has passed (`deleted_at` set, row kept for
 * the audit trail).
 */
export const telephonyRecordings = pgTable(
  'telephony_recordings',
  {
    id: uuid('id').primaryKey(),
    callId: uuid('call_id').notNull(),
    file: text('file').notNull(),
    keyId: text('key_id').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('telephony_recordings_expires').on(t.expiresAt), index('telephony_recordings_call').on(t.callId)],
);

/** Prompts uploaded by admins (converted to 8 kHz mono PCM WAV); they override the shipped ones by key and language. */
export const telephonyPrompts = pgTable(
  'telephony_prompts',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    language: text('language').notNull(),
    file: text('file').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('telephony_prompts_key_language').on(t.key, t.language),
    check('telephony_prompts_key_check', sql`${t.key} ~ '^[a-z0-9_-]{1,60}$'`),
  ],
);
