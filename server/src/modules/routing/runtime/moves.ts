import { type Channel, type ContactState, NO_ANSWER_REASON, type WrapUp } from '../../../../../contracts/routing';
import type { IdGenerator } from '../../../platform/ids';
import type { Logger } from '../../../platform/logger';
import type { RoutingEngine } from '../domain/engine';
import type { AgentConfig, ContactInput, Offer, QueueConfig } from '../domain/model';
import type { ContactRow, RoutingRepo } from '../routing.repo';
import { type AcdState, type AgentCfg, type Batch, type QueueRec, TERMINAL, type Transition } from './acd-state';

/**
 * How long the ACD waits for a voice offer to reach the agent's phone, on top of the ring time,
 * before it calls the offer undelivered (voice reports the phone's first response with
 * `offerReached`; it gives up on a silent phone itself after a few seconds — this is the safety net
 * for an offer voice never learned of).
 */
export const DELIVERY_ALLOWANCE_SECONDS = 10;
/** An agent whose phone did not respond gets no voice offer for this long (unless they choose 示闲). */
export const PHONE_HOLD_SECONDS = 30;
/** A wave: this many agents' phones failing within the window pauses every voice offer briefly. */
export const WAVE_AGENTS = 5;
export const WAVE_WINDOW_SECONDS = 10;
export const WAVE_PAUSE_SECONDS = 5;

/**
 * The changes a command makes to the ACD's memory, each recorded in the command's batch: contacts
 * moving through their states, offers and their clocks, wrap-ups, and the configuration the engine
 * routes by. Called only inside the runtime's `command`.
 */
