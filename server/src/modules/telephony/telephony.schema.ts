import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
