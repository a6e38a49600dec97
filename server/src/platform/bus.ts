import { asc, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Clock } from './clock';
import type { Database, Tx } from './db';
import type { Logger } from './logger';
import { outbox } from './platform.schema';

/**
 * Every event of the system, by name. Modules add theirs by augmenting this interface from their
 * `*.events.ts` (declaration merging is why this one is an interface).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by module augmentation
export interface EventMap {}
export type EventName = keyof EventMap & string;
export type Envelope<N extends EventName = EventName> = { id: number; name: N; at: string; payload: EventMap[N] };
/** An envelope of one of the events `N`, narrowed by its `name`. */
export type EnvelopeOf<N extends EventName> = { [K in N]: Envelope<K> }[N];
type Handler = (e: Envelope) => void | Promise<void>;
type BatchHandler = (events: Envelope[]) => void | Promise<void>;
/** One event to stage: its name and payload. */
export type Staged = { [N in EventName]: { name: N; payload: EventMap[N] } }[EventName];

export type EventBus = {
  /** Writes the event in the caller's transaction; it is delivered only if that transaction commits. */
  stage<N extends EventName>(tx: Tx, name: N, payload: EventMap[N]): Promise<void>;
  /** Several events in one statement, delivered in the order given. */
  stageAll(tx: Tx, events: Staged[]): Promise<void>;
  subscribe<N extends EventName>(name: N | '*', handler: (e: Envelope<N>) => void | Promise<void>): () => void;
  /**
   * One call per delivered batch (up to 200 events) with those of `names` in it, in delivery order,
   * after the batch's single-event handlers and before its '*' handlers; when it throws, once per
   * event (so a bad event loses itself only). For a read model that re-reads its source anyway: a
   * backlog (a restart, the demo history) costs one write per batch instead of one per event.
   */
  subscribeBatch<N extends EventName>(
    names: readonly N[],
    handler: (events: EnvelopeOf<N>[]) => void | Promise<void>,
  ): () => void;
  /**
   * An ephemeral event (a typing indicator): handed at once to this name's subscribers and to the
   * signal listeners (the realtime gateway), never stored, never redelivered, never sent to
   * webhooks. Its envelope id is 0. For what may be lost without harm only.
   */
  signal<N extends EventName>(name: N, payload: EventMap[N]): void;
  /** Listens to every signal (the realtime gateway). */
  subscribeSignals(handler: (e: Envelope) => void): () => void;
  /** Runs `fn` in a transaction, then wakes the dispatcher so staged events go out at once. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  start(): void;
  stop(): Promise<void>;
  /** Delivers everything pending now (tests await this instead of sleeping). */
  drain(): Promise<void>;
};

/**
 * Outbox dispatcher: claims undelivered rows with SKIP LOCKED (several nodes may run it), hands them
 * to in-process subscribers in id order, marks them published. At-least-once: a crash between
 * delivery and commit redelivers, so handlers are idempotent.
 */
