import {
  type Channel,
  type Contact,
  type ContactState,
  NO_ANSWER_REASON,
  type Queue,
  type WrapUp,
} from '../../../../contracts/routing';
import type { Actor, AuditLog, AuditRecord } from '../../platform/audit';
import type { EventBus, Staged } from '../../platform/bus';
import { startOfDay } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { createRoutingEngine, type RoutingEngine } from './domain/engine';
import type { AgentConfig, ContactInput, Explanation, Offer, Presence, QueueConfig } from './domain/model';
import { notYourContact, wrongContactState } from './routing.errors';
import type { AgentStateChanged, ContactChanged } from './routing.events';
import type { AgentRow, ContactEventInsert, ContactRow, MembershipRow, RoutingRepo } from './routing.repo';

/** The users the ACD needs to know about (the auth module owns them). */
export type UserDirectory = {
  profiles(
    db: DbOrTx,
    ids?: string[],
  ): Promise<Array<{ id: string; username: string; displayName: string; teamId: string | null; disabled: boolean }>>;
};

export type QueueSettings = Omit<Queue, 'id' | 'key' | 'name' | 'createdAt' | 'updatedAt'>;
export type QueueRec = {
  id: string;
  key: string;
  name: string;
  settings: QueueSettings;
  createdAt: Date;
  updatedAt: Date;
};
export type AgentCfg = {
  skills: Record<string, number>;
  capacity: Record<string, number>;
  memberships: MembershipRow[];
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
};

type Transition = {
  row: ContactRow;
  /** The agent concerned at this step (the row moves on within the same command). */
  agentId: string | null;
  queueId: string;
  from: ContactState | null;
  to: ContactState;
  at: Date;
  previousAgentId: string | null;
  actorId: string | null;
  note: string | null;
  decision: Explanation | null;
  eventName?: 'routing.contact.updated';
};

/** What one command changed, written in one transaction after the engine decided. */
export type Batch = {
  actor: Actor | null;
  now: Date;
  inserted: ContactRow[];
  transitions: Transition[];
  agents: Set<string>;
  writes: Array<(tx: Tx) => Promise<void>>;
  audits: AuditRecord[];
  mutated: boolean;
};

const TERMINAL: ReadonlySet<ContactState> = new Set([
  'completed',
  'abandoned',
  'transferred',
  'overflowed',
  'timed_out',
]);

/**
 * The ACD at run time: the pure engine plus what it needs around it — the configuration in memory,
 * the open contacts, timers for offers (RONA), wrap-up and maximum wait, and the database, which
 * records every transition. Commands run one at a time (the engine decides in memory, then the
 * decision commits in one transaction); a failed write reloads everything from the database, so
 * memory never runs ahead of what is stored.
 */
