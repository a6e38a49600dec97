import { z } from 'zod';
import { pageOf } from './common';

/**
 * Quality management (质检, issue 15): scorecards, evaluations, sampling, appeals, calibration,
 * coaching and automatic checks. docs/quality.md explains the scoring formula with examples.
 */

/**
 * Item kinds (DOMAIN.md, 质检): required items (必备项) make the base score; bonus items (加分项) add
 * points; deduction items (减分项) take points off; a fatal item (致命项) failed makes the whole
 * evaluation 0.
 */
export const ITEM_KINDS = ['required', 'bonus', 'deduction', 'fatal'] as const;
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;

/**
 * How an item is answered: pass / fail (达标 / 未达标), a scale of 1..scaleMax, or points 0..weight.
 * For every kind "pass" is good for the agent: a deduction or fatal item passes when the fault did
 * not happen.
 */
export const ANSWER_TYPES = ['pass_fail', 'scale', 'points'] as const;
export const AnswerType = z.enum(ANSWER_TYPES);
export type AnswerType = z.infer<typeof AnswerType>;

const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _ (at most 40)');
const label = z.string().trim().min(1).max(200);

export const ScorecardItem = z
  .object({
    /** Stable within the scorecard across versions: answers, gap analysis and calibration key on it. */
    key,
    label,
    /** What the evaluator looks for (评分标准). */
    guidance: z.string().trim().max(2000).default(''),
    kind: ItemKind,
    answerType: AnswerType.default('pass_fail'),
    /**
     * Required: its share of the base (relative to the other required items); bonus and deduction:
     * the points it adds or takes off (on the 100 scale); fatal: unused.
     */
    weight: z.number().int().min(0).max(100).default(0),
    /** The top of a scale item (1..scaleMax). */
    scaleMax: z.number().int().min(2).max(10).default(5),
    /** Whether the evaluator may answer 不适用 (N/A): the item then leaves the base. */
    allowNa: z.boolean().default(false),
    /** The automatic check rule (its key) whose result pre-fills this item for the evaluator to confirm. */
    autoCheck: key.nullable().default(null),
  })
  .superRefine((item, ctx) => {
    if (item.kind === 'fatal' && item.answerType !== 'pass_fail') {
      ctx.addIssue({ code: 'custom', path: ['answerType'], message: 'a fatal item is answered pass or fail' });
    }
    if (item.kind !== 'required' && item.kind !== 'fatal' && item.answerType === 'scale') {
      ctx.addIssue({
        code: 'custom',
        path: ['answerType'],
        message: 'bonus and deduction items are pass/fail or points',
      });
    }
    if (item.kind !== 'fatal' && item.weight === 0) {
      ctx.addIssue({ code: 'custom', path: ['weight'], message: 'must be at least 1' });
    }
  });
export type ScorecardItem = z.infer<typeof ScorecardItem>;
export type ScorecardItemInput = z.input<typeof ScorecardItem>;

export const ScorecardSection = z.object({
  key,
  title: label,
  items: z.array(ScorecardItem).min(1).max(50),
});
export type ScorecardSection = z.infer<typeof ScorecardSection>;

/** A scorecard version's content: what is published and frozen. */
export const ScorecardContent = z
  .object({
    sections: z.array(ScorecardSection).min(1).max(20),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, string>();
    c.sections.forEach((s, si) => {
      if (c.sections.findIndex((x) => x.key === s.key) !== si) {
        ctx.addIssue({ code: 'custom', path: ['sections', si, 'key'], message: 'used twice' });
      }
      s.items.forEach((item, ii) => {
        const where = seen.get(item.key);
        if (where)
          ctx.addIssue({
            code: 'custom',
            path: ['sections', si, 'items', ii, 'key'],
            message: `used twice (${where})`,
          });
        seen.set(item.key, s.key);
      });
    });
    if (!c.sections.some((s) => s.items.some((i) => i.kind === 'required'))) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'a scorecard needs at least one required item' });
    }
  });
export type ScorecardContent = z.infer<typeof ScorecardContent>;
export type ScorecardContentInput = z.input<typeof ScorecardContent>;

