/**
 * Drives the engine through a random scenario for the property tests, keeping the test's own record
 * of every contact, and prints a failing run as a reproduction (the engine calls in order, with the
 * offers each returned as comments — paste it into a plain test to debug).
 */
import { createRoutingEngine, type RoutingEngine } from './engine';
import { buildCenter, type Center, QUIET_SECONDS, type RawCommand, S, type Scenario } from './engine-scenarios';
import type { ContactInput, Offer, Presence } from './model';

// ---- driving the engine --------------------------------------------------------------------

/** A resolved engine call: what the reproduction prints and the determinism replay runs. */
export type Cmd =
  | { op: 'enqueue'; at: number; contact: ContactInput }
  | { op: 'setPresence'; at: number; agentId: string; presence: Presence }
  | { op: 'accept'; at: number; contactId: string }
  | { op: 'decline'; at: number; contactId: string; why: 'timeout' | 'rejected' }
  | { op: 'end'; at: number; contactId: string; wrapUpSeconds: number }
  | { op: 'finishWrapUp'; at: number; agentId: string }
  | { op: 'abandon'; at: number; contactId: string }
  | { op: 'tick'; at: number; wake: boolean };

/** The test's own record of each contact, kept from the commands and the offers returned. */
export type Tracked = {
  input: ContactInput;
  enqueuedAt: number;
  /** Order of arrival: breaks ties between equal enqueue times. */
  arrival: number;
  state: 'queued' | 'offered' | 'connected';
  agentId: string | null;
  /** Agents who rejected it. */
  declinedBy: Set<string>;
};

export type World = {
  engine: RoutingEngine;
  center: Center;
  contacts: Map<string, Tracked>;
  calls: Array<{ cmd: Cmd; offers: Offer[] }>;
};

/** One engine call and what it returned; `endedOfferOf` is the agent whose offer the call ended. */
export type Call = { cmd: Cmd; offers: Offer[]; endedOfferOf: string | null };
export type Check = (w: World, call: Call) => void;

export function setUp(center: Center): RoutingEngine {
  const engine = createRoutingEngine();
  for (const q of center.queues) engine.upsertQueue(q);
  for (const a of center.agents) engine.upsertAgent(a, 0);
  return engine;
}

export function apply(e: RoutingEngine, c: Cmd): Offer[] {
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
export function simulate(scn: Scenario, check: Check): World {
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
export function sameContactsAsEngine(w: World): void {
  const engine = w.engine
    .inspect()
    .contacts.map((c) => `${c.id}:${c.state}:${c.agentId}`)
    .sort();
  const ours = [...w.contacts.values()].map((c) => `${c.input.id}:${c.state}:${c.agentId}`).sort();
  if (engine.join() !== ours.join())
    throw new Error(`engine contacts [${engine.join(', ')}] differ from the offers it returned [${ours.join(', ')}]`);
}

export function reproduction(w: World): string {
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