export function createEventBus(deps: { db: Database; clock: Clock; log: Logger; pollMs?: number }): EventBus {
  const handlers = new Map<string, Set<Handler>>();
  const signalHandlers = new Set<(e: Envelope) => void>();
  const batchHandlers = new Set<{ names: ReadonlySet<string>; handler: BatchHandler }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  let stopping = false;
  let lastPrune = 0;

  async function run(h: Handler, env: Envelope): Promise<void> {
    try {
      await h(env);
    } catch (err) {
      deps.log.error({ err, event: env.name, id: env.id }, 'event handler failed');
    }
  }

  async function deliverBatch(): Promise<number> {
    return deps.db.transaction(async (tx) => {
      // Claimed and marked in one statement: the mark only sticks if the transaction commits after
      // the handlers ran, so a crash before that still redelivers (rows locked, SKIP LOCKED for peers).
      const claimed = tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.id))
        .limit(200)
        .for('update', { skipLocked: true });
      const rows = await tx
        .update(outbox)
        .set({ publishedAt: deps.clock.now() })
        .where(inArray(outbox.id, claimed))
        .returning();
      rows.sort((a, b) => a.id - b.id);
      const envs = rows.map(
        (r) => ({ id: r.id, name: r.name as EventName, at: r.createdAt.toISOString(), payload: r.payload }) as Envelope,
      );
      // Read models first (single-event handlers, then batch handlers), then the '*' handlers — the
      // realtime push and webhooks — so a screen that refetches on a push reads what the event changed.
      for (const env of envs) {
        for (const h of [...(handlers.get(env.name) ?? [])]) await run(h, env);
      }
      for (const b of [...batchHandlers]) {
        const mine = envs.filter((e) => b.names.has(e.name));
        if (mine.length === 0) continue;
        try {
          await b.handler(mine);
        } catch (err) {
          // One bad event must not cost the batch: each is handed over alone, and only it is lost.
          deps.log.warn({ err, events: mine.length, from: mine[0]!.id }, 'event batch handler failed; event by event');
          for (const e of mine) {
            try {
              await b.handler([e]);
            } catch (err1) {
              deps.log.error({ err: err1, event: e.name, id: e.id }, 'event batch handler failed');
            }
          }
        }
      }
      for (const env of envs) {
        for (const h of [...(handlers.get('*') ?? [])]) await run(h, env);
      }
      return rows.length;
    });
  }

  async function pump(): Promise<void> {
    do {
      again = false;
      try {
        // A stop ends a backlog after the batch in hand: the rest is delivered after the next start.
        while ((await deliverBatch()) === 200 && !stopping) {}
        if (Date.now() - lastPrune > 3_600_000) {
          lastPrune = Date.now();
          await deps.db.delete(outbox).where(lt(outbox.publishedAt, sql`now() - interval '3 days'`));
        }
      } catch (err) {
        if (!stopped) deps.log.warn({ err }, 'outbox delivery failed; will retry');
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

  return {
    async stage(tx, name, payload) {
      await tx.insert(outbox).values({ name, payload, createdAt: deps.clock.now() });
    },
    async stageAll(tx, events) {
      if (events.length === 0) return;
      const createdAt = deps.clock.now();
      // A multi-row VALUES list takes its serial ids in list order: delivery order is kept.
      await tx.insert(outbox).values(events.map((e) => ({ name: e.name, payload: e.payload, createdAt })));
    },
    subscribe(name, handler) {
      const set = handlers.get(name) ?? new Set<Handler>();
      handlers.set(name, set);
      set.add(handler as Handler);
      return () => set.delete(handler as Handler);
    },
    signal(name, payload) {
      const env = { id: 0, name, at: deps.clock.now().toISOString(), payload } as Envelope;
      for (const h of [...(handlers.get(name) ?? [])]) void run(h, env);
      for (const h of [...signalHandlers]) {
        try {
          h(env);
        } catch (err) {
          deps.log.error({ err, event: name }, 'signal handler failed');
        }
      }
    },
    subscribeSignals(handler) {
      signalHandlers.add(handler);
      return () => signalHandlers.delete(handler);
    },
    subscribeBatch(names, handler) {
      const entry = { names: new Set<string>(names), handler: handler as BatchHandler };
      batchHandlers.add(entry);
      return () => batchHandlers.delete(entry);
    },
    async transaction(fn) {
      const result = await deps.db.transaction(fn);
      if (!stopped) void kick();
      return result;
    },
    start() {
      stopped = false;
      stopping = false;
      timer = setInterval(() => void kick(), deps.pollMs ?? 1000);
      timer.unref();
      void kick();
    },
    async stop() {
      stopped = true;
      stopping = true;
      if (timer) clearInterval(timer);
      await running;
    },
    async drain() {
      await running;
      // Everything pending, even after a stop (which ends a backlog early).
      stopping = false;
      await kick();
    },
  };
}
