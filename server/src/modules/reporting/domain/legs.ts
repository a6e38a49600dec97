/**
 * How a contact becomes report rows (pure): a leg per queue visit, and the chain's outcome on its
 * root. The live read model, the full rebuild and the import all go through these two functions, so
 * they agree by construction.
 */

/** What the projection needs of a contact (routing's ContactRecord, or an imported row). */
export type LegInput = {
  id: string;
  parentId: string | null;
  channel: string;
  queueId: string;
  state: string;
  agentId: string | null;
  customerId: string | null;
  callId: string | null;
  queuedAt: string;
  connectedAt: string | null;
  endedAt: string | null;
  completedAt: string | null;
  requestType: string | null;
  disposition: string | null;
  rona: number;
  ronaAgentIds: string[];
};

/** `waiting`: still in the queue (or ringing an agent) — offered, its outcome not known yet. */
export type Outcome = 'waiting' | 'answered' | 'abandoned' | 'moved' | 'self_service';

export type Leg = {
  id: string;
  parentId: string | null;
  channel: string;
  queueId: string | null;
  agentId: string | null;
  customerId: string | null;
  callId: string | null;
  requestType: string | null;
  disposition: string | null;
  enteredAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  completedAt: Date | null;
  waitMs: number;
  outcome: Outcome;
  handled: boolean;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  rona: number;
  /** Whose phones rang out (RONA): an agent's report counts their own. */
  ronaAgentIds: string[];
  transferred: boolean;
};

const ms = (s: string | null): number | null => (s ? Date.parse(s) : null);
/** Durations are stored as 32-bit milliseconds (24.8 days): an e-mail left longer counts that long. */
const MAX_MS = 2_147_483_647;
const span = (a: number | null, b: number | null): number =>
  a !== null && b !== null ? Math.min(MAX_MS, Math.max(0, b - a)) : 0;

/** Waiting in the queue or ringing an agent. */
const WAITING = new Set(['queued', 'offered']);
const MOVED = new Set(['transferred', 'overflowed', 'timed_out']);

/**
 * The leg of a contact (null for a state that says nothing: none today). `holdMs` is what voice
 * reported for it; talk is the conversation less hold, wrap-up the after-call work.
 */
export function legOf(c: Readonly<LegInput>, holdMs: number): Leg | null {
  const queued = Date.parse(c.queuedAt);
  const connected = ms(c.connectedAt);
  const ended = ms(c.endedAt);
  const completed = ms(c.completedAt);
  let outcome: Outcome;
  if (connected !== null) outcome = 'answered';
  else if (c.state === 'abandoned' || (c.state === 'completed' && ended !== null)) outcome = 'abandoned';
  else if (MOVED.has(c.state)) outcome = 'moved';
  else if (WAITING.has(c.state)) outcome = 'waiting';
  else return null;
  const answered = outcome === 'answered';
  // Handling ends with the wrap-up's end (completed), or the hand-over of a transfer.
  const handled = answered && (completed !== null || c.state === 'transferred');
  const talkEnd = ended ?? completed;
  const talkMs = answered ? Math.max(0, span(connected, talkEnd) - holdMs) : 0;
  return {
    id: c.id,
    parentId: c.parentId,
    channel: c.channel,
    queueId: c.queueId,
    agentId: answered ? c.agentId : null,
    customerId: c.customerId,
    callId: c.callId,
    requestType: c.requestType,
    disposition: c.disposition,
    enteredAt: new Date(queued),
    answeredAt: connected !== null ? new Date(connected) : null,
    endedAt: ended !== null ? new Date(ended) : null,
    completedAt: completed !== null ? new Date(completed) : null,
    waitMs: answered ? span(queued, connected) : outcome === 'waiting' ? 0 : span(queued, ended ?? completed),
    outcome,
    handled,
    talkMs: handled ? talkMs : 0,
    holdMs: handled ? Math.min(holdMs, span(connected, talkEnd)) : 0,
    wrapMs: handled && ended !== null && completed !== null ? span(ended, completed) : 0,
    rona: c.rona,
    ronaAgentIds: c.ronaAgentIds,
    transferred: answered && c.state === 'transferred',
  };
}

export type ChainSummary = {
  outcome: Exclude<Outcome, 'self_service'>;
  waitMs: number;
  requestType: string | null;
};

/**
 * A chain's outcome from its legs (in any order; the root first by entry): answered when any leg was
 * answered, with the wait from the root's entry to the first answer; otherwise the last leg's outcome
 * and the wait until it left.
 */
export type ChainLeg = Pick<
  Leg,
  'id' | 'enteredAt' | 'answeredAt' | 'endedAt' | 'completedAt' | 'outcome' | 'requestType'
>;

export function chainOf(rootEnteredAt: Date, legs: ReadonlyArray<ChainLeg>): ChainSummary | null {
  if (legs.length === 0) return null;
  const sorted = [...legs].sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || a.id.localeCompare(b.id));
  const root = rootEnteredAt.getTime();
  const answered = sorted.filter((l) => l.answeredAt);
  const withType = sorted.filter((l) => l.requestType);
  const requestType = withType.length > 0 ? withType[withType.length - 1]!.requestType : null;
  if (answered.length > 0) {
    return { outcome: 'answered', waitMs: Math.max(0, answered[0]!.answeredAt!.getTime() - root), requestType };
  }
  const last = sorted[sorted.length - 1]!;
  if (last.outcome === 'waiting') return { outcome: 'waiting', waitMs: 0, requestType };
  const left = (last.endedAt ?? last.completedAt ?? last.enteredAt).getTime();
  return {
    outcome: last.outcome === 'abandoned' ? 'abandoned' : 'moved',
    waitMs: Math.max(0, left - root),
    requestType,
  };
}
