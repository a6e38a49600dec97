import type { WebhookPayload } from '../../../../contracts/webhooks';
import type { Envelope, EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { matchesAny, retryDelayMs, signature } from './domain/rules';
import type { DeliveryRow, SubscriptionRow, WebhooksRepo } from './webhooks.repo';
import type { SecretBox } from './webhooks.secret';
import type { SendResult, WebhookSender } from './webhooks.sender';

export type DeliveryWorkerDeps = {
  db: Database;
  repo: WebhooksRepo;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  sender: WebhookSender;
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

/**
 * Makes a delivery row for each event a subscription matches, and sends the due ones: claimed with
 * SKIP LOCKED under a lease, signed, retried with backoff (docs/webhooks.md, "Retries").
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const { db, repo, bus, clock, ids, log, sender, secrets } = deps;
  const random = deps.random ?? Math.random;
  let cache: { at: number; rows: SubscriptionRow[] } | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = Number.NEGATIVE_INFINITY;
  // Subscribed from the start, not in start(): the bus may deliver events before the modules start.
  bus.subscribe('*', (e) => onEvent(e));

  async function activeSubscriptions(): Promise<SubscriptionRow[]> {
    const now = Date.now();
    if (!cache || now - cache.at > CACHE_MS) cache = { at: now, rows: await repo.activeSubscriptions(db) };
    return cache.rows;
  }

  /** Every event of the bus: a delivery row for each active subscription whose patterns match it. */
  async function onEvent(e: Envelope): Promise<void> {
    // One user's in-app notifications are theirs, not an integration's: never sent out.
    if (e.name.startsWith('notifications.inbox.')) return;
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
  /** A delivery made and attempted at once (test event, redeliver): claimed from the start. */
  async function deliverNow(
    subscriptionId: string,
    payload: WebhookPayload,
    redeliveryOf: string | null,
  ): Promise<DeliveryRow> {
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
    return attempt(row!);
  }

  function invalidate() {
    cache = undefined;
  }

  return {
    deliverNow,
    /** Subscriptions changed here: match the next event against the new ones. */
    invalidate,
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
export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
