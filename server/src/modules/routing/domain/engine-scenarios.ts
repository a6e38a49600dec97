/**
 * Random ACD centres and command sequences for the engine's property tests
 * (`engine.property.test.ts`): queues with strategies, skills and relaxation steps; agents with
 * skills, capacity and memberships; arrivals and agent behaviour on a clock that only moves forward.
 */
import fc from 'fast-check';
import {
  type AgentConfig,
  type Channel,
  type Presence,
  type QueueConfig,
  type RelaxationStep,
  STRATEGIES,
} from './model';

export const S = 1000;
const SKILLS = ['s1', 's2', 's3', 's4'] as const;
/** After the last command the clock runs on this long (through every wake) so time rules get exercised. */
export const QUIET_SECONDS = 120;

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

export const scenarioArb = fc.record({
  queues: fc.array(queueArb, { minLength: 1, maxLength: 4 }),
  agents: fc.array(agentArb, { minLength: 1, maxLength: 8 }),
  // size 'max': lengths spread over 0–60 (fast-check's default size keeps arrays to about ten).
  steps: fc.array(fc.record({ dt: fc.integer({ min: 0, max: 20 }), command: commandArb }), {
    maxLength: 60,
    size: 'max',
  }),
});

export type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
export type RawCommand = Scenario['steps'][number]['command'];
export type Center = { queues: QueueConfig[]; agents: AgentConfig[] };

export function buildCenter(scn: Scenario): Center {
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
