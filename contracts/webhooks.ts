import { z } from 'zod';
import { PageQuery, pageOf } from './common';

/**
 * An event name pattern: dot-separated lowercase parts, where `*` stands for one part, and a `*` at
 * the end for one part or more (`routing.*` matches `routing.contact.queued`; `*` alone matches all).
 */
export const EventPattern = z
  .string()
  .trim()
  .max(100)
  .regex(/^(\*|[a-z_]+)(\.(\*|[a-z_]+))*$/, 'must be an event name or a pattern such as tickets.ticket.*');

export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }));

export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  description: z.string(),
  /** The secret masked (`whsec_…abcd`): the whole secret is shown only when created or rotated. */
  secretHint: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

/** A subscription with its whole signing secret: the answer to creating one or rotating its secret. */
export const WebhookWithSecret = Webhook.extend({ secret: z.string() });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const CreateWebhookBody = z.object({
  url: WebhookUrl,
  events: z.array(EventPattern).min(1).max(50),
  active: z.boolean().default(true),
  description: z.string().trim().max(500).default(''),
});
export type CreateWebhookBody = z.input<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .object({
    url: WebhookUrl,
    events: z.array(EventPattern).min(1).max(50),
    active: z.boolean(),
    description: z.string().trim().max(500),
    /** A new secret, answered once; the old one stops signing at once. */
    rotateSecret: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

/** The reply to PATCH: the secret is there only when it was rotated. */
export const UpdatedWebhook = Webhook.extend({ secret: z.string().optional() });

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const WebhookDelivery = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  /** The event's id, the same in every delivery of it (receivers deduplicate by it). */
  eventId: z.string(),
  event: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** The receiver's HTTP status of the last attempt; null when it answered nothing (timeout, refused). */
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  /** The first 1 KB of the receiver's answer to the last attempt. */
  responseBody: z.string().nullable(),
  /** Why the last attempt failed without an HTTP answer (timeout, connection refused, address refused). */
  error: z.string().nullable(),
  /** The delivery this one repeats (redeliver), or null. */
  redeliveryOf: z.uuid().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** One delivery with the JSON body it sends. */
export const WebhookDeliveryDetail = WebhookDelivery.extend({ payload: z.unknown() });

export const DeliveryQuery = PageQuery.extend({
  webhookId: z.uuid().optional(),
  status: DeliveryStatus.optional(),
  event: z.string().trim().max(100).optional(),
});
export type DeliveryQuery = z.infer<typeof DeliveryQuery>;

export const DeliveryPage = pageOf(WebhookDelivery);
export type DeliveryPage = z.infer<typeof DeliveryPage>;

/** What every delivery POSTs (JSON): the event's id, name, time and payload. */
export type WebhookPayload = { id: string; event: string; occurredAt: string; data: unknown };

/** The event a "send test event" delivers. */
export const TEST_EVENT = 'webhooks.test';
