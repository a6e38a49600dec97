import type { ContactState } from '../../../../../contracts/routing';
import type { Actor, AuditLog } from '../../../platform/audit';
import type { EventBus, Staged } from '../../../platform/bus';
import type { Clock } from '../../../platform/clock';
import type { Tx } from '../../../platform/db';
import type { Logger } from '../../../platform/logger';
import { mergeChanges } from '../routing.acd-writes';
import { type AgentStateChanged, type ContactChanged, contactEventName } from '../routing.events';
import type { AgentRow, ContactEventInsert, ContactsAndAgents, RoutingRepo } from '../routing.repo';
import { type AcdState, agentStatus, type Batch } from './acd-state';

type Prepared = {
  /** The contact and agent rows (a group writes its commands' together: `mergeChanges`). */
  changes: ContactsAndAgents;
  /** Everything the batch writes, alone in its own transaction (configuration, audits: `flush`). */
  write: (tx: Tx) => Promise<void>;
  events: Staged[];
  committed: () => void;
};
type Group = { items: Prepared[]; done: Promise<void>; settle: (err?: unknown) => void };

export type GroupCommitDeps = {
  state: AcdState;
  repo: RoutingRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Rebuilds memory from the database after a failed write. */
  reload(): Promise<void>;
  /** Re-arms the one timer after every command. */
  schedule(): void;
  /** Replay (demo history, `RuntimeDeps.replay`): commands resolve once decided; each command's events are handed over at once. */
  replay?: ReplayHooks;
  /**
   * Each command's events the moment it is decided (before its group commits), for in-process
   * listeners that must act at once — voice rings the agent's phone from `routing.contact.offered`.
   */
  decided?(events: readonly Staged[]): void;
};

/**
 * A replay of past traffic through the real ACD (the demo history): the caller waits for decisions,
 * not for each commit (its groups still commit in order), and learns each command's events the moment
 * it is decided — as voice learns them from the outbox in production — so it can answer offers.
 */
export type ReplayHooks = { decided(events: readonly Staged[]): void };

/**
 * Commands one at a time, and their writes. Group commit: a command whose batch only moves
 * contacts and agents (no `writes`, no audits: the ACD's own bookkeeping, which cannot fail on a
 * constraint) does not hold the next command while its transaction commits: its rows are prepared
 * at once and join the next group, and one transaction writes a whole group while the commands
 * behind it already run in memory. Each command still resolves only after its own rows committed,
 * so whoever awaits it sees the same as before; only the chain stops waiting for the database
 * between commands. A group's rows go in one statement as a rule (each contact and agent once, as
 * its last copy, every event row: `mergeChanges`), and its outbox events in one insert. A group
 * that fails rejects its commands and every command decided on top of it, and the state is reloaded.
 */
