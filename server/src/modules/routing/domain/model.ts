/**
 * The ACD's vocabulary (DOMAIN.md, issue "ACD"). Pure data: no I/O. Times are epoch milliseconds
 * from the caller's clock, so the engine is deterministic given a clock and an event order — the
 * workforce simulation runs the same engine in virtual time.
 */
export const CHANNELS = ['voice', 'chat', 'email', 'sms', 'callback', 'task'] as const;
export type Channel = (typeof CHANNELS)[number];

export const STRATEGIES = ['longest_idle', 'most_skilled', 'least_occupied', 'round_robin', 'preferred_agent'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** A skill at a minimum proficiency (1–5). */
export type SkillRequirement = { skill: string; minLevel: number };

/**
 * Skill relaxation: from `afterSeconds` of waiting, required levels are capped at `maxLevel`
 * (≥ 4 now, ≥ 2 after 30 s…), or dropped (`anySkill`), and members of `overflowQueues` may take it.
 */
export type RelaxationStep = {
  afterSeconds: number;
  maxLevel?: number;
  anySkill?: boolean;
  overflowQueues?: string[];
};

export type QueueConfig = {
  id: string;
  strategy: Strategy;
  skills: SkillRequirement[];
  /** Steps in ascending `afterSeconds`; step 0 is the queue's own requirement. */
  relaxation: RelaxationStep[];
  /** preferred_agent: how long a contact waits for its last agent before normal routing. */
  preferredAgentSeconds: number;
};

/** An agent serves a queue with a priority (1 first) and, optionally, only after contacts waited `delaySeconds`. */
export type Membership = { queueId: string; priority: number; delaySeconds: number };

export type AgentConfig = {
  id: string;
  skills: Record<string, number>;
  /** Contacts at once per channel; voice excludes every other channel. Default: 1 voice, 3 chat, 1 email… */
  capacity: Partial<Record<Channel, number>>;
  memberships: Membership[];
};

export const DEFAULT_CAPACITY: Record<Channel, number> = { voice: 1, chat: 3, email: 1, sms: 3, callback: 1, task: 1 };

export type Presence = 'logged_out' | 'ready' | 'not_ready';
/** What supervisors see: presence, refined by the work in hand. */
export type AgentState = 'logged_out' | 'ready' | 'not_ready' | 'reserved' | 'busy' | 'wrap_up';

export type ContactInput = {
  id: string;
  channel: Channel;
  queueId: string;
  /** Higher first (VIP). */
  priority: number;
  /** Overrides the queue's skills for this contact (e.g. set by the IVR). */
  skills?: SkillRequirement[];
  /** preferred_agent: the agent who served this customer last. */
  preferredAgentId?: string;
  /**
   * Only this agent may take it (a transfer to a named agent, a supervisor's assignment). Skills and
   * membership are not checked: a person chose. A timeout or rejection by that agent clears it and the
   * contact is routed by its queue's rules from its place.
   */
  targetAgentId?: string;
};

export type Verdict = { agentId: string; verdict: 'chosen' | 'eligible' | 'skipped'; reason?: string };

/**
 * Why a contact went to an agent: supervisors ask "why did this call go to her?". `considered`
 * lists the free agents looked at (ready, no offer pending, room on the channel) in the order the
 * strategy looked, with the reason each was skipped; `unavailable` counts the members who were busy,
 * reserved, not ready or logged out.
 */
export type Explanation = { rule: string; step: number; considered: Verdict[]; unavailable?: number };

export type Offer = { contactId: string; agentId: string; queueId: string; at: number; explanation: Explanation };
