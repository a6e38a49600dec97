import type { ContactState, Queue } from '../../../../../contracts/routing';
import type { Actor, AuditRecord } from '../../../platform/audit';
import type { Tx } from '../../../platform/db';
import { createRoutingEngine, type RoutingEngine } from '../domain/engine';
import type { Explanation } from '../domain/model';
import type { AgentStateChanged } from '../routing.events';
import type { AgentRow, ContactRow, MembershipRow } from '../routing.repo';

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

/** A wrap-up due: the agent and when the queue's wrap-up time ends. */
export type WrapUpDue = { agentId: string; until: number; row: ContactRow };

export type Transition = {
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
  /** Contacts changed without a transition (a transferred contact's late wrap-up form). */
  updated: ContactRow[];
  agents: Set<string>;
  /** Agents whose phone flag (AgentStatus.phoneUnreachableUntil) changed: their state event goes out. */
  phoneFlagged: Set<string>;
  writes: Array<(tx: Tx) => Promise<void>>;
  audits: AuditRecord[];
  mutated: boolean;
};

export const TERMINAL: ReadonlySet<ContactState> = new Set([
  'completed',
  'abandoned',
  'transferred',
  'overflowed',
  'timed_out',
]);

/**
 * The ACD's memory. Only the runtime's own files (`runtime/`, `routing.runtime.ts`) hold this
 * object; everything else reads it through the runtime's queries and changes it through its moves.
 */
export type AcdState = {
  engine: RoutingEngine;
  queues: Map<string, QueueRec>;
  queueKeys: Map<string, string>;
  skillKeys: Set<string>;
  agentCfg: Map<string, AgentCfg>;
  /** The agent state last written, to record only real changes. */
  recorded: Map<string, AgentRow>;
  /** Contacts in queued, offered, connected or wrap_up. */
  open: Map<string, ContactRow>;
  /** Wrap-ups due, by contact. */
  wrapping: Map<string, WrapUpDue>;
  /**
   * When an offer ends unanswered: for a voice offer first the delivery deadline (the phone has not
   * responded yet), then — once voice reports the phone reached — the ring time (RONA).
   */
  offerDeadline: Map<string, number>;
  /** Voice offers whose phone responded (provisional or final): only these can end in RONA. */
  offerReached: Set<string>;
  /** Agents whose phone did not respond to an offer, until when (shown on the desktop and wallboard). */
  phoneFlags: Map<string, number>;
  /** Recent delivery failures (time, agent) for the wave check, and the end of the current pause. */
  undelivered: Array<{ at: number; agentId: string }>;
  wavePausedUntil: number;
  waitDeadline: Map<string, number>;
  /** Today's handle time per queue, for estimated waits. */
  aht: Map<string, { seconds: number; handled: number }>;
};

export function createAcdState(): AcdState {
  return {
    engine: createRoutingEngine(),
    queues: new Map(),
    queueKeys: new Map(),
    skillKeys: new Set(),
    agentCfg: new Map(),
    recorded: new Map(),
    open: new Map(),
    wrapping: new Map(),
    offerDeadline: new Map(),
    offerReached: new Set(),
    phoneFlags: new Map(),
    undelivered: [],
    wavePausedUntil: 0,
    waitDeadline: new Map(),
    aht: new Map(),
  };
}

/** Forgets everything (before a reload from the database). */
export function resetAcdState(s: AcdState): void {
  s.engine = createRoutingEngine();
  for (const m of [s.queues, s.queueKeys, s.agentCfg, s.recorded, s.open, s.wrapping, s.offerDeadline, s.waitDeadline])
    m.clear();
  s.offerReached.clear();
  s.phoneFlags.clear();
  s.undelivered.length = 0;
  s.wavePausedUntil = 0;
  s.aht.clear();
  s.skillKeys.clear();
}

/** An agent's state as the state-changed event carries it (null: not known to the ACD). */
export function agentStatus(s: AcdState, userId: string, now: number): AgentStateChanged | null {
  const e = s.engine.agent(userId, now);
  const rec = s.recorded.get(userId);
  if (!e || !rec) return null;
  return {
    userId,
    state: e.state,
    reason: e.presence === 'not_ready' ? e.reason : null,
    presence: e.presence,
    since: rec.stateSince.toISOString(),
    offer: e.offer,
    contacts: e.active,
    wrapUpUntil: e.wrapUpUntil ? new Date(e.wrapUpUntil).toISOString() : null,
    phoneUnreachableUntil: e.phoneHeldUntil !== null ? phoneFlag(s, userId, now) : null,
  };
}

/** The agent's phone flag as shown (ISO), or null when none or expired. */
export function phoneFlag(s: AcdState, userId: string, now: number): string | null {
  const until = s.phoneFlags.get(userId);
  return until !== undefined && until > now ? new Date(until).toISOString() : null;
}