export function createGroupCommit(deps: GroupCommitDeps) {
  const { state: s, repo, bus, audit, clock, log } = deps;
  let chain: Promise<unknown> = Promise.resolve();
  /** Commands handed in and not finished (the ACD's backlog: admission control reads it). */
  let queued = 0;
  let pending: Group | undefined;
  let writing: Promise<void> | undefined;
  /** Set when a group failed: commands decided before the reload ran on a state that is not stored. */
  let poisoned: unknown;
  /** Replay: every command's commit, and the first that failed. */
  let replayTail: Promise<void> = Promise.resolve();
  let replayError: unknown;

  function newGroup(): Group {
    let settle!: (err?: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    done.catch(() => undefined);
    return { items: [], done, settle };
  }

  /** Writes groups one after the other until none is left. */
  function pump(): void {
    if (writing || !pending) return;
    const g = pending;
    pending = undefined;
    writing = (async () => {
      try {
        await bus.transaction(async (tx) => {
          await repo.writeContactsAndAgents(tx, mergeChanges(g.items.map((item) => item.changes)));
          await bus.stageAll(
            tx,
            g.items.flatMap((item) => item.events),
          );
        });
      } catch (err) {
        // Everything decided after this group is void too: fail it, reload before the next command.
        poisoned = err;
        const later = pending as Group | undefined;
        pending = undefined;
        g.settle(err);
        later?.settle(err);
        chain = chain.then(async () => {
          log.error({ err }, 'routing: a command failed after the engine moved; reloading from the database');
          await settled();
          await deps.reload().catch((e) => log.error({ err: e }, 'routing: reload failed'));
          poisoned = undefined;
          deps.schedule();
        });
        return;
      } finally {
        writing = undefined;
      }
      for (const item of g.items) item.committed();
      g.settle();
      pump();
    })();
  }

  /** Resolves when every group handed in so far is written (or failed). */
  async function settled(): Promise<void> {
    while (writing || pending) {
      const g = pending;
      pump();
      await writing?.catch(() => undefined);
      await g?.done.catch(() => undefined);
    }
  }

  function handIn(p: Prepared): Promise<void> {
    pending ??= newGroup();
    pending.items.push(p);
    const done = pending.done;
    pump();
    return done;
  }

  /** Runs `fn` after every command before it is written: what it reads from the database is current. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = chain.then(async () => {
      await settled();
      return fn();
    });
    chain = p.catch(() => undefined);
    return p;
  }

  function newBatch(actor: Actor | null): Batch {
    return {
      actor,
      now: clock.now(),
      inserted: [],
      transitions: [],
      updated: [],
      agents: new Set(),
      phoneFlagged: new Set(),
      writes: [],
      audits: [],
      mutated: false,
    };
  }

  /**
   * Runs a command: `fn` validates, drives the engine and describes the changes; they commit in one
   * transaction. A command that fails after touching the engine reloads the state from the database.
   */
  function command<T>(actor: Actor | null, fn: (b: Batch) => T | Promise<T>): Promise<T> {
    let committed: Promise<void> | undefined;
    queued++;
    const p = chain.then(async () => {
      const b = newBatch(actor);
      try {
        if (poisoned !== undefined) throw poisoned;
        const result = await fn(b);
        if (poisoned !== undefined) throw poisoned;
        if (b.writes.length > 0 || b.audits.length > 0) {
          // Configuration and forms: written alone, in order, as soon as the groups before are in.
          await settled();
          if (poisoned !== undefined) throw poisoned;
          await flush(b);
        } else {
          const prepared = prepare(b);
          if (prepared) committed = handIn(prepared);
        }
        return result;
      } catch (err) {
        if (b.mutated && poisoned === undefined) {
          log.error({ err }, 'routing: a command failed after the engine moved; reloading from the database');
          await settled();
          await deps.reload().catch((e) => log.error({ err: e }, 'routing: reload failed'));
        }
        throw err;
      } finally {
        queued--;
        deps.schedule();
      }
    });
    chain = p.catch(() => undefined);
    if (deps.replay) {
      // A command refused by its own checks rejects to its caller; only failed writes are kept here.
      const written = p.then(
        () =>
          committed?.catch((err) => {
            replayError ??= err;
          }),
        () => undefined,
      );
      replayTail = Promise.all([replayTail, written]).then(() => undefined);
      return p;
    }
    return p.then(async (result) => {
      await committed;
      return result;
    });
  }

  /** Replay: resolves when every command so far is committed; rejects with the first failed write. */
  async function replaySettled(): Promise<void> {
    await chain;
    await settled();
    await replayTail;
    if (replayError !== undefined) throw replayError;
  }

  /** Agent rows and state events for every agent whose state the batch changed. */
  function agentChanges(b: Batch) {
    const now = b.now.getTime();
    const out: Array<{ row: AgentRow; event: boolean; status: AgentStateChanged }> = [];
    for (const id of b.agents) {
      const e = s.engine.agent(id, now);
      const rec = s.recorded.get(id);
      if (!e || !rec) continue;
      const reason = e.presence === 'not_ready' ? e.reason : null;
      const wrapUpUntil = e.wrapUpUntil ? new Date(e.wrapUpUntil) : null;
      const stateChanged = rec.state !== e.state || (e.state === 'not_ready' && rec.reason !== reason);
      const same =
        !stateChanged &&
        rec.presence === e.presence &&
        rec.reason === reason &&
        (rec.wrapUpUntil?.getTime() ?? null) === (wrapUpUntil?.getTime() ?? null);
      if (same && !b.phoneFlagged.has(id)) continue;
      Object.assign(rec, {
        presence: e.presence,
        reason,
        state: e.state,
        stateSince: stateChanged ? b.now : rec.stateSince,
        wrapUpUntil,
        idleSince: new Date(e.idleSince),
        updatedAt: b.now,
      });
      out.push({ row: { ...rec }, event: stateChanged, status: agentStatus(s, id, now)! });
    }
    return out;
  }

  /** Writes a batch in its own transaction (configuration, audits, the reload). */
  async function flush(b: Batch): Promise<void> {
    const p = prepare(b);
    if (!p) return;
    await bus.transaction(async (tx) => {
      await p.write(tx);
      await bus.stageAll(tx, p.events);
    });
    p.committed();
  }

  /**
   * What a batch writes, decided now: the rows as they are at the end of the command (copies, since
   * later commands move the same rows on), its contact and agent events, and its outbox events.
   */
  function prepare(b: Batch): Prepared | undefined {
    const agents = agentChanges(b);
    const changed = b.inserted.length + b.transitions.length + b.updated.length + agents.length;
    if (changed + b.writes.length + b.audits.length === 0) return;
    const inserted = new Set(b.inserted);
    const events: Staged[] = b.transitions.map((t) => ({
      name: t.eventName ?? contactEventName(t.to),
      payload: {
        contactId: t.row.id,
        queueId: t.queueId,
        channel: t.row.channel,
        priority: t.row.priority,
        from: t.from,
        state: t.to,
        agentId: t.agentId,
        previousAgentId: t.previousAgentId,
        parentId: t.row.parentId,
        at: t.at.toISOString(),
      } satisfies ContactChanged,
    }));
    // A change without a transition (a transferred contact's late notes, or their time running out)
    // is news too: the reports count its wrap-up time and request type from it.
    const moved = new Set(b.transitions.map((t) => t.row));
    for (const r of new Set(b.updated)) {
      if (moved.has(r)) continue;
      events.push({
        name: 'routing.contact.updated',
        payload: {
          contactId: r.id,
          queueId: r.queueId,
          channel: r.channel,
          priority: r.priority,
          from: r.state as ContactState,
          state: r.state as ContactState,
          agentId: r.agentId,
          previousAgentId: null,
          parentId: r.parentId,
          at: b.now.toISOString(),
        } satisfies ContactChanged,
      });
    }
    for (const a of agents) events.push({ name: 'routing.agent.state_changed', payload: a.status });
    const insertContacts = b.inserted.map((r) => ({ ...r }));
    const updateContacts = [
      ...new Set([...b.transitions.map((t) => t.row), ...b.updated].filter((r) => !inserted.has(r))),
    ].map((r) => ({ ...r }));
    const contactEvents = b.transitions.map(
      (t): ContactEventInsert => ({
        contactId: t.row.id,
        at: t.at,
        fromState: t.from,
        toState: t.to,
        queueId: t.queueId,
        agentId: t.agentId,
        actorId: t.actorId,
        note: t.note,
        decision: t.decision,
      }),
    );
    const completed = b.transitions
      .filter((t) => t.to === 'completed' && t.row.connectedAt && t.row.completedAt)
      .map((t) => ({
        queueId: t.row.queueId,
        seconds: (t.row.completedAt!.getTime() - t.row.connectedAt!.getTime()) / 1000,
      }));
    const changes: ContactsAndAgents = {
      insertContacts,
      updateContacts,
      contactEvents,
      updateAgents: agents.map((a) => a.row),
      agentEvents: agents
        .filter((a) => a.event)
        .map((a) => ({
          userId: a.row.userId,
          at: b.now,
          state: a.row.state,
          reason: a.row.reason,
          actorId: b.actor?.userId ?? null,
        })),
    };
    deps.replay?.decided(events);
    deps.decided?.(events);
    return {
      events,
      changes,
      async write(tx) {
        for (const w of b.writes) await w(tx);
        await repo.writeContactsAndAgents(tx, changes);
        for (const r of b.audits) await audit.append(tx, b.actor!, r);
      },
      committed() {
        for (const c of completed) {
          const a = s.aht.get(c.queueId) ?? { seconds: 0, handled: 0 };
          a.seconds += c.seconds;
          a.handled += 1;
          s.aht.set(c.queueId, a);
        }
      },
    };
  }

  return { command, serial, settled, replaySettled, flush, newBatch, backlog: () => queued };
}
export type GroupCommit = ReturnType<typeof createGroupCommit>;
