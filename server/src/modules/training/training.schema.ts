import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Answer, Criteria } from '../../../../contracts/training';
import type { Graded } from './domain/grading';
import type { DrawRule } from './domain/paper';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The question bank (题库). A question in use by an attempt is never deleted, only retired. */
export const trainingQuestions = pgTable(
  'training_questions',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    text: text('text').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    correct: jsonb('correct').$type<number[]>().notNull(),
    accepted: jsonb('accepted').$type<string[]>().notNull(),
    rubric: text('rubric'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    difficulty: integer('difficulty').notNull(),
    points: integer('points').notNull(),
    retired: boolean('retired').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('training_questions_tags_idx').using('gin', t.tags)],
);

export const trainingExams = pgTable('training_exams', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  rules: jsonb('rules').$type<DrawRule[]>().notNull(),
  limitMinutes: integer('limit_minutes').notNull(),
  passPercent: real('pass_percent').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  opensAt: ts('opens_at'),
  closesAt: ts('closes_at'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull(),
});

/**
 * One sitting of an exam: the paper drawn for it (question ids and each question's option order),
 * the answers as they were saved (options as shown), and once submitted the grading.
 */
export const trainingAttempts = pgTable(
  'training_attempts',
  {
    id: uuid('id').primaryKey(),
    examId: uuid('exam_id')
      .notNull()
      .references(() => trainingExams.id),
    userId: uuid('user_id').notNull(),
    startedAt: ts('started_at').notNull(),
    deadline: ts('deadline').notNull(),
    questionIds: jsonb('question_ids').$type<string[]>().notNull(),
    optionOrders: jsonb('option_orders').$type<Record<string, number[]>>().notNull(),
    answers: jsonb('answers').$type<Record<string, Answer>>().notNull(),
    submittedAt: ts('submitted_at'),
    graded: jsonb('graded').$type<Graded[]>(),
    points: real('points'),
    maxPoints: real('max_points'),
    percent: real('percent'),
    pending: integer('pending'),
    passed: boolean('passed'),
  },
  (t) => [index('training_attempts_exam_idx').on(t.examId, t.userId)],
);

/** A certification (认证): its level, the routing skill it grants, what it asks for, how long it lasts. */
export const trainingCertifications = pgTable('training_certifications', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  skill: text('skill').notNull(),
  skillLevel: integer('skill_level').notNull(),
  criteria: jsonb('criteria').$type<Criteria>().notNull(),
  validityDays: integer('validity_days'),
  createdAt: ts('created_at').notNull(),
});

/**
 * A certification awarded to an agent. `lapsedAt` marks an expiry already applied to the agent's
 * routing skills (the sweep's bookkeeping).
 */
export const trainingAwards = pgTable(
  'training_awards',
  {
    id: uuid('id').primaryKey(),
    certificationId: uuid('certification_id')
      .notNull()
      .references(() => trainingCertifications.id),
    userId: uuid('user_id').notNull(),
    awardedAt: ts('awarded_at').notNull(),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    lapsedAt: ts('lapsed_at'),
    verificationCode: text('verification_code').notNull().unique(),
  },
  (t) => [index('training_awards_user_idx').on(t.userId), index('training_awards_expiry_idx').on(t.expiresAt)],
);
