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
import { createRoutingEngine, type RoutingEngine } from './engine';
import {
  type AgentConfig,
  type Channel,
  type ContactInput,
  DEFAULT_CAPACITY,
  type Offer,
  type Presence,
  type QueueConfig,
  type RelaxationStep,
  type SkillRequirement,
  STRATEGIES,
} from './model';

const S = 1000;
/** Runs per property; `FC_RUNS=10000 npx vitest run <this file>` searches harder. */
const RUNS = Number(process.env.FC_RUNS ?? 300);
const SKILLS = ['s1', 's2', 's3', 's4'] as const;
/** After the last command the clock runs on this long (through every wake) so time rules get exercised. */
const QUIET_SECONDS = 120;

// ---- random scenarios ----------------------------------------------------------------------
// Queues and agents refer to each other by raw numbers, resolved modulo the real counts, so that
// fast-check can shrink the number of queues and agents freely.

const queueArb = fc.record({
  strategy: fc.constantFrom(...STRATEGIES),
  skills: fc.uniqueArray(fc.record({ skill: fc.constantFrom(...SKILLS), minLevel: fc.integer({ min: 1, max: 5 }) }), {
    maxLength: 2,
    selector: (r) => r.skill,
  }),
  relaxation: fc.array(
    fc.record({
      /** Seconds after the previous step (the first step may apply at once). */
      gap: fc.integer({ min: 0, max: 40 }),
      maxLevel: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      anySkill: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      /** Offsets to other queues. */
      overflow: fc.uniqueArray(fc.nat(2), { maxLength: 2 }),
    }),
    { maxLength: 2 },
  ),
  preferredAgentSeconds: fc.integer({ min: 0, max: 30 }),
});

const agentArb = fc.record({
  /** Level in s1..s4; 0 (drawn 3 times in 8): the agent lacks the skill. */
  levels: fc.tuple(...SKILLS.map(() => fc.integer({ min: -2, max: 5 }).map((x) => Math.max(0, x)))),
  /** Goes ready at 0 s (otherwise the agent starts logged out). */
  startsReady: fc.boolean(),
  voice: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  chat: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  memberships: fc.array(
    fc.record({ queue: fc.nat(3), priority: fc.integer({ min: 1, max: 3 }), delaySeconds: fc.constantFrom(0, 10) }),
    { minLength: 1, maxLength: 3 },
  ),
});

