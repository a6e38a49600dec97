import { z } from 'zod';

/**
 * IVR flows (语音导航): a document of nodes the telephony module runs for each inbound call.
 * Admins edit a draft; publishing freezes it as the next numbered version, which calls then run.
 * Values in prompts (`say`), URLs, bodies and attributes may hold `{{variable}}` templates: the
 * built-ins `caller` and `called`, and whatever `collect`, `http` and `survey` nodes store.
 */

export const IVR_LANGUAGES = ['zh-CN', 'en-US'] as const;
export const IvrLanguage = z.enum(IVR_LANGUAGES);
export type IvrLanguage = z.infer<typeof IvrLanguage>;

export const NODE_ID_PATTERN = /^[a-z0-9_-]{1,40}$/;
export const NodeId = z.string().regex(NODE_ID_PATTERN, 'lowercase letters, digits, _ or - (at most 40)');
/** Variables a template may name without any node storing them. */
export const BUILTIN_VARIABLES = ['caller', 'called'] as const;
export const VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const Variable = z.string().regex(VARIABLE_PATTERN, 'a letter or _, then letters, digits or _ (at most 40)');
const Key = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'lowercase letters, digits, _ or -');
/** `{{name}}` in a template. */
export const TEMPLATE_PATTERN = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const Template = z.string().max(500);

export const SAY_KINDS = ['digits', 'number', 'amount'] as const;
export const PromptRef = z.union([
  z.strictObject({ prompt: Key }),
  z.strictObject({ say: z.enum(SAY_KINDS), value: Template.min(1) }),
]);
export type PromptRef = z.infer<typeof PromptRef>;
const Prompts = z.array(PromptRef).max(20);

export const MENU_KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;
const Tries = z.number().int().min(1).max(10).default(3);
const Seconds = (min: number, max: number, dflt: number) => z.number().int().min(min).max(max).default(dflt);

const PlayNode = z.strictObject({ type: z.literal('play'), prompts: Prompts.min(1), next: NodeId });

const MenuNode = z.strictObject({
  type: z.literal('menu'),
  prompts: Prompts,
  /** DTMF key → node. Keys are checked on save (0-9, * and #). */
  options: z.record(z.string(), NodeId),
  timeoutSeconds: Seconds(1, 30, 5),
  /** Attempts before onFailure; each invalid key or silence uses one. */
  maxRetries: Tries,
  invalidPrompts: Prompts.default([{ prompt: 'invalid' }]),
  noInputPrompts: Prompts.default([{ prompt: 'no-input' }]),
  onFailure: NodeId,
});

const CollectNode = z.strictObject({
  type: z.literal('collect'),
  prompts: Prompts,
  variable: Variable,
  minDigits: z.number().int().min(1).max(32).default(1),
  maxDigits: z.number().int().min(1).max(32),
  /** The whole input must match (anchored); checked to compile on save. */
  pattern: z.string().min(1).max(200).optional(),
  terminator: z.enum(['#', '*']).optional(),
  timeoutSeconds: Seconds(1, 30, 5),
  interDigitSeconds: Seconds(1, 15, 3),
  maxRetries: Tries,
  invalidPrompts: Prompts.default([{ prompt: 'invalid' }]),
  noInputPrompts: Prompts.default([{ prompt: 'no-input' }]),
  next: NodeId,
  onFailure: NodeId,
});

export const TIME_RANGE_PATTERN = /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const TimeRange = z
  .string()
  .regex(TIME_RANGE_PATTERN, 'HH:MM-HH:MM')
  .refine((r) => r.slice(0, 5) < r.slice(6), 'the range must end after it starts');
const Hours = z.array(TimeRange).max(10).default([]);
const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD');
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const BusinessHoursNode = z.strictObject({
  type: z.literal('business_hours'),
  /** IANA zone; default Asia/Shanghai. */
  timezone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone')
    .optional(),
  /**
   * A business calendar (营业日历, /api/v1/calendars) deciding open/closed; when set, the inline hours
   * below are only the fallback should the calendar be unavailable.
   */
  calendarId: z.uuid().optional(),
  weekly: z
    .strictObject({ mon: Hours, tue: Hours, wed: Hours, thu: Hours, fri: Hours, sat: Hours, sun: Hours })
    .default({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }),
  /** Closed all day (法定节假日). */
  holidays: z.array(Day).max(400).default([]),
  /** Open although a weekend (调休), with `workdayHours`, else Monday's hours. */
  workdays: z.array(Day).max(400).default([]),
  workdayHours: z.array(TimeRange).max(10).optional(),
  open: NodeId,
  closed: NodeId,
});

const JsonPath = z
  .string()
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'dot-separated names or indexes, like data.balance');
const HttpNode = z.strictObject({
  type: z.literal('http'),
  /** http(s) URL; `{{variables}}` are URL-encoded into it. */
  url: Template.regex(/^https?:\/\//, 'an http:// or https:// URL'),
  method: z.enum(['GET', 'POST']).default('GET'),
  /** JSON sent with POST; strings in it are templates. */
  body: z.record(z.string(), z.unknown()).optional(),
  timeoutMs: z.number().int().min(100).max(10_000).default(3000),
  /** variable → where in the JSON reply its value is. */
  assign: z.record(Variable, JsonPath).default({}),
  next: NodeId,
  onError: NodeId,
});

export const SkillNeed = z.strictObject({
  skill: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a skill key'),
  minLevel: z.number().int().min(1).max(5),
});
const SetNode = z.strictObject({
  type: z.literal('set'),
  attributes: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'an attribute name'), Template).optional(),
  priority: z.number().int().min(0).max(100).optional(),
  skills: z.array(SkillNeed).max(10).optional(),
  language: IvrLanguage.optional(),
  next: NodeId,
});

