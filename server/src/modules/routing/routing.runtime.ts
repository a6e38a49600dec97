import type { ContactState } from '../../../../contracts/routing';
import type { AuditLog } from '../../platform/audit';
import type { EventBus, Staged } from '../../platform/bus';
import { startOfDay } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { ContactRow, RoutingRepo } from './routing.repo';
import { type AgentCfg, agentStatus, createAcdState, type QueueRec, type WrapUpDue } from './runtime/acd-state';
import { createGroupCommit, type ReplayHooks } from './runtime/group-commit';
import { dayQuery, loadAcd } from './runtime/load';
import { copyForChild, createMoves } from './runtime/moves';

export type { AgentCfg, Batch, QueueRec, QueueSettings, WrapUpDue } from './runtime/acd-state';
export type { ReplayHooks } from './runtime/group-commit';

/** The users the ACD needs to know about (the auth module owns them). */
export type UserDirectory = {
  profiles(
    db: DbOrTx,
    ids?: string[],
  ): Promise<Array<{ id: string; username: string; displayName: string; teamId: string | null; disabled: boolean }>>;
};

export type RuntimeDeps = {
  db: Database;
  repo: RoutingRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  ids: IdGenerator;
  /** The center's time zone: "today" for figures starts at its midnight. */
  timezone: string;
  /**
   * Only for a replay of past traffic on a moving clock (the demo history, routing.demo-history.ts):
   * no real timer is armed — the replay runs `wake()` itself at `nextWakeAt()` — commands resolve
   * once decided (`replaySettled()` waits for their writes) and report their events as decided.
   */
  replay?: ReplayHooks;
};

/** A contact as the runtime holds it: read it, hand it to a move; never change it directly. */
export type OpenContact = Readonly<ContactRow>;

/**
 * The ACD at run time: the pure engine plus what it needs around it — the configuration in memory,
 * the open contacts, timers for offers (RONA), wrap-up and maximum wait, and the database, which
 * records every transition. Commands run one at a time (the engine decides in memory, then the
 * decision commits: `runtime/group-commit.ts`); a failed write reloads everything from the
 * database, so memory never runs ahead of what is stored.
 *
 * Its memory stays inside: callers read it through the queries below (copies or read-only views)
 * and change it through the moves, inside a `command`.
 */
