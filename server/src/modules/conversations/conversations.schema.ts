import { sql } from 'drizzle-orm';
import {
  bigint,
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

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A channel: one web chat widget, mailbox, SMS number or WeChat official account, feeding one queue.
 * `settings` holds the channel's settings with its secrets (passwords, AppSecret, AES key) sealed by
 * the data key (platform/data-key.ts): they never leave the server in clear.
 */
export const convChannels = pgTable(
  'conv_channels',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    queue: text('queue').notNull(),
    enabled: boolean('enabled').notNull(),
    publicKey: text('public_key').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    /** Who created it: the owner of work orders from left messages unless the settings name one. */
    createdBy: uuid('created_by'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('conv_channels_public_key').on(t.publicKey),
    uniqueIndex('conv_channels_name').on(sql`lower(${t.name})`),
  ],
);

/**
 * A thread with one customer on one channel. `address` is the customer's address there (e-mail,
 * phone number, openid, visitor id); one conversation per (channel, address) is open at a time
 * (a partial unique index), an ended one is reopened by the customer's next message.
 */
export const convConversations = pgTable(
  'conv_conversations',
  {
    id: uuid('id').primaryKey(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => convChannels.id),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    address: text('address').notNull(),
    customerName: text('customer_name'),
    customerPhone: text('customer_phone'),
    customerEmail: text('customer_email'),
    customerId: uuid('customer_id'),
    subject: text('subject'),
    questionType: text('question_type'),
    page: text('page'),
    contactId: uuid('contact_id'),
    agentId: uuid('agent_id'),
    ticketId: uuid('ticket_id'),
    /** The highest message seq so far (messages take seq + 1 under a row lock). */
    lastSeq: integer('last_seq').notNull().default(0),
    /** The agent has read up to this seq; unread = inbound messages above it. */
    agentReadSeq: integer('agent_read_seq').notNull().default(0),
    unread: integer('unread').notNull().default(0),
    /** The customer's client has received / read up to these seqs (receipts). */
    visitorDeliveredSeq: integer('visitor_delivered_seq').notNull().default(0),
    visitorReadSeq: integer('visitor_read_seq').notNull().default(0),
    lastMessageAt: at('last_message_at'),
    lastInboundAt: at('last_inbound_at'),
    lastMessage: text('last_message'),
    csat: integer('csat'),
    csatComment: text('csat_comment'),
    createdAt: at('created_at').notNull(),
    endedAt: at('ended_at'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('conv_conversations_open').on(t.channelId, t.address).where(sql`${t.status} <> 'ended'`),
    index('conv_conversations_agent').on(t.agentId).where(sql`${t.status} <> 'ended'`),
    index('conv_conversations_contact').on(t.contactId),
    index('conv_conversations_address').on(t.channelId, t.address, t.createdAt),
    index('conv_conversations_updated').on(t.updatedAt),
  ],
);

export type MessageAttachmentRef = { id: string; name: string; contentType: string; size: number; image: boolean };

/**
 * Messages, append-only but for the delivery state. `client_id` is the sender's id for the message
 * (the widget's message id, an IMAP mailbox's uidvalidity:uid, an SMS provider's or WeChat's id):
 * unique per conversation, so a resent message is stored once. E-mail keeps its Message-ID in
 * `external_id` (threading finds the conversation by it).
 */
export const convMessages = pgTable(
  'conv_messages',
  {
    id: uuid('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => convConversations.id),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    quoted: text('quoted'),
    subject: text('subject'),
    attachments: jsonb('attachments').$type<MessageAttachmentRef[]>().notNull().default([]),
    authorId: uuid('author_id'),
    authorName: text('author_name'),
    state: text('state').notNull(),
    error: text('error'),
    clientId: text('client_id'),
    externalId: text('external_id'),
    /** Outbound: sending attempts so far and when to try next (the sender's durable queue). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('conv_messages_seq').on(t.conversationId, t.seq),
    uniqueIndex('conv_messages_client').on(t.conversationId, t.clientId),
    index('conv_messages_external').on(t.externalId),
    index('conv_messages_outbox').on(t.nextAttemptAt).where(sql`${t.state} = 'queued'`),
  ],
);

/**
 * Inbound de-duplication across conversations: a channel's message ids (IMAP uidvalidity:uid,
 * a webhook's message id) seen once. Written in the transaction that stores the message, so an id
 * is acknowledged to the sender only after its message is stored.
 */
export const convInboundSeen = pgTable(
  'conv_inbound_seen',
  {
    channelId: uuid('channel_id').notNull(),
    externalKey: text('external_key').notNull(),
    messageId: uuid('message_id'),
    seenAt: at('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.externalKey] })],
);

/** Files of messages, stored under `<dataDir>/conversations/<yyyy>/<mm>/<id>`; bound to a message once sent. */
export const convAttachments = pgTable(
  'conv_attachments',
  {
    id: uuid('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => convConversations.id),
    messageId: uuid('message_id'),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    path: text('path').notNull(),
    /** `visitor` (the customer uploaded it) or a staff user id. */
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('conv_attachments_conversation').on(t.conversationId)],
);

/** 快捷回复: global (administrators), per team, or one agent's own. */
export const convCannedReplies = pgTable(
  'conv_canned_replies',
  {
    id: uuid('id').primaryKey(),
    scope: text('scope').notNull(),
    teamId: uuid('team_id'),
    ownerId: uuid('owner_id'),
    shortcut: text('shortcut').notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('conv_canned_replies_owner').on(t.ownerId), index('conv_canned_replies_team').on(t.teamId)],
);

/** Per mailbox: where the IMAP reader is (a UIDVALIDITY change starts over). */
export const convMailState = pgTable('conv_mail_state', {
  channelId: uuid('channel_id').primaryKey(),
  uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
  lastUid: bigint('last_uid', { mode: 'number' }).notNull(),
  updatedAt: at('updated_at').notNull(),
});

/**
 * Parts of a concatenated SMS the provider delivered one by one: kept until the last arrives (or
 * the wait ends), so a restart between parts loses none. Joined, they become one message.
 */
export const convSmsParts = pgTable(
  'conv_sms_parts',
  {
    channelId: uuid('channel_id').notNull(),
    sender: text('sender').notNull(),
    ref: text('ref').notNull(),
    seq: integer('seq').notNull(),
    total: integer('total').notNull(),
    text: text('text').notNull(),
    providerId: text('provider_id').notNull(),
    receivedAt: at('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.sender, t.ref, t.seq] }),
    index('conv_sms_parts_received').on(t.receivedAt),
  ],
);
