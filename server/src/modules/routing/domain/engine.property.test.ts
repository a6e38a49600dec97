/**
 * Property-based tests for the ACD routing engine (issue "ACD", section "Proof"): random centres
 * (queues with strategies, skills and relaxation steps; agents with skills, capacity and
 * memberships) and random sequences of arrivals and agent behaviour on a clock that only moves
 * forward. The clock is driven the way the engine's contract asks: `tick(t)` at every
 * `nextWakeAt()` up to the next command's time.
 *
 * A failing property prints a reproduction: the engine calls, in order, that break the rule, with
 * the offers each call returned as comments — paste it into a plain test to debug.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRoutingEngine } from './engine';
import { S, scenarioArb } from './engine-scenarios';
import { apply, type Call, type Check, setUp, simulate, type Tracked, type World } from './engine-simulation';
import {
  type AgentConfig,
  DEFAULT_CAPACITY,
  type QueueConfig,
  type RelaxationStep,
  type SkillRequirement,
} from './model';

/** Runs per property; `FC_RUNS=10000 npx vitest run <this file>` searches harder. */
const RUNS = Number(process.env.FC_RUNS ?? 300);

// ---- the rules, recomputed from the configuration --------------------------------------------

const queueOf = (w: World, id: string) => w.center.queues.find((q) => q.id === id)!;
const agentOf = (w: World, id: string) => w.center.agents.find((a) => a.id === id)!;

/** The relaxation steps the contact reached after waiting `waited` ms; they apply cumulatively. */
function stepsReached(q: QueueConfig, waited: number): RelaxationStep[] {
  return q.relaxation.filter((s) => waited >= s.afterSeconds * S);
}

/** Every overflow group opened so far. */
function overflowSoFar(q: QueueConfig, waited: number): string[] {
  return stepsReached(q, waited).flatMap((s) => s.overflowQueues ?? []);
}

/** The skills required now: the lowest level cap reached so far; none once any step dropped them. */
function requiredSkills(q: QueueConfig, c: Tracked, now: number): SkillRequirement[] {
  const base = c.input.skills ?? q.skills;
  const steps = stepsReached(q, now - c.enqueuedAt);
  if (steps.some((s) => s.anySkill)) return [];
  const cap = Math.min(...steps.map((s) => s.maxLevel ?? Number.POSITIVE_INFINITY));
  return base.map((r) => ({ skill: r.skill, minLevel: Math.min(r.minLevel, cap) }));
}

function missingSkill(a: AgentConfig, required: SkillRequirement[]): string | null {
  for (const r of required) {
    const level = a.skills[r.skill] ?? 0;
    if (level < r.minLevel) return `${r.skill} ${level} < ${r.minLevel}`;
  }
  return null;
}

/**
 * Eligibility apart from the offer the agent holds, recomputed from the configuration, the
 * engine's view of the agent (presence, wrap-up, connected contacts) and the test's record of the
 * contact. Used only where `whyNot` answers "has an offer pending" for an offer just made.
 */
function whyNotApartFromOffer(w: World, agentId: string, c: Tracked, now: number): string | null {
  const a = agentOf(w, agentId);
  const seen = w.engine.inspect().agents.find((x) => x.id === agentId)!;
  if (seen.presence !== 'ready') return seen.presence;
  if (seen.wrapUpUntil !== null && seen.wrapUpUntil > now) return 'in wrap-up';
  const ch = c.input.channel;
  const active = seen.active.map(([, channel]) => channel);
  if (active.includes('voice') || (ch === 'voice' && active.length > 0)) return 'voice excludes others';
  if (active.filter((x) => x === ch).length >= (a.capacity[ch] ?? DEFAULT_CAPACITY[ch])) return 'at capacity';
  if (c.declinedBy.has(agentId)) return 'rejected it';
  const q = queueOf(w, c.input.queueId);
  const waited = now - c.enqueuedAt;
  const own = a.memberships.find((m) => m.queueId === q.id);
  const viaOwn = own !== undefined && waited >= own.delaySeconds * S;
  const overflow = overflowSoFar(q, waited);
  const viaOverflow = a.memberships.some((m) => overflow.includes(m.queueId));
  if (!viaOwn && !viaOverflow) return own ? 'membership delay' : 'not a member';
  const missing = missingSkill(a, requiredSkills(q, c, now));
  if (missing) return missing;
  const preferred = c.input.preferredAgentId;
  if (
    q.strategy === 'preferred_agent' &&
    preferred &&
    preferred !== agentId &&
    w.center.agents.some((x) => x.id === preferred) &&
    waited < q.preferredAgentSeconds * S
  )
    return 'waiting for the preferred agent';
  return null;
}