/** An item's answer: pass / fail / N/A, or a number (scale 1..scaleMax, points 0..weight). */
export const ItemAnswer = z.union([z.enum(['pass', 'fail', 'na']), z.number().int().min(0).max(100)]);
export type ItemAnswer = z.infer<typeof ItemAnswer>;

/** Answers by item key; a draft may leave items out. */
export const Answers = z.record(key, ItemAnswer);
export type Answers = z.infer<typeof Answers>;

/**
 * The score with its parts, so every screen can show how it came about:
 * score = fatal ? 0 : max(0, min(100, base + bonus) − deductions), base = 100 × earned ÷ possible
 * over the required items not answered N/A (100 when every one is N/A).
 */
export const ScoreBreakdown = z.object({
  score: z.number(),
  base: z.number(),
  earned: z.number(),
  possible: z.number(),
  bonus: z.number(),
  deductions: z.number(),
  fatal: z.boolean(),
  /** Keys of the items that failed (fatal, required not full marks, deductions taken). */
  failedItems: z.array(z.string()),
  /** Keys of the required items left out of the base as N/A. */
  naItems: z.array(z.string()),
});
export type ScoreBreakdown = z.infer<typeof ScoreBreakdown>;

/** The kinds of automatic checks: phrase rules on transcripts, and measurements of the recording. */
export const AUTO_CHECK_KINDS = [
  'forbidden_phrase',
  'required_phrase',
  'silence',
  'overtalk',
  'long_hold',
  'dead_air_after_greeting',
] as const;
export const AutoCheckKind = z.enum(AUTO_CHECK_KINDS);
export type AutoCheckKind = z.infer<typeof AutoCheckKind>;

/** What a finding says happened. */
export const FINDING_KINDS = [
  'forbidden_phrase',
  'required_missing',
  'silence',
  'overtalk',
  'long_hold',
  'dead_air_after_greeting',
] as const;
export const FindingKind = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKind>;

export const Speaker = z.enum(['agent', 'customer']);
export type Speaker = z.infer<typeof Speaker>;

/**
 * One automatic check rule (docs/quality.md): phrase rules look at transcripts (chat, or a call's
 * speech-to-text), the others measure the stereo recording and the call's hold time.
 */
export const AutoCheckRule = z
  .object({
    key,
    label,
    kind: AutoCheckKind,
    enabled: z.boolean().default(true),
    /** Phrase rules: the transcript's language this rule applies to. */
    language: z.enum(['zh', 'en', 'any']).default('any'),
    /** Phrase rules: whose words are checked. */
    speaker: z.enum(['agent', 'customer', 'any']).default('agent'),
    /** Phrase rules: any one of them (forbidden: each occurrence is a finding; required: one suffices). */
    phrases: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
    /** `word`: only on word boundaries (不能 is not found in 不能够); `substring`: anywhere. */
    match: z.enum(['word', 'substring']).default('word'),
    /** Required phrases: look in the speaker's first (start) or last (end) lines only, or everywhere. */
    position: z.enum(['start', 'end', 'anywhere']).default('anywhere'),
    withinLines: z.number().int().min(1).max(50).nullable().default(null),
    /** Silence, overtalk, dead air: at least this long; long hold: a hold longer than this. */
    thresholdMs: z.number().int().min(100).max(3_600_000).nullable().default(null),
  })
  .superRefine((r, ctx) => {
    const phraseRule = r.kind === 'forbidden_phrase' || r.kind === 'required_phrase';
    if (phraseRule && r.phrases.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['phrases'], message: 'a phrase rule needs at least one phrase' });
    }
    if (!phraseRule && r.thresholdMs === null) {
      ctx.addIssue({ code: 'custom', path: ['thresholdMs'], message: 'this rule needs a threshold' });
    }
  });
export type AutoCheckRule = z.infer<typeof AutoCheckRule>;
export type AutoCheckRuleInput = z.input<typeof AutoCheckRule>;

export const AutoCheckRules = z
  .array(AutoCheckRule)
  .max(100)
  .superRefine((rules, ctx) => {
    rules.forEach((r, i) => {
      if (rules.findIndex((x) => x.key === r.key) !== i)
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'used twice' });
    });
  });

