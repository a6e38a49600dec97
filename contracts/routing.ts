import { z } from 'zod';

/**
 * The ACD's HTTP contract (issue "ACD"): skills, queues, reason codes, agent routing and state,
 * contacts and the wallboard. Other modules (voice, chat, e-mail) and external systems rely on it.
 */

export const CHANNELS = ['voice', 'chat', 'email', 'sms', 'callback', 'task'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const STRATEGIES = ['longest_idle', 'most_skilled', 'least_occupied', 'round_robin', 'preferred_agent'] as const;
export const Strategy = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof Strategy>;

export const AGENT_STATES = ['logged_out', 'ready', 'not_ready', 'reserved', 'busy', 'wrap_up'] as const;
export const AgentState = z.enum(AGENT_STATES);
export type AgentState = z.infer<typeof AgentState>;

/** `queued → offered → connected → wrap_up → completed`, with the exits after it. */
export const CONTACT_STATES = [
  'queued',
  'offered',
  'connected',
  'wrap_up',
  'completed',
  'abandoned',
  'transferred',
  'overflowed',
  'timed_out',
] as const;
export const ContactState = z.enum(CONTACT_STATES);
export type ContactState = z.infer<typeof ContactState>;
export const OPEN_CONTACT_STATES: readonly ContactState[] = ['queued', 'offered', 'connected', 'wrap_up'];

/** Request types (DOMAIN.md): 咨询, 查询, 办理, 故障, 投诉, 建议, 表扬. */
export const REQUEST_TYPES = ['inquiry', 'query', 'service', 'fault', 'complaint', 'suggestion', 'praise'] as const;
export const RequestType = z.enum(REQUEST_TYPES);
export type RequestType = z.infer<typeof RequestType>;

/** 处理结果: solved on the contact, needs a work order, a follow-up, or could not be solved. */
export const DISPOSITIONS = ['resolved', 'work_order', 'follow_up', 'unresolved', 'invalid'] as const;
export const Disposition = z.enum(DISPOSITIONS);
export type Disposition = z.infer<typeof Disposition>;

/** The reason the system gives an agent whose offer rang out (RONA); admins may relabel it. */
export const NO_ANSWER_REASON = 'no_answer';

const Key = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, _ or -, starting with a letter (at most 40)');
const Name = z.string().trim().min(1).max(100);
const Seconds = (max: number) => z.number().int().min(0).max(max);
/** A queue or skill is addressed by its id or by its key (`billing`). */
export const Ref = z.string().trim().min(1).max(64);

// ---- skills -----------------------------------------------------------------------------------

export const Skill = z.object({ id: z.uuid(), key: z.string(), name: z.string(), createdAt: z.string() });
export type Skill = z.infer<typeof Skill>;
export const CreateSkillBody = z.object({ key: Key, name: Name });
export type CreateSkillBody = z.infer<typeof CreateSkillBody>;
export const UpdateSkillBody = z.object({ name: Name });

export const SkillRequirement = z.object({ skill: Key, minLevel: z.number().int().min(1).max(5) });
export type SkillRequirement = z.infer<typeof SkillRequirement>;

// ---- queues -----------------------------------------------------------------------------------

export const RelaxationStep = z.object({
  afterSeconds: Seconds(86_400),
  maxLevel: z.number().int().min(1).max(5).optional(),
  anySkill: z.boolean().optional(),
  /** Keys of queues whose members may take the contact from this step on. */
  overflowQueues: z.array(Key).max(20).optional(),
});
export type RelaxationStep = z.infer<typeof RelaxationStep>;

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** Weekly opening hours in the center's time zone; day 1 = Monday … 7 = Sunday. Null: always open. */
export const BusinessHours = z
  .array(z.object({ day: z.number().int().min(1).max(7), open: Time, close: Time }))
  .max(50)
  .nullable();
export type BusinessHours = z.infer<typeof BusinessHours>;

/** Wallboard colours: a tile turns amber, then red, past these values. */
export const QueueThresholds = z.object({
  waitingAmber: z.number().int().min(0),
  waitingRed: z.number().int().min(0),
  longestWaitAmberSeconds: Seconds(86_400),
  longestWaitRedSeconds: Seconds(86_400),
  /** Percent: below amber it is amber, below red it is red. */
  serviceLevelAmber: z.number().min(0).max(100),
  serviceLevelRed: z.number().min(0).max(100),
});
export type QueueThresholds = z.infer<typeof QueueThresholds>;

export const OVERFLOW_ACTIONS = ['none', 'queue', 'voicemail', 'callback'] as const;

const QueueFields = {
  name: Name,
  strategy: Strategy,
  skills: z.array(SkillRequirement).max(20),
  relaxation: z.array(RelaxationStep).max(10),
  preferredAgentSeconds: Seconds(3_600),
  /**
   * Added to the priority of a contact whose CRM customer is a VIP (the VIP tag or the vip tier),
   * found by the contact's customer id or the caller's number; 0: this queue does not favour VIPs.
   */
  vipPriorityBoost: z.number().int().min(0).max(100),
  /** Service level goal: `serviceLevelPercent` % answered within `serviceLevelSeconds`. */
  serviceLevelPercent: z.number().min(1).max(100),
  serviceLevelSeconds: Seconds(3_600),
  shortAbandonSeconds: Seconds(60),
  /** Longest wait and queue length before `overflowAction` applies (null: no limit). */
  maxWaitSeconds: z.number().int().min(1).max(86_400).nullable(),
  maxLength: z.number().int().min(1).max(100_000).nullable(),
  /**
   * What happens past the limits: `queue` moves the contact to `overflowQueue`; `voicemail` and
   * `callback` end it as `timed_out` for the voice module to take over; `none` ends it as `timed_out`.
   */
  overflowAction: z.enum(OVERFLOW_ACTIONS),
  overflowQueue: Key.nullable(),
  businessHours: BusinessHours,
  /** A business calendar (/api/v1/calendars) deciding when the queue is open; null: businessHours. */
  calendarId: z.uuid().nullable(),
  wrapUpSeconds: Seconds(3_600),
  /** How long an offer waits for the agent before RONA. */
  offerTimeoutSeconds: z.number().int().min(1).max(600),
  announcePosition: z.boolean(),
  announceEstimatedWait: z.boolean(),
  announceEverySeconds: z.number().int().min(10).max(3_600),
  thresholds: QueueThresholds,
};

export const Queue = z.object({
  id: z.uuid(),
  key: z.string(),
  ...QueueFields,
  overflowQueue: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Queue = z.infer<typeof Queue>;

export const QUEUE_DEFAULTS = {
  strategy: 'longest_idle',
  skills: [],
  relaxation: [],
  preferredAgentSeconds: 0,
  vipPriorityBoost: 0,
  serviceLevelPercent: 80,
  serviceLevelSeconds: 20,
  shortAbandonSeconds: 5,
  maxWaitSeconds: null,
  maxLength: null,
  overflowAction: 'none',
  overflowQueue: null,
  businessHours: null,
  calendarId: null,
  wrapUpSeconds: 30,
  offerTimeoutSeconds: 20,
  announcePosition: true,
  announceEstimatedWait: true,
  announceEverySeconds: 45,
  thresholds: {
    waitingAmber: 5,
    waitingRed: 10,
    longestWaitAmberSeconds: 20,
    longestWaitRedSeconds: 60,
    serviceLevelAmber: 80,
    serviceLevelRed: 60,
  },
} as const satisfies Omit<z.input<z.ZodObject<typeof QueueFields>>, 'name'>;

export const CreateQueueBody = z
  .object({ key: Key, ...QueueFields })
  .partial()
  .required({ key: true, name: true });
export type CreateQueueBody = z.infer<typeof CreateQueueBody>;
export const UpdateQueueBody = z
  .object(QueueFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateQueueBody = z.infer<typeof UpdateQueueBody>;

// ---- reason codes -----------------------------------------------------------------------------

export const ReasonCode = z.object({
  id: z.uuid(),
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  /** Given by the system (未应答 after RONA), not chosen by agents. */
  system: z.boolean(),
});
export type ReasonCode = z.infer<typeof ReasonCode>;
export const CreateReasonCodeBody = z.object({
  code: Key,
  labelZh: Name,
  labelEn: Name,
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(1000).optional(),
});
export const UpdateReasonCodeBody = CreateReasonCodeBody.omit({ code: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');

// ---- agents -----------------------------------------------------------------------------------

export const Membership = z.object({
  queue: Ref,
  /** 1 first: an agent serves priority 2 only when priority 1 queues have nobody it can take. */
  priority: z.number().int().min(1).max(9),
  delaySeconds: Seconds(3_600),
});
export const Capacity = z
  .object(Object.fromEntries(CHANNELS.map((c) => [c, z.number().int().min(0).max(20)])))
  .partial();
export type Capacity = Partial<Record<Channel, number>>;

export const AgentRouting = z.object({
  userId: z.uuid(),
  skills: z.array(z.object({ skill: z.string(), level: z.number().int().min(1).max(5) })),
  memberships: z.array(
    z.object({ queueId: z.uuid(), queueKey: z.string(), priority: z.number(), delaySeconds: z.number() }),
  ),
  capacity: Capacity,
});
export type AgentRouting = z.infer<typeof AgentRouting>;
export const PutAgentRoutingBody = z.object({
  skills: z.array(z.object({ skill: Key, level: z.number().int().min(1).max(5) })).max(100),
  memberships: z.array(Membership).max(50),
  capacity: Capacity.optional(),
});
export type PutAgentRoutingBody = z.infer<typeof PutAgentRoutingBody>;

export const AgentStatus = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  teamId: z.uuid().nullable(),
  state: AgentState,
  /** The reason code when not ready. */
  reason: z.string().nullable(),
  /** When the agent entered `state`; null for a user the ACD has never seen (no state yet: no timer). */
  since: z.string().nullable(),
  /** The contact offered to the agent, and those in hand. */
  offer: z.uuid().nullable(),
  contacts: z.array(z.uuid()),
  wrapUpUntil: z.string().nullable(),
  /** "Not ready after this contact": the presence the agent returns to when work ends. */
  presence: z.enum(['logged_out', 'ready', 'not_ready']),
  /**
   * The agent's phone did not respond to an offer (delivery failure, not RONA): the agent stays
   * ready but gets no calls until then (ISO time); null when the phone is not flagged.
   */
  phoneUnreachableUntil: z.string().nullable(),
});
export type AgentStatus = z.infer<typeof AgentStatus>;

export const AgentDay = z.object({
  handled: z.number().int(),
  ahtSeconds: z.number().nullable(),
  readySeconds: z.number(),
  notReadySeconds: z.number(),
});
export type AgentDay = z.infer<typeof AgentDay>;

export const AgentMe = AgentStatus.extend({ routing: AgentRouting, today: AgentDay });
export type AgentMe = z.infer<typeof AgentMe>;

export const SetStateBody = z.object({
  state: z.enum(['ready', 'not_ready', 'logged_out']),
  /** A reason code (or its label) when not ready. */
  reason: z.string().trim().min(1).max(40).optional(),
});
export type SetStateBody = z.infer<typeof SetStateBody>;

// ---- contacts ---------------------------------------------------------------------------------

const Attributes = z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean()]));
export const ContactCustomer = z.object({
  id: z.string().max(64).optional(),
  name: z.string().max(100).optional(),
  phone: z.string().max(40).optional(),
  email: z.string().max(200).optional(),
});

export const WrapUp = z.object({
  disposition: Disposition,
  requestType: RequestType,
  notes: z.string().max(4000).default(''),
});
export type WrapUp = z.infer<typeof WrapUp>;

export const Contact = z.object({
  id: z.uuid(),
  channel: Channel,
  direction: z.enum(['inbound', 'outbound']),
  queueId: z.uuid(),
  queueKey: z.string(),
  state: ContactState,
  priority: z.number().int(),
  skills: z.array(SkillRequirement).nullable(),
  attributes: Attributes,
  customer: ContactCustomer.nullable(),
  subject: z.string().nullable(),
  agentId: z.uuid().nullable(),
  targetAgentId: z.uuid().nullable(),
  preferredAgentId: z.uuid().nullable(),
  /** The contact this one continues (a transfer or an overflow). */
  parentId: z.uuid().nullable(),
  createdAt: z.string(),
  queuedAt: z.string(),
  offeredAt: z.string().nullable(),
  connectedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  wrapUp: WrapUp.nullable(),
  /** While waiting: 1-based place in the queue, and the estimate announced to the customer. */
  position: z.number().int().nullable(),
  estimatedWaitSeconds: z.number().int().nullable(),
});
export type Contact = z.infer<typeof Contact>;

export const CreateContactBody = z.object({
  channel: Channel.exclude(['voice']),
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  queue: Ref,
  priority: z.number().int().min(0).max(100).default(0),
  skills: z.array(SkillRequirement).max(20).optional(),
  attributes: Attributes.default({}),
  customer: ContactCustomer.optional(),
  subject: z.string().trim().max(200).optional(),
  preferredAgentId: z.uuid().optional(),
});
export type CreateContactBody = z.infer<typeof CreateContactBody>;

export const ExtendWrapUpBody = z.object({ seconds: z.number().int().min(1).max(600) });
export const CompleteBody = z.object({ wrapUp: WrapUp.optional() }).default({});
export const TransferBody = z
  .object({ queue: Ref.optional(), agentId: z.uuid().optional(), note: z.string().max(1000).optional() })
  .refine((v) => !!v.queue !== !!v.agentId, 'give either a queue or an agent');
export type TransferBody = z.infer<typeof TransferBody>;
/** Supervisor: move to another queue, change the priority, assign to a named agent (null: unassign). */
export const UpdateContactBody = z
  .object({
    queue: Ref.optional(),
    priority: z.number().int().min(0).max(100).optional(),
    assignTo: z.uuid().nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

export const ContactQuery = z.object({
  state: z.union([ContactState, z.array(ContactState)]).optional(),
  queue: Ref.optional(),
  agentId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const Verdict = z.object({
  agentId: z.string(),
  verdict: z.enum(['chosen', 'eligible', 'skipped']),
  reason: z.string().optional(),
});
export const RoutingLogEntry = z.object({
  at: z.string(),
  fromState: ContactState.nullable(),
  toState: ContactState,
  queueId: z.uuid().nullable(),
  agentId: z.uuid().nullable(),
  /** Who caused it: the agent, a supervisor, an integration, or null for the ACD itself. */
  actorId: z.uuid().nullable(),
  note: z.string().nullable(),
  /** For offers: the rule, relaxation step and candidates. */
  rule: z.string().nullable(),
  step: z.number().int().nullable(),
  considered: z.array(Verdict).nullable(),
  unavailable: z.number().int().nullable(),
});
export type RoutingLogEntry = z.infer<typeof RoutingLogEntry>;

// ---- stats and wallboard ----------------------------------------------------------------------

export const QueueStats = z.object({
  queueId: z.uuid(),
  key: z.string(),
  name: z.string(),
  open: z.boolean(),
  waiting: z.number().int(),
  longestWaitSeconds: z.number().int(),
  offeredToday: z.number().int(),
  answeredToday: z.number().int(),
  answeredInThresholdToday: z.number().int(),
  abandonedToday: z.number().int(),
  shortAbandonedToday: z.number().int(),
  /** Offers the agent's phone rang and nobody answered in time (RONA), today. */
  ronaToday: z.number().int(),
  /** Offers that never reached the agent's phone (no response, no registered phone), today. */
  undeliveredToday: z.number().int(),
  /** Answered within the goal ÷ (offered − short abandons); null before the first contact. */
  serviceLevelToday: z.number().nullable(),
  abandonRateToday: z.number().nullable(),
  ahtSeconds: z.number().nullable(),
  estimatedWaitSeconds: z.number().int().nullable(),
  agentsByState: z.record(AgentState, z.number().int()),
  serviceLevelPercent: z.number(),
  serviceLevelSeconds: z.number(),
  thresholds: QueueThresholds,
});
export type QueueStats = z.infer<typeof QueueStats>;

export const Wallboard = z.object({ at: z.string(), queues: z.array(QueueStats), agents: z.array(AgentStatus) });
export type Wallboard = z.infer<typeof Wallboard>;
