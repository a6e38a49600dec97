import {
  type AgentConfig,
  type AgentState,
  CHANNELS,
  type Channel,
  type ContactInput,
  DEFAULT_CAPACITY,
  type Explanation,
  type Membership,
  type Offer,
  type Presence,
  type QueueConfig,
  type SkillRequirement,
  type Verdict,
} from './model';

type Agent = {
  cfg: AgentConfig;
  /** Creation order: ties between agents freed by the same tick keep it. */
  ord: number;
  presence: Presence;
  reason: string | null;
  /** The contact offered and not yet answered: one offer at a time. */
  offer: string | null;
  /** Connected contacts by channel. */
  active: Map<string, Channel>;
  wrapUpUntil: number | null;
  /**
   * The agent's phone did not respond to an offer (a delivery failure, not RONA): no voice offer
   * until then. Presence stays as it is — the agent did nothing wrong (docs/voice.md, "Overload").
   */
  phoneHeldUntil: number | null;
  /** When the agent last became free (ready, no work): longest_idle ranks by it. */
  idleSince: number;
  handleMs: number;
  /** Index bookkeeping (see OpenList): the lists holding the agent, and the key they hold it by. */
  listedIn: OpenList[];
  listedKey: number;
  /** Bit per channel index (CHANNELS order) the agent is listed for. */
  listedMask: number;
  /** The decision that last looked at the agent: a candidate in two groups is examined once. */
  seenBy: number;
  /** The queues routeAgent looks through, cached for one configuration (see configVersion). */
  scan: { version: number; queueIds: string[] } | null;
};

type Contact = {
  input: ContactInput;
  enqueuedAt: number;
  /** Arrival order, to keep first come first served stable for equal times. */
  seq: number;
  state: 'queued' | 'offered' | 'connected';
  agentId: string | null;
  connectedAt: number | null;
  /** Agents who rejected it: it goes to the next agent. */
  declinedBy: Set<string>;
};

type Queue = { cfg: QueueConfig; waiting: Contact[]; members: Set<string>; lastRoundRobin: string | null };

/** What a contact requires at `now`: computed once per decision, then checked against each agent. */
type Rules = { step: number; reqs: SkillRequirement[]; overflow: Set<string> };

/** What a queue's relaxation allows at one step, with the groups whose members may then take its contacts. */
type Relaxed = {
  maxLevel: number;
  anySkill: boolean;
  overflow: Set<string>;
  groups: string[];
  reqs: SkillRequirement[];
};

/** Longest idle first, then id: the order of longest_idle and every strategy's tie-break. */
function idleOrder(x: Agent, y: Agent): number {
  return x.listedKey - y.listedKey || (x.cfg.id < y.cfg.id ? -1 : x.cfg.id > y.cfg.id ? 1 : 0);
}

/**
 * The members of one queue who could take one more contact of one channel (ready, no offer, room
 * for it), kept sorted in longest-idle order. An agent enters when it becomes free, which is
 * nearly always the newest idle time, so inserts are mostly appends; offers mostly take the head.
 * A decision walks the list from the head and stops at the first eligible agent, instead of looking
 * at every member: busy members are never visited at all.
 */
class OpenList {
  readonly agents: Agent[] = [];

  /** Where `a` is or would go (binary search on the key the agent is listed by). */
  private place(a: Agent): number {
    let lo = 0;
    let hi = this.agents.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idleOrder(this.agents[mid]!, a) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(a: Agent): boolean {
    const last = this.agents[this.agents.length - 1];
    if (!last || idleOrder(last, a) < 0) {
      this.agents.push(a); // the common case: the agent is the most recently freed
      return true;
    }
    const i = this.place(a);
    if (this.agents[i] === a) return false; // listed already (a membership given twice)
    this.agents.splice(i, 0, a);
    return true;
  }

  remove(a: Agent): void {
    const i = this.place(a);
    const at = this.agents[i] === a ? i : this.agents.indexOf(a);
    if (at >= 0) this.agents.splice(at, 1);
  }
}

/**
 * Ends of an agent's timed state (wrap-up, phone hold), soonest first, so `tick` and `nextWakeAt`
 * do not look at every agent. Entries are not removed when the time is extended or cut short: an
 * entry counts only while the agent's field (`until`) still equals it.
 */
class AgentTimes {
  private readonly heap: Array<{ at: number; agent: Agent }> = [];

  constructor(private readonly until: (a: Agent) => number | null) {}

  private live(e: { at: number; agent: Agent }): boolean {
    return this.until(e.agent) === e.at;
  }

