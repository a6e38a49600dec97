/**
 * The digital twin (issue 17): a discrete-event simulation of a contact centre in virtual time that
 * routes with the production ACD engine, so what it predicts follows the same rules — skills,
 * strategies, relaxation, membership priorities and delays, wrap-up — as the floor does.
 *
 * Each replication runs a fresh engine through one day: Poisson arrivals at each interval's
 * forecast rate, handle times and patience drawn per contact, agents logging in and out by their
 * shifts. An offer is answered at once (no ring time). The engine's own timer (nextWakeAt) is
 * honoured with a wake event, so time rules fire exactly when the production timer would fire
 * them. Replications differ only in their random streams; the figures are means over them with
 * 95 % confidence intervals.
 */
import { EventQueue } from './simulation-events';
import type {
  AcdEngine,
  AcdOffer,
  IntervalResult,
  QueueFigures,
  SimRandom,
  SimulationInput,
  SimulationOptions,
  SimulationPorts,
  SimulationResult,
} from './simulation-model';
import { type Plan, planOf } from './simulation-plan';
import {
  addTally,
  F_ABANDONED,
  F_ANSWERED,
  F_ARRIVALS,
  F_SHORT,
  F_WAIT_ALL,
  F_WAIT_ANSWERED,
  F_WITHIN,
  figuresOf,
  type RawCenterFigures,
  type RawFigures,
  ratio,
  summarize,
  summarizeCenter,
  TALLY,
} from './simulation-stats';

/** What one replication leaves behind: counts per interval and queue, agent time per interval. */
type Replication = { tally: Float64Array; busyMs: Float64Array; idleMs: Float64Array; contacts: number };

export function runSimulation(
  input: SimulationInput,
  ports: SimulationPorts,
  options: SimulationOptions = {},
): SimulationResult {
  const plan = planOf(input);
  const warmUp = input.warmUpIntervals ?? 0;
  const K = plan.intervals;
  const Q = plan.queues.length;
  const cells: RawFigures[][] = Array.from({ length: K * Q }, () => []);
  const intervalTotals: RawCenterFigures[][] = Array.from({ length: K }, () => []);
  const queueTotals: RawFigures[][] = Array.from({ length: Q }, () => []);
  const total: RawCenterFigures[] = [];
  let contacts = 0;
  for (let r = 0; r < input.replications; r++) {
    const rep = replicate(plan, ports, r);
    contacts += rep.contacts;
    const byInterval = new Float64Array(K * TALLY);
    const byQueue = new Float64Array(Q * TALLY);
    const all = new Float64Array(TALLY);
    let busy = 0;
    let idle = 0;
    for (let k = 0; k < K; k++) {
      for (let q = 0; q < Q; q++) {
        cells[k * Q + q]!.push(figuresOf(rep.tally, k * Q + q));
        addTally(byInterval, k, rep.tally, k * Q + q);
        if (k >= warmUp) addTally(byQueue, q, rep.tally, k * Q + q);
      }
      const occupancy = ratio(rep.busyMs[k]!, rep.busyMs[k]! + rep.idleMs[k]!);
      intervalTotals[k]!.push({ ...figuresOf(byInterval, k), occupancy });
      if (k >= warmUp) {
        addTally(all, 0, byInterval, k);
        busy += rep.busyMs[k]!;
        idle += rep.idleMs[k]!;
      }
    }
    for (let q = 0; q < Q; q++) queueTotals[q]!.push(figuresOf(byQueue, q));
    total.push({ ...figuresOf(all, 0), occupancy: ratio(busy, busy + idle) });
    options.onReplication?.(r + 1, input.replications);
  }
  const ids = plan.queues.map((q) => q.acd.id);
  const byId = (of: (q: number) => QueueFigures) => Object.fromEntries(ids.map((id, q) => [id, of(q)]));
  const intervals: IntervalResult[] = intervalTotals.map((reps, k) => ({
    index: k,
    startSeconds: (k * plan.intervalMs) / 1000,
    total: summarizeCenter(reps),
    queues: byId((q) => summarize(cells[k * Q + q]!)),
  }));
  return {
    replications: input.replications,
    contacts,
    intervals,
    queues: byId((q) => summarize(queueTotals[q]!)),
    total: summarizeCenter(total),
  };
}