const QueueNode = z.strictObject({
  type: z.literal('queue'),
  /** A routing queue key; checked to exist when publishing. */
  queue: Key,
  priority: z.number().int().min(0).max(100).optional(),
  /** 0 = no announcements, else every N ≥ 15 seconds. */
  announceEverySeconds: z
    .number()
    .int()
    .max(600)
    .refine((n) => n === 0 || n >= 15, '0 (off) or at least 15')
    .default(30),
  announcePosition: z.boolean().default(true),
  announceWait: z.boolean().default(true),
  music: Key.optional(),
  callbackOffer: z.boolean().default(false),
  /** After the agent conversation ends while the caller is still on the line (a survey). */
  next: NodeId,
  onTimeout: NodeId.optional(),
  onCallback: NodeId.optional(),
});

const VoicemailNode = z.strictObject({
  type: z.literal('voicemail'),
  queue: Key,
  maxSeconds: z.number().int().min(5).max(300).default(120),
  prompts: Prompts.default([{ prompt: 'voicemail' }]),
  next: NodeId,
});

const TransferNode = z.strictObject({
  type: z.literal('transfer'),
  /** A number (or template giving one): digits, * and #, optionally a leading +. */
  number: Template.min(1),
  /** Where to go if the transfer fails; hang up when absent. */
  next: NodeId.optional(),
});

const SurveyNode = z.strictObject({
  type: z.literal('survey'),
  prompts: Prompts.default([{ prompt: 'survey' }]),
  variable: Variable.default('csat'),
  next: NodeId,
});

const HangupNode = z.strictObject({ type: z.literal('hangup'), prompts: Prompts.default([]) });

/**
 * 重大故障播报: branches on whether a major incident of a service (/api/v1/incidents, its service key)
 * is open or mitigated now. While one is, the incident's recorded prompt plays (else these prompts)
 * before the flow goes on to `active` — typically the menu, with callers told before they choose.
 */
const IncidentActiveNode = z.strictObject({
  type: z.literal('incident_active'),
  service: Key,
  prompts: Prompts.default([]),
  active: NodeId,
  inactive: NodeId,
});

export const IvrNode = z.discriminatedUnion('type', [
  PlayNode,
  MenuNode,
  CollectNode,
  BusinessHoursNode,
  HttpNode,
  SetNode,
  QueueNode,
  VoicemailNode,
  TransferNode,
  SurveyNode,
  HangupNode,
  IncidentActiveNode,
]);
export type IvrNode = z.infer<typeof IvrNode>;
export type IvrNodeType = IvrNode['type'];
export type IvrNodeOf<T extends IvrNodeType> = Extract<IvrNode, { type: T }>;

/** Where the visual designer draws a node: canvas pixels of its top-left corner. */
export const NodePosition = z.strictObject({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
});
export type NodePosition = z.infer<typeof NodePosition>;

export const FlowDefinition = z.strictObject({
  language: IvrLanguage,
  start: NodeId,
  nodes: z.record(z.string(), IvrNode).refine((n) => Object.keys(n).length <= 300, 'at most 300 nodes'),
  /**
   * Node positions of the visual designer (node id → position), kept in the document so a flow
   * looks the same to every admin and in every published version. Presentation only: the runner
   * and the checks never read it, a node without a position is laid out automatically (elkjs) when
   * the designer opens, and positions of nodes that no longer exist are dropped on save.
   */
  layout: z
    .record(z.string(), NodePosition)
    .refine((l) => Object.keys(l).length <= 300, 'at most 300 positions')
    .optional(),
});
/** A flow document as stored (defaults filled in). */
export type FlowDefinition = z.infer<typeof FlowDefinition>;
/** A flow document as written (defaults may be left out). */
export type FlowDefinitionInput = z.input<typeof FlowDefinition>;

// ---- HTTP ----------------------------------------------------------------------------------------

const FlowKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9_-]{1,40}$/, 'lowercase letters, digits, _ or - (at most 40)');
const FlowName = z.string().trim().min(1).max(100);

export const CreateFlowBody = z.object({ key: FlowKey, name: FlowName, definition: FlowDefinition });
export type CreateFlowBody = z.infer<typeof CreateFlowBody>;

/** Replaces the draft (and optionally renames the flow). */
export const UpdateFlowBody = z.object({ name: FlowName.optional(), definition: FlowDefinition });
export type UpdateFlowBody = z.infer<typeof UpdateFlowBody>;

/** Checks a document without saving it: any object may come in, the issues say what is wrong. */
export const ValidateFlowBody = z.object({ definition: z.record(z.string(), z.unknown()) });
export const FlowIssue = z.object({ path: z.string(), message: z.string() });
export type FlowIssue = z.infer<typeof FlowIssue>;
export const ValidateFlowReply = z.object({ valid: z.boolean(), issues: z.array(FlowIssue) });
export type ValidateFlowReply = z.infer<typeof ValidateFlowReply>;

export const FlowSummary = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  publishedVersion: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FlowSummary = z.infer<typeof FlowSummary>;

export const FlowVersionSummary = z.object({
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.uuid().nullable(),
});
export type FlowVersionSummary = z.infer<typeof FlowVersionSummary>;

export const Flow = FlowSummary.extend({ draft: FlowDefinition, versions: z.array(FlowVersionSummary) });
export type Flow = z.infer<typeof Flow>;

export const FlowVersion = FlowVersionSummary.extend({ flowId: z.uuid(), definition: FlowDefinition });
export type FlowVersion = z.infer<typeof FlowVersion>;

export const FlowVersionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });
