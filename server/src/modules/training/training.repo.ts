import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import {
  trainingAttempts,
  trainingAwards,
  trainingCertifications,
  trainingExams,
  trainingQuestions,
} from './training.schema';

export type QuestionRow = typeof trainingQuestions.$inferSelect;
export type ExamRow = typeof trainingExams.$inferSelect;
export type AttemptRow = typeof trainingAttempts.$inferSelect;
export type CertificationRow = typeof trainingCertifications.$inferSelect;
export type AwardRow = typeof trainingAwards.$inferSelect;

/** The only reader and writer of the training tables. */
export function createTrainingRepo() {
  return {
    async insertQuestion(db: DbOrTx, row: QuestionRow) {
      await db.insert(trainingQuestions).values(row);
    },
    async updateQuestion(db: DbOrTx, id: string, patch: Partial<QuestionRow>) {
      const [r] = await db.update(trainingQuestions).set(patch).where(eq(trainingQuestions.id, id)).returning();
      return r;
    },
    async questions(db: DbOrTx, q: { tag?: string; type?: string; ids?: string[]; includeRetired?: boolean }) {
      const where = [
        q.includeRetired ? undefined : eq(trainingQuestions.retired, false),
        q.tag ? sql`${q.tag} = any(${trainingQuestions.tags})` : undefined,
        q.type ? eq(trainingQuestions.type, q.type) : undefined,
        q.ids
          ? inArray(trainingQuestions.id, q.ids.length ? q.ids : ['00000000-0000-0000-0000-000000000000'])
          : undefined,
      ];
      return db
        .select()
        .from(trainingQuestions)
        .where(and(...where))
        .orderBy(asc(trainingQuestions.createdAt));
    },

    async insertExam(db: DbOrTx, row: ExamRow) {
      await db.insert(trainingExams).values(row);
    },
    async exams(db: DbOrTx) {
      return db.select().from(trainingExams).orderBy(desc(trainingExams.createdAt));
    },
    async exam(db: DbOrTx, id: string): Promise<ExamRow | undefined> {
      const [r] = await db.select().from(trainingExams).where(eq(trainingExams.id, id));
      return r;
    },

    async insertAttempt(db: DbOrTx, row: AttemptRow) {
      await db.insert(trainingAttempts).values(row);
    },
    async attempt(db: DbOrTx, id: string, forUpdate = false): Promise<AttemptRow | undefined> {
      const q = db.select().from(trainingAttempts).where(eq(trainingAttempts.id, id));
      const [r] = forUpdate ? await q.for('update') : await q;
      return r;
    },
    async updateAttempt(db: DbOrTx, id: string, patch: Partial<AttemptRow>) {
      const [r] = await db.update(trainingAttempts).set(patch).where(eq(trainingAttempts.id, id)).returning();
      return r!;
    },
    async attemptsUsed(db: DbOrTx, examId: string, userId: string): Promise<number> {
      const [r] = await db
        .select({ n: count() })
        .from(trainingAttempts)
        .where(and(eq(trainingAttempts.examId, examId), eq(trainingAttempts.userId, userId)));
      return r?.n ?? 0;
    },
    async myAttempts(db: DbOrTx, userId: string) {
      return db
        .select()
        .from(trainingAttempts)
        .where(eq(trainingAttempts.userId, userId))
        .orderBy(desc(trainingAttempts.startedAt));
    },
    async submittedAttempts(db: DbOrTx, examId: string) {
      return db
        .select()
        .from(trainingAttempts)
        .where(and(eq(trainingAttempts.examId, examId), isNotNull(trainingAttempts.submittedAt)));
    },

    /** The candidate's best submitted score in an exam (null: never sat it). */
    async bestExamPercent(db: DbOrTx, examId: string, userId: string): Promise<number | null> {
      const [r] = await db
        .select({ best: max(trainingAttempts.percent) })
        .from(trainingAttempts)
        .where(
          and(
            eq(trainingAttempts.examId, examId),
            eq(trainingAttempts.userId, userId),
            isNotNull(trainingAttempts.submittedAt),
          ),
        );
      return r?.best ?? null;
    },

    async insertCertification(db: DbOrTx, row: CertificationRow) {
      await db.insert(trainingCertifications).values(row);
    },
    async certifications(db: DbOrTx): Promise<CertificationRow[]> {
      return db.select().from(trainingCertifications).orderBy(asc(trainingCertifications.createdAt));
    },
    async certification(db: DbOrTx, id: string): Promise<CertificationRow | undefined> {
      const [r] = await db.select().from(trainingCertifications).where(eq(trainingCertifications.id, id));
      return r;
    },
    async insertAward(db: DbOrTx, row: AwardRow) {
      await db.insert(trainingAwards).values(row);
    },
    /** A user's awards with their certification. */
    async awardsOf(db: DbOrTx, userId: string) {
      return db
        .select({ award: trainingAwards, cert: trainingCertifications })
        .from(trainingAwards)
        .innerJoin(trainingCertifications, eq(trainingCertifications.id, trainingAwards.certificationId))
        .where(eq(trainingAwards.userId, userId))
        .orderBy(asc(trainingAwards.awardedAt));
    },
    /** Users with an award past its expiry whose skills have not been taken back yet. */
    async usersWithDueLapses(db: DbOrTx, now: Date): Promise<string[]> {
      const rows = await db
        .selectDistinct({ userId: trainingAwards.userId })
        .from(trainingAwards)
        .where(
          and(lte(trainingAwards.expiresAt, now), isNull(trainingAwards.lapsedAt), isNull(trainingAwards.revokedAt)),
        );
      return rows.map((r) => r.userId);
    },
    async markLapsed(db: DbOrTx, ids: string[], at: Date) {
      if (ids.length) await db.update(trainingAwards).set({ lapsedAt: at }).where(inArray(trainingAwards.id, ids));
    },
  };
}
export type TrainingRepo = ReturnType<typeof createTrainingRepo>;
