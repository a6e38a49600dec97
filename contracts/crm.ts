import { z } from 'zod';
import { pageOf } from './common';

/** CRM (客户资料): customers, their products, custom fields, verification, timeline, import. */

export const CUSTOMER_KINDS = ['person', 'enterprise'] as const;
export const PRODUCT_KINDS = ['mobile', 'broadband', 'fixed', 'other'] as const;
export const CUSTOMER_TIERS = ['standard', 'silver', 'gold', 'vip'] as const;
export const CHANNELS = ['voice', 'sms', 'email', 'chat', 'wechat'] as const;
export const LANGUAGES = ['zh-CN', 'en-US', 'yue', 'other'] as const;
export const TIMELINE_KINDS = ['call', 'chat', 'email', 'sms', 'ticket', 'survey', 'note'] as const;
export const VERIFICATION_METHODS = ['service_password', 'id_last_digits', 'sms_code'] as const;
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select'] as const;
/** Fields an admin may hide (masked) on the desktop until the caller passed a verification. */
export const VERIFIABLE_FIELDS = ['phones', 'emails', 'idNumber', 'accountNumbers', 'products', 'notes'] as const;
export type VerifiableField = (typeof VERIFIABLE_FIELDS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date();

export const Product = z.object({
  kind: z.enum(PRODUCT_KINDS),
  name: text(100),
  number: text(40).nullable().optional(),
  since: day.nullable().optional(),
});
export type Product = z.infer<typeof Product>;

export const Phone = z.object({
  /** As entered (shown to agents who know the customer's habits: '0138…', '138 1234 5678'). */
  number: z.string(),
  /** E.164, default region CN: what lookups, de-duplication and the timeline match on. */
  e164: z.string(),
});
export type Phone = z.infer<typeof Phone>;

export const Note = z.object({ text: z.string(), at: z.string(), by: z.string().nullable() });
export type Note = z.infer<typeof Note>;

export const Consent = z.object({ marketingCalls: z.boolean(), sms: z.boolean(), email: z.boolean() });
export type Consent = z.infer<typeof Consent>;

export const CustomFieldValue = z.union([z.string().max(500), z.number(), z.null()]);
export type CustomFieldValue = z.infer<typeof CustomFieldValue>;

export const Customer = z.object({
  id: z.uuid(),
  kind: z.enum(CUSTOMER_KINDS),
  name: z.string(),
  phones: z.array(Phone),
  emails: z.array(z.string()),
  accountNumbers: z.array(z.string()),
  /** Masked without `pii.view`, or when hidden until verified; null when none is on file. */
  idNumber: z.string().nullable(),
  products: z.array(Product),
  tags: z.array(z.string()),
  tier: z.enum(CUSTOMER_TIERS),
  preferredLanguage: z.enum(LANGUAGES).nullable(),
  preferredChannel: z.enum(CHANNELS).nullable(),
  /**
   * 专属客户经理: the agent (user id) the ACD offers this customer's contacts to first in queues with
   * the `preferred_agent` strategy; null: the agent who served the customer last.
   */
  preferredAgentId: z.uuid().nullable(),
  consent: Consent,
  notes: z.array(Note),
  customFields: z.record(z.string(), CustomFieldValue),
  /** Set on a customer merged into another: read that one instead. */
  mergedInto: z.uuid().nullable(),
  /**
   * On a read with `?contactId=`, and on any read by someone who needs a verified caller to see the
   * fields hidden until verified: whether a caller (of that contact, or of one of the reader's open
   * contacts; null when they have none) passed a verification, and what stays masked.
   */
  verification: z
    .object({
      contactId: z.uuid().nullable(),
      verified: z.boolean(),
      hiddenFields: z.array(z.enum(VERIFIABLE_FIELDS)),
    })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;

const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

export const CreateCustomerBody = z.object({
  kind: z.enum(CUSTOMER_KINDS).default('person'),
  name: text(200),
  phones: list(text(40), 20).default([]),
  emails: list(z.email().max(200), 20).default([]),
  accountNumbers: list(text(60), 20).default([]),
  idNumber: text(40).nullable().optional(),
  products: list(Product, 50).default([]),
  tags: list(text(30), 30).default([]),
  tier: z.enum(CUSTOMER_TIERS).default('standard'),
  preferredLanguage: z.enum(LANGUAGES).nullable().optional(),
  preferredChannel: z.enum(CHANNELS).nullable().optional(),
  preferredAgentId: z.uuid().nullable().optional(),
  consent: Consent.partial().optional(),
  /** A first note. */
  note: text(2000).optional(),
  customFields: z.record(z.string().max(40), CustomFieldValue).optional(),
});
export type CreateCustomerBody = z.input<typeof CreateCustomerBody>;

export const UpdateCustomerBody = z
  .object({
    kind: z.enum(CUSTOMER_KINDS),
    name: text(200),
    phones: list(text(40), 20),
    emails: list(z.email().max(200), 20),
    accountNumbers: list(text(60), 20),
    idNumber: text(40).nullable(),
    products: list(Product, 50),
    tags: list(text(30), 30),
    tier: z.enum(CUSTOMER_TIERS),
    preferredLanguage: z.enum(LANGUAGES).nullable(),
    preferredChannel: z.enum(CHANNELS).nullable(),
    preferredAgentId: z.uuid().nullable(),
    consent: Consent.partial(),
    /** Appended to the notes (notes are never rewritten). */
    addNote: text(2000),
    /** Replaces the values of the keys given; a null clears one. */
    customFields: z.record(z.string().max(40), CustomFieldValue),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateCustomerBody = z.infer<typeof UpdateCustomerBody>;

export const CustomerQuery = z.object({
  phone: z.string().max(40).optional(),
  email: z.string().max(200).optional(),
  q: z.string().max(100).optional(),
  tag: z.string().max(30).optional(),
  /** Exact match (through the keyed HMAC: the stored number is never decrypted to search). */
  idNumber: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CustomerQuery = z.infer<typeof CustomerQuery>;
export const CustomerPage = pageOf(Customer);
export type CustomerPage = z.infer<typeof CustomerPage>;

export const CustomerReadQuery = z.object({ contactId: z.uuid().optional() });

export const LookupQuery = z
  .object({
    phone: z.string().max(40).optional(),
    email: z.string().max(200).optional(),
    /**
     * The desktop's screen pop: the customer of this routing contact, matched on its caller's number
     * (or e-mail) as routing holds it — the desktop only sees that number masked.
     */
    contactId: z.uuid().optional(),
  })
  .refine((v) => !!v.phone || !!v.email || !!v.contactId, 'phone, email or contactId');
export const LookupReply = z.object({ matches: z.array(Customer) });

export const MergeBody = z.object({ from: z.array(z.uuid()).min(1).max(20) });

export const VerificationBody = z.object({
  contactId: z.uuid().optional(),
  method: z.enum(VERIFICATION_METHODS),
  result: z.enum(['passed', 'failed']),
});
export const Verification = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  contactId: z.uuid().nullable(),
  method: z.enum(VERIFICATION_METHODS),
  result: z.enum(['passed', 'failed']),
  byUserId: z.uuid().nullable(),
  at: z.string(),
});
export type Verification = z.infer<typeof Verification>;

export const CrmSettings = z.object({ hiddenUntilVerified: z.array(z.enum(VERIFIABLE_FIELDS)) });
export type CrmSettings = z.infer<typeof CrmSettings>;

export const CustomField = z.object({
  id: z.uuid(),
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string()),
  required: z.boolean(),
});
export type CustomField = z.infer<typeof CustomField>;
export const CreateCustomFieldBody = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _; a letter first'),
  labelZh: text(60),
  labelEn: text(60),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: list(text(60), 100).default([]),
  required: z.boolean().default(false),
});
export type CreateCustomFieldBody = z.input<typeof CreateCustomFieldBody>;
export const UpdateCustomFieldBody = z
  .object({ labelZh: text(60), labelEn: text(60), options: list(text(60), 100), required: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateCustomFieldBody = z.infer<typeof UpdateCustomFieldBody>;

export const TimelineEntry = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  kind: z.enum(TIMELINE_KINDS),
  at: z.string(),
  /** Ids of what it is about: `{ callId, contactId }`, later `{ ticketId }`. */
  refs: z.record(z.string(), z.string()),
  summary: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export const TimelineQuery = z.object({
  kind: z.enum(TIMELINE_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const TimelinePage = pageOf(TimelineEntry);

/** The columns of an import file and of an export (docs/crm.md); list cells separate values with `;`. */
export const IMPORT_COLUMNS = [
  'kind',
  'name',
  'phones',
  'emails',
  'accountNumbers',
  'idNumber',
  'tags',
  'tier',
  'preferredLanguage',
  'preferredChannel',
  'consentMarketingCalls',
  'consentSms',
  'consentEmail',
  'note',
] as const;

export const ImportQuery = z.object({ partial: z.enum(['true', 'false']).optional() });
export const ImportIssue = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export const ImportJob = z.object({
  id: z.uuid(),
  state: z.enum(['validating', 'writing', 'done', 'failed']),
  partial: z.boolean(),
  rows: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  /** At most the first 1,000 problems, by row then column. */
  issues: z.array(ImportIssue),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;