/** `pick` chooses among the contacts the command applies to (modulo their number). */
const commandArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('enqueue' as const),
      channel: fc.constantFrom<Channel>('voice', 'chat', 'task'),
      queue: fc.nat(3),
      priority: fc.integer({ min: 0, max: 2 }),
      /** An agent index; one past the last agent is an agent the engine does not know. */
      preferred: fc.option(fc.nat(8), { nil: undefined }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('setPresence' as const),
      agent: fc.nat(7),
      presence: fc.oneof(
        { weight: 3, arbitrary: fc.constant<Presence>('ready') },
        { weight: 1, arbitrary: fc.constant<Presence>('not_ready') },
        { weight: 1, arbitrary: fc.constant<Presence>('logged_out') },
      ),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('accept' as const), pick: fc.nat(15) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('decline' as const),
      pick: fc.nat(15),
      why: fc.constantFrom<'timeout' | 'rejected'>('timeout', 'rejected'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('end' as const),
      pick: fc.nat(15),
      wrapUpSeconds: fc.integer({ min: 0, max: 30 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('finishWrapUp' as const), agent: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('abandon' as const), pick: fc.nat(15) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tick' as const) }) },
);

const scenarioArb = fc.record({
  queues: fc.array(queueArb, { minLength: 1, maxLength: 4 }),
  agents: fc.array(agentArb, { minLength: 1, maxLength: 8 }),
  // size 'max': lengths spread over 0–60 (fast-check's default size keeps arrays to about ten).
  steps: fc.array(fc.record({ dt: fc.integer({ min: 0, max: 20 }), command: commandArb }), {
    maxLength: 60,
    size: 'max',
  }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
type RawCommand = Scenario['steps'][number]['command'];
type Center = { queues: QueueConfig[]; agents: AgentConfig[] };

function buildCenter(scn: Scenario): Center {
  const nq = scn.queues.length;
  const queues = scn.queues.map((raw, qi): QueueConfig => {
    let after = 0;
    const relaxation = raw.relaxation.map((r, i): RelaxationStep => {
      after = i === 0 ? r.gap : after + Math.max(1, r.gap);
      const overflow = [
        ...new Set(r.overflow.filter(() => nq > 1).map((o) => `q${((qi + 1 + (o % (nq - 1))) % nq) + 1}`)),
      ];
      return {
        afterSeconds: after,
        ...(r.maxLevel !== undefined ? { maxLevel: r.maxLevel } : {}),
        ...(r.anySkill ? { anySkill: true } : {}),
        ...(overflow.length > 0 ? { overflowQueues: overflow } : {}),
      };
    });
    return {
      id: `q${qi + 1}`,
      strategy: raw.strategy,
      skills: raw.skills,
      relaxation,
      preferredAgentSeconds: raw.preferredAgentSeconds,
    };
  });
  const agents = scn.agents.map((raw, ai): AgentConfig => {
    const skills: Record<string, number> = {};
    raw.levels.forEach((level, i) => {
      if (level > 0) skills[SKILLS[i]!] = level;
    });
    const capacity: AgentConfig['capacity'] = {};
    if (raw.voice !== undefined) capacity.voice = raw.voice;
    if (raw.chat !== undefined) capacity.chat = raw.chat;
    const memberships: AgentConfig['memberships'] = [];
    for (const m of raw.memberships) {
      const queueId = `q${(m.queue % nq) + 1}`;
      if (!memberships.some((x) => x.queueId === queueId))
        memberships.push({ queueId, priority: m.priority, delaySeconds: m.delaySeconds });
    }
    return { id: `a${ai + 1}`, skills, capacity, memberships };
  });
  return { queues, agents };
}

// ---- driving the engine --------------------------------------------------------------------

/** A resolved engine call: what the reproduction prints and the determinism replay runs. */
type Cmd =
  | { op: 'enqueue'; at: number; contact: ContactInput }
  | { op: 'setPresence'; at: number; agentId: string; presence: Presence }
  | { op: 'accept'; at: number; contactId: string }
  | { op: 'decline'; at: number; contactId: string; why: 'timeout' | 'rejected' }
  | { op: 'end'; at: number; contactId: string; wrapUpSeconds: number }
  | { op: 'finishWrapUp'; at: number; agentId: string }
  | { op: 'abandon'; at: number; contactId: string }
  | { op: 'tick'; at: number; wake: boolean };

/** The test's own record of each contact, kept from the commands and the offers returned. */
type Tracked = {
  input: ContactInput;
  enqueuedAt: number;
  /** Order of arrival: breaks ties between equal enqueue times. */
  arrival: number;
  state: 'queued' | 'offered' | 'connected';
  agentId: string | null;
  /** Agents who rejected it. */
  declinedBy: Set<string>;
};

type World = {
  engine: RoutingEngine;
  center: Center;
  contacts: Map<string, Tracked>;
  calls: Array<{ cmd: Cmd; offers: Offer[] }>;
};

/** One engine call and what it returned; `endedOfferOf` is the agent whose offer the call ended. */
type Call = { cmd: Cmd; offers: Offer[]; endedOfferOf: string | null };
type Check = (w: World, call: Call) => void;

function setUp(center: Center): RoutingEngine {
  const engine = createRoutingEngine();
  for (const q of center.queues) engine.upsertQueue(q);
  for (const a of center.agents) engine.upsertAgent(a, 0);
  return engine;
}

function apply(e: RoutingEngine, c: Cmd): Offer[] {
  switch (c.op) {
    case 'enqueue':
      return e.enqueue(c.contact, c.at);
    case 'setPresence':
      return e.setPresence(c.agentId, c.presence, c.at, c.presence === 'not_ready' ? '小休' : null);
    case 'accept':
      return e.accept(c.contactId, c.at);
    case 'decline':
      return e.decline(c.contactId, c.at, c.why);
    case 'end':
      return e.end(c.contactId, c.at, c.wrapUpSeconds);
    case 'finishWrapUp':
      return e.finishWrapUp(c.agentId, c.at);
    case 'abandon':
      return e.abandon(c.contactId, c.at);
    case 'tick':
      return e.tick(c.at);
  }
}

function resolve(raw: RawCommand, w: World, at: number): Cmd | null {
  const agents = w.center.agents;
  const inState = (...states: Tracked['state'][]) => [...w.contacts.values()].filter((c) => states.includes(c.state));
  const choose = (from: Tracked[], pick: number) => (from.length > 0 ? from[pick % from.length]!.input.id : null);
  switch (raw.op) {
    case 'enqueue': {
      const input: ContactInput = {
        id: `c${w.calls.filter((x) => x.cmd.op === 'enqueue').length + 1}`,
        channel: raw.channel,
        queueId: w.center.queues[raw.queue % w.center.queues.length]!.id,
        priority: raw.priority,
      };
      if (raw.preferred !== undefined) {
        const i = raw.preferred % (agents.length + 1);
        input.preferredAgentId = i < agents.length ? agents[i]!.id : 'a-unknown';
      }
      return { op: 'enqueue', at, contact: input };
    }
    case 'setPresence':
      return { op: 'setPresence', at, agentId: agents[raw.agent % agents.length]!.id, presence: raw.presence };
    case 'accept': {
      const contactId = choose(inState('offered'), raw.pick);
      return contactId ? { op: 'accept', at, contactId } : null;
    }
    case 'decline': {
      const contactId = choose(inState('offered'), raw.pick);
      return contactId ? { op: 'decline', at, contactId, why: raw.why } : null;
    }
    case 'end': {
      const contactId = choose(inState('connected'), raw.pick);
      return contactId ? { op: 'end', at, contactId, wrapUpSeconds: raw.wrapUpSeconds } : null;
    }
    case 'finishWrapUp':
      return { op: 'finishWrapUp', at, agentId: agents[raw.agent % agents.length]!.id };
    case 'abandon': {
      const contactId = choose(inState('queued', 'offered'), raw.pick);
      return contactId ? { op: 'abandon', at, contactId } : null;
    }
    case 'tick':
      return { op: 'tick', at, wake: false };
  }
}

/** Keeps the test's record of the contacts in step with a call and the offers it returned. */
function record(w: World, cmd: Cmd, offers: Offer[]): void {
  switch (cmd.op) {
    case 'enqueue':
      w.contacts.set(cmd.contact.id, {
        input: cmd.contact,
        enqueuedAt: cmd.at,
        arrival: w.calls.length,
        state: 'queued',
        agentId: null,
        declinedBy: new Set(),
      });
      break;
    case 'accept':
      w.contacts.get(cmd.contactId)!.state = 'connected';
      break;
    case 'decline': {
      const c = w.contacts.get(cmd.contactId)!;
      if (cmd.why === 'rejected') c.declinedBy.add(c.agentId!);
      c.state = 'queued';
      c.agentId = null;
      break;
    }
    case 'end':
    case 'abandon':
      w.contacts.delete(cmd.contactId);
      break;
    case 'setPresence':
      // Leaving ready with an offer pending withdraws it: the contact waits again (and may be
      // offered to someone else by this same call).
      if (cmd.presence !== 'ready') {
        for (const c of w.contacts.values()) {
          if (c.state === 'offered' && c.agentId === cmd.agentId) {
            c.state = 'queued';
            c.agentId = null;
          }
        }
      }
      break;
    default:
      break;
  }
  for (const o of offers) {
    const c = w.contacts.get(o.contactId);
    if (!c) throw new Error(`offer of unknown contact ${o.contactId}`);
    c.state = 'offered';
    c.agentId = o.agentId;
  }
}

/**
 * Runs a scenario, calling `check` after every engine call (commands and the wake ticks between
 * them). Any error thrown is re-thrown with the reproduction appended.
 */
function simulate(scn: Scenario, check: Check): World {
  const center = buildCenter(scn);
  const w: World = { engine: setUp(center), center, contacts: new Map(), calls: [] };
  const call = (cmd: Cmd) => {
    const holder =
      cmd.op === 'accept' || cmd.op === 'decline' || cmd.op === 'abandon'
        ? (w.contacts.get(cmd.contactId)?.agentId ?? null)
        : null;
    const offers = apply(w.engine, cmd);
    record(w, cmd, offers);
    w.calls.push({ cmd, offers });
    sameContactsAsEngine(w);
    check(w, { cmd, offers, endedOfferOf: holder });
  };
  const runClockTo = (at: number, from: number) => {
    let now = from;
    for (let wake = w.engine.nextWakeAt(now); wake !== null && wake <= at; wake = w.engine.nextWakeAt(now)) {
      now = wake;
      call({ op: 'tick', at: wake, wake: true });
    }
  };
  let now = 0;
  try {
    scn.agents.forEach((raw, i) => {
      if (raw.startsReady) call({ op: 'setPresence', at: 0, agentId: center.agents[i]!.id, presence: 'ready' });
    });
    for (const step of scn.steps) {
      const at = now + step.dt * S;
      runClockTo(at, now);
      now = at;
      const cmd = resolve(step.command, w, at);
      if (cmd) call(cmd);
    }
    runClockTo(now + QUIET_SECONDS * S, now);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n\nReproduction:\n${reproduction(w)}\n`);
  }
  return w;
}

/** The test's record and the engine agree on every contact's state and agent. */
function sameContactsAsEngine(w: World): void {
  const engine = w.engine
    .inspect()
    .contacts.map((c) => `${c.id}:${c.state}:${c.agentId}`)
    .sort();
  const ours = [...w.contacts.values()].map((c) => `${c.input.id}:${c.state}:${c.agentId}`).sort();
  if (engine.join() !== ours.join())
    throw new Error(`engine contacts [${engine.join(', ')}] differ from the offers it returned [${ours.join(', ')}]`);
}

function reproduction(w: World): string {
  const lines = ['const e = createRoutingEngine();'];
  for (const q of w.center.queues) lines.push(`e.upsertQueue(${JSON.stringify(q)});`);
  for (const a of w.center.agents) lines.push(`e.upsertAgent(${JSON.stringify(a)}, 0);`);
  for (const { cmd, offers } of w.calls) {
    let line: string;
    switch (cmd.op) {
      case 'enqueue':
        line = `e.enqueue(${JSON.stringify(cmd.contact)}, ${cmd.at});`;
        break;
      case 'setPresence':
        line = `e.setPresence('${cmd.agentId}', '${cmd.presence}', ${cmd.at}${cmd.presence === 'not_ready' ? ", '小休'" : ''});`;
        break;
      case 'decline':
        line = `e.decline('${cmd.contactId}', ${cmd.at}, '${cmd.why}');`;
        break;
      case 'end':
        line = `e.end('${cmd.contactId}', ${cmd.at}, ${cmd.wrapUpSeconds});`;
        break;
      case 'finishWrapUp':
        line = `e.finishWrapUp('${cmd.agentId}', ${cmd.at});`;
        break;
      case 'tick':
        line = `e.tick(${cmd.at});${cmd.wake ? ' // nextWakeAt' : ''}`;
        break;
      default:
        line = `e.${cmd.op}('${cmd.contactId}', ${cmd.at});`;
    }
    const got = offers.map((o) => `${o.contactId} → ${o.agentId}`).join(', ');
    lines.push(got ? `${line} // offers ${got}` : line);
  }
  return lines.join('\n');
}

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