  push(agent: Agent, at: number): void {
    const h = this.heap;
    h.push({ at, agent });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= h[i]!.at) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private pop(): { at: number; agent: Agent } {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (r < h.length && h[r]!.at < h[m]!.at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }

  /** An agent whose time ended by `now` (null: none left); the caller clears its field. */
  takeEnded(now: number): Agent | null {
    while (this.heap.length > 0 && this.heap[0]!.at <= now) {
      const e = this.pop();
      if (this.live(e)) return e.agent;
    }
    return null;
  }

  /** The earliest end after `now` (infinity: none). */
  nextAfter(now: number): number {
    while (this.heap.length > 0 && !this.live(this.heap[0]!)) this.pop();
    const top = this.heap[0];
    if (!top || top.at > now) return top?.at ?? Number.POSITIVE_INFINITY;
    // Ended wrap-ups not yet ticked sit on top (the caller skipped a wake): look through them all.
    let next = Number.POSITIVE_INFINITY;
    for (const e of this.heap) if (this.live(e) && e.at > now && e.at < next) next = e.at;
    return next;
  }
}

export type RoutingEngine = ReturnType<typeof createRoutingEngine>;

/**
 * The routing engine: pure and deterministic. Every command returns the offers it made. After each
 * command no routable agent is eligible for any waiting contact (the invariant that makes arrivals
 * never jump older work), provided `tick(now)` runs at `nextWakeAt()` for time-based rules.
 */
export function createRoutingEngine() {
  const agents = new Map<string, Agent>();
  const queues = new Map<string, Queue>();
  const contacts = new Map<string, Contact>();
  let seq = 0;
  /** Waiting contacts assigned to a named agent (few): a freed agent looks here first. */
  const targeted = new Set<Contact>();
  /** The last tick: a tick routes only what crossed a time threshold since. */
  let lastTick = Number.NEGATIVE_INFINITY;
  /** Per queue: the waits (ms) at which a contact's eligibility can change. Cleared on any config change. */
  const thresholds = new Map<string, number[]>();
  /** Bumped on every queue or agent change: caches derived from the configuration check it. */
  let configVersion = 0;
  /** Numbers decisions, for Agent.seenBy. */
  let decision = 0;
  const wrapUps = new AgentTimes((a) => a.wrapUpUntil);
  const phoneHolds = new AgentTimes((a) => a.phoneHeldUntil);

  // ---- who is free: per channel, per queue, in longest-idle order ------------------------------

  /**
   * Open lists by channel, then by queue id (any id a membership names, configured or not). A
   * channel gets its lists the first time one of its contacts is routed: a voice-only centre keeps
   * one list per queue up to date, not six.
   */
  const openIn = new Map<Channel, Map<string, OpenList>>();

  /** Why an agent with presence ready and no offer cannot take one more contact of `ch`, or null. */
  function roomFor(a: Agent, ch: Channel): string | null {
    let same = 0;
    let voice = 0;
    for (const c of a.active.values()) {
      if (c === ch) same++;
      if (c === 'voice') voice++;
    }
    if (voice > 0 || (ch === 'voice' && a.active.size > 0)) return 'voice excludes other contacts';
    if (same >= capacityOf(a, ch)) return `at ${ch} capacity`;
    return null;
  }

  /** The channels (as bits) whose open lists should hold the agent now. */
  function openMask(a: Agent): number {
    if (a.presence !== 'ready' || a.offer) return 0;
    let mask = 0;
    for (const ch of openIn.keys()) if (roomFor(a, ch) === null) mask |= 1 << CHANNELS.indexOf(ch);
    return mask;
  }

  /**
   * Brings the agent's place in the open lists up to date. Every change of presence, offer, work in
   * hand, memberships or idle time ends here, so the lists never go stale between decisions.
   */
  function sync(a: Agent, relist = false): void {
    const mask = openMask(a);
    if (!relist && mask === a.listedMask && (mask === 0 || a.listedKey === a.idleSince)) return;
    for (const list of a.listedIn) list.remove(a);
    a.listedIn.length = 0;
    a.listedKey = a.idleSince;
    a.listedMask = mask;
    for (const [ch, lists] of openIn) {
      if ((mask & (1 << CHANNELS.indexOf(ch))) === 0) continue;
      for (const m of a.cfg.memberships) {
        const list = openList(lists, m.queueId);
        if (list.insert(a)) a.listedIn.push(list);
      }
    }
  }

  function openList(lists: Map<string, OpenList>, queueId: string): OpenList {
    let list = lists.get(queueId);
    if (!list) {
      list = new OpenList();
      lists.set(queueId, list);
    }
    return list;
  }

  /** The open lists of one channel, built on first use. */
  function openListsOf(ch: Channel): Map<string, OpenList> {
    let lists = openIn.get(ch);
    if (!lists) {
      lists = new Map();
      openIn.set(ch, lists);
      for (const a of agents.values()) sync(a);
    }
    return lists;
  }

  function thresholdsOf(q: Queue): number[] {
    let t = thresholds.get(q.cfg.id);
    if (!t) {
      const set = new Set<number>(q.cfg.relaxation.map((s) => s.afterSeconds * 1000));
      if (q.cfg.preferredAgentSeconds > 0) set.add(q.cfg.preferredAgentSeconds * 1000);
      for (const id of q.members) {
        for (const m of agents.get(id)?.cfg.memberships ?? []) {
          if (m.queueId === q.cfg.id && m.delaySeconds > 0) set.add(m.delaySeconds * 1000);
        }
      }
      t = [...set].filter((x) => x > 0).sort((x, y) => x - y);
      thresholds.set(q.cfg.id, t);
    }
    return t;
  }

  const agentOf = (id: string) => {
    const a = agents.get(id);
    if (!a) throw new Error(`unknown agent ${id}`);
    return a;
  };
  const contactOf = (id: string) => {
    const c = contacts.get(id);
    if (!c) throw new Error(`unknown contact ${id}`);
    return c;
  };
  const queueOf = (id: string) => {
    const q = queues.get(id);
    if (!q) throw new Error(`unknown queue ${id}`);
    return q;
  };

  // ---- eligibility ---------------------------------------------------------------------------

  function capacityOf(a: Agent, ch: Channel): number {
    return a.cfg.capacity[ch] ?? DEFAULT_CAPACITY[ch];
  }

  /** Can take one more contact of this channel now (presence, offer, wrap-up, capacity). */
  function routableFor(a: Agent, ch: Channel, now: number): string | null {
    if (a.presence !== 'ready') return a.presence === 'logged_out' ? 'logged out' : `not ready (${a.reason ?? '—'})`;
    if (a.offer) return 'has an offer pending';
    if (a.wrapUpUntil !== null && a.wrapUpUntil > now) return 'in wrap-up';
    if (ch === 'voice' && a.phoneHeldUntil !== null && a.phoneHeldUntil > now) return 'phone not responding';
    return roomFor(a, ch);
  }

  /** The relaxation step a contact is at after waiting until `now` (0 = the queue's own rule). */
  function stepOf(c: Contact, now: number): number {
    const steps = queueOf(c.input.queueId).cfg.relaxation;
    let step = 0;
    for (let i = 0; i < steps.length; i++) if (now - c.enqueuedAt >= steps[i]!.afterSeconds * 1000) step = i + 1;
    return step;
  }

  /** Per queue configuration, what each step allows: worked out once, not per decision. */
  const relaxedSteps = new WeakMap<QueueConfig, Relaxed[]>();

  /**
   * What relaxation allows at a step, cumulatively: a later step never tightens an earlier one —
   * the lowest level cap so far, skills dropped once dropped, every overflow group so far.
   */
  function relaxedAt(q: QueueConfig, step: number): Relaxed {
    let steps = relaxedSteps.get(q);
    if (!steps) {
      steps = [];
      for (let i = 0; i <= q.relaxation.length; i++) steps.push(relax(q, i));
      relaxedSteps.set(q, steps);
    }
    return steps[step]!;
  }

  function relax(q: QueueConfig, step: number): Relaxed {
    const out = { maxLevel: Number.POSITIVE_INFINITY, anySkill: false, overflow: new Set<string>() };
    for (const s of q.relaxation.slice(0, step)) {
      if (s.maxLevel !== undefined) out.maxLevel = Math.min(out.maxLevel, s.maxLevel);
      if (s.anySkill) out.anySkill = true;
      for (const o of s.overflowQueues ?? []) out.overflow.add(o);
    }
    return { ...out, groups: [q.id, ...(step > 0 ? out.overflow : [])], reqs: capped(q.skills, out) };
  }

  function capped(base: SkillRequirement[], r: { maxLevel: number; anySkill: boolean }): SkillRequirement[] {
    if (r.anySkill) return [];
    return base.map((req) => ({ skill: req.skill, minLevel: Math.min(req.minLevel, r.maxLevel) }));
  }

  function rulesOf(c: Contact, now: number): Rules {
    const step = stepOf(c, now);
    const r = relaxedAt(queueOf(c.input.queueId).cfg, step);
    // Contacts with their own skills (set by the IVR) are rare: only they build requirements here.
    return { step, reqs: c.input.skills ? capped(c.input.skills, r) : r.reqs, overflow: r.overflow };
  }

  /** The membership through which an agent may serve the contact now, or why not. */
  function serveVia(
    a: Agent,
    c: Contact,
    now: number,
    rules: Rules = rulesOf(c, now),
  ): { via: Membership | 'overflow' } | { skip: string } {
    const q = queueOf(c.input.queueId).cfg;
    const own = a.cfg.memberships.find((m) => m.queueId === q.id);
    if (own && now - c.enqueuedAt >= own.delaySeconds * 1000) return { via: own };
    // Overflow also opens the queue to members whose own membership is still delayed.
    if (a.cfg.memberships.some((m) => rules.overflow.has(m.queueId))) return { via: 'overflow' };
    if (own) return { skip: `serves ${q.id} after ${own.delaySeconds}s` };
    return { skip: `not a member of ${q.id}` };
  }

  /** Null when the agent may take the contact now; otherwise the reason, for the routing log. */
  function ineligible(a: Agent, c: Contact, now: number, rules?: Rules): string | null {
    const r = routableFor(a, c.input.channel, now);
    if (r) return r;
    if (c.declinedBy.has(a.cfg.id)) return 'rejected this contact';
    const target = c.input.targetAgentId;
    if (target) return target === a.cfg.id ? null : `assigned to ${target}`;
    const rr = rules ?? rulesOf(c, now);
    const v = serveVia(a, c, now, rr);
    if ('skip' in v) return v.skip;
    for (const req of rr.reqs) {
      const level = a.cfg.skills[req.skill] ?? 0;
      if (level < req.minLevel) return `${req.skill} ${level} < ${req.minLevel}`;
    }
    const q = queueOf(c.input.queueId).cfg;
    if (
      q.strategy === 'preferred_agent' &&
      c.input.preferredAgentId &&
      c.input.preferredAgentId !== a.cfg.id &&
      agents.has(c.input.preferredAgentId) &&
      now - c.enqueuedAt < q.preferredAgentSeconds * 1000
    ) {
      return `waiting for preferred agent ${c.input.preferredAgentId}`;
    }
    return null;
  }

  // ---- choosing ------------------------------------------------------------------------------

  function skillScore(a: Agent, c: Contact): number {
    return (c.input.skills ?? queueOf(c.input.queueId).cfg.skills).reduce(
      (s, r) => s + (a.cfg.skills[r.skill] ?? 0),
      0,
    );
  }

  /**
   * Among eligible agents, the queue's strategy picks one; ties go to the longest idle, then id.
   * One linear pass (a decision is on the hot path: no sorting of the candidates).
   */
  function pickAgent(c: Contact, eligible: Agent[]): { agent: Agent; rule: string } {
    const q = queueOf(c.input.queueId);
    const best = (cmp: (x: Agent, y: Agent) => number) => eligible.reduce((b, a) => (cmp(a, b) < 0 ? a : b));
    switch (q.cfg.strategy) {
      case 'most_skilled':
        return { agent: best((x, y) => skillScore(y, c) - skillScore(x, c) || idleOrder(x, y)), rule: 'most_skilled' };
      case 'least_occupied':
        return { agent: best((x, y) => x.handleMs - y.handleMs || idleOrder(x, y)), rule: 'least_occupied' };
      case 'round_robin': {
        // The next id after the last one served, wrapping around to the smallest.
        const last = q.lastRoundRobin;
        const after = last === null ? [] : eligible.filter((x) => x.cfg.id > last);
        const pool = after.length > 0 ? after : eligible;
        return { agent: pool.reduce((b, a) => (a.cfg.id < b.cfg.id ? a : b)), rule: 'round_robin' };
      }
      default:
        // longest_idle and preferred_agent are chosen by their walk (firstByIdle) and never get here.
        return { agent: best(idleOrder), rule: q.cfg.strategy };
    }
  }

  function offer(c: Contact, a: Agent, now: number, explanation: Explanation): Offer {
    const q = queueOf(c.input.queueId);
    q.waiting.splice(q.waiting.indexOf(c), 1);
    targeted.delete(c);
    c.state = 'offered';
    c.agentId = a.cfg.id;
    a.offer = c.input.id;
    sync(a);
    if (q.cfg.strategy === 'round_robin') q.lastRoundRobin = a.cfg.id;
    return { contactId: c.input.id, agentId: a.cfg.id, queueId: q.cfg.id, at: now, explanation };
  }

  /**
   * Visits the open agents of several groups in longest-idle order, each agent once, until `visit`
   * returns true. With one group (no overflow yet) this is a plain walk of one list; with overflow,
   * a merge of the groups' lists.
   */
  function walkByIdle(lists: OpenList[], visit: (a: Agent) => boolean): void {
    const stamp = ++decision;
    const firstVisit = (a: Agent) => {
      if (a.seenBy === stamp) return false;
      a.seenBy = stamp;
      return true;
    };
    if (lists.length === 1) {
      for (const a of lists[0]!.agents) if (firstVisit(a) && visit(a)) return;
      return;
    }
    const at = lists.map(() => 0);
    for (;;) {
      let k = -1;
      for (let i = 0; i < lists.length; i++) {
        const a = lists[i]!.agents[at[i]!];
        if (a && (k < 0 || idleOrder(a, lists[k]!.agents[at[k]!]!) < 0)) k = i;
      }
      if (k < 0) return;
      const a = lists[k]!.agents[at[k]!++]!;
      if (firstVisit(a) && visit(a)) return;
    }
  }

  /**
   * Once the choice is listed, an explanation stops at this many entries (the chosen and up to ten
   * others): enough to answer "why her and not him?" without a list of hundreds.
   */
  const LISTED = 11;

  /**
   * longest_idle (and preferred_agent without its agent): the first eligible agent in idle order is
   * the choice, so the walk stops after it and the runners-up. Every agent ahead of it is listed
   * with the reason it was skipped.
   */
  function firstByIdle(
    c: Contact,
    now: number,
    rules: Rules,
    lists: OpenList[],
    preferred: Agent | null,
    rule: string,
  ) {
    const skipped: Verdict[] = [];
    const runnersUp: Verdict[] = [];
    let chosen = preferred;
    walkByIdle(lists, (a) => {
      if (a === preferred) return false;
      const why = ineligible(a, c, now, rules);
      if (why) skipped.push({ agentId: a.cfg.id, verdict: 'skipped', reason: why });
      else if (!chosen) chosen = a;
      else runnersUp.push({ agentId: a.cfg.id, verdict: 'eligible' });
      return chosen !== null && skipped.length + 1 + runnersUp.length >= LISTED;
    });
    return chosen ? { agent: chosen as Agent, rule, considered: listed(skipped, chosen, runnersUp) } : null;
  }

  /** Other strategies rank by more than idle time: every open agent is checked, then the strategy picks. */
  function bestOfAll(c: Contact, now: number, rules: Rules, lists: OpenList[]) {
    const skipped: Verdict[] = [];
    const eligible: Agent[] = [];
    walkByIdle(lists, (a) => {
      const why = ineligible(a, c, now, rules);
      if (why) skipped.push({ agentId: a.cfg.id, verdict: 'skipped', reason: why });
      else eligible.push(a);
      return false;
    });
    if (eligible.length === 0) return null;
    const { agent, rule } = pickAgent(c, eligible);
    const runnersUp: Verdict[] = [];
    for (const a of eligible) {
      if (skipped.length + 1 + runnersUp.length >= LISTED) break;
      if (a !== agent) runnersUp.push({ agentId: a.cfg.id, verdict: 'eligible' });
    }
    return { agent, rule, considered: listed(skipped, agent, runnersUp) };
  }

  function listed(skipped: Verdict[], chosen: Agent, runnersUp: Verdict[]): Verdict[] {
    skipped.push({ agentId: chosen.cfg.id, verdict: 'chosen' });
    for (const v of runnersUp) skipped.push(v);
    return skipped;
  }

  /** Finds an agent for one waiting contact, among the members (and overflow members) of its queue. */
  function routeContact(c: Contact, now: number): Offer | null {
    const q = queueOf(c.input.queueId);
    const target = c.input.targetAgentId;
    if (target) {
      const a = agents.get(target);
      if (!a || ineligible(a, c, now)) return null;
      return offer(c, a, now, {
        rule: `assigned to ${target}`,
        step: stepOf(c, now),
        considered: [{ agentId: target, verdict: 'chosen' }],
      });
    }
    const rules = rulesOf(c, now);
    // Only open agents (ready, no offer, room for this channel) can take it. The others — busy,
    // reserved, not ready, logged out — are counted in the explanation rather than listed.
    const byQueue = openListsOf(c.input.channel);
    const lists: OpenList[] = [];
    let poolSize = 0;
    let open = 0;
    for (const g of relaxedAt(q.cfg, rules.step).groups) {
      poolSize += queues.get(g)?.members.size ?? 0;
      const list = byQueue.get(g);
      if (!list || list.agents.length === 0) continue;
      lists.push(list);
      open += list.agents.length;
    }
    if (open === 0) return null;
    const pick = choose(c, q.cfg, now, rules, lists);
    if (!pick) return null;
    const unavailable = Math.max(0, poolSize - open);
    return offer(c, pick.agent, now, { rule: pick.rule, step: rules.step, considered: pick.considered, unavailable });
  }

  /** The queue's strategy, on the open agents of the contact's groups. */
  function choose(c: Contact, q: QueueConfig, now: number, rules: Rules, lists: OpenList[]) {
    if (q.strategy === 'longest_idle') return firstByIdle(c, now, rules, lists, null, 'longest_idle');
    if (q.strategy === 'preferred_agent') {
      const p = c.input.preferredAgentId ? agents.get(c.input.preferredAgentId) : undefined;
      // Eligible means open, so the preferred agent is in one of the lists too: the walk skips it.
      if (p && !ineligible(p, c, now, rules)) return firstByIdle(c, now, rules, lists, p, 'preferred_agent');
      return firstByIdle(c, now, rules, lists, null, 'preferred_agent → longest_idle');
    }
    return bestOfAll(c, now, rules, lists);
  }

  /**
   * The queues a freed agent looks through: its own, then those that overflow into one of them.
   * Worked out once per configuration rather than by scanning every queue on every decision.
   */
  function queuesToScan(a: Agent): string[] {
    if (a.scan?.version === configVersion) return a.scan.queueIds;
    const queueIds = new Set(a.cfg.memberships.map((m) => m.queueId));
    for (const q of queues.values()) {
      if (q.cfg.relaxation.some((s) => s.overflowQueues?.some((o) => queueIds.has(o)))) queueIds.add(q.cfg.id);
    }
    a.scan = { version: configVersion, queueIds: [...queueIds] };
    return a.scan.queueIds;
  }

  /**
   * Finds work for an agent who just became free: the best eligible contact across its queues —
   * its best membership priority first, then the higher contact priority, then the oldest.
   */
  function routeAgent(a: Agent, now: number): Offer | null {
    if (a.presence !== 'ready' || a.offer) return null;
    // Work assigned to this agent by name comes before anything its queues hold.
    let mine: Contact | null = null;
    for (const c of targeted) {
      if (c.input.targetAgentId !== a.cfg.id || c.state !== 'queued' || ineligible(a, c, now)) continue;
      if (!mine || better(c, 0, mine, 0)) mine = c;
    }
    if (mine) {
      return offer(mine, a, now, {
        rule: `assigned to ${a.cfg.id}`,
        step: stepOf(mine, now),
        considered: [{ agentId: a.cfg.id, verdict: 'chosen' }],
      });
    }
    let best: { c: Contact; tier: number } | null = null;
    for (const qid of queuesToScan(a)) {
      const q = queues.get(qid);
      if (!q) continue;
      for (const c of q.waiting) {
        const rules = rulesOf(c, now);
        if (ineligible(a, c, now, rules)) continue;
        const via = serveVia(a, c, now, rules);
        const tier = 'via' in via && via.via !== 'overflow' ? via.via.priority : Number.MAX_SAFE_INTEGER;
        if (!best || better(c, tier, best.c, best.tier)) best = { c, tier };
        break; // waiting lists are in order: the first eligible contact is this queue's best
      }
    }
    if (!best) return null;
    return offer(best.c, a, now, {
      rule: 'agent became free: best membership priority, then contact priority, then longest wait',
      step: stepOf(best.c, now),
      considered: [{ agentId: a.cfg.id, verdict: 'chosen' }],
    });
  }

  function better(c: Contact, tier: number, than: Contact, thanTier: number): boolean {
    if (tier !== thanTier) return tier < thanTier;
    if (c.input.priority !== than.input.priority) return c.input.priority > than.input.priority;
    return c.enqueuedAt - than.enqueuedAt < 0 || (c.enqueuedAt === than.enqueuedAt && c.seq < than.seq);
  }

  function insertWaiting(q: Queue, c: Contact): void {
    if (c.input.targetAgentId) targeted.add(c);
    // Priority first, then arrival; binary search keeps inserts O(log n) to find the place.
    let lo = 0;
    let hi = q.waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = q.waiting[mid]!;
      const before =
        m.input.priority > c.input.priority ||
        (m.input.priority === c.input.priority &&
          (m.enqueuedAt < c.enqueuedAt || (m.enqueuedAt === c.enqueuedAt && m.seq < c.seq)));
      if (before) lo = mid + 1;
      else hi = mid;
    }
    q.waiting.splice(lo, 0, c);
  }

