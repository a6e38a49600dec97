import { z } from 'zod';

/**
 * Training and certification (培训与认证, issue 18): a question bank, exam papers drawn by tag and
 * difficulty, timed attempts graded by the server, item analysis, and certification levels that
 * grant routing skills.
 */

/** 单选, 多选, 判断, 填空, 案例分析 (graded by hand with a rubric). */
export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'fill_in', 'case'] as const;
export const QuestionType = z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof QuestionType>;

/** 1 (easy) … 5 (hard), as the trainer judges it; item analysis measures it afterwards. */
export const Difficulty = z.number().int().min(1).max(5);

export const Question = z.object({
  id: z.uuid(),
  type: QuestionType,
  text: z.string(),
  /** The options of a choice question (single, multiple); true/false has none. */
  options: z.array(z.string()),
  /**
   * The key: option indexes (single: one; multiple: all the right ones); true/false: [1] for true,
   * [0] for false; fill-in: none (see `accepted`); case: none (graded by hand).
   */
  correct: z.array(z.number().int()),
  /** Fill-in: the accepted answers (compared without case, width or surrounding spaces). */
  accepted: z.array(z.string()),
  /** Case analysis: what the grader looks for. */
  rubric: z.string().nullable(),
  tags: z.array(z.string()),
  difficulty: Difficulty,
  points: z.number().int().min(1).max(100),
});
export type Question = z.infer<typeof Question>;

/** A candidate's answer to one question: chosen options, or text (fill-in, case). */
export const Answer = z.object({
  choices: z.array(z.number().int().min(0).max(9)).max(10).optional(),
  text: z.string().max(5000).optional(),
});
export type Answer = z.infer<typeof Answer>;

export const CERTIFICATION_LEVELS = ['junior', 'intermediate', 'senior'] as const;
/** 初级 / 中级 / 高级 */
export const CertificationLevel = z.enum(CERTIFICATION_LEVELS);
export type CertificationLevel = z.infer<typeof CertificationLevel>;

// ---- question bank --------------------------------------------------------------------------

export const QuestionBody = z
  .object({
    type: QuestionType,
    text: z.string().trim().min(1).max(2000),
    options: z.array(z.string().trim().min(1).max(500)).max(8).default([]),
    correct: z.array(z.number().int().min(0).max(7)).max(8).default([]),
    accepted: z.array(z.string().trim().min(1).max(200)).max(10).default([]),
    rubric: z.string().trim().max(2000).nullable().default(null),
    tags: z.array(z.string().trim().min(1).max(30)).max(10).default([]),
    difficulty: Difficulty.default(3),
    points: z.number().int().min(1).max(100).default(10),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (q.type === 'single' || q.type === 'multiple') {
      if (q.options.length < 2) issue('options', 'a choice question needs at least two options');
      if (q.correct.some((i) => i >= q.options.length)) issue('correct', 'names an option that does not exist');
      if (q.type === 'single' && q.correct.length !== 1)
        issue('correct', 'a single choice has exactly one right option');
      if (q.type === 'multiple' && q.correct.length < 1)
        issue('correct', 'a multiple choice has at least one right option');
    }
    if (q.type === 'true_false' && (q.correct.length !== 1 || q.correct[0]! > 1)) {
      issue('correct', 'true/false is [1] (true) or [0] (false)');
    }
    if (q.type === 'fill_in' && q.accepted.length === 0)
      issue('accepted', 'a fill-in needs at least one accepted answer');
    if (q.type === 'case' && !q.rubric) issue('rubric', 'a case analysis needs its rubric');
  });
export type QuestionBody = z.infer<typeof QuestionBody>;

export const QuestionQuery = z.object({
  tag: z.string().trim().max(30).optional(),
  type: QuestionType.optional(),
});

// ---- exams ----------------------------------------------------------------------------------

export const DrawRuleBody = z.object({
  tag: z.string().trim().min(1).max(30).optional(),
  minDifficulty: Difficulty.optional(),
  maxDifficulty: Difficulty.optional(),
  count: z.number().int().min(1).max(100),
});