function describeCall({ cmd, offers }: Call): string {
  return `after ${cmd.op} at ${cmd.at} (offers: ${offers.map((o) => `${o.contactId} → ${o.agentId}`).join(', ') || 'none'})`;
}

// ---- the properties -------------------------------------------------------------------------

const neverWithoutSkills: Check = (w, call) => {
  for (const o of call.offers) {
    const c = w.contacts.get(o.contactId)!;
    const q = queueOf(w, c.input.queueId);
    if (o.at !== call.cmd.at) throw new Error(`offer of ${o.contactId} dated ${o.at}, made at ${call.cmd.at}`);
    if (o.queueId !== q.id) throw new Error(`offer of ${o.contactId} names queue ${o.queueId}, not ${q.id}`);
    const required = requiredSkills(q, c, o.at);
    const missing = missingSkill(agentOf(w, o.agentId), required);
    if (missing)
      throw new Error(
        `${o.contactId} (waited ${(o.at - c.enqueuedAt) / S}s in ${q.id}) offered to ${o.agentId} without ${missing} (requires ${JSON.stringify(required)}) ${describeCall(call)}`,
      );
  }
};

const neverOverCapacity: Check = (w, call) => {
  const view = w.engine.inspect();
  for (const a of view.agents) {
    const cfg = agentOf(w, a.id);
    const channels = a.active.map(([, ch]) => ch);
    for (const ch of new Set(channels)) {
      const n = channels.filter((x) => x === ch).length;
      const cap = cfg.capacity[ch] ?? DEFAULT_CAPACITY[ch];
      if (n > cap) throw new Error(`${a.id} holds ${n} ${ch} contacts, capacity ${cap}, ${describeCall(call)}`);
    }
    if (channels.includes('voice') && channels.length > 1)
      throw new Error(`${a.id} holds a voice contact with others [${channels.join(', ')}] ${describeCall(call)}`);
    const offered = view.contacts.filter((c) => c.state === 'offered' && c.agentId === a.id).map((c) => c.id);
    if (offered.length > 1) throw new Error(`${a.id} holds offers [${offered.join(', ')}] ${describeCall(call)}`);
  }
};

const firstComeFirstServed: Check = (w, call) => {
  const now = call.cmd.at;
  const held = new Map(w.engine.inspect().agents.map((a) => [a.id, a.offer]));
  call.offers.forEach((o, k) => {
    const c = w.contacts.get(o.contactId)!;
    // Waiting just before this offer: what still waits now, and what later offers of this call took.
    const laterOffered = new Set(call.offers.slice(k + 1).map((x) => x.contactId));
    for (const older of w.contacts.values()) {
      const waitingThen = older.state === 'queued' || laterOffered.has(older.input.id);
      if (!waitingThen || older.input.queueId !== c.input.queueId || older.input.priority !== c.input.priority)
        continue;
      const earlier =
        older.enqueuedAt < c.enqueuedAt || (older.enqueuedAt === c.enqueuedAt && older.arrival < c.arrival);
      if (!earlier) continue;
      let why = w.engine.whyNot(o.agentId, older.input.id, now);
      // whyNot sees the offer just made; just before it the agent held none.
      if (why === 'has an offer pending' && held.get(o.agentId) === o.contactId)
        why = whyNotApartFromOffer(w, o.agentId, older, now);
      if (why === null)
        throw new Error(
          `${o.contactId} (queue ${c.input.queueId}, priority ${c.input.priority}, arrived ${c.enqueuedAt}) offered to ${o.agentId} while the older ${older.input.id} (arrived ${older.enqueuedAt}) was waiting and eligible for ${o.agentId}, ${describeCall(call)}`,
        );
    }
  });
};

const noContactWaitsBesideAnEligibleAgent: Check = (w, call) => {
  const now = call.cmd.at;
  for (const c of w.contacts.values()) {
    if (c.state !== 'queued') continue;
    for (const a of w.center.agents) {
      if (w.engine.whyNot(a.id, c.input.id, now) === null)
        throw new Error(
          `${c.input.id} waits in ${c.input.queueId} while ${a.id} (${w.engine.agentState(a.id, now)}) is eligible for it, ${describeCall(call)}`,
        );
    }
  }
};