export const TranscriptLine = z.object({
  speaker: Speaker,
  text: z.string().max(5000),
  startMs: z.number().int().min(0).optional(),
  endMs: z.number().int().min(0).optional(),
});
export type TranscriptLine = z.infer<typeof TranscriptLine>;

export const AutoFinding = z.object({
  rule: z.string(),
  kind: FindingKind,
  speaker: Speaker.optional(),
  /** The phrase found. */
  text: z.string().optional(),
  atMs: z.number().int().optional(),
  durationMs: z.number().int().optional(),
});
export type AutoFinding = z.infer<typeof AutoFinding>;

/** POST /api/v1/quality/auto-check: a rule author's dry run on a sample transcript. */
export const AutoCheckBody = z.object({
  language: z.string().trim().min(2).max(10),
  transcript: z.array(TranscriptLine).min(1).max(2000),
  /** Try these rules instead of the active set (a change before it applies to every contact). */
  rules: AutoCheckRules.optional(),
});
export type AutoCheckBody = z.infer<typeof AutoCheckBody>;
export const AutoCheckReply = z.object({ findings: z.array(AutoFinding) });
export type AutoCheckReply = z.infer<typeof AutoCheckReply>;

// ---------------------------------------------------------------------------------------------------
// Scorecards

export const Scorecard = z.object({
  id: z.uuid(),
  name: z.string(),
  queueIds: z.array(z.uuid()),
  isDefault: z.boolean(),
  archived: z.boolean(),
  /** The newest published version (0: not published yet). */
  version: z.number().int(),
  /** The published content of `version` (null before the first publication). */
  content: ScorecardContent.nullable(),
  /** Unpublished edits, when there are any. */
  draft: ScorecardContent.nullable(),
  updatedAt: z.string(),
});
export type Scorecard = z.infer<typeof Scorecard>;

export const CreateScorecardBody = z.object({
  name: z.string().trim().min(1).max(100),
  queueIds: z.array(z.uuid()).max(500).default([]),
  content: ScorecardContent,
});
export type CreateScorecardBody = z.infer<typeof CreateScorecardBody>;

export const UpdateScorecardBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  queueIds: z.array(z.uuid()).max(500).optional(),
  /** Saved as the draft; `POST …/publish` makes it the next version. */
  content: ScorecardContent.optional(),
  archived: z.boolean().optional(),
});
export type UpdateScorecardBody = z.infer<typeof UpdateScorecardBody>;

export const ScorecardVersion = z.object({
  scorecardId: z.uuid(),
  version: z.number().int(),
  content: ScorecardContent,
  publishedAt: z.string(),
});
export type ScorecardVersion = z.infer<typeof ScorecardVersion>;

// ---------------------------------------------------------------------------------------------------
// Evaluations

/**
 * draft → submitted → acknowledged (确认) by the agent, or appealed (申诉) within the window; an appeal
 * ends upheld (the score stands) or revised (a second reviewer changed it).
 */
export const EVALUATION_STATUSES = ['draft', 'submitted', 'acknowledged', 'appealed', 'upheld', 'revised'] as const;
export const EvaluationStatus = z.enum(EVALUATION_STATUSES);
export type EvaluationStatus = z.infer<typeof EvaluationStatus>;

export const EvaluationComment = z.object({
  id: z.uuid(),
  /** The moment of the recording (or transcript) it is about. */
  atMs: z.number().int().nullable(),
  item: z.string().nullable(),
  text: z.string(),
  authorId: z.uuid(),
  authorName: z.string(),
  createdAt: z.string(),
});
export type EvaluationComment = z.infer<typeof EvaluationComment>;

export const EvaluationRevision = z.object({
  revision: z.number().int(),
  answers: Answers,
  score: z.number(),
  breakdown: ScoreBreakdown,
  reason: z.enum(['submitted', 'appeal_changed']),
  by: z.uuid(),
  byName: z.string(),
  note: z.string().nullable(),
  at: z.string(),
});
export type EvaluationRevision = z.infer<typeof EvaluationRevision>;

