import { isIP } from 'node:net';
import type {
  CreateWebhookBody,
  DeliveryPage,
  DeliveryQuery,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookPayload,
  WebhookWithSecret,
} from '../../../../contracts/webhooks';
import { TEST_EVENT } from '../../../../contracts/webhooks';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { AddressPolicy } from './domain/address-policy';
import { secretHint } from './domain/rules';
import { deliveryNotFound, urlRefused, webhookNotFound } from './webhooks.errors';
import type { DeliveryRow, SubscriptionRow, WebhooksRepo } from './webhooks.repo';
import { newSecret, type SecretBox } from './webhooks.secret';
import type { DeliveryWorker } from './webhooks.worker';

export type WebhooksDeps = {
  db: Database;
  repo: WebhooksRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  policy: AddressPolicy;
  secrets: SecretBox;
  worker: DeliveryWorker;
};

/** Outgoing webhooks: subscriptions, the delivery log, test events and redelivery (sending: webhooks.worker.ts). */
/**
 * A webhook URL as the audit log shows it: scheme, host and path only. Many receivers (钉钉
 * access_token, 企业微信 key, Slack paths' tokens in the query) carry their credential in the URL,
 * and audit readers need not hold webhooks.manage.
 */
function auditUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.length > 1 ? '/…' : '/'}`;
  } catch {
    return '(invalid)';
  }
}

export function createWebhooksService(deps: WebhooksDeps) {
  const { db, repo, bus, audit, clock, ids, policy, secrets, worker } = deps;
  const toWebhook = (r: SubscriptionRow): Webhook => ({
    id: r.id,
    url: r.url,
    events: r.events,
    active: r.active,
    description: r.description,
    secretHint: r.secretHint,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  });

  const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
    id: r.id,
    webhookId: r.subscriptionId,
    eventId: r.eventId,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? (r.nextAttemptAt?.toISOString() ?? null) : null,
    lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
    responseStatus: r.responseStatus,
    durationMs: r.durationMs,
    responseBody: r.responseBody,
    error: r.error,
    redeliveryOf: r.redeliveryOf,
    createdAt: r.createdAt.toISOString(),
  });

  /** Refuses at once a target that is plainly local; names are judged when they resolve (sender). */
  function assertTarget(url: string) {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    const local = host === 'localhost' || host.endsWith('.localhost');
    if ((local && !policy.allows('127.0.0.1')) || (isIP(host) && !policy.allows(host))) throw urlRefused(host);
  }

  async function getRow(id: string): Promise<SubscriptionRow> {
    const row = await repo.findSubscription(db, id);
    if (!row) throw webhookNotFound(id);
    return row;
  }

  return {
    async list(): Promise<Webhook[]> {
      return (await repo.listSubscriptions(db)).map(toWebhook);
    },

    async get(id: string): Promise<Webhook> {
      return toWebhook(await getRow(id));
    },

    async create(body: CreateWebhookBody, actor: Actor): Promise<WebhookWithSecret> {
      assertTarget(body.url);
      const secret = newSecret();
      const row = await bus.transaction(async (tx) => {
        const now = clock.now();
        const r = await repo.insertSubscription(tx, {
          id: ids.next(),
          url: body.url,
          secret: secrets.seal(secret),
          secretHint: secretHint(secret),
          events: [...new Set(body.events)],
          active: body.active ?? true,
          description: body.description ?? '',
          createdAt: now,
          updatedAt: now,
        });
        await audit.append(tx, actor, {
          action: 'webhooks.subscription.created',
          entityType: 'webhook',
          entityId: r.id,
          details: { url: auditUrl(r.url), events: r.events, active: r.active },
        });
        return r;
      });
      worker.invalidate();
      return { ...toWebhook(row), secret };
    },

    async update(id: string, body: UpdateWebhookBody, actor: Actor): Promise<Webhook & { secret?: string }> {
      if (body.url) assertTarget(body.url);
      const secret = body.rotateSecret ? newSecret() : undefined;
      const row = await bus.transaction(async (tx) => {
        const before = await repo.findSubscription(tx, id);
        if (!before) throw webhookNotFound(id);
        const { rotateSecret: _, ...fields } = body;
        const r = (await repo.updateSubscription(tx, id, {
          ...fields,
          ...(fields.events ? { events: [...new Set(fields.events)] } : {}),
          ...(secret ? { secret: secrets.seal(secret), secretHint: secretHint(secret) } : {}),
          updatedAt: clock.now(),
        }))!;
        await audit.append(tx, actor, {
          action: 'webhooks.subscription.updated',
          entityType: 'webhook',
          entityId: id,
          details: {
            before: {
              url: auditUrl(before.url),
              events: before.events,
              active: before.active,
              description: before.description,
            },
            after: { ...fields, ...(fields.url !== undefined ? { url: auditUrl(fields.url) } : {}) },
            secretRotated: !!secret,
          },
        });
        return r;
      });
      worker.invalidate();
      return { ...toWebhook(row), ...(secret ? { secret } : {}) };
    },

    async remove(id: string, actor: Actor): Promise<void> {
      await bus.transaction(async (tx) => {
        const before = await repo.findSubscription(tx, id);
        if (!before) throw webhookNotFound(id);
        await repo.deleteSubscription(tx, id);
        await audit.append(tx, actor, {
          action: 'webhooks.subscription.deleted',
          entityType: 'webhook',
          entityId: id,
          details: { url: auditUrl(before.url), events: before.events },
        });
      });
      worker.invalidate();
    },

    /** Sends a `webhooks.test` event to this subscription now (even when it is off) and answers the outcome. */
    async sendTest(id: string): Promise<WebhookDelivery> {
      const sub = await getRow(id);
      const eventId = ids.next();
      const row = await worker.deliverNow(
        sub.id,
        {
          id: eventId,
          event: TEST_EVENT,
          occurredAt: clock.now().toISOString(),
          data: { webhookId: sub.id, message: 'A test event from Kefu' },
        },
        null,
      );
      return toDelivery(row);
    },

    /** Sends a delivery's body again as a new delivery (same event id: receivers deduplicate by it). */
    async redeliver(deliveryId: string, actor: Actor): Promise<WebhookDelivery> {
      const original = await repo.findDelivery(db, deliveryId);
      if (!original) throw deliveryNotFound(deliveryId);
      const sub = await getRow(original.subscriptionId);
      await bus.transaction((tx) =>
        audit.append(tx, actor, {
          action: 'webhooks.delivery.redelivered',
          entityType: 'webhook',
          entityId: sub.id,
          details: { deliveryId, event: original.event, eventId: original.eventId },
        }),
      );
      return toDelivery(await worker.deliverNow(sub.id, original.payload as WebhookPayload, original.id));
    },

    async listDeliveries(q: DeliveryQuery): Promise<DeliveryPage> {
      const { rows, total } = await repo.listDeliveries(db, q);
      return { items: rows.map(toDelivery), total, page: q.page, pageSize: q.pageSize };
    },

    async getDelivery(id: string): Promise<WebhookDelivery & { payload: unknown }> {
      const row = await repo.findDelivery(db, id);
      if (!row) throw deliveryNotFound(id);
      return { ...toDelivery(row), payload: row.payload };
    },

    runDue: () => worker.runDue(),
    start: () => worker.start(),
    stop: () => worker.stop(),
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
