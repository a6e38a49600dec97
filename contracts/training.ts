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