export const APPEAL_STATUSES = ['open', 'upheld', 'changed'] as const;
export const Appeal = z.object({
  id: z.uuid(),
  evaluationId: z.uuid(),
  agentId: z.uuid(),
  reason: z.string(),
  items: z.array(z.string()),
  status: z.enum(APPEAL_STATUSES),
  reviewerId: z.uuid().nullable(),
  decisionNote: z.string().nullable(),
  scoreBefore: z.number(),
  scoreAfter: z.number().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Appeal = z.infer<typeof Appeal>;

export const Evaluation = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  teamId: z.uuid().nullable(),
  queueId: z.uuid().nullable(),
  evaluatorId: z.uuid(),
  evaluatorName: z.string(),
  scorecardId: z.uuid(),
  scorecardVersion: z.number().int(),
  taskId: z.uuid().nullable(),
  calibrationId: z.uuid().nullable(),
  status: EvaluationStatus,
  answers: Answers,
  /** The score of the answers so far (a draft's preview); null only for a draft with no answer. */
  score: z.number().nullable(),
  breakdown: ScoreBreakdown.nullable(),
  summary: z.string(),
  revision: z.number().int(),
  contactAt: z.string(),
  submittedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  /** Until when the agent may appeal (submitted evaluations). */
  appealUntil: z.string().nullable(),
  updatedAt: z.string(),
});
export type Evaluation = z.infer<typeof Evaluation>;

/** A handled contact as quality sees it, with what its automatic checks found. */
export const QualityContact = z.object({
  contactId: z.uuid(),
  channel: z.string(),
  queueId: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  callId: z.string().nullable(),
  requestType: z.string().nullable(),
  connectedAt: z.string(),
  endedAt: z.string().nullable(),
  handleMs: z.number().int().nullable(),
  holdMs: z.number().int(),
  transferred: z.boolean(),
  complaint: z.boolean(),
  csat: z.number().int().nullable(),
  recordingId: z.uuid().nullable(),
  recordingMs: z.number().int().nullable(),
  autoCheckedAt: z.string().nullable(),
  silenceMs: z.number().int().nullable(),
  overtalkMs: z.number().int().nullable(),
  agentTalkMs: z.number().int().nullable(),
  customerTalkMs: z.number().int().nullable(),
  findings: z.array(AutoFinding),
  transcript: z.array(TranscriptLine).nullable(),
});
export type QualityContact = z.infer<typeof QualityContact>;

/** An evaluation with everything its screen shows. */
export const EvaluationDetail = Evaluation.extend({
  scorecard: ScorecardVersion,
  contact: QualityContact.nullable(),
  comments: z.array(EvaluationComment),
  history: z.array(EvaluationRevision),
  appeals: z.array(Appeal),
  /** A draft's items pre-filled by the automatic checks, for the evaluator to confirm. */
  autoSuggestions: Answers,
});
export type EvaluationDetail = z.infer<typeof EvaluationDetail>;

export const StartEvaluationBody = z.object({
  contactId: z.uuid(),
  /** The scorecard to use (default: the contact's queue's, else the default scorecard). */
  scorecardId: z.uuid().optional(),
  taskId: z.uuid().optional(),
});
export type StartEvaluationBody = z.infer<typeof StartEvaluationBody>;

/** Auto-save: the answers so far (a draft may be partial). */
export const SaveEvaluationBody = z.object({
  answers: Answers.optional(),
  summary: z.string().trim().max(4000).optional(),
});
export type SaveEvaluationBody = z.infer<typeof SaveEvaluationBody>;

export const AddCommentBody = z.object({
  text: z.string().trim().min(1).max(2000),
  atMs: z.number().int().min(0).max(86_400_000).nullable().default(null),
  item: key.nullable().default(null),
});
export type AddCommentBody = z.infer<typeof AddCommentBody>;

export const AppealBody = z.object({
  reason: z.string().trim().min(1).max(2000),
  items: z.array(key).max(50).default([]),
});
export type AppealBody = z.infer<typeof AppealBody>;