export function createMoves(deps: { state: AcdState; repo: RoutingRepo; ids: IdGenerator; log?: Logger }) {
  const { state: s, repo, ids } = deps;

  /** Every engine call goes through here: it marks the batch as having moved memory. */
  function drive<T>(b: Batch, fn: (e: RoutingEngine, now: number) => T): T {
    b.mutated = true;
    return fn(s.engine, b.now.getTime());
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
    // Any move away from `offered` ends that offer's clock (applyOffers starts a new one).
    if (to !== 'offered') {
      s.offerDeadline.delete(row.id);
      s.offerReached.delete(row.id);
    }
    if (TERMINAL.has(to)) {
      s.open.delete(row.id);
      s.offerDeadline.delete(row.id);
      s.waitDeadline.delete(row.id);
    } else {
      s.open.set(row.id, row);
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

  /**
   * Records the engine's offers: contacts to `offered`, their clock started. A voice offer first has
   * to reach the phone (ring time plus the delivery allowance); the ring time (RONA) starts when voice
   * reports the phone reached (`reached`). Other channels are offered on the desktop: ring time at once.
   */
  function applyOffers(b: Batch, offers: Offer[]): void {
    for (const o of offers) {
      const row = s.open.get(o.contactId);
      if (!row) continue;
      if (row.state === 'offered' && row.agentId !== o.agentId) {
        // The engine moved a pending offer to another agent in one step (the first chose 示忙): record
        // the withdrawal, so voice stops the first phone before it rings the next and its clock restarts.
        transition(
          b,
          row,
          'queued',
          { agentId: null, offeredAt: null },
          { note: `offer withdrawn from ${row.agentId}` },
        );
      }
      transition(b, row, 'offered', { agentId: o.agentId, offeredAt: b.now }, { decision: o.explanation });
      const q = s.queues.get(row.queueId)!;
      const ring = q.settings.offerTimeoutSeconds * 1000;
      if (row.channel === 'voice') {
        s.offerDeadline.set(row.id, b.now.getTime() + ring + DELIVERY_ALLOWANCE_SECONDS * 1000);
      } else {
        s.offerDeadline.set(row.id, b.now.getTime() + ring);
        s.offerReached.add(row.id);
      }
    }
  }

  /** Voice: the agent's phone responded to the offer — from now the ring time runs (RONA after it). */
  function reached(b: Batch, row: ContactRow): void {
    if (row.state !== 'offered' || s.offerReached.has(row.id)) return;
    s.offerReached.add(row.id);
    const q = s.queues.get(row.queueId)!;
    s.offerDeadline.set(row.id, b.now.getTime() + q.settings.offerTimeoutSeconds * 1000);
  }

  /** The offer's deadline passed: RONA when the phone was reached, otherwise a delivery failure. */
  function offerExpired(b: Batch, row: ContactRow): void {
    declined(b, row, s.offerReached.has(row.id) ? 'timeout' : 'undelivered');
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
    s.open.set(row.id, row);
    return row;
  }

  /** A new row enters its queue: the queue-length limit, then the engine. */
  function enter(b: Batch, row: ContactRow, note: string | null, depth: number): void {
    const q = s.queues.get(row.queueId)!;
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
    if (max !== null && s.engine.waiting(q.id).length >= max) {
      overflow(b, row, `queue ${q.key} full (${max})`, depth);
      return;
    }
    armWaitLimit(row);
    applyOffers(
      b,
      drive(b, (e, t) => e.enqueue(inputOf(row), t, row.queuedAt.getTime())),
    );
  }

  /** The moment the contact's wait exceeds its queue's maximum (none: no limit). */
  function armWaitLimit(row: ContactRow): void {
    const max = s.queues.get(row.queueId)?.settings.maxWaitSeconds ?? null;
    if (max === null) s.waitDeadline.delete(row.id);
    else s.waitDeadline.set(row.id, row.queuedAt.getTime() + max * 1000);
  }

  /** Past the queue's limits: to the overflow queue as a new contact, or out as `timed_out`. */
  function overflow(b: Batch, row: ContactRow, why: string, depth: number): void {
    const q = s.queues.get(row.queueId)!;
    if (s.engine.contact(row.id))
      applyOffers(
        b,
        drive(b, (e, t) => e.abandon(row.id, t)),
      );
    const target = q.settings.overflowQueue ? s.queueKeys.get(q.settings.overflowQueue) : undefined;
    if (q.settings.overflowAction === 'queue' && target && target !== q.id && depth < 3) {
      transition(b, row, 'overflowed', { endedAt: b.now }, { note: why });
      const child = newRow(b, { ...copyForChild(row), queueId: target, parentId: row.id });
      enter(b, child, `overflow from ${q.key}: ${why}`, depth + 1);
      return;
    }
    transition(b, row, 'timed_out', { endedAt: b.now }, { note: `${why}; ${q.settings.overflowAction}` });
  }

  /**
   * An offer ended unanswered: RONA (`timeout`: the phone rang, nobody answered — the agent goes not
   * ready / 未应答), a rejection (busy, declined: the next agent), or a delivery failure
   * (`undelivered`: the phone never responded — the next agent; this agent stays ready, is flagged
   * and gets no voice offer for PHONE_HOLD_SECONDS; several agents failing at once pause everyone).
   */
  function declined(b: Batch, row: ContactRow, reason: 'timeout' | 'rejected' | 'undelivered' | 'no_phone'): void {
    const agentId = row.agentId!;
    // Only a phone can fail to be reached; elsewhere "undelivered" skips the agent like a rejection.
    const phoneFailed = (reason === 'undelivered' || reason === 'no_phone') && row.channel === 'voice';
    const why = phoneFailed ? 'undelivered' : reason === 'timeout' ? 'timeout' : 'rejected';
    s.offerDeadline.delete(row.id);
    const now = b.now.getTime();
    const hold = phoneFailed ? PHONE_HOLD_SECONDS * 1000 : 0;
    if (hold > 0) {
      s.phoneFlags.set(agentId, now + hold);
      b.phoneFlagged.add(agentId);
      // A phone that is not registered says nothing about the network: it never starts a wave.
      // Checked before the contact is routed again, so a wave's pause covers this re-offer too.
      if (reason === 'undelivered') wave(b, agentId);
    }
    const offers = drive(b, (e, t) => e.decline(row.id, t, why, hold));
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
      {
        note:
          why === 'timeout'
            ? `rona: no answer from ${agentId}`
            : why === 'undelivered'
              ? `undelivered: the phone of ${agentId} did not respond`
              : `rejected by ${agentId}`,
      },
    );
    b.agents.add(agentId);
    applyOffers(b, offers);
  }

  /**
   * The agent chose 示闲 again: they say the phone works — the flag and the agent's own hold end
   * (a wave's pause, which is not about this agent, still runs out).
   */
  function phoneWorks(b: Batch, agentId: string): void {
    if (!s.phoneFlags.delete(agentId)) return;
    b.phoneFlagged.add(agentId);
    const now = b.now.getTime();
    drive(b, (e) => e.setPhoneHold(agentId, s.wavePausedUntil > now ? s.wavePausedUntil : null));
  }

  /**
   * A wave of delivery failures (WAVE_AGENTS agents within WAVE_WINDOW_SECONDS) means the phones'
   * network or Kefu itself is in trouble, not the agents: every voice offer pauses for
   * WAVE_PAUSE_SECONDS (no presence changes), then offering resumes by itself.
   */
  function wave(b: Batch, agentId: string): void {
    const now = b.now.getTime();
    const recent = s.undelivered.filter((u) => u.at > now - WAVE_WINDOW_SECONDS * 1000);
    recent.push({ at: now, agentId });
    s.undelivered = recent;
    if (now < s.wavePausedUntil || new Set(recent.map((u) => u.agentId)).size < WAVE_AGENTS) return;
    s.wavePausedUntil = now + WAVE_PAUSE_SECONDS * 1000;
    s.undelivered = [];
    drive(b, (e) => {
      for (const id of s.agentCfg.keys()) if (e.agent(id, now)) e.holdPhone(id, s.wavePausedUntil);
    });
    deps.log?.warn(
      { agents: new Set(recent.map((u) => u.agentId)).size, pauseSeconds: WAVE_PAUSE_SECONDS },
      'routing: agent phones are not responding to offers; voice offers paused',
    );
  }

  /** A transferred contact's notes arrived (or their time ran out): it is finished. */
  function finishTransferred(b: Batch, row: ContactRow, wrapUp: WrapUp | null): void {
    Object.assign(row, { completedAt: b.now, wrapUp, updatedAt: b.now });
    b.updated.push(row);
  }

  /** After presence changes the engine may have withdrawn an offer: record it. */
  function withdrawn(b: Batch, before: string | null, note: string): void {
    if (!before) return;
    const row = s.open.get(before);
    const now = s.engine.contact(before);
    if (row?.state === 'offered' && now?.state === 'queued') {
      s.offerDeadline.delete(before);
      transition(b, row, 'queued', { agentId: null, offeredAt: null }, { note });
    }
  }

  /** The agent's notes are due until `until` (the contact is in wrap-up, or transferred with notes due). */
  function startWrapUp(row: ContactRow, agentId: string, until: number): void {
    s.wrapping.set(row.id, { agentId, until, row });
  }

  /** The wrap-up form arrived: the contact completes; the agent is free when no other wrap-up is due. */
  function submitWrapUp(b: Batch, id: string, form: WrapUp): ContactRow {
    const w = s.wrapping.get(id)!;
    s.wrapping.delete(id);
    if (w.row.state === 'wrap_up') transition(b, w.row, 'completed', { completedAt: b.now, wrapUp: form });
    else finishTransferred(b, w.row, form);
    if (![...s.wrapping.values()].some((x) => x.agentId === w.agentId)) {
      applyOffers(
        b,
        drive(b, (e, t) => e.finishWrapUp(w.agentId, t)),
      );
    }
    b.agents.add(w.agentId);
    return w.row;
  }

  /** More time for the notes: at most an hour from now; the agent's wrap-up lasts until its latest one. */
  function extendWrapUp(b: Batch, id: string, seconds: number): { row: ContactRow; until: number } {
    const w = s.wrapping.get(id)!;
    w.until = Math.min(w.until + seconds * 1000, b.now.getTime() + 3_600_000);
    const until = Math.max(...[...s.wrapping.values()].filter((x) => x.agentId === w.agentId).map((x) => x.until));
    drive(b, (e, t) => e.extendWrapUp(w.agentId, until, t));
    b.agents.add(w.agentId);
    return { row: w.row, until: w.until };
  }

  // ---- configuration -------------------------------------------------------------------------

  function putQueue(q: QueueRec): void {
    const prev = s.queues.get(q.id);
    if (prev) s.queueKeys.delete(prev.key);
    s.queues.set(q.id, q);
    s.queueKeys.set(q.key, q.id);
    // A changed maximum wait applies to the contacts already waiting, as the new routing rules do.
    if (prev && prev.settings.maxWaitSeconds !== q.settings.maxWaitSeconds) {
      for (const row of s.open.values()) {
        if (row.queueId === q.id && (row.state === 'queued' || row.state === 'offered')) armWaitLimit(row);
      }
    }
  }

  /** A new or changed queue: memory, then the engine (which may offer at once). */
  function upsertQueue(b: Batch, q: QueueRec): void {
    putQueue(q);
    applyOffers(
      b,
      drive(b, (e, t) => e.upsertQueue(engineQueue(q), t)),
    );
  }

  /** Creates the agent's routing record on first use (logged out, no skills, no queues). */
  function ensureAgent(b: Batch, userId: string): void {
    if (s.recorded.has(userId)) return;
    const cfg: AgentCfg = { skills: {}, capacity: {}, memberships: [] };
    s.agentCfg.set(userId, cfg);
    const row = {
      userId,
      skills: {},
      capacity: {},
      presence: 'logged_out',
      reason: null,
      state: 'logged_out',
      stateSince: b.now,
      wrapUpUntil: null,
      idleSince: b.now,
      updatedAt: b.now,
    };
    s.recorded.set(userId, { ...row });
    b.writes.push((tx) => repo.upsertAgent(tx, row));
    applyOffers(
      b,
      drive(b, (e, t) => e.upsertAgent(engineAgent(userId, cfg), t)),
    );
  }

  /** New skills, capacity and memberships for a known agent (`ensureAgent` first). */
  function setAgentRouting(b: Batch, userId: string, cfg: AgentCfg): void {
    s.agentCfg.set(userId, cfg);
    const rec = s.recorded.get(userId)!;
    rec.skills = cfg.skills;
    rec.capacity = cfg.capacity;
    applyOffers(
      b,
      drive(b, (e, t) => e.upsertAgent(engineAgent(userId, cfg), t)),
    );
    b.agents.add(userId);
  }

  function engineQueue(q: QueueRec): QueueConfig {
    return {
      id: q.id,
      strategy: q.settings.strategy,
      skills: q.settings.skills,
      relaxation: q.settings.relaxation.map((step) => ({
        ...step,
        overflowQueues: step.overflowQueues?.flatMap((k) => {
          const id = s.queueKeys.get(k);
          return id ? [id] : [];
        }),
      })),
      preferredAgentSeconds: q.settings.preferredAgentSeconds,
    };
  }

  return {
    drive,
    transition,
    applyOffers,
    newRow,
    enter,
    armWaitLimit,
    overflow,
    declined,
    reached,
    offerExpired,
    phoneWorks,
    finishTransferred,
    withdrawn,
    startWrapUp,
    submitWrapUp,
    extendWrapUp,
    putQueue,
    upsertQueue,
    ensureAgent,
    setAgentRouting,
    engineQueue,
  };
}
export type Moves = ReturnType<typeof createMoves>;

export function inputOf(row: ContactRow): ContactInput {
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

export function engineAgent(userId: string, cfg: AgentCfg): AgentConfig {
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

/** What a continuation (overflow, transfer, callback) copies from the contact it continues. */
export function copyForChild(row: ContactRow): Partial<ContactRow> & Pick<ContactRow, 'channel' | 'queueId'> {
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