export function createRoutingRuntime(deps: RuntimeDeps) {
  const { db, repo, clock, log } = deps;
  const s = createAcdState();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  /** Replay: when the next time rule is due (no timer runs). */
  let nextWake: number | undefined;

  const dayStart = (at: Date): Date => startOfDay(deps.timezone, at);
  const decidedListeners = new Set<(events: readonly Staged[]) => void>();
  const moves = createMoves({ state: s, repo, ids: deps.ids, log });
  const commit = createGroupCommit({
    state: s,
    repo,
    bus: deps.bus,
    audit: deps.audit,
    clock,
    log,
    reload,
    schedule,
    decided: (events) => publishDecided(events),
    ...(deps.replay ? { replay: deps.replay } : {}),
  });
  const { command, serial } = commit;

  function publishDecided(events: readonly Staged[]): void {
    if (decidedListeners.size === 0 || events.length === 0) return;
    // After the command's own stack: a listener may hand in the next command at once.
    queueMicrotask(() => {
      for (const listener of decidedListeners) {
        try {
          listener(events);
        } catch (err) {
          log.error({ err }, 'routing: a listener of decided events failed');
        }
      }
    });
  }

  function reload(): Promise<void> {
    return loadAcd({ state: s, db, repo, moves, commit, dayStart });
  }

  /** One timer for every time rule: the earliest of wrap-up ends, offer timeouts, maximum waits, engine thresholds. */
  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    const now = clock.now().getTime();
    let next = s.engine.nextWakeAt(now) ?? Number.POSITIVE_INFINITY;
    for (const w of s.wrapping.values()) next = Math.min(next, w.until);
    for (const t of s.offerDeadline.values()) next = Math.min(next, t);
    for (const [id, t] of s.waitDeadline) if (s.open.get(id)?.state === 'queued') next = Math.min(next, t);
    if (deps.replay) {
      nextWake = Number.isFinite(next) ? next : undefined;
      return;
    }
    if (!Number.isFinite(next)) return;
    timer = setTimeout(
      () => void wake().catch((err) => log.error({ err }, 'routing: timer failed')),
      Math.max(0, Math.min(next - now, 2 ** 31 - 1)),
    );
    timer.unref();
  }

  /** Runs every time rule due by the clock's now (the timer calls it; tests with a fixed clock too). */
  function wake(): Promise<void> {
    return command(null, (b) => {
      const now = b.now.getTime();
      // Wrap-ups whose time ran out complete without a form.
      const freedAgents = new Set<string>();
      for (const [id, w] of [...s.wrapping]) {
        if (w.until > now) continue;
        s.wrapping.delete(id);
        if (w.row.state === 'wrap_up')
          moves.transition(b, w.row, 'completed', { completedAt: b.now }, { note: 'wrap-up time ended' });
        else moves.finishTransferred(b, w.row, null);
        freedAgents.add(w.agentId);
      }
      for (const agentId of freedAgents) {
        if (![...s.wrapping.values()].some((w) => w.agentId === agentId)) {
          moves.applyOffers(
            b,
            moves.drive(b, (e, t) => e.finishWrapUp(agentId, t)),
          );
          b.agents.add(agentId);
        }
      }
      for (const [id, deadline] of [...s.offerDeadline]) {
        if (deadline > now) continue;
        s.offerDeadline.delete(id);
        const row = s.open.get(id);
        if (row?.state === 'offered') moves.offerExpired(b, row);
      }
      for (const [id, deadline] of [...s.waitDeadline]) {
        const row = s.open.get(id);
        if (deadline > now || row?.state !== 'queued') continue;
        moves.overflow(b, row, `waited ${s.queues.get(row.queueId)!.settings.maxWaitSeconds}s`, 0);
      }
      moves.applyOffers(
        b,
        moves.drive(b, (e, t) => e.tick(t)),
      );
      // Wrap-ups the engine ended (several chats) show as state changes of their agents.
      for (const a of s.recorded.values()) if (a.state === 'wrap_up') b.agents.add(a.userId);
    });
  }

  /**
   * Estimated wait for the contact at `position`: the contacts ahead (and itself) times today's
   * average handle time, shared among the queue's logged-in members. Before any contact was
   * handled today, 180 s stands in for the handle time.
   */
  function estimatedWait(q: QueueRec, position: number): number {
    const a = s.aht.get(q.id);
    const handle = a && a.handled > 0 ? a.seconds / a.handled : 180;
    let serving = 0;
    const now = clock.now().getTime();
    for (const [id, cfg] of s.agentCfg) {
      if (!cfg.memberships.some((m) => m.queueId === q.id)) continue;
      const e = s.engine.agent(id, now);
      if (e && e.presence !== 'logged_out') serving++;
    }
    return Math.round((position * handle) / Math.max(1, serving));
  }

  function queueByRef(ref: string): Readonly<QueueRec> | undefined {
    return s.queues.get(ref) ?? s.queues.get(s.queueKeys.get(ref) ?? '');
  }

  return {
    command,
    serial,
    /** The moves a command makes (only inside `command`, on its batch). */
    moves: { ...moves, copyForChild },

    // ---- queries: copies and read-only views of memory -----------------------------------------
    queue: (id: string): Readonly<QueueRec> | undefined => s.queues.get(id),
    queueByRef,
    /** Every queue, by key. */
    queueList: (): Array<Readonly<QueueRec>> => [...s.queues.values()].sort((x, y) => x.key.localeCompare(y.key)),
    hasQueueKey: (key: string): boolean => s.queueKeys.has(key),
    hasSkill: (key: string): boolean => s.skillKeys.has(key),
    /** A skill created: known to checks at once (its row commits with the command). */
    addSkill: (key: string): void => void s.skillKeys.add(key),
    agentConfig: (userId: string): Readonly<AgentCfg> | undefined => s.agentCfg.get(userId),
    /** Agents with a routing record (skills, queues, or a desktop used once). */
    agentIds: (): string[] => [...s.agentCfg.keys()],
    /** The members of a queue. */
    membersOf: (queueId: string): string[] =>
      [...s.agentCfg].filter(([, cfg]) => cfg.memberships.some((m) => m.queueId === queueId)).map(([id]) => id),
    presenceOf: (userId: string): string | undefined => s.recorded.get(userId)?.presence,
    /** The engine's view of an agent now (a copy), or null. */
    agentNow: (userId: string, now: number) => s.engine.agent(userId, now),
    status: (userId: string, now: number) => agentStatus(s, userId, now),
    /** Waiting contacts of a queue in service order (a copy). */
    waiting: (queueId: string) => s.engine.waiting(queueId),
    /** A contact in queued, offered, connected or wrap-up, or one whose notes are still due. */
    openContact: (id: string): OpenContact | undefined => s.open.get(id) ?? s.wrapping.get(id)?.row,
    /** Only contacts in queued, offered, connected or wrap-up. */
    liveContact: (id: string): OpenContact | undefined => s.open.get(id),
    wrapUpDue: (id: string): Readonly<WrapUpDue> | undefined => s.wrapping.get(id),
    /** The agent's contacts in offered, connected or wrap-up, and those whose notes are due. */
    contactsOf(agentId: string): OpenContact[] {
      const rows = new Map<string, ContactRow>();
      for (const row of s.open.values()) {
        if (row.agentId !== agentId) continue;
        if (row.state === 'offered' || row.state === 'connected' || row.state === 'wrap_up') rows.set(row.id, row);
      }
      for (const w of s.wrapping.values()) if (w.agentId === agentId) rows.set(w.row.id, w.row);
      return [...rows.values()];
    },
    /** Where the contact waits (1 first), with its estimated wait; nulls unless it is queued. */
    placeOf(row: { id: string; queueId: string; state: string }) {
      const q = s.queues.get(row.queueId);
      const waiting = row.state === ('queued' satisfies ContactState) ? s.engine.waiting(row.queueId) : [];
      const idx = waiting.findIndex((c) => c.id === row.id);
      const position = idx >= 0 ? idx + 1 : null;
      return {
        queueKey: q?.key ?? '',
        position,
        estimatedWaitSeconds: position !== null && q ? estimatedWait(q, position) : null,
      };
    },
    /**
     * The contact as stored once every write handed in so far is committed (usable inside a
     * command): tells a closed contact from an unknown id.
     */
    async storedContact(id: string): Promise<ContactRow | undefined> {
      await commit.settled();
      return repo.findContact(db, id);
    },
    estimatedWait,
    dayStart,
    dayQuery,

    async start(): Promise<void> {
      stopped = false;
      await serial(reload);
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await serial(async () => undefined);
    },
    wake,
    /** Commands waiting or running (admission control reads the ACD's backlog). */
    backlog: (): number => commit.backlog(),
    /**
     * Every command's events as soon as it is decided, in decision order, before they are written
     * (the outbox delivers the same events after the commit). For in-process reactions that cannot
     * wait for the outbox: voice ringing the agent's phone. A write that fails reloads the ACD — a
     * listener may have seen an event that was then undone, and must tolerate the next command failing.
     */
    onDecided(listener: (events: readonly Staged[]) => void): () => void {
      decidedListeners.add(listener);
      return () => decidedListeners.delete(listener);
    },
    /** Replay only: when `wake()` is next due (ms since the epoch), undefined when nothing waits for time. */
    nextWakeAt: (): number | undefined => nextWake,
    /** Replay only: every command so far written; rejects with the first write that failed. */
    replaySettled: (): Promise<void> => commit.replaySettled(),
  };
}
export type RoutingRuntime = ReturnType<typeof createRoutingRuntime>;