/** The reviewer's decision: uphold as it is, or change answers (both versions stay in the history). */
export const DecideAppealBody = z
  .object({
    outcome: z.enum(['upheld', 'changed']),
    note: z.string().trim().min(1).max(2000),
    /** The items changed (changed only): merged over the evaluation's answers. */
    answers: Answers.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.outcome === 'changed' && (!b.answers || Object.keys(b.answers).length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['answers'], message: 'say which answers change' });
    }
  });
export type DecideAppealBody = z.infer<typeof DecideAppealBody>;

export const ListEvaluationsQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  agentId: z.uuid().optional(),
  evaluatorId: z.uuid().optional(),
  status: EvaluationStatus.optional(),
  contactId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ListEvaluationsQuery = z.infer<typeof ListEvaluationsQuery>;
export const EvaluationPage = pageOf(Evaluation);

// ---------------------------------------------------------------------------------------------------
// Sampling (抽样) and work lists

/** Why a contact was chosen for evaluation (the work list says it: "chosen because: low CSAT"). */
export const SAMPLE_REASONS = [
  'random',
  'new_hire',
  'complaint',
  'long_call',
  'low_csat',
  'transfer',
  'repeat_caller',
  'manual',
] as const;
export const SampleReason = z.enum(SAMPLE_REASONS);
export type SampleReason = z.infer<typeof SampleReason>;

export const SamplingPlanBody = z.object({
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  /** Daily: yesterday's contacts each day; weekly: last week's (Monday to Sunday) each Monday. */
  frequency: z.enum(['daily', 'weekly']).default('daily'),
  /** Only these queues (empty: all). */
  queueIds: z.array(z.uuid()).max(500).default([]),
  /** Only these channels (empty: all). */
  channels: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  /** Random share of each agent's contacts, in percent. */
  randomPercent: z.number().min(0).max(100).default(5),
  /** Agents hired less than this many days ago are new hires (their random share is multiplied). */
  newHireDays: z.number().int().min(1).max(365).nullable().default(90),
  newHireFactor: z.number().min(1).max(10).default(2),
  /** Agents whose mean score over the last 90 days is below this get their random share multiplied. */
  lowScoreBelow: z.number().min(0).max(100).nullable().default(80),
  lowScoreFactor: z.number().min(1).max(10).default(2),
  /** Targeted rules: every contact matching one is taken (up to `maxTargetedPerAgent` per agent). */
  complaints: z.boolean().default(true),
  /** Handle time above this percentile of the period's contacts (e.g. 90). */
  longCallPercentile: z.number().int().min(50).max(99).nullable().default(90),
  /** A CSAT answer at most this (1–5). */
  lowCsatMax: z.number().int().min(1).max(4).nullable().default(2),
  transfers: z.boolean().default(false),
  /** The same customer had another contact within this many hours before. */
  repeatCallerHours: z.number().int().min(1).max(720).nullable().default(72),
  /** New hires: this many of their contacts besides the random share. */
  newHirePerAgent: z.number().int().min(1).max(50).nullable().default(null),
  maxTargetedPerAgent: z.number().int().min(0).max(100).default(5),
  /** Who evaluates (QA staff); the work is balanced across them, never an agent's own contacts. */
  evaluatorIds: z.array(z.uuid()).min(1).max(200),
  /** Days from the draw until an evaluation is due. */
  dueDays: z.number().int().min(1).max(60).default(3),
});
export type SamplingPlanBody = z.infer<typeof SamplingPlanBody>;
export type SamplingPlanInput = z.input<typeof SamplingPlanBody>;

export const SamplingPlan = SamplingPlanBody.extend({
  id: z.uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The newest period drawn (YYYY-MM-DD), if any. */
  lastDrawnPeriod: z.string().nullable(),
});
export type SamplingPlan = z.infer<typeof SamplingPlan>;

export const DrawBody = z.object({
  /** The period's first day (YYYY-MM-DD, the center's time zone): default the last complete period. */
  periodStart: z.iso
    .date()
    .refine((d) => d >= '2000-01-01' && d <= '2999-12-31', 'a date between 2000 and 2999')
    .optional(),
});
export type DrawBody = z.infer<typeof DrawBody>;