export function createRoutingRuntime(deps: RuntimeDeps) {
  const { db, repo, bus, audit, clock, log, ids } = deps;
  let engine: RoutingEngine = createRoutingEngine();

  // Configuration, as the engine and the API need it.
  const queues = new Map<string, QueueRec>();
  const queueKeys = new Map<string, string>();
  const skillKeys = new Set<string>();
  const agentCfg = new Map<string, AgentCfg>();
  /** The agent state last written, to record only real changes. */
  const recorded = new Map<string, AgentRow>();
  /** Contacts in queued, offered, connected or wrap_up. */
  const open = new Map<string, ContactRow>();
  /** Wrap-ups due, by contact: the agent and when the queue's wrap-up time ends. */
  const wrapping = new Map<string, { agentId: string; until: number; row: ContactRow }>();
  const offerDeadline = new Map<string, number>();
  const waitDeadline = new Map<string, number>();
  /** Today's handle time per queue, for estimated waits. */
  const aht = new Map<string, { seconds: number; handled: number }>();

  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();

  // ---- serialisation and persistence ---------------------------------------------------------

  /**
   * Group commit. A command whose batch only moves contacts and agents (no `writes`, no audits: the
   * ACD's own bookkeeping, which cannot fail on a constraint) does not hold the next command while
   * its transaction commits: its rows are prepared at once and join the next group, and one
   * transaction writes a whole group while the commands behind it already run in memory. Each
   * command still resolves only after its own rows committed, so whoever awaits it sees the same as
   * before; only the chain stops waiting for the database between commands. A group that fails
   * rejects its commands and every command decided on top of it, and the state is reloaded.
   */
  type Prepared = { write: (tx: Tx) => Promise<void>; events: Staged[]; committed: () => void };
  type Group = { items: Prepared[]; done: Promise<void>; settle: (err?: unknown) => void };
  let pending: Group | undefined;
  let writing: Promise<void> | undefined;
  /** Set when a group failed: commands decided before the reload ran on a state that is not stored. */
  let poisoned: unknown;

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
          const events: Staged[] = [];
          for (const item of g.items) {
            await item.write(tx);
            events.push(...item.events);
          }
          await bus.stageAll(tx, events);
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
          await load().catch((e) => log.error({ err: e }, 'routing: reload failed'));
          poisoned = undefined;
          schedule();
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
      agents: new Set(),
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
          await load().catch((e) => log.error({ err: e }, 'routing: reload failed'));
        }
        throw err;
      } finally {
        schedule();
      }
    });
    chain = p.catch(() => undefined);
    return p.then(async (result) => {
      await committed;
      return result;
    });
  }

  function transition(
    b: Batch,
    row: ContactRow,
    to: ContactState,
    patch: Partial<ContactRow> = {},
    extra: Partial<Pick<Transition, 'note' | 'decision' | 'eventName'>> = {},
  ): void {
    const from = row.state as ContactState;
    const previousAgentId = row.agentId;
    const movedQueue = patch.queueId !== undefined && patch.queueId !== row.queueId;
    Object.assign(row, patch, { state: to, updatedAt: b.now });
    // Any move away from `offered` ends that offer's RONA clock (applyOffers starts a new one).
    if (to !== 'offered') offerDeadline.delete(row.id);
    if (TERMINAL.has(to)) {
      open.delete(row.id);
      offerDeadline.delete(row.id);
      waitDeadline.delete(row.id);
    } else {
      open.set(row.id, row);
      // Moved by a supervisor: the new queue's maximum wait applies (from its arrival), not the old one's.
      if (movedQueue) armWaitLimit(row);
    }
    b.transitions.push({
      row,
      agentId: row.agentId ?? previousAgentId,
      queueId: row.queueId,
      from,
      to,
      at: b.now,
      previousAgentId,
      actorId: b.actor?.userId ?? null,
      note: extra.note ?? null,
      decision: extra.decision ?? null,
      eventName: extra.eventName,
    });
    if (row.agentId) b.agents.add(row.agentId);
    if (previousAgentId) b.agents.add(previousAgentId);
  }

  /** Records the engine's offers: contacts to `offered`, the RONA clock started. */
  function applyOffers(b: Batch, offers: Offer[]): void {
    for (const o of offers) {
      const row = open.get(o.contactId);
      if (!row) continue;
      transition(b, row, 'offered', { agentId: o.agentId, offeredAt: b.now }, { decision: o.explanation });
      const q = queues.get(row.queueId)!;
      offerDeadline.set(row.id, b.now.getTime() + q.settings.offerTimeoutSeconds * 1000);
    }
  }

  /** Every engine call goes through here: it marks the batch as having moved memory. */
  function drive<T>(b: Batch, fn: (e: RoutingEngine, now: number) => T): T {
    b.mutated = true;
    return fn(engine, b.now.getTime());
  }

  function statusOf(userId: string, now: number): AgentStateChanged | null {
    const s = engine.agent(userId, now);
    const rec = recorded.get(userId);
    if (!s || !rec) return null;
    return {
      userId,
      state: s.state,
      reason: s.presence === 'not_ready' ? s.reason : null,
      presence: s.presence,
      since: rec.stateSince.toISOString(),
      offer: s.offer,
      contacts: s.active,
      wrapUpUntil: s.wrapUpUntil ? new Date(s.wrapUpUntil).toISOString() : null,
    };
  }

  /** Agent rows and state events for every agent whose state the batch changed. */
  function agentChanges(b: Batch) {
    const now = b.now.getTime();
    const out: Array<{ row: AgentRow; event: boolean; status: AgentStateChanged }> = [];
    for (const id of b.agents) {
      const s = engine.agent(id, now);
      const rec = recorded.get(id);
      if (!s || !rec) continue;
      const reason = s.presence === 'not_ready' ? s.reason : null;
      const wrapUpUntil = s.wrapUpUntil ? new Date(s.wrapUpUntil) : null;
      const stateChanged = rec.state !== s.state || (s.state === 'not_ready' && rec.reason !== reason);
      const same =
        !stateChanged &&
        rec.presence === s.presence &&
        rec.reason === reason &&
        (rec.wrapUpUntil?.getTime() ?? null) === (wrapUpUntil?.getTime() ?? null);
      if (same) continue;
      Object.assign(rec, {
        presence: s.presence,
        reason,
        state: s.state,
        stateSince: stateChanged ? b.now : rec.stateSince,
        wrapUpUntil,
        idleSince: new Date(s.idleSince),
        updatedAt: b.now,
      });
      out.push({ row: { ...rec }, event: stateChanged, status: statusOf(id, now)! });
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
    if (b.inserted.length + b.transitions.length + agents.length + b.writes.length + b.audits.length === 0) return;
    const inserted = new Set(b.inserted);
    const events: Staged[] = b.transitions.map((t) => ({
      name: t.eventName ?? `routing.contact.${t.to}`,
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
    for (const a of agents) events.push({ name: 'routing.agent.state_changed', payload: a.status });
    const insertContacts = b.inserted.map((r) => ({ ...r }));
    const updateContacts = [...new Set(b.transitions.map((t) => t.row).filter((r) => !inserted.has(r)))].map((r) => ({
      ...r,
    }));
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
    return {
      events,
      async write(tx) {
        for (const w of b.writes) await w(tx);
        await repo.writeContactsAndAgents(tx, {
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
        });
        for (const r of b.audits) await audit.append(tx, b.actor!, r);
      },
      committed() {
        for (const c of completed) {
          const s = aht.get(c.queueId) ?? { seconds: 0, handled: 0 };
          s.seconds += c.seconds;
          s.handled += 1;
          aht.set(c.queueId, s);
        }
      },
    };
  }

  // ---- time ----------------------------------------------------------------------------------

  /** One timer for every time rule: the earliest of wrap-up ends, offer timeouts, maximum waits, engine thresholds. */
  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    const now = clock.now().getTime();
    let next = engine.nextWakeAt(now) ?? Number.POSITIVE_INFINITY;
    for (const w of wrapping.values()) next = Math.min(next, w.until);
    for (const t of offerDeadline.values()) next = Math.min(next, t);
    for (const [id, t] of waitDeadline) if (open.get(id)?.state === 'queued') next = Math.min(next, t);
    if (!Number.isFinite(next)) return;
    timer = setTimeout(
      () => void wake().catch((err) => log.error({ err }, 'routing: timer failed')),
      Math.max(0, Math.min(next - now, 2 ** 31 - 1)),
    );
    timer.unref();
  }

  function wake(): Promise<void> {
    return command(null, (b) => {
      const now = b.now.getTime();
      // Wrap-ups whose time ran out complete without a form.
      const freedAgents = new Set<string>();
      for (const [id, w] of [...wrapping]) {
        if (w.until > now) continue;
        wrapping.delete(id);
        if (w.row.state === 'wrap_up')
          transition(b, w.row, 'completed', { completedAt: b.now }, { note: 'wrap-up time ended' });
        else finishTransferred(b, w.row, null);
        freedAgents.add(w.agentId);
      }
      for (const agentId of freedAgents) {
        if (![...wrapping.values()].some((w) => w.agentId === agentId)) {
          applyOffers(
            b,
            drive(b, (e, t) => e.finishWrapUp(agentId, t)),
          );
          b.agents.add(agentId);
        }
      }
      for (const [id, deadline] of [...offerDeadline]) {
        if (deadline > now) continue;
        offerDeadline.delete(id);
        const row = open.get(id);
        if (row?.state === 'offered') declined(b, row, 'timeout');
      }
      for (const [id, deadline] of [...waitDeadline]) {
        const row = open.get(id);
        if (deadline > now || row?.state !== 'queued') continue;
        overflow(b, row, `waited ${queues.get(row.queueId)!.settings.maxWaitSeconds}s`, 0);
      }
      applyOffers(
        b,
        drive(b, (e, t) => e.tick(t)),
      );
      // Wrap-ups the engine ended (several chats) show as state changes of their agents.
      for (const a of recorded.values()) if (a.state === 'wrap_up') b.agents.add(a.userId);
    });
  }

  // ---- contact commands (called inside `command`) ----------------------------------------------

  function inputOf(row: ContactRow): ContactInput {
    return {
      id: row.id,
      channel: row.channel as Channel,
      queueId: row.queueId,
      priority: row.priority,
      skills: row.skills ?? undefined,
      preferredAgentId: row.preferredAgentId ?? undefined,
      targetAgentId: row.targetAgentId ?? undefined,
    };
  }

  function newRow(b: Batch, fields: Partial<ContactRow> & Pick<ContactRow, 'channel' | 'queueId'>): ContactRow {
    const row: ContactRow = {
      id: ids.next(),
      direction: 'inbound',
      state: 'queued',
      priority: 0,
      skills: null,
      attributes: {},
      customer: null,
      subject: null,
      agentId: null,
      targetAgentId: null,
      preferredAgentId: null,
      parentId: null,
      createdBy: b.actor?.userId ?? null,
      createdAt: b.now,
      queuedAt: b.now,
      offeredAt: null,
      connectedAt: null,
      endedAt: null,
      completedAt: null,
      wrapUp: null,
      updatedAt: b.now,
      ...fields,
    };
    b.inserted.push(row);
    open.set(row.id, row);
    return row;
  }

  /** A new row enters its queue: the queue-length limit, then the engine. */
  function enter(b: Batch, row: ContactRow, note: string | null, depth: number): void {
    const q = queues.get(row.queueId)!;
    b.transitions.push({
      row,
      agentId: null,
      queueId: row.queueId,
      from: null,
      to: 'queued',
      at: b.now,
      previousAgentId: null,
      actorId: b.actor?.userId ?? null,
      note,
      decision: null,
    });
    const max = q.settings.maxLength;
    if (max !== null && engine.waiting(q.id).length >= max) {
      overflow(b, row, `queue ${q.key} full (${max})`, depth);
      return;
    }
    enqueue(b, row);
  }

  /** The moment the contact's wait exceeds its queue's maximum (none: no limit). */
  function armWaitLimit(row: ContactRow): void {
    const max = queues.get(row.queueId)?.settings.maxWaitSeconds ?? null;
    if (max === null) waitDeadline.delete(row.id);
    else waitDeadline.set(row.id, row.queuedAt.getTime() + max * 1000);
  }

  function enqueue(b: Batch, row: ContactRow): void {
    armWaitLimit(row);
    applyOffers(
      b,
      drive(b, (e, t) => e.enqueue(inputOf(row), t, row.queuedAt.getTime())),
    );
  }

  /** Past the queue's limits: to the overflow queue as a new contact, or out as `timed_out`. */
  function overflow(b: Batch, row: ContactRow, why: string, depth: number): void {
    const q = queues.get(row.queueId)!;
    if (engine.contact(row.id))
      applyOffers(
        b,
        drive(b, (e, t) => e.abandon(row.id, t)),
      );
    const target = q.settings.overflowQueue ? queueKeys.get(q.settings.overflowQueue) : undefined;
    if (q.settings.overflowAction === 'queue' && target && target !== q.id && depth < 3) {
      transition(b, row, 'overflowed', { endedAt: b.now }, { note: why });
      const child = newRow(b, {
        ...copyForChild(row),
        queueId: target,
        parentId: row.id,
      });
      enter(b, child, `overflow from ${q.key}: ${why}`, depth + 1);
      return;
    }
    transition(b, row, 'timed_out', { endedAt: b.now }, { note: `${why}; ${q.settings.overflowAction}` });
  }

  function copyForChild(row: ContactRow): Partial<ContactRow> & Pick<ContactRow, 'channel' | 'queueId'> {
    return {
      channel: row.channel,
      direction: row.direction,
      queueId: row.queueId,
      priority: row.priority,
      skills: row.skills,
      attributes: row.attributes,
      customer: row.customer,
      subject: row.subject,
      preferredAgentId: row.preferredAgentId,
    };
  }

  /** An offer ended unanswered: RONA (the agent goes not ready / 未应答) or a rejection. */
  function declined(b: Batch, row: ContactRow, why: 'timeout' | 'rejected'): void {
    const agentId = row.agentId!;
    offerDeadline.delete(row.id);
    const offers = drive(b, (e, t) => e.decline(row.id, t, why));
    if (why === 'timeout') drive(b, (e, t) => e.setPresence(agentId, 'not_ready', t, NO_ANSWER_REASON));
    transition(
      b,
      row,
      'queued',
      {
        agentId: null,
        offeredAt: null,
        targetAgentId: row.targetAgentId === agentId ? null : row.targetAgentId,
      },
      { note: why === 'timeout' ? `no answer from ${agentId} (RONA)` : `rejected by ${agentId}` },
    );
    b.agents.add(agentId);
    applyOffers(b, offers);
  }

  /** A transferred contact's notes arrived (or their time ran out): it is finished. */
  function finishTransferred(b: Batch, row: ContactRow, wrapUp: WrapUp | null): void {
    Object.assign(row, { completedAt: b.now, wrapUp, updatedAt: b.now });
    b.writes.push((tx) => repo.updateContact(tx, row.id, { completedAt: row.completedAt, wrapUp, updatedAt: b.now }));
  }

  /** After presence changes the engine may have withdrawn an offer: record it. */
  function withdrawn(b: Batch, before: string | null, note: string): void {
    if (!before) return;
    const row = open.get(before);
    const now = engine.contact(before);
    if (row?.state === 'offered' && now?.state === 'queued') {
      offerDeadline.delete(before);
      transition(b, row, 'queued', { agentId: null, offeredAt: null }, { note });
    }
  }

  function ownOpen(id: string, actor: Actor, states: ContactState[]): ContactRow {
    const row = open.get(id) ?? wrapping.get(id)?.row;
    if (!row) throw wrongContactState(id, 'closed', states.join(' or '));
    if (!states.includes(row.state as ContactState)) throw wrongContactState(id, row.state, states.join(' or '));
    if (row.agentId !== actor.userId) throw notYourContact(id);
    return row;
  }

  // ---- loading -------------------------------------------------------------------------------

  /**
   * (Re)builds memory from the database: configuration, then waiting and connected contacts, then
   * agents longest-idle first, so each picks work as it would have. Offers that were pending are
   * withdrawn (the desktop that showed them is gone) and made again.
   */
  async function load(): Promise<void> {
    engine = createRoutingEngine();
    for (const m of [queues, queueKeys, agentCfg, recorded, open, wrapping, offerDeadline, waitDeadline, aht])
      m.clear();
    skillKeys.clear();
    const b = newBatch(null);
    const now = b.now.getTime();
    for (const s of await repo.skills(db)) skillKeys.add(s.key);
    for (const q of await repo.queues(db)) putQueue(q as unknown as QueueRec);
    for (const q of queues.values()) engine.upsertQueue(engineQueue(q), now);
    const memberships = await repo.memberships(db);
    for (const a of await repo.agents(db)) {
      recorded.set(a.userId, a);
      const cfg = {
        skills: a.skills,
        capacity: a.capacity,
        memberships: memberships.filter((m) => m.userId === a.userId),
      };
      agentCfg.set(a.userId, cfg);
      engine.upsertAgent(engineAgent(a.userId, cfg), now);
    }
    const day = dayStart(b.now);
    const handled = await repo.handledSince(db, day);
    for (const row of await repo.openContacts(db)) {
      open.set(row.id, row);
      if (row.state === 'queued' || row.state === 'offered') {
        if (row.state === 'offered')
          transition(b, row, 'queued', { agentId: null, offeredAt: null }, { note: 'system restart: offer withdrawn' });
        armWaitLimit(row);
        engine.enqueue(inputOf(row), now, row.queuedAt.getTime());
      } else if (row.state === 'connected' && row.agentId && recorded.has(row.agentId)) {
        engine.restoreConnected(inputOf(row), row.agentId, row.queuedAt.getTime(), row.connectedAt!.getTime());
      } else if (row.state === 'wrap_up' && row.agentId) {
        const until = recorded.get(row.agentId)?.wrapUpUntil?.getTime() ?? now;
        wrapping.set(row.id, { agentId: row.agentId, until, row });
      }
    }
    for (const row of await repo.pendingWrapUps(db)) {
      const until = recorded.get(row.agentId!)?.wrapUpUntil?.getTime() ?? now;
      wrapping.set(row.id, { agentId: row.agentId!, until, row });
    }
    for (const r of await repo.queueDay(db, day, [...queues.values()].map(dayQuery))) {
      aht.set(r.queueId, { seconds: r.handleSeconds, handled: r.handled });
    }
    const agents = [...recorded.values()].sort((x, y) => x.idleSince.getTime() - y.idleSince.getTime());
    for (const a of agents) {
      const offers = engine.restoreAgent(
        a.userId,
        {
          presence: a.presence as Presence,
          reason: a.reason,
          wrapUpUntil: a.wrapUpUntil?.getTime() ?? null,
          idleSince: a.idleSince.getTime(),
          handleMs: (handled.get(a.userId)?.seconds ?? 0) * 1000,
        },
        now,
      );
      applyOffers(b, offers);
      b.agents.add(a.userId);
    }
    await flush(b);
  }

  function dayStart(at: Date): Date {
    return startOfDay(deps.timezone, at);
  }

  function dayQuery(q: QueueRec) {
    return { id: q.id, slSeconds: q.settings.serviceLevelSeconds, shortAbandonSeconds: q.settings.shortAbandonSeconds };
  }

  function putQueue(q: QueueRec): void {
    const prev = queues.get(q.id);
    if (prev) queueKeys.delete(prev.key);
    queues.set(q.id, q);
    queueKeys.set(q.key, q.id);
    // A changed maximum wait applies to the contacts already waiting, as the new routing rules do.
    if (prev && prev.settings.maxWaitSeconds !== q.settings.maxWaitSeconds) {
      for (const row of open.values()) {
        if (row.queueId === q.id && (row.state === 'queued' || row.state === 'offered')) armWaitLimit(row);
      }
    }
  }

  function engineQueue(q: QueueRec): QueueConfig {
    return {
      id: q.id,
      strategy: q.settings.strategy,
      skills: q.settings.skills,
      relaxation: q.settings.relaxation.map((s) => ({
        ...s,
        overflowQueues: s.overflowQueues?.flatMap((k) => {
          const id = queueKeys.get(k);
          return id ? [id] : [];
        }),
      })),
      preferredAgentSeconds: q.settings.preferredAgentSeconds,
    };
  }

  function engineAgent(userId: string, cfg: AgentCfg): AgentConfig {
    return {
      id: userId,
      skills: cfg.skills,
      capacity: cfg.capacity,
      memberships: cfg.memberships.map((m) => ({
        queueId: m.queueId,
        priority: m.priority,
        delaySeconds: m.delaySeconds,
      })),
    };
  }

  return {
    // state, for the service and the read side
    queues,
    queueKeys,
    skillKeys,
    agentCfg,
    recorded,
    open,
    wrapping,
    aht,
    engine: () => engine,
    command,
    serial,
    drive,
    transition,
    applyOffers,
    newRow,
    enter,
    copyForChild,
    declined,
    overflow,
    finishTransferred,
    withdrawn,
    ownOpen,
    putQueue,
    engineQueue,
    engineAgent,
    statusOf,
    dayQuery,
    dayStart,
    async start(): Promise<void> {
      stopped = false;
      await serial(load);
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await serial(async () => undefined);
    },
    /** For tests: run due timers now. */
    wake,
    contactToApi(row: ContactRow, canSeePii: boolean, maskFn: (kind: 'phone' | 'email', v: string) => string): Contact {
      const q = queues.get(row.queueId);
      const waiting = row.state === 'queued' ? engine.waiting(row.queueId) : [];
      const idx = waiting.findIndex((c) => c.id === row.id);
      const position = idx >= 0 ? idx + 1 : null;
      const customer = row.customer
        ? {
            ...row.customer,
            ...(row.customer.phone && !canSeePii ? { phone: maskFn('phone', row.customer.phone) } : {}),
            ...(row.customer.email && !canSeePii ? { email: maskFn('email', row.customer.email) } : {}),
          }
        : null;
      return {
        id: row.id,
        channel: row.channel as Channel,
        direction: row.direction as 'inbound' | 'outbound',
        queueId: row.queueId,
        queueKey: q?.key ?? '',
        state: row.state as ContactState,
        priority: row.priority,
        skills: row.skills,
        attributes: row.attributes,
        customer,
        subject: row.subject,
        agentId: row.agentId,
        targetAgentId: row.targetAgentId,
        preferredAgentId: row.preferredAgentId,
        parentId: row.parentId,
        createdAt: row.createdAt.toISOString(),
        queuedAt: row.queuedAt.toISOString(),
        offeredAt: row.offeredAt?.toISOString() ?? null,
        connectedAt: row.connectedAt?.toISOString() ?? null,
        endedAt: row.endedAt?.toISOString() ?? null,
        completedAt: row.completedAt?.toISOString() ?? null,
        wrapUp: row.wrapUp as WrapUp | null,
        position,
        estimatedWaitSeconds: position !== null && q ? estimatedWait(q, position) : null,
      };
    },
    estimatedWait,
  };

  /**
   * Estimated wait for the contact at `position`: the contacts ahead (and itself) times today's
   * average handle time, shared among the queue's logged-in members. Before any contact was
   * handled today, 180 s stands in for the handle time.
   */
  function estimatedWait(q: QueueRec, position: number): number {
    const a = aht.get(q.id);
    const handle = a && a.handled > 0 ? a.seconds / a.handled : 180;
    let serving = 0;
    const now = clock.now().getTime();
    for (const [id, cfg] of agentCfg) {
      if (!cfg.memberships.some((m) => m.queueId === q.id)) continue;
      const s = engine.agent(id, now);
      if (s && s.presence !== 'logged_out') serving++;
    }
    return Math.round((position * handle) / Math.max(1, serving));
  }
}
export type RoutingRuntime = ReturnType<typeof createRoutingRuntime>;
