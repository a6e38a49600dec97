/**
 * The contact-centre simulation's vocabulary (issue 17, "Simulation (digital twin)"). Pure data.
 *
 * The simulation drives the production ACD routing engine, but a domain folder may not import
 * another module: the engine and the seeded random generator come in as ports (`SimulationPorts`),
 * wired by `wfm.simulation.ts` to routing's `createRoutingEngine` and platform's `seededRandom`.
 */
import type { Channel, RelaxationStep, SkillRequirement, Strategy } from '../../../../../contracts/routing';

// ---- ports ----------------------------------------------------------------------------------

/** An offer as the simulation reads it: which contact went to which agent. */
export type AcdOffer = { contactId: string; agentId: string };

export type AcdQueue = {
  id: string;
  strategy: Strategy;
  skills: SkillRequirement[];
  relaxation: RelaxationStep[];
  preferredAgentSeconds: number;
};

export type AcdAgent = {
  id: string;
  skills: Record<string, number>;
  capacity: Partial<Record<Channel, number>>;
  memberships: Membership[];
};

export type AcdContact = { id: string; channel: Channel; queueId: string; priority: number };

/** The part of the routing engine (routing's `RoutingEngine`) a simulation calls; times in ms. */
export type AcdEngine = {
  upsertQueue(cfg: AcdQueue, now?: number): AcdOffer[];
  upsertAgent(cfg: AcdAgent, now: number): AcdOffer[];
  setPresence(agentId: string, presence: 'ready' | 'logged_out', now: number): AcdOffer[];
  enqueue(input: AcdContact, now: number): AcdOffer[];
  accept(contactId: string, now: number): AcdOffer[];
  end(contactId: string, now: number, wrapUpSeconds: number): AcdOffer[];
  abandon(contactId: string, now: number): AcdOffer[];
  tick(now: number): AcdOffer[];
  nextWakeAt(now: number): number | null;
};

/** What the simulation draws from (platform's `Random` has these and more). */
export type SimRandom = {
  /** In [0, 1). */
  next(): number;
  exponential(mean: number): number;
  logNormal(median: number, sigma: number): number;
};

export type SimulationPorts = {
  /** A fresh engine per replication. */
  createEngine: () => AcdEngine;
  /** The same seed gives the same sequence. */
  random: (seed: string) => SimRandom;
};

// ---- input ----------------------------------------------------------------------------------

/**
 * A duration in seconds. Log-normal by mean and coefficient of variation (what a forecast gives)
 * or by median and sigma of the log (what a fit gives); exponential for the Erlang models;
 * empirical draws uniformly from observed values.
 */
export type Distribution =
  | { kind: 'lognormal'; mean: number; cv: number }
  | { kind: 'lognormal'; median: number; sigma: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'empirical'; seconds: readonly number[] };

export type Membership = { queueId: string; priority: number; delaySeconds: number };

export type SimQueue = {
  id: string;
  strategy: Strategy;
  skills: SkillRequirement[];
  relaxation?: RelaxationStep[];
  preferredAgentSeconds?: number;
  /** Default voice. */
  channel?: Channel;
  /** Contact priority (higher first). Default 0. */
  priority?: number;
  /** Expected contacts per interval (a forecast): Poisson arrivals at that rate within each interval. */
  volume: readonly number[];
  handle: Distribution;
  /**
   * Per interval, the handle time of contacts arriving in it (a forecast's AHT varies over the day);
   * `handle` where left out. Same length as `volume`.
   */
  handleByInterval?: readonly Distribution[];
  /** How long a caller waits before hanging up; null: nobody abandons. */
  patience: Distribution | null;
  /** "Answered within T" for this queue. Default: the simulation's `serviceLevelSeconds`. */
  serviceLevelSeconds?: number;
};

/** A stretch of intervals an agent is logged in and ready: [from, to) in interval indices. */
export type Shift = { from: number; to: number };

export type SimAgent = {
  id: string;
  skills: Record<string, number>;
  capacity?: Partial<Record<Channel, number>>;
  memberships: Membership[];
  /** After-call work per contact. Default 0. */
  wrapUpSeconds?: number;
  /** Default: every interval. */
  shifts?: readonly Shift[];
};

export type SimulationInput = {
  intervalSeconds: number;
  queues: readonly SimQueue[];
  agents: readonly SimAgent[];
  replications: number;
  seed: number | string;
  /** Default 20. */
  serviceLevelSeconds?: number;
  /**
   * Contacts that hang up sooner are short abandons: left out of offered, abandoned and service
   * level (DOMAIN.md, "KPIs"). Default 5; 0 counts every abandon (Erlang A).
   */
  shortAbandonSeconds?: number;
  /**
   * Leading intervals left out of the queue and centre totals (they still show per interval): a
   * steady-state study starts with an empty centre, which is not the state it wants to measure.
   */
  warmUpIntervals?: number;
};

/** What a caller of `runSimulation` may follow; it never changes the figures. */
export type SimulationOptions = {
  /** After each replication: `done` of `total` finished. */
  onReplication?: (done: number, total: number) => void;
};

// ---- output ---------------------------------------------------------------------------------

/**
 * A mean over replications with its 95 % confidence interval (Student's t). `n` counts the
 * replications that had a value (a rate needs a denominator); with n < 2 there is no interval and
 * low = high = mean.
 */
export type Estimate = { mean: number; low: number; high: number; n: number };

export type QueueFigures = {
  /** Arrivals less short abandons. */
  offered: Estimate;
  answered: Estimate;
  abandoned: Estimate;
  shortAbandoned: Estimate;
  /** Still waiting when the simulation ran out of events (no agent left, no patience). */
  unserved: Estimate;
  /** Answered within T ÷ offered (Kefu's definition; the Erlang C one when nobody abandons). */
  serviceLevel: Estimate | null;
  /** Answered within T ÷ answered. */
  serviceLevelOfAnswered: Estimate | null;
  /** Mean wait of answered contacts, seconds. */
  asaSeconds: Estimate | null;
  /** Mean wait of answered and abandoned contacts, seconds (Erlang A's wait over all arrivals). */
  meanWaitSeconds: Estimate | null;
  /** Abandoned ÷ offered. */
  abandonRate: Estimate | null;
};

/** Agents serve several queues, so occupancy is the centre's, not a queue's. */
export type CenterFigures = QueueFigures & {
  /** Handle time (talk and wrap-up) ÷ (handle time + ready idle time). */
  occupancy: Estimate | null;
};

export type IntervalResult = {
  index: number;
  startSeconds: number;
  total: CenterFigures;
  queues: Record<string, QueueFigures>;
};

export type SimulationResult = {
  replications: number;
  /** Contacts simulated over all replications. */
  contacts: number;
  intervals: IntervalResult[];
  /** Over the intervals after the warm-up. */
  queues: Record<string, QueueFigures>;
  total: CenterFigures;
};
