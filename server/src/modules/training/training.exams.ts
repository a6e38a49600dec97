import type {
  Answer,
  Attempt,
  Exam,
  ExamBody,
  ItemAnalysis,
  Question,
  QuestionBody,
  QuestionType,
} from '../../../../contracts/training';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { seededRandom } from '../../platform/random';
import { accepts, deadlineOf, mayStart, secondsLeft } from './domain/attempt-clock';
import { grade, total } from './domain/grading';
import { itemAnalysis } from './domain/item-analysis';
import { drawPaper, optionOrder, originalChoices } from './domain/paper';
import {
  attemptClosed,
  attemptNotFound,
  bankTooSmall,
  cannotStart,
  examNotFound,
  notInPaper,
  questionNotFound,
  timeUp,
} from './training.errors';
import type { AttemptRow, ExamRow, QuestionRow, TrainingRepo } from './training.repo';

export type ExamsDeps = {
  db: Database;
  repo: TrainingRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
};

const questionOut = (r: QuestionRow): Question => ({
  id: r.id,
  type: r.type as QuestionType,
  text: r.text,
  options: r.options,
  correct: r.correct,
  accepted: r.accepted,
  rubric: r.rubric,
  tags: r.tags,
  difficulty: r.difficulty,
  points: r.points,
});

const examOut = (r: ExamRow): Exam => ({
  id: r.id,
  title: r.title,
  rules: r.rules,
  limitMinutes: r.limitMinutes,
  passPercent: r.passPercent,
  maxAttempts: r.maxAttempts,
  opensAt: r.opensAt?.toISOString() ?? null,
  closesAt: r.closesAt?.toISOString() ?? null,
  questionCount: r.rules.reduce((s, x) => s + x.count, 0),
  createdAt: r.createdAt.toISOString(),
});