const WAITING = 0;
const ANSWERED = 1;
const ABANDONED = 2;

/** One day through a fresh engine. */
function replicate(plan: Plan, ports: SimulationPorts, r: number): Replication {
  const K = plan.intervals;
  const Q = plan.queues.length;
  const I = plan.intervalMs;
  const horizon = K * I;
  const engine: AcdEngine = ports.createEngine();
  const events = new EventQueue();
  // Per queue, one stream for arrival times and one for what each contact brings (handle time,
  // patience): a change of staffing leaves every contact as it was (common random numbers), so
  // two what-ifs differ by the change and not by the draw.
  const arrivalsRng: SimRandom[] = [];
  const contactRng: SimRandom[] = [];
  for (const q of plan.queues) {
    arrivalsRng.push(ports.random(`${plan.seed}/${r}/${q.acd.id}/arrivals`));
    contactRng.push(ports.random(`${plan.seed}/${r}/${q.acd.id}/contacts`));
  }

  const tally = new Float64Array(K * Q * TALLY);
  const busyMs = new Float64Array(K);
  const idleMs = new Float64Array(K);

  // Contacts by index (their engine id is the index as a string).
  const arrivedAt: number[] = [];
  const groupOf: number[] = [];
  const queueOf: number[] = [];
  const handleMs: number[] = [];
  const stateOf: number[] = [];
  const agentOfContact: number[] = [];

  // Agents by index: what occupancy needs (contacts in hand, wrap-up end, logged in, accounted until).
  const A = plan.agents.length;
  const agentIndex = new Map<string, number>();
  const active = new Int32Array(A);
  const workEnd = new Float64Array(A);
  const loggedIn = new Uint8Array(A);
  const mark = new Float64Array(A);

  let now = 0;
  let pendingWake = Number.POSITIVE_INFINITY;

  /** Adds the part of [from, to) inside the day to the intervals it covers. */
  const addSpan = (into: Float64Array, from: number, to: number) => {
    let t = Math.max(from, 0);
    const stop = Math.min(to, horizon);
    for (let k = Math.floor(t / I); t < stop; k++) {
      const end = Math.min((k + 1) * I, stop);
      into[k]! += end - t;
      t = end;
    }
  };

  /** Books an agent's time since it was last accounted: handling (talk, wrap-up) or ready idle. */
  const settle = (a: number, t: number) => {
    const from = mark[a]!;
    if (t <= from) return;
    if (active[a]! > 0) addSpan(busyMs, from, t);
    else {
      const w = Math.min(Math.max(workEnd[a]!, from), t);
      if (w > from) addSpan(busyMs, from, w);
      if (loggedIn[a] === 1 && t > w) addSpan(idleMs, w, t);
    }
    mark[a] = t;
  };

  const take = (offers: AcdOffer[]) => {
    for (const o of offers) answer(o);
  };

  const answer = (o: AcdOffer) => {
    const c = Number(o.contactId);
    const a = agentIndex.get(o.agentId)!;
    const q = queueOf[c]!;
    const wait = now - arrivedAt[c]!;
    const at = groupOf[c]! * TALLY;
    stateOf[c] = ANSWERED;
    agentOfContact[c] = a;
    tally[at + F_ANSWERED]!++;
    if (wait <= plan.queues[q]!.serviceLevelMs) tally[at + F_WITHIN]!++;
    tally[at + F_WAIT_ANSWERED]! += wait;
    tally[at + F_WAIT_ALL]! += wait;
    settle(a, now);
    active[a]!++;
    events.push(now + handleMs[c]!, 'end', c);
    take(engine.accept(o.contactId, now));
  };

  /** The next arrival of a queue after `t` (infinity: none today), by the piecewise-constant rate. */
  const nextArrival = (q: number, t: number): number => {
    const rates = plan.queues[q]!.rates;
    let e = arrivalsRng[q]!.exponential(1);
    for (let k = Math.floor(t / I); k < K; k++) {
      const rate = rates[k]!;
      const end = (k + 1) * I;
      const room = rate * (end - t);
      if (e < room) return t + e / rate;
      e -= room;
      t = end;
    }
    return Number.POSITIVE_INFINITY;
  };

  const arrive = (q: number) => {
    const queue = plan.queues[q]!;
    const c = arrivedAt.length;
    const rng = contactRng[q]!;
    arrivedAt.push(now);
    queueOf.push(q);
    const k = Math.min(Math.floor(now / I), K - 1);
    groupOf.push(k * Q + q);
    handleMs.push((queue.handleByInterval?.[k] ?? queue.handle)(rng) * 1000);
    stateOf.push(WAITING);
    agentOfContact.push(-1);
    const patience = queue.patience ? queue.patience(rng) * 1000 : Number.POSITIVE_INFINITY;
    tally[groupOf[c]! * TALLY + F_ARRIVALS]!++;
    if (Number.isFinite(patience)) events.push(now + patience, 'abandon', c);
    take(
      engine.enqueue({ id: String(c), channel: queue.channel, queueId: queue.acd.id, priority: queue.priority }, now),
    );
    const next = nextArrival(q, now);
    if (next < horizon) events.push(next, 'arrival', q);
  };

  const end = (c: number) => {
    const a = agentOfContact[c]!;
    const wrapUp = plan.agents[a]!.wrapUpSeconds;
    settle(a, now);
    active[a]!--;
    workEnd[a] = Math.max(workEnd[a]!, now + wrapUp * 1000);
    take(engine.end(String(c), now, wrapUp));
  };

  const abandon = (c: number) => {
    if (stateOf[c] !== WAITING) return;
    stateOf[c] = ABANDONED;
    const at = groupOf[c]! * TALLY;
    const wait = now - arrivedAt[c]!;
    if (wait < plan.shortAbandonMs) tally[at + F_SHORT]!++;
    else {
      tally[at + F_ABANDONED]!++;
      tally[at + F_WAIT_ALL]! += wait;
    }
    take(engine.abandon(String(c), now));
  };

  const presence = (a: number, on: boolean) => {
    settle(a, now);
    loggedIn[a] = on ? 1 : 0;
    take(engine.setPresence(plan.agents[a]!.acd.id, on ? 'ready' : 'logged_out', now));
  };

  for (const q of plan.queues) engine.upsertQueue(q.acd, 0);
  plan.agents.forEach((agent, a) => {
    agentIndex.set(agent.acd.id, a);
    engine.upsertAgent(agent.acd, 0);
    for (const t of agent.logIns) events.push(t, 'logIn', a);
    for (const t of agent.logOuts) events.push(t, 'logOut', a);
  });
  for (let q = 0; q < Q; q++) {
    const first = nextArrival(q, 0);
    if (first < horizon) events.push(first, 'arrival', q);
  }

  for (let e = events.pop(); e; e = events.pop()) {
    now = e.at;
    switch (e.kind) {
      case 'arrival':
        arrive(e.ref);
        break;
      case 'end':
        end(e.ref);
        break;
      case 'abandon':
        abandon(e.ref);
        break;
      case 'logIn':
        presence(e.ref, true);
        break;
      case 'logOut':
        presence(e.ref, false);
        break;
      case 'wake':
        // A wake superseded by an earlier one is stale: the earlier wake asked the engine again.
        if (e.at !== pendingWake) break;
        pendingWake = Number.POSITIVE_INFINITY;
        take(engine.tick(now));
        break;
    }
    // Once everything due at this moment is done, the engine's timer is set like production's.
    if (events.peekAt() !== now) {
      const wake = engine.nextWakeAt(now);
      if (wake !== null && wake < pendingWake) {
        pendingWake = wake;
        events.push(wake, 'wake', 0);
      }
    }
  }
  const close = Math.max(now, horizon);
  for (let a = 0; a < A; a++) settle(a, close);
  return { tally, busyMs, idleMs, contacts: arrivedAt.length };
}