export const ExamBody = z.object({
  title: z.string().trim().min(1).max(200),
  rules: z.array(DrawRuleBody).min(1).max(20),
  /** The time limit, kept by the server from the attempt's start. */
  limitMinutes: z.number().int().min(1).max(600),
  passPercent: z.number().min(0).max(100).default(60),
  maxAttempts: z.number().int().min(1).max(20).default(1),
  opensAt: z.iso.datetime({ offset: true }).nullable().optional(),
  closesAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type ExamBody = z.infer<typeof ExamBody>;

export const Exam = z.object({
  id: z.uuid(),
  title: z.string(),
  rules: z.array(DrawRuleBody),
  limitMinutes: z.number().int(),
  passPercent: z.number(),
  maxAttempts: z.number().int(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  questionCount: z.number().int(),
  createdAt: z.string(),
});
export type Exam = z.infer<typeof Exam>;

/** A question as the candidate sees it: options in their shuffled order, no key. */
export const AttemptQuestion = z.object({
  id: z.uuid(),
  type: QuestionType,
  text: z.string(),
  options: z.array(z.string()),
  points: z.number().int(),
});

export const ATTEMPT_STATUSES = ['open', 'submitted'] as const;
export const Attempt = z.object({
  id: z.uuid(),
  examId: z.uuid(),
  examTitle: z.string(),
  userId: z.uuid(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: z.string(),
  /** When the server stops taking answers (the browser's countdown only shows it). */
  deadline: z.string(),
  secondsLeft: z.number().int(),
  questions: z.array(AttemptQuestion),
  /** Saved answers by question id, options as shown. */
  answers: z.record(z.string(), Answer),
  submittedAt: z.string().nullable(),
  /** After submission: the score (case answers count once graded). */
  result: z
    .object({
      points: z.number(),
      max: z.number(),
      percent: z.number(),
      pending: z.number().int(),
      passed: z.boolean().nullable(),
    })
    .nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

export const ItemAnalysis = z.object({
  examId: z.uuid(),
  candidates: z.number().int(),
  items: z.array(
    z.object({
      questionId: z.uuid(),
      text: z.string(),
      n: z.number().int(),
      difficulty: z.number(),
      discrimination: z.number().nullable(),
      verdict: z.enum(['good', 'acceptable', 'poor', 'revise']),
    }),
  ),
});
export type ItemAnalysis = z.infer<typeof ItemAnalysis>;

export const AnswerParams = z.object({ id: z.uuid(), questionId: z.uuid() });
export const GradeBody = z.object({ questionId: z.uuid(), points: z.number().min(0).max(100) });

// ---- certification ----------------------------------------------------------------------------

export const Criteria = z.object({
  /** The exam whose best attempt counts, and the score it needs. */
  examId: z.uuid().optional(),
  minExamPercent: z.number().min(0).max(100).optional(),
  minPracticalPercent: z.number().min(0).max(100).optional(),
  minQualityAverage: z.number().min(0).max(100).optional(),
  qualityEvaluations: z.number().int().min(1).max(50).optional(),
  /** Days since the account was created (the hire date until HR data comes in). */
  minTenureDays: z.number().int().min(0).max(3650).optional(),
});
export type Criteria = z.infer<typeof Criteria>;

export const CertificationBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    level: CertificationLevel,
    /** The routing skill it grants, and at which level (1–5). */
    skill: z.string().trim().min(1).max(40),
    skillLevel: z.number().int().min(1).max(5),
    criteria: Criteria,
    /** How long it is valid; re-certification is due before. Null: no expiry. */
    validityDays: z.number().int().min(1).max(3650).nullable().default(365),
  })
  .refine((b) => b.criteria.minExamPercent === undefined || b.criteria.examId !== undefined, {
    path: ['criteria', 'examId'],
    message: 'an exam score needs the exam',
  });
export type CertificationBody = z.infer<typeof CertificationBody>;

export const Certification = z.object({
  id: z.uuid(),
  name: z.string(),
  level: CertificationLevel,
  skill: z.string(),
  skillLevel: z.number().int(),
  criteria: Criteria,
  validityDays: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Certification = z.infer<typeof Certification>;

export const Award = z.object({
  id: z.uuid(),
  certificationId: z.uuid(),
  certificationName: z.string(),
  level: CertificationLevel,
  userId: z.uuid(),
  skill: z.string(),
  skillLevel: z.number().int(),
  awardedAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
  /** Printed on the certificate; anyone can check it. */
  verificationCode: z.string(),
});
export type Award = z.infer<typeof Award>;

export const EvaluateBody = z.object({ userId: z.uuid() });
export const Evaluation = z.discriminatedUnion('awarded', [
  z.object({ awarded: z.literal(true), award: Award }),
  z.object({
    awarded: z.literal(false),
    unmet: z.array(z.object({ criterion: z.string(), needed: z.number(), actual: z.number().nullable() })),
  }),
]);
export type Evaluation = z.infer<typeof Evaluation>;