const noAgentStaysReserved: Check = (w, call) => {
  const now = call.cmd.at;
  const holder = call.endedOfferOf;
  if (holder && w.engine.agentState(holder, now) === 'reserved' && !call.offers.some((o) => o.agentId === holder))
    throw new Error(`${holder} is still reserved ${describeCall(call)}`);
  const view = w.engine.inspect();
  for (const a of view.agents) {
    if (a.offer === null) continue;
    const c = view.contacts.find((x) => x.id === a.offer);
    if (c?.state !== 'offered' || c.agentId !== a.id)
      throw new Error(
        `${a.id} holds an offer of ${a.offer}, which is ${JSON.stringify(c ?? 'gone')}, ${describeCall(call)}`,
      );
  }
  for (const c of view.contacts) {
    if (c.state === 'offered' && view.agents.find((a) => a.id === c.agentId)?.offer !== c.id)
      throw new Error(`${c.id} is offered to ${c.agentId}, who does not hold it, ${describeCall(call)}`);
  }
};

const property = (check: Check) =>
  fc.assert(
    fc.property(scenarioArb, (scn) => {
      simulate(scn, check);
    }),
    { numRuns: RUNS },
  );

describe('routing engine properties (random centres, arrivals and agent behaviour)', () => {
  it('never offers a contact to an agent without the skills its current relaxation step requires', () => {
    property(neverWithoutSkills);
  });

  it('never puts an agent over capacity: per channel, voice alone, one pending offer', () => {
    property(neverOverCapacity);
  });

  it('serves first come first served within a queue and priority', () => {
    property(firstComeFirstServed);
  });

  it('leaves no contact waiting while an agent eligible for it is free', () => {
    property(noContactWaitsBesideAnEligibleAgent);
  });

  it('leaves no agent reserved after its offer ended, and no offer pointing at the wrong contact', () => {
    property(noAgentStaysReserved);
  });

  it('is deterministic: the same calls on a fresh engine make exactly the same offers', () => {
    fc.assert(
      fc.property(scenarioArb, (scn) => {
        const first = simulate(scn, () => {});
        const again = setUp(first.center);
        const replayed = first.calls.map(({ cmd }) => ({ cmd, offers: apply(again, cmd) }));
        expect(replayed).toEqual(first.calls);
        expect(again.inspect()).toEqual(first.engine.inspect());
      }),
      { numRuns: RUNS },
    );
  });
});

// ---- examples ---------------------------------------------------------------------------------

describe('routing engine examples', () => {
  const billing = (over: Partial<QueueConfig> = {}): QueueConfig => ({
    id: 'billing',
    strategy: 'longest_idle',
    skills: [],
    relaxation: [],
    preferredAgentSeconds: 0,
    ...over,
  });
  const member = (id: string, skills: Record<string, number> = {}): AgentConfig => ({
    id,
    skills,
    capacity: {},
    memberships: [{ queueId: 'billing', priority: 1, delaySeconds: 0 }],
  });

  it('serves a VIP (priority 2) before an older priority-0 contact of the same queue', () => {
    const e = createRoutingEngine();
    e.upsertQueue(billing());
    e.upsertAgent(member('a1'), 0);
    expect(e.enqueue({ id: 'regular', channel: 'voice', queueId: 'billing', priority: 0 }, 0)).toEqual([]);
    expect(e.enqueue({ id: 'vip', channel: 'voice', queueId: 'billing', priority: 2 }, 30 * S)).toEqual([]);
    expect(e.waiting('billing').map((c) => c.id)).toEqual(['vip', 'regular']);

    expect(e.setPresence('a1', 'ready', 40 * S)).toMatchObject([{ contactId: 'vip', agentId: 'a1' }]);
    e.accept('vip', 41 * S);
    expect(e.end('vip', 100 * S, 0)).toMatchObject([{ contactId: 'regular', agentId: 'a1' }]);
  });

  it('offers a contact to a lower-skilled ready agent exactly when it reaches a relaxation step', () => {
    const e = createRoutingEngine();
    e.upsertQueue(billing({ skills: [{ skill: 's1', minLevel: 4 }], relaxation: [{ afterSeconds: 30, maxLevel: 2 }] }));
    e.upsertAgent(member('junior', { s1: 2 }), 0);
    e.setPresence('junior', 'ready', 0);

    expect(e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, 5 * S)).toEqual([]);
    expect(e.whyNot('junior', 'c1', 5 * S)).toBe('s1 2 < 4');
    expect(e.nextWakeAt(5 * S)).toBe(35 * S);
    expect(e.tick(35 * S - 1)).toEqual([]);
    expect(e.tick(35 * S)).toMatchObject([
      { contactId: 'c1', agentId: 'junior', at: 35 * S, explanation: { step: 1 } },
    ]);
    expect(e.agentState('junior', 35 * S)).toBe('reserved');
  });
});