export const DrawResult = z.object({
  /** Null when the period had no contacts: nothing is recorded, it can be drawn again later. */
  drawId: z.uuid().nullable(),
  planId: z.uuid(),
  periodStart: z.string(),
  periodEnd: z.string(),
  seed: z.string(),
  candidates: z.number().int(),
  picked: z.number().int(),
  /** True when the period had been drawn before: nothing new was made. */
  existing: z.boolean(),
  byReason: z.record(z.string(), z.number().int()),
  byEvaluator: z.record(z.string(), z.number().int()),
});
export type DrawResult = z.infer<typeof DrawResult>;

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const Task = z.object({
  id: z.uuid(),
  drawId: z.uuid().nullable(),
  contactId: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  evaluatorId: z.uuid(),
  evaluatorName: z.string(),
  reasons: z.array(SampleReason),
  dueAt: z.string(),
  overdue: z.boolean(),
  status: z.enum(TASK_STATUSES),
  evaluationId: z.uuid().nullable(),
  queueId: z.uuid().nullable(),
  channel: z.string().nullable(),
  connectedAt: z.string().nullable(),
  handleMs: z.number().int().nullable(),
  /** How many automatic check findings the contact has. */
  findings: z.number().int(),
  createdAt: z.string(),
});
export type Task = z.infer<typeof Task>;

export const ListTasksQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** `open` (open and in progress, the default), `done`, `all`. */
  status: z.enum(['open', 'done', 'all']).default('open'),
  /** Someone else's list (QA leads: qa.manage); default one's own. */
  evaluatorId: z.uuid().optional(),
});
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;
export const TaskPage = pageOf(Task);