/** The question bank, exams, and timed attempts graded by the server (考试). */
export function createTrainingExams(deps: ExamsDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;

  async function paperQuestions(tx: DbOrTx, a: AttemptRow): Promise<Map<string, Question>> {
    const rows = await repo.questions(tx, { ids: a.questionIds, includeRetired: true });
    return new Map(rows.map((r) => [r.id, questionOut(r)]));
  }

  function view(a: AttemptRow, exam: ExamRow, questions: Map<string, Question>): Attempt {
    const times = { startedAt: a.startedAt, limitSeconds: exam.limitMinutes * 60, windowClosesAt: exam.closesAt };
    return {
      id: a.id,
      examId: a.examId,
      examTitle: exam.title,
      userId: a.userId,
      status: a.submittedAt ? 'submitted' : 'open',
      startedAt: a.startedAt.toISOString(),
      deadline: a.deadline.toISOString(),
      secondsLeft: a.submittedAt ? 0 : secondsLeft(times, clock.now()),
      questions: a.questionIds.map((id) => {
        const q = questions.get(id)!;
        const order = a.optionOrders[id] ?? q.options.map((_, i) => i);
        return { id, type: q.type, text: q.text, options: order.map((i) => q.options[i]!), points: q.points };
      }),
      answers: a.answers,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      result:
        a.submittedAt && a.percent !== null
          ? {
              points: a.points ?? 0,
              max: a.maxPoints ?? 0,
              percent: a.percent,
              pending: a.pending ?? 0,
              passed: a.passed,
            }
          : null,
    };
  }

  /** Grades the answers as saved and closes the attempt at `at` (never later than its deadline). */
  async function finalize(tx: Tx, a: AttemptRow, exam: ExamRow, at: Date): Promise<AttemptRow> {
    const questions = await paperQuestions(tx, a);
    const graded = a.questionIds.map((id) => {
      const q = questions.get(id)!;
      const given = a.answers[id];
      const order = a.optionOrders[id] ?? q.options.map((_, i) => i);
      // Choice answers come in the order the candidate saw; true/false has no options to shuffle.
      const shuffled = q.type === 'single' || q.type === 'multiple';
      const answer: Answer | undefined =
        given && shuffled && given.choices ? { ...given, choices: originalChoices(order, given.choices) } : given;
      return grade(q, answer);
    });
    const t = total(graded);
    const submittedAt = new Date(Math.min(at.getTime(), a.deadline.getTime()));
    const done = await repo.updateAttempt(tx, a.id, {
      submittedAt,
      graded,
      points: t.points,
      maxPoints: t.max,
      percent: t.percent,
      pending: t.pending,
      passed: t.pending > 0 ? null : t.percent >= exam.passPercent,
    });
    await bus.stage(tx, 'training.attempt.submitted', {
      attemptId: a.id,
      examId: a.examId,
      userId: a.userId,
      percent: t.percent,
      passed: done.passed,
    });
    return done;
  }

  /** The attempt under lock, the caller's own; closed by the server's clock if its time ran out. */
  async function ownAttempt(tx: Tx, id: string, actor: Actor) {
    const a = await repo.attempt(tx, id, true);
    if (!a || a.userId !== actor.userId) throw attemptNotFound(id);
    const exam = (await repo.exam(tx, a.examId))!;
    const times = { startedAt: a.startedAt, limitSeconds: exam.limitMinutes * 60, windowClosesAt: exam.closesAt };
    const expired = !a.submittedAt && !accepts(times, clock.now());
    return { a: expired ? await finalize(tx, a, exam, a.deadline) : a, exam, expired };
  }

  return {
    async createQuestion(body: QuestionBody, actor: Actor): Promise<Question> {
      const now = clock.now();
      const row: QuestionRow = {
        id: ids.next(),
        ...body,
        retired: false,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      };
      await repo.insertQuestion(db, row);
      return questionOut(row);
    },
    async updateQuestion(id: string, body: QuestionBody): Promise<Question> {
      const r = await repo.updateQuestion(db, id, { ...body, updatedAt: clock.now() });
      if (!r) throw questionNotFound(id);
      return questionOut(r);
    },
    async retireQuestion(id: string): Promise<void> {
      if (!(await repo.updateQuestion(db, id, { retired: true, updatedAt: clock.now() }))) throw questionNotFound(id);
    },
    async questions(q: { tag?: string; type?: string }): Promise<Question[]> {
      return (await repo.questions(db, q)).map(questionOut);
    },

    /** An exam whose rules the bank can fill now (checked by a trial draw). */
    async createExam(body: ExamBody, actor: Actor): Promise<Exam> {
      const trial = drawPaper((await repo.questions(db, {})).map(questionOut), body.rules, seededRandom(1).next);
      if (!trial.ok) throw bankTooSmall(trial.rule, trial.wanted, trial.available);
      const row: ExamRow = {
        id: ids.next(),
        title: body.title,
        rules: body.rules,
        limitMinutes: body.limitMinutes,
        passPercent: body.passPercent,
        maxAttempts: body.maxAttempts,
        opensAt: body.opensAt ? new Date(body.opensAt) : null,
        closesAt: body.closesAt ? new Date(body.closesAt) : null,
        createdBy: actor.userId,
        createdAt: clock.now(),
      };
      await db.transaction(async (tx) => {
        await repo.insertExam(tx, row);
        await audit.append(tx, actor, {
          action: 'training.exam.created',
          entityType: 'exam',
          entityId: row.id,
          details: { title: row.title, rules: row.rules, limitMinutes: row.limitMinutes },
        });
      });
      return examOut(row);
    },
    async exams(): Promise<Exam[]> {
      return (await repo.exams(db)).map(examOut);
    },

    /** Starts an attempt: a paper drawn for this candidate, options shuffled, the clock running. */
    async start(examId: string, actor: Actor): Promise<Attempt> {
      return bus.transaction(async (tx) => {
        const exam = await repo.exam(tx, examId);
        if (!exam) throw examNotFound(examId);
        const now = clock.now();
        const may = mayStart(exam, await repo.attemptsUsed(tx, examId, actor.userId!), now);
        if (may !== 'ok') throw cannotStart(may);
        const id = ids.next();
        const rng = seededRandom(id).next;
        const bank = (await repo.questions(tx, {})).map(questionOut);
        const draw = drawPaper(bank, exam.rules, rng);
        if (!draw.ok) throw bankTooSmall(draw.rule, draw.wanted, draw.available);
        const byId = new Map(bank.map((q) => [q.id, q]));
        const row: AttemptRow = {
          id,
          examId,
          userId: actor.userId!,
          startedAt: now,
          deadline: deadlineOf({ startedAt: now, limitSeconds: exam.limitMinutes * 60, windowClosesAt: exam.closesAt }),
          questionIds: draw.questionIds,
          optionOrders: Object.fromEntries(draw.questionIds.map((q) => [q, optionOrder(byId.get(q)!, rng)])),
          answers: {},
          submittedAt: null,
          graded: null,
          points: null,
          maxPoints: null,
          percent: null,
          pending: null,
          passed: null,
        };
        await repo.insertAttempt(tx, row);
        return view(row, exam, await paperQuestions(tx, row));
      });
    },

    async attempt(id: string, actor: Actor): Promise<Attempt> {
      return bus.transaction(async (tx) => {
        const { a, exam } = await ownAttempt(tx, id, actor);
        return view(a, exam, await paperQuestions(tx, a));
      });
    },

    /** Saves one answer as it is given (a closed tab loses nothing); refused once the server's time is up. */
    async saveAnswer(id: string, questionId: string, answer: Answer, actor: Actor): Promise<Attempt> {
      const result = await bus.transaction(async (tx) => {
        const { a, exam, expired } = await ownAttempt(tx, id, actor);
        if (expired) return { closedAt: a.deadline, attempt: undefined };
        if (a.submittedAt) throw attemptClosed();
        if (!a.questionIds.includes(questionId)) throw notInPaper(questionId);
        const updated = await repo.updateAttempt(tx, id, { answers: { ...a.answers, [questionId]: answer } });
        return { closedAt: undefined, attempt: view(updated, exam, await paperQuestions(tx, updated)) };
      });
      // Thrown after the commit: the attempt closed at its deadline stays closed.
      if (!result.attempt) throw timeUp(result.closedAt!);
      return result.attempt;
    },

    /** Hands the paper in: graded as saved, at the deadline at the latest (the browser's clock never counts). */
    async submit(id: string, actor: Actor): Promise<Attempt> {
      return bus.transaction(async (tx) => {
        const { a, exam } = await ownAttempt(tx, id, actor);
        const done = a.submittedAt ? a : await finalize(tx, a, exam, clock.now());
        return view(done, exam, await paperQuestions(tx, done));
      });
    },

    async myAttempts(actor: Actor) {
      return repo.myAttempts(db, actor.userId!);
    },

    /** Difficulty and discrimination of each question over the submitted papers. */
    async analysis(examId: string): Promise<ItemAnalysis> {
      if (!(await repo.exam(db, examId))) throw examNotFound(examId);
      const attempts = await repo.submittedAttempts(db, examId);
      const papers = attempts.map((a) => ({
        total: a.points ?? 0,
        items: new Map(
          (a.graded ?? []).flatMap((g) =>
            g.points === null ? [] : [[g.questionId, g.max > 0 ? g.points / g.max : 0] as const],
          ),
        ),
      }));
      const qids = [...new Set(attempts.flatMap((a) => a.questionIds))];
      const texts = new Map((await repo.questions(db, { ids: qids, includeRetired: true })).map((q) => [q.id, q.text]));
      return {
        examId,
        candidates: attempts.length,
        items: itemAnalysis(papers, qids).map((s) => ({ ...s, text: texts.get(s.questionId) ?? '' })),
      };
    },
  };
}
export type TrainingExams = ReturnType<typeof createTrainingExams>;