  /** Work for one agent whose situation changed (at most one offer: one offer at a time). */
  function forAgent(a: Agent, now: number, out: Offer[] = []): Offer[] {
    const o = routeAgent(a, now);
    if (o) out.push(o);
    return out;
  }

  /**
   * Work in hand shows before presence: an agent who signs out (or is signed out) while holding a
   * contact is busy with it, then in wrap-up, and only then logged out — like "not ready after this contact".
   */
  function stateOf(a: Agent, now: number): AgentState {
    if (a.offer) return 'reserved';
    if (a.active.size > 0) return 'busy';
    if (a.wrapUpUntil !== null && a.wrapUpUntil > now) return 'wrap_up';
    return a.presence;
  }

  /** No voice offer to the agent before `until` (a later hold wins over an earlier one). */
  function holdPhone(a: Agent, until: number): void {
    if (a.phoneHeldUntil !== null && a.phoneHeldUntil >= until) return;
    a.phoneHeldUntil = until;
    phoneHolds.push(a, until);
  }

  /** The agent may have become free at `now` (its longest-idle rank starts then); its open lists follow. */
  function freed(a: Agent, now: number): void {
    if (a.active.size === 0 && !a.offer && (a.wrapUpUntil === null || a.wrapUpUntil <= now)) a.idleSince = now;
    sync(a);
  }