export const AssignTaskBody = z.object({
  contactId: z.uuid(),
  evaluatorId: z.uuid(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});
export type AssignTaskBody = z.infer<typeof AssignTaskBody>;

// ---------------------------------------------------------------------------------------------------
// Reports, gap analysis

export const QUALITY_GROUPS = ['agent', 'team', 'queue', 'evaluator', 'day', 'week', 'month'] as const;
export const QualityReportQuery = z.object({
  groupBy: z.enum(QUALITY_GROUPS).default('agent'),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  agentId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  queueId: z.uuid().optional(),
});
export type QualityReportQuery = z.infer<typeof QualityReportQuery>;

/** Submitted evaluations (calibration practice excluded) by a dimension; scores are the latest revision's. */
export const QualityReportRow = z.object({
  key: z.string(),
  evaluations: z.number().int(),
  meanScore: z.number().nullable(),
  minScore: z.number().nullable(),
  maxScore: z.number().nullable(),
  /** Evaluations with a fatal item failed. */
  fatal: z.number().int(),
  appeals: z.number().int(),
  /** Appeals decided with a changed score (the outcome counts: DOMAIN.md, appeals). */
  appealsChanged: z.number().int(),
});
export type QualityReportRow = z.infer<typeof QualityReportRow>;
export const QualityReport = z.object({ rows: z.array(QualityReportRow), total: QualityReportRow });
export type QualityReport = z.infer<typeof QualityReport>;

/** Gap analysis (差距分析): which items fail most, per scorecard item, for an agent, a team or all. */
export const GapRow = z.object({
  scorecardId: z.uuid(),
  item: z.string(),
  label: z.string(),
  kind: ItemKind,
  evaluated: z.number().int(),
  failed: z.number().int(),
  failRate: z.number(),
});
export type GapRow = z.infer<typeof GapRow>;

// ---------------------------------------------------------------------------------------------------
// Calibration (校准会议)

export const CreateCalibrationBody = z.object({
  title: z.string().trim().min(1).max(200),
  contactIds: z.array(z.uuid()).min(1).max(20),
  evaluatorIds: z.array(z.uuid()).min(2).max(30),
  scorecardId: z.uuid().optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateCalibrationBody = z.infer<typeof CreateCalibrationBody>;

export const CloseCalibrationBody = z.object({
  /** The agreed answers by contact id (items left out take the evaluators' most common answer). */
  agreed: z.record(z.uuid(), Answers).default({}),
});
export type CloseCalibrationBody = z.infer<typeof CloseCalibrationBody>;

export const CalibrationItem = z.object({
  item: z.string(),
  label: z.string(),
  /** Each evaluator's answer (absent: not yet scored). */
  answers: z.record(z.uuid(), ItemAnswer),
  /** The agreed answer (closed), else the most common one. */
  consensus: ItemAnswer.nullable(),
  /** Evaluators whose answer differs from the consensus. */
  disagree: z.number().int(),
});
export const CalibrationContact = z.object({
  contactId: z.uuid(),
  /** Each evaluator's submitted score. */
  scores: z.record(z.uuid(), z.number()),
  spread: z.number().nullable(),
  consensusScore: z.number().nullable(),
  items: z.array(CalibrationItem),
});
export const Calibration = z.object({
  id: z.uuid(),
  title: z.string(),
  scorecardId: z.uuid(),
  scorecardVersion: z.number().int(),
  contactIds: z.array(z.uuid()),
  evaluators: z.array(z.object({ id: z.uuid(), name: z.string(), submitted: z.number().int() })),
  facilitatorId: z.uuid(),
  status: z.enum(['open', 'closed']),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  /** Shown to the facilitator, and to everyone once closed (scoring is blind until then). */
  contacts: z.array(CalibrationContact).nullable(),
  /** Mean absolute difference of each evaluator's scores from the consensus scores. */
  deviation: z.record(z.uuid(), z.number()).nullable(),
  /** The caller's own evaluations in the session, by contact. */
  mine: z.record(z.uuid(), z.uuid()),
});
export type Calibration = z.infer<typeof Calibration>;

// ---------------------------------------------------------------------------------------------------
// Coaching (一对一辅导) and the best-practice library (优秀案例)

export const CreateCoachingBody = z.object({
  agentId: z.uuid(),
  evaluationId: z.uuid().optional(),
  goal: z.string().trim().min(1).max(2000),
  items: z.array(key).max(50).default([]),
  dueAt: z.iso.datetime({ offset: true }),
});
export type CreateCoachingBody = z.infer<typeof CreateCoachingBody>;
export const UpdateCoachingBody = z.object({
  notes: z.string().trim().max(4000).optional(),
  status: z.enum(['open', 'done']).optional(),
});
export type UpdateCoachingBody = z.infer<typeof UpdateCoachingBody>;
export const Coaching = z.object({
  id: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  coachId: z.uuid(),
  coachName: z.string(),
  evaluationId: z.uuid().nullable(),
  goal: z.string(),
  items: z.array(z.string()),
  dueAt: z.string(),
  overdue: z.boolean(),
  status: z.enum(['open', 'done']),
  notes: z.string(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
});
export type Coaching = z.infer<typeof Coaching>;

export const EXAMPLE_AUDIENCES = ['qa', 'leads', 'everyone'] as const;
export const CreateExampleBody = z.object({
  contactId: z.uuid(),
  evaluationId: z.uuid().optional(),
  title: z.string().trim().min(1).max(200),
  note: z.string().trim().max(4000).default(''),
  tags: z.array(z.string().trim().min(1).max(30)).max(10).default([]),
  audience: z.enum(EXAMPLE_AUDIENCES).default('leads'),
});
export type CreateExampleBody = z.infer<typeof CreateExampleBody>;
export const Example = CreateExampleBody.extend({
  id: z.uuid(),
  evaluationId: z.uuid().nullable(),
  agentName: z.string(),
  /** The contact has a recording: GET /api/v1/quality/examples/:id/recording plays it (audited). */
  hasRecording: z.boolean(),
  createdBy: z.uuid(),
  createdAt: z.string(),
});
export type Example = z.infer<typeof Example>;

/** "All calls this week with a forbidden phrase": findings of the automatic checks, newest first. */
export const FindingsQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  kind: FindingKind.optional(),
  rule: z.string().trim().min(1).max(40).optional(),
  agentId: z.uuid().optional(),
});
export type FindingsQuery = z.infer<typeof FindingsQuery>;
export const FoundContact = AutoFinding.extend({
  contactId: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  connectedAt: z.string(),
});
export type FoundContact = z.infer<typeof FoundContact>;
export const FindingsPage = pageOf(FoundContact);
