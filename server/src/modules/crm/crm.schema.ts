import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Consent, CustomFieldValue, Note, Phone, Product } from '../../../../contracts/crm';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A customer. Lists that are read whole (products, notes, custom fields) are documents; what is
 * searched has an index: phones in their own table, e-mails and tags by GIN, the ID number by its HMAC.
 */
export const crmCustomers = pgTable(
  'crm_customers',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    phones: jsonb('phones').$type<Phone[]>().notNull(),
    emails: text('emails').array().notNull(),
    accountNumbers: text('account_numbers').array().notNull(),
    /** AES-256-GCM: base64 of iv (12) ‖ tag (16) ‖ ciphertext (crm.crypto.ts). */
    idNumberEnc: text('id_number_enc'),
    /** HMAC-SHA256 of the normalised ID number, for the exact search. */
    idNumberHmac: text('id_number_hmac'),
    products: jsonb('products').$type<Product[]>().notNull(),
    tags: text('tags').array().notNull(),
    tier: text('tier').notNull(),
    preferredLanguage: text('preferred_language'),
    preferredChannel: text('preferred_channel'),
    /** 专属客户经理: a user id (auth's; no cross-module FK), offered the customer's contacts first. */
    preferredAgentId: uuid('preferred_agent_id'),
    consent: jsonb('consent').$type<Consent>().notNull(),
    notes: jsonb('notes').$type<Note[]>().notNull(),
    customFields: jsonb('custom_fields').$type<Record<string, CustomFieldValue>>().notNull(),
    mergedInto: uuid('merged_into'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('crm_customers_name').on(t.name),
    index('crm_customers_emails').using('gin', t.emails),
    index('crm_customers_tags').using('gin', t.tags),
    index('crm_customers_accounts').using('gin', t.accountNumbers),
    index('crm_customers_id_hmac').on(t.idNumberHmac),
  ],
);

/** One row per (customer, E.164 number): the screen pop's index. A number may belong to several customers. */
export const crmCustomerPhones = pgTable(
  'crm_customer_phones',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => crmCustomers.id, { onDelete: 'cascade' }),
    e164: text('e164').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.e164] }), index('crm_customer_phones_e164').on(t.e164)],
);

export const crmCustomFields = pgTable(
  'crm_custom_fields',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    type: text('type').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    required: boolean('required').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('crm_custom_fields_key').on(t.key)],
);

export const crmVerifications = pgTable(
  'crm_verifications',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull(),
    contactId: uuid('contact_id'),
    method: text('method').notNull(),
    result: text('result').notNull(),
    byUserId: uuid('by_user_id'),
    at: ts('at').notNull(),
  },
  (t) => [index('crm_verifications_customer').on(t.customerId, t.contactId)],
);

/** Admin settings of the CRM, one row per key (`hiddenUntilVerified`). */
export const crmSettings = pgTable('crm_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

/**
 * The CRM's own read model of what happened with a customer, fed by other modules' events (never by
 * reading their tables). `source` makes a redelivered event a no-op.
 */
export const crmTimeline = pgTable(
  'crm_timeline',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    refs: jsonb('refs').$type<Record<string, string>>().notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    index('crm_timeline_customer_at').on(t.customerId, t.at),
    uniqueIndex('crm_timeline_source').on(t.source, t.customerId),
  ],
);
