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
import type { Envelope, EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { AddressPolicy } from './domain/address-policy';
import { matchesAny, retryDelayMs, secretHint, signature } from './domain/rules';
import { deliveryNotFound, urlRefused, webhookNotFound } from './webhooks.errors';
import type { DeliveryRow, SubscriptionRow, WebhooksRepo } from './webhooks.repo';
import { newSecret, type SecretBox } from './webhooks.secret';
import type { SendResult, WebhookSender } from './webhooks.sender';

export type WebhooksDeps = {
  db: Database;
  repo: WebhooksRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  sender: WebhookSender;
  policy: AddressPolicy;
  secrets: SecretBox;
  /** Jitter source in [0, 1). */
  random?: () => number;
  pollMs?: number;
};

/** A claimed delivery is left alone this long (the 10 s timeout and then some) before it is due again. */
const LEASE_MS = 60_000;
const BATCH = 10;
/** The delivery log keeps finished deliveries this long. */
export const LOG_RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 3_600_000;

/** Subscriptions are cached for matching events; another node's change is seen within this. */
const CACHE_MS = 5_000;

/** Outgoing webhooks: subscriptions, a delivery row per matching event, and the worker that sends them. */
export function createWebhooksService(deps: WebhooksDeps) {
  const { db, repo, bus, audit, clock, ids, log, sender, policy, secrets } = deps;
  const random = deps.random ?? Math.random;
  let cache: { at: number; rows: SubscriptionRow[] } | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = Number.NEGATIVE_INFINITY;
  // Subscribed from the start, not in start(): the bus may deliver events before the modules start.
  bus.subscribe('*', (e) => onEvent(e));

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

  async function activeSubscriptions(): Promise<SubscriptionRow[]> {
    const now = Date.now();
    if (!cache || now - cache.at > CACHE_MS) cache = { at: now, rows: await repo.activeSubscriptions(db) };
    return cache.rows;
  }

  /** Every event of the bus: a delivery row for each active subscription whose patterns match it. */
  async function onEvent(e: Envelope): Promise<void> {
    const subs = (await activeSubscriptions()).filter((s) => matchesAny(s.events, e.name));
    if (subs.length === 0) return;
    const payload: WebhookPayload = { id: String(e.id), event: e.name, occurredAt: e.at, data: e.payload };
    const now = clock.now();
    await repo.insertDeliveries(
      db,
      subs.map((s) => ({
        id: ids.next(),
        subscriptionId: s.id,
        outboxId: e.id,
        eventId: payload.id,
        event: e.name,
        payload,
        status: 'pending' as const,
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
    if (!stopped) void kick();
  }

  /** One attempt of a claimed delivery (its `attempts` already counts this one). */
  async function attempt(row: DeliveryRow): Promise<DeliveryRow> {
    const sub = await repo.findSubscription(db, row.subscriptionId);
    if (!sub) return row; // deleted meanwhile: its deliveries went with it
    // Turning a webhook off stops its event deliveries; a test or redelivery was asked for by hand.
    if (!sub.active && row.outboxId !== null) {
      return (await repo.recordAttempt(db, row.id, {
        status: 'failed',
        nextAttemptAt: null,
        attempts: row.attempts - 1,
        error: 'the webhook is turned off',
      }))!;
    }
    let secret: string;
    try {
      secret = secrets.open(sub.secret);
    } catch (err) {
      // The key changed (a new recording key) or this node has none: a failed attempt, retried as
      // any other, so that fixing the key or rotating the secret lets the delivery through.
      return record(row, {
        status: null,
        durationMs: 0,
        bodyHead: null,
        error: `${(err as Error).message}: rotate the webhook's secret`,
      });
    }
    const body = JSON.stringify(row.payload);
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const result = await sender.send(
      sub.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Kefu-Webhooks/1',
        'x-kefu-event': row.event,
        'x-kefu-delivery': row.id,
        'x-kefu-timestamp': String(timestamp),
        'x-kefu-signature': signature(secret, timestamp, body),
      },
      body,
    );
    return record(row, result);
  }

  /** The outcome of an attempt: done, due again after its backoff, or failed for good. */
  async function record(row: DeliveryRow, result: SendResult): Promise<DeliveryRow> {
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const delay = ok ? null : retryDelayMs(row.attempts, random());
    const now = clock.now();
    return (await repo.recordAttempt(db, row.id, {
      status: ok ? 'succeeded' : delay === null ? 'failed' : 'pending',
      nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
      lastAttemptAt: now,
      responseStatus: result.status,
      durationMs: result.durationMs,
      responseBody: result.bodyHead,
      error: result.error,
    }))!;
  }

  async function pump(): Promise<void> {
    do {
      again = false;
      try {
        for (;;) {
          const now = clock.now();
          const claimed = await repo.claimDue(db, now, new Date(now.getTime() + LEASE_MS), BATCH);
          if (claimed.length === 0) break;
          await Promise.all(claimed.map((r) => attempt(r)));
        }
        const now = clock.now().getTime();
        if (now - lastPrune >= PRUNE_EVERY_MS) {
          lastPrune = now;
          await repo.pruneFinished(db, new Date(now - LOG_RETENTION_DAYS * 86_400_000));
        }
      } catch (err) {
        if (!stopped) log.warn({ err }, 'webhook deliveries failed; will retry');
      }
    } while (again && !stopped);
  }

  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = pump().finally(() => {
      running = undefined;
    });
    return running;
  }

  /** A delivery made and attempted at once (test event, redeliver): claimed from the start. */
  async function deliverNow(
    subscriptionId: string,
    payload: WebhookPayload,
    redeliveryOf: string | null,
  ): Promise<WebhookDelivery> {
    const now = clock.now();
    const [row] = await repo.insertDeliveries(db, [
      {
        id: ids.next(),
        subscriptionId,
        outboxId: null,
        eventId: payload.id,
        event: payload.event,
        payload,
        status: 'pending',
        attempts: 1,
        nextAttemptAt: new Date(now.getTime() + LEASE_MS),
        redeliveryOf,
        createdAt: now,
      },
    ]);
    return toDelivery(await attempt(row!));
  }

  function invalidate() {
    cache = undefined;
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
          details: { url: r.url, events: r.events, active: r.active },
        });
        return r;
      });
      invalidate();
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
            before: { url: before.url, events: before.events, active: before.active, description: before.description },
            after: fields,
            secretRotated: !!secret,
          },
        });
        return r;
      });
      invalidate();
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
          details: { url: before.url, events: before.events },
        });
      });
      invalidate();
    },

    /** Sends a `webhooks.test` event to this subscription now (even when it is off) and answers the outcome. */
    async sendTest(id: string): Promise<WebhookDelivery> {
      const sub = await getRow(id);
      const eventId = ids.next();
      return deliverNow(
        sub.id,
        {
          id: eventId,
          event: TEST_EVENT,
          occurredAt: clock.now().toISOString(),
          data: { webhookId: sub.id, message: 'A test event from Kefu' },
        },
        null,
      );
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
      return deliverNow(sub.id, original.payload as WebhookPayload, original.id);
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

    /** Attempts every delivery due now and waits for them (tests await this instead of sleeping). */
    async runDue(): Promise<void> {
      await running;
      await kick();
    },

    start() {
      stopped = false;
      timer = setInterval(() => void kick(), deps.pollMs ?? 1000);
      timer.unref();
      void kick();
    },

    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