  return {
    /** Adds or changes a queue; its waiting contacts are routed again under the new rules. */
    upsertQueue(cfg: QueueConfig, now = 0): Offer[] {
      thresholds.clear();
      configVersion++;
      const relaxation = [...cfg.relaxation].sort((x, y) => x.afterSeconds - y.afterSeconds);
      const existing = queues.get(cfg.id);
      const q = existing ?? {
        cfg: { ...cfg, relaxation },
        waiting: [],
        members: new Set<string>(),
        lastRoundRobin: null,
      };
      q.cfg = { ...cfg, relaxation };
      queues.set(cfg.id, q);
      for (const a of agents.values()) if (a.cfg.memberships.some((m) => m.queueId === cfg.id)) q.members.add(a.cfg.id);
      const out: Offer[] = [];
      for (const c of [...q.waiting]) {
        const o = routeContact(c, now);
        if (o) out.push(o);
      }
      return out;
    },

    upsertAgent(cfg: AgentConfig, now: number): Offer[] {
      thresholds.clear();
      configVersion++;
      const existing = agents.get(cfg.id);
      for (const q of queues.values()) q.members.delete(cfg.id);
      for (const m of cfg.memberships) queues.get(m.queueId)?.members.add(cfg.id);
      if (existing) existing.cfg = cfg;
      else {
        agents.set(cfg.id, {
          cfg,
          ord: agents.size,
          presence: 'logged_out',
          reason: null,
          offer: null,
          active: new Map(),
          wrapUpUntil: null,
          phoneHeldUntil: null,
          idleSince: now,
          handleMs: 0,
          listedIn: [],
          listedKey: now,
          listedMask: 0,
          seenBy: 0,
          scan: null,
        });
      }
      const a = agents.get(cfg.id)!;
      sync(a, true); // memberships or capacity may have changed
      return forAgent(a, now); // only this agent's possibilities changed
    },

    /** Ready (示闲), not ready with a reason (示忙), logged out. */
    setPresence(agentId: string, presence: Presence, now: number, reason: string | null = null): Offer[] {
      const a = agentOf(agentId);
      const wasReady = a.presence === 'ready';
      a.presence = presence;
      sync(a);
      a.reason = presence === 'not_ready' ? reason : null;
      if (presence === 'ready' && !wasReady) freed(a, now);
      if (presence !== 'ready' && a.offer) {
        // Leaving with an offer pending withdraws it: the contact goes back to its place, to others.
        const c = contactOf(a.offer);
        a.offer = null;
        sync(a);
        c.state = 'queued';
        c.agentId = null;
        insertWaiting(queueOf(c.input.queueId), c);
        const o = routeContact(c, now);
        return o ? [o] : [];
      }
      return forAgent(a, now);
    },

    /** A contact enters its queue; `enqueuedAt` earlier than `now` restores one that was waiting. */
    enqueue(input: ContactInput, now: number, enqueuedAt = now): Offer[] {
      if (contacts.has(input.id)) throw new Error(`contact ${input.id} exists`);
      const q = queueOf(input.queueId);
      if (input.targetAgentId) agentOf(input.targetAgentId);
      const c: Contact = {
        input,
        enqueuedAt,
        seq: seq++,
        state: 'queued',
        agentId: null,
        connectedAt: null,
        declinedBy: new Set(),
      };
      contacts.set(input.id, c);
      insertWaiting(q, c);
      const o = routeContact(c, now);
      return o ? [o] : [];
    },

    /**
     * A supervisor moved a waiting or offered contact: another queue, a higher priority, a named
     * agent (null: none). It keeps its arrival time, so it keeps its place by age. A pending offer is
     * withdrawn; that agent stays ready and may be offered other work.
     */
    requeue(
      contactId: string,
      change: { queueId?: string; priority?: number; targetAgentId?: string | null },
      now: number,
    ): Offer[] {
      const c = contactOf(contactId);
      if (c.state === 'connected') throw new Error(`contact ${contactId} is connected`);
      if (change.queueId) queueOf(change.queueId);
      if (change.targetAgentId) agentOf(change.targetAgentId);
      const out: Offer[] = [];
      let freedAgent: Agent | null = null;
      if (c.state === 'offered') {
        freedAgent = agentOf(c.agentId!);
        freedAgent.offer = null;
        sync(freedAgent);
        c.state = 'queued';
        c.agentId = null;
      } else {
        const q = queueOf(c.input.queueId);
        q.waiting.splice(q.waiting.indexOf(c), 1);
        targeted.delete(c);
      }
      c.input = {
        ...c.input,
        queueId: change.queueId ?? c.input.queueId,
        priority: change.priority ?? c.input.priority,
        targetAgentId: change.targetAgentId === undefined ? c.input.targetAgentId : (change.targetAgentId ?? undefined),
      };
      if (change.queueId) c.declinedBy.clear();
      insertWaiting(queueOf(c.input.queueId), c);
      const o = routeContact(c, now);
      if (o) out.push(o);
      return freedAgent ? forAgent(freedAgent, now, out) : out;
    },

    /** Start-up: a contact that was connected to an agent when the process stopped. */
    restoreConnected(input: ContactInput, agentId: string, enqueuedAt: number, connectedAt: number): void {
      if (contacts.has(input.id)) throw new Error(`contact ${input.id} exists`);
      const a = agentOf(agentId);
      contacts.set(input.id, {
        input,
        enqueuedAt,
        seq: seq++,
        state: 'connected',
        agentId,
        connectedAt,
        declinedBy: new Set(),
      });
      a.active.set(input.id, input.channel);
      sync(a);
    },

    /**
     * Start-up: an agent's presence and the figures the strategies use. Restore waiting and connected
     * contacts first, then agents (longest idle first), so each picks work as it would have.
     */
    restoreAgent(
      agentId: string,
      s: { presence: Presence; reason: string | null; wrapUpUntil: number | null; idleSince: number; handleMs: number },
      now: number,
    ): Offer[] {
      const a = agentOf(agentId);
      a.presence = s.presence;
      a.reason = s.presence === 'not_ready' ? s.reason : null;
      a.wrapUpUntil = s.wrapUpUntil !== null && s.wrapUpUntil > now ? s.wrapUpUntil : null;
      a.idleSince = s.idleSince;
      a.handleMs = s.handleMs;
      if (a.wrapUpUntil !== null) wrapUps.push(a, a.wrapUpUntil);
      sync(a); // an arbitrary idle time: the agent may move anywhere in its lists
      return forAgent(a, now);
    },

    /**
     * Holds voice offers from an agent until `until` without an offer ending (a wave of delivery
     * failures pauses everyone briefly). Presence does not change.
     */
    holdPhone(agentId: string, until: number): void {
      holdPhone(agentOf(agentId), until);
    },

    /** Sets the agent's phone hold to exactly `until` (null: none) — the runtime lifts a hold with it. */
    setPhoneHold(agentId: string, until: number | null): void {
      const a = agentOf(agentId);
      a.phoneHeldUntil = null;
      if (until !== null) holdPhone(a, until);
    },

    /** The agent answered. With capacity left (chats), the next contact may be offered at once. */
    accept(contactId: string, now: number): Offer[] {
      const c = contactOf(contactId);
      if (c.state !== 'offered' || !c.agentId) throw new Error(`contact ${contactId} is not offered`);
      const a = agentOf(c.agentId);
      a.offer = null;
      a.active.set(contactId, c.input.channel);
      sync(a);
      c.state = 'connected';
      c.connectedAt = now;
      return forAgent(a, now);
    },

    /**
     * An offer that ended unanswered: the contact returns to its place (it keeps its arrival time).
     * A timeout (RONA: the phone rang, nobody answered) sets the agent not ready / 未应答; a
     * rejection only skips this agent; `undelivered` (the phone never responded) keeps the agent
     * ready but holds voice offers from them for `holdMs`.
     */
    decline(contactId: string, now: number, why: 'timeout' | 'rejected' | 'undelivered', holdMs = 0): Offer[] {
      const c = contactOf(contactId);
      if (c.state !== 'offered' || !c.agentId) throw new Error(`contact ${contactId} is not offered`);
      const a = agentOf(c.agentId);
      a.offer = null;
      sync(a);
      if (why === 'timeout') {
        a.presence = 'not_ready';
        sync(a);
        a.reason = '未应答';
      } else if (why === 'rejected') {
        c.declinedBy.add(a.cfg.id);
      } else if (holdMs > 0) {
        holdPhone(a, now + holdMs);
      }
      // The named agent did not take it: the queue's own rules apply from here.
      if (c.input.targetAgentId === a.cfg.id) c.input = { ...c.input, targetAgentId: undefined };
      c.state = 'queued';
      c.agentId = null;
      insertWaiting(queueOf(c.input.queueId), c);
      const out: Offer[] = [];
      const next = routeContact(c, now);
      if (next) out.push(next);
      // A rejecting agent stays ready: other waiting work may be theirs.
      return forAgent(a, now, out);
    },

    /** The conversation ended: the agent goes to wrap-up for `wrapUpSeconds` (0: free at once). */
    end(contactId: string, now: number, wrapUpSeconds: number): Offer[] {
      const c = contactOf(contactId);
      if (c.state !== 'connected' || !c.agentId) throw new Error(`contact ${contactId} is not connected`);
      const a = agentOf(c.agentId);
      a.active.delete(contactId);
      a.handleMs += now - (c.connectedAt ?? now) + wrapUpSeconds * 1000;
      contacts.delete(contactId);
      // With several chats, each ending may start a wrap-up: the agent is held until the last ends.
      const until = wrapUpSeconds > 0 ? now + wrapUpSeconds * 1000 : null;
      if (until !== null && (a.wrapUpUntil === null || a.wrapUpUntil < until)) {
        a.wrapUpUntil = until;
        wrapUps.push(a, until);
      }
      freed(a, Math.max(now, a.wrapUpUntil ?? now));
      return forAgent(a, now);
    },

    /**
     * The agent needs longer for the notes: wrap-up now ends at `until` (only ever later). Returns
     * false when the agent is not in wrap-up.
     */
    extendWrapUp(agentId: string, until: number, now: number): boolean {
      const a = agentOf(agentId);
      if (a.wrapUpUntil === null || a.wrapUpUntil <= now) return false;
      if (until <= a.wrapUpUntil) return true;
      a.handleMs += until - a.wrapUpUntil;
      a.wrapUpUntil = until;
      wrapUps.push(a, until);
      freed(a, until);
      return true;
    },

    /** Wrap-up ended early (the agent pressed "done"). */
    finishWrapUp(agentId: string, now: number): Offer[] {
      const a = agentOf(agentId);
      if (a.wrapUpUntil !== null && a.wrapUpUntil > now) a.handleMs -= a.wrapUpUntil - now;
      a.wrapUpUntil = null;
      freed(a, now);
      return forAgent(a, now);
    },

    /** The caller hung up, or the contact was withdrawn, while waiting or being offered. */
    abandon(contactId: string, now: number): Offer[] {
      const c = contactOf(contactId);
      if (c.state === 'connected') throw new Error(`contact ${contactId} is connected`);
      contacts.delete(contactId);
      if (c.state === 'queued') {
        const q = queueOf(c.input.queueId);
        q.waiting.splice(q.waiting.indexOf(c), 1);
        targeted.delete(c);
        return [];
      }
      const a = agentOf(c.agentId!);
      a.offer = null;
      sync(a);
      freed(a, now);
      return forAgent(a, now);
    },

    /** Time passed: relaxation steps, delays, preferred-agent windows and wrap-ups may have ended. */
    tick(now: number): Offer[] {
      const since = lastTick;
      lastTick = Math.max(lastTick, now);
      const freedNow: Agent[] = [];
      for (let a = wrapUps.takeEnded(now); a; a = wrapUps.takeEnded(now)) {
        a.wrapUpUntil = null;
        freedNow.push(a);
      }
      // A phone hold that ended: the agent may take calls again (idle time unchanged).
      for (let a = phoneHolds.takeEnded(now); a; a = phoneHolds.takeEnded(now)) {
        a.phoneHeldUntil = null;
        if (!freedNow.includes(a)) freedNow.push(a);
      }
      // First, agents whose wrap-up ended pick the best waiting contact (oldest first), as when any
      // agent becomes free. Then contacts whose wait crossed a threshold (relaxation step, preferred
      // window, a member's delay) are routed by their queue's strategy, the longest waiting first.
      // Agents free before this tick had no eligible contact (the invariant), so an older contact
      // that now fits them crossed a threshold too and is routed before a younger one.
      const out: Offer[] = [];
      freedNow.sort((x, y) => x.idleSince - y.idleSince || x.ord - y.ord);
      for (const a of freedNow) forAgent(a, now, out);
      const changed: Contact[] = [];
      for (const q of queues.values()) {
        const ts = thresholdsOf(q);
        if (ts.length === 0) continue;
        for (const c of q.waiting) {
          if (ts.some((t) => c.enqueuedAt + t > since && c.enqueuedAt + t <= now)) changed.push(c);
        }
      }
      changed.sort((x, y) => y.input.priority - x.input.priority || x.enqueuedAt - y.enqueuedAt || x.seq - y.seq);
      for (const c of changed) {
        if (c.state !== 'queued') continue;
        const o = routeContact(c, now);
        if (o) out.push(o);
      }
      return out;
    },

    /** The next moment a time rule changes something, for the caller's timer (null: none pending). */
    nextWakeAt(now: number): number | null {
      let next = Math.min(wrapUps.nextAfter(now), phoneHolds.nextAfter(now));
      for (const q of queues.values()) {
        const ts = thresholdsOf(q);
        for (const c of q.waiting) {
          for (const t of ts) {
            const at = c.enqueuedAt + t;
            if (at > now) {
              if (at < next) next = at;
              break; // thresholds are sorted: the first one ahead is this contact's next
            }
          }
        }
      }
      return Number.isFinite(next) ? next : null;
    },

    agentState(agentId: string, now: number): AgentState {
      return stateOf(agentOf(agentId), now);
    },

    /** One agent as the engine sees it (null: unknown). */
    agent(agentId: string, now: number) {
      const a = agents.get(agentId);
      if (!a) return null;
      return {
        id: a.cfg.id,
        presence: a.presence,
        reason: a.reason,
        state: stateOf(a, now),
        offer: a.offer,
        active: [...a.active.keys()],
        wrapUpUntil: a.wrapUpUntil !== null && a.wrapUpUntil > now ? a.wrapUpUntil : null,
        phoneHeldUntil: a.phoneHeldUntil !== null && a.phoneHeldUntil > now ? a.phoneHeldUntil : null,
        idleSince: a.idleSince,
        handleMs: a.handleMs,
      };
    },

    /** A contact the engine holds (waiting, offered or connected), or null. */
    contact(contactId: string) {
      const c = contacts.get(contactId);
      if (!c) return null;
      return { ...c.input, state: c.state, agentId: c.agentId, enqueuedAt: c.enqueuedAt };
    },

    /** Waiting contacts of a queue in service order. */
    waiting(queueId: string): Array<{ id: string; priority: number; enqueuedAt: number }> {
      return queueOf(queueId).waiting.map((c) => ({
        id: c.input.id,
        priority: c.input.priority,
        enqueuedAt: c.enqueuedAt,
      }));
    },

    /** For tests and the wallboard: who holds what. */
    inspect() {
      return {
        agents: [...agents.values()].map((a) => ({
          id: a.cfg.id,
          presence: a.presence,
          offer: a.offer,
          active: [...a.active.entries()],
          wrapUpUntil: a.wrapUpUntil,
        })),
        contacts: [...contacts.values()].map((c) => ({ id: c.input.id, state: c.state, agentId: c.agentId })),
      };
    },

    /** Would this agent be allowed this waiting contact now (and why not)? For the property tests. */
    whyNot(agentId: string, contactId: string, now: number): string | null {
      return ineligible(agentOf(agentId), contactOf(contactId), now);
    },
  };
}
