import { and, asc, count, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type {
  AddCommentBody,
  Answers,
  Appeal,
  AppealBody,
  DecideAppealBody,
  Evaluation,
  EvaluationDetail,
  ListEvaluationsQuery,
  SaveEvaluationBody,
  StartEvaluationBody,
} from '../../../../contracts/quality';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, type DbOrTx, isUniqueViolation, type Tx } from '../../platform/db';
import { forbidden } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { UsersService } from '../auth';
import { answerIssues, scoreOf } from './domain/scoring';
import type { ContactsReadModel } from './quality.contacts';
import {
  alreadyEvaluated,
  answersInvalid,
  appealDecided,
  appealNotFound,
  appealWindowClosed,
  contactNotFound,
  evaluationNotFound,
  evaluationState,
  noScorecard,
  notYourEvaluation,
  ownContact,
  reviewerIsEvaluator,
  taskNotFound,
} from './quality.errors';
import type { EvaluationChanged } from './quality.events';
import {
  qualityAppeals,
  qualityCalibrations,
  qualityComments,
  qualityEvaluationHistory,
  qualityEvaluations,
  qualityFindings,
  qualityTasks,
} from './quality.schema';
import { inScope, type QualityScope, type ScopeOf } from './quality.scope';
import type { Scorecards } from './quality.scorecards';

type Row = typeof qualityEvaluations.$inferSelect;
type AppealRow = typeof qualityAppeals.$inferSelect;

const DAY_MS = 86_400_000;

export type EvaluationsDeps = {
  db: Database;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditLog;
  users: Pick<UsersService, 'profiles' | 'displayNames'>;
  scorecards: Scorecards;
  contacts: ContactsReadModel;
  scopeOf: ScopeOf;
  /** Days after submission during which the agent may appeal (default 7). */
  appealDays: number;
};

const toAppeal = (a: AppealRow): Appeal => ({
  id: a.id,
  evaluationId: a.evaluationId,
  agentId: a.agentId,
  reason: a.reason,
  items: a.items,
  status: a.status as Appeal['status'],
  reviewerId: a.reviewerId,
  decisionNote: a.decisionNote,
  scoreBefore: a.scoreBefore,
  scoreAfter: a.scoreAfter,
  createdAt: a.createdAt.toISOString(),
  decidedAt: a.decidedAt?.toISOString() ?? null,
});

/** Evaluations (评分): start from a contact or a work-list task, auto-save, submit, acknowledge, appeal. */
export function createEvaluations(deps: EvaluationsDeps) {
  const { db, bus, clock, ids, audit, scorecards, contacts } = deps;

  const appealUntil = (r: Row) => (r.submittedAt ? new Date(r.submittedAt.getTime() + deps.appealDays * DAY_MS) : null);

  async function toDtos(tx: DbOrTx, rows: Row[]): Promise<Evaluation[]> {
    const names = await deps.users.displayNames(tx, [...new Set(rows.flatMap((r) => [r.agentId, r.evaluatorId]))]);
    return rows.map((r) => ({
      id: r.id,
      contactId: r.contactId,
      agentId: r.agentId,
      agentName: names.get(r.agentId) ?? '',
      teamId: r.teamId,
      queueId: r.queueId,
      evaluatorId: r.evaluatorId,
      evaluatorName: names.get(r.evaluatorId) ?? '',
      scorecardId: r.scorecardId,
      scorecardVersion: r.scorecardVersion,
      taskId: r.taskId,
      calibrationId: r.calibrationId,
      status: r.status as Evaluation['status'],
      answers: r.answers,
      score: r.score,
      breakdown: r.breakdown,
      summary: r.summary,
      revision: r.revision,
      contactAt: r.contactAt.toISOString(),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
      appealUntil: appealUntil(r)?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async function rowFor(tx: DbOrTx, id: string, lock = false): Promise<Row> {
    const q = tx.select().from(qualityEvaluations).where(eq(qualityEvaluations.id, id));
    const [r] = lock ? await q.for('update') : await q;
    if (!r) throw evaluationNotFound(id);
    return r;
  }

  /** The evaluations a scope may read: its own, its teams', everyone's. */
  function scopeFilter(scope: QualityScope): SQL | undefined {
    if (scope.kind === 'all') return undefined;
    const own = eq(qualityEvaluations.agentId, scope.userId);
    if (scope.kind === 'own' || scope.teamIds.length === 0) return own;
    return or(own, inArray(qualityEvaluations.teamId, scope.teamIds));
  }

  /**
   * What others see of an evaluation: the agent and team leads see it once submitted (never a
   * draft); in a calibration session an evaluator sees only their own until the session closes.
   */
  async function visible(tx: DbOrTx, scope: QualityScope, r: Row, actor: Actor): Promise<boolean> {
    if (r.evaluatorId === actor.userId) return true;
    if (r.status === 'draft') return false;
    if (r.calibrationId) {
      // Blind while the session is open: its evaluators see only their own, whatever else they may
      // do; the facilitator (and, once closed, QA leads) see every score.
      const [c] = await tx.select().from(qualityCalibrations).where(eq(qualityCalibrations.id, r.calibrationId));
      if (!c) return false;
      if (c.status === 'open') return c.facilitatorId === actor.userId && !c.evaluatorIds.includes(actor.userId!);
      return !!actor.permissions?.has('qa.manage') || c.facilitatorId === actor.userId;
    }
    return inScope(scope, r.agentId, r.teamId);
  }

  /** A calibration score changes only while its session is open (the agreed answers are final). */
  async function assertSessionOpen(tx: DbOrTx, r: Row): Promise<void> {
    if (!r.calibrationId) return;
    const [c] = await tx
      .select({ status: qualityCalibrations.status })
      .from(qualityCalibrations)
      .where(eq(qualityCalibrations.id, r.calibrationId))
      .for('share');
    if (c?.status !== 'open') throw evaluationState('closed', 'open');
  }

  async function changed(
    tx: Tx,
    name: 'submitted' | 'acknowledged' | 'appealed' | 'decided',
    r: Row,
    actor: Actor,
    notify: string[] = [],
  ) {
    const payload: EvaluationChanged = {
      evaluationId: r.id,
      contactId: r.contactId,
      agentId: r.agentId,
      evaluatorId: r.evaluatorId,
      status: r.status,
      score: r.score,
      notifyUserIds: notify,
      actorUserId: actor.userId,
      actorName: actor.name,
      at: clock.now().toISOString(),
    };
    await bus.stage(tx, `quality.evaluation.${name}`, payload);
  }

  /**
   * Pre-filled answers from the automatic checks: an item whose rule found something fails, else
   * passes — for the rules that ran on the contact only (a phrase rule without a transcript, an audio
   * rule without a recording, found nothing because it looked at nothing: its item stays for the
   * evaluator). Contacts checked before the rules run were kept get no suggestions.
   */
  async function suggestions(tx: DbOrTx, contactId: string, content: EvaluationDetail['scorecard']['content']) {
    const contact = await contacts.find(tx, contactId);
    if (!contact?.autoCheckedAt || !contact.autoCheckRules) return {};
    const ran = new Set(contact.autoCheckRules);
    const found = await tx
      .select({ rule: qualityFindings.rule, n: count() })
      .from(qualityFindings)
      .where(eq(qualityFindings.contactId, contactId))
      .groupBy(qualityFindings.rule);
    const byRule = new Map(found.map((f) => [f.rule, f.n]));
    const out: Answers = {};
    for (const item of content.sections.flatMap((s) => s.items)) {
      if (!item.autoCheck || item.answerType !== 'pass_fail' || !ran.has(item.autoCheck)) continue;
      out[item.key] = (byRule.get(item.autoCheck) ?? 0) > 0 ? 'fail' : 'pass';
    }
    return out;
  }

  async function detail(tx: DbOrTx, r: Row): Promise<EvaluationDetail> {
    const [dto] = await toDtos(tx, [r]);
    const scorecard = await scorecards.versionIn(tx, r.scorecardId, r.scorecardVersion);
    const comments = await tx
      .select()
      .from(qualityComments)
      .where(eq(qualityComments.evaluationId, r.id))
      .orderBy(asc(sql`coalesce(${qualityComments.atMs}, 2147483647)`), asc(qualityComments.createdAt));
    const history = await tx
      .select()
      .from(qualityEvaluationHistory)
      .where(eq(qualityEvaluationHistory.evaluationId, r.id))
      .orderBy(asc(qualityEvaluationHistory.revision));
    const appeals = await tx
      .select()
      .from(qualityAppeals)
      .where(eq(qualityAppeals.evaluationId, r.id))
      .orderBy(asc(qualityAppeals.createdAt));
    const names = await deps.users.displayNames(tx, [
      ...new Set([...comments.map((c) => c.authorId), ...history.map((h) => h.by)]),
    ]);
    const contact = await contacts.view(tx, r.contactId);
    return {
      ...dto!,
      scorecard: scorecard!,
      contact: contact ? { ...contact, agentName: dto!.agentName } : null,
      comments: comments.map((c) => ({
        id: c.id,
        atMs: c.atMs,
        item: c.item,
        text: c.text,
        authorId: c.authorId,
        authorName: names.get(c.authorId) ?? '',
        createdAt: c.createdAt.toISOString(),
      })),
      history: history.map((h) => ({
        revision: h.revision,
        answers: h.answers,
        score: h.score,
        breakdown: h.breakdown,
        reason: h.reason as 'submitted' | 'appeal_changed',
        by: h.by,
        byName: names.get(h.by) ?? '',
        note: h.note,
        at: h.at.toISOString(),
      })),
      appeals: appeals.map(toAppeal),
      autoSuggestions: r.status === 'draft' ? await suggestions(tx, r.contactId, scorecard!.content) : {},
    };
  }

  async function record(tx: DbOrTx, r: Row, reason: 'submitted' | 'appeal_changed', by: string, note: string | null) {
    await tx.insert(qualityEvaluationHistory).values({
      evaluationId: r.id,
      revision: r.revision,
      answers: r.answers,
      score: r.score!,
      breakdown: r.breakdown!,
      reason,
      by,
      note,
      at: clock.now(),
    });
  }

  /** The start's transaction (see `start`): one's draft of the contact, found or made. */
  async function open(body: StartEvaluationBody, actor: Actor, opts: { calibrationId?: string }): Promise<string> {
    const userId = actor.userId!;
    return bus.transaction(async (tx) => {
      const contact = await contacts.find(tx, body.contactId);
      if (!contact) throw contactNotFound(body.contactId);
      if (contact.agentId === userId) throw ownContact();
      const [mine] = await tx
        .select()
        .from(qualityEvaluations)
        .where(
          and(
            eq(qualityEvaluations.contactId, body.contactId),
            eq(qualityEvaluations.evaluatorId, userId),
            opts.calibrationId
              ? eq(qualityEvaluations.calibrationId, opts.calibrationId)
              : sql`${qualityEvaluations.calibrationId} is null`,
          ),
        );
      if (mine) {
        // In a session one's own score is simply reopened (the session decides what may change).
        if (mine.status === 'draft' || opts.calibrationId) return mine.id;
        throw alreadyEvaluated(mine.id);
      }
      // One's own open task for the contact: the one named, else any on one's list (a contact
      // opened from elsewhere still closes its task).
      let taskId: string | null = null;
      if (!opts.calibrationId) {
        const [task] = await tx
          .select()
          .from(qualityTasks)
          .where(
            and(
              eq(qualityTasks.contactId, body.contactId),
              eq(qualityTasks.evaluatorId, userId),
              eq(qualityTasks.status, 'open'),
              body.taskId ? eq(qualityTasks.id, body.taskId) : undefined,
            ),
          )
          .limit(1);
        if (body.taskId && !task) throw taskNotFound(body.taskId);
        taskId = task?.id ?? null;
      }
      const version = await scorecards.forQueue(tx, contact.queueId, body.scorecardId);
      if (!version) throw noScorecard();
      const [agent] = await deps.users.profiles(tx, [contact.agentId]);
      const answers = await suggestions(tx, contact.contactId, version.content);
      const breakdown = scoreOf(version.content, answers);
      const now = clock.now();
      const [r] = await tx
        .insert(qualityEvaluations)
        .values({
          id: ids.next(),
          contactId: contact.contactId,
          agentId: contact.agentId,
          teamId: agent?.teamId ?? null,
          queueId: contact.queueId,
          evaluatorId: userId,
          scorecardId: version.scorecardId,
          scorecardVersion: version.version,
          taskId,
          calibrationId: opts.calibrationId ?? null,
          status: 'draft',
          answers,
          score: breakdown.score,
          breakdown,
          contactAt: contact.connectedAt,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (taskId) {
        await tx
          .update(qualityTasks)
          .set({ evaluationId: r!.id, status: 'in_progress' })
          .where(eq(qualityTasks.id, taskId));
      }
      return r!.id;
    });
  }

  return {
    toDtos,
    scopeFilter,

    /**
     * Opens an evaluation of a contact (a draft): with the contact's queue's scorecard (or the one
     * named), answers pre-filled from the automatic checks. Starting again returns one's own draft —
     * also when two starts cross (a double click): the unique indexes let one insert through, and
     * the other, refused, runs again and finds that draft.
     */
    async start(
      body: StartEvaluationBody,
      actor: Actor,
      opts: { calibrationId?: string } = {},
    ): Promise<EvaluationDetail> {
      let id: string;
      try {
        id = await open(body, actor, opts);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        id = await open(body, actor, opts);
      }
      return detail(db, await rowFor(db, id));
    },

    async get(id: string, actor: Actor): Promise<EvaluationDetail> {
      const scope = await deps.scopeOf(actor);
      const r = await rowFor(db, id);
      if (!(await visible(db, scope, r, actor))) throw evaluationNotFound(id);
      return detail(db, r);
    },

    async list(q: ListEvaluationsQuery, actor: Actor) {
      const scope = await deps.scopeOf(actor);
      const where = and(
        scopeFilter(scope),
        // Others' drafts and calibration scores are not for reading (see `visible`).
        or(
          eq(qualityEvaluations.evaluatorId, actor.userId!),
          and(sql`${qualityEvaluations.status} <> 'draft'`, sql`${qualityEvaluations.calibrationId} is null`),
        ),
        q.agentId ? eq(qualityEvaluations.agentId, q.agentId) : undefined,
        q.evaluatorId ? eq(qualityEvaluations.evaluatorId, q.evaluatorId) : undefined,
        q.status ? eq(qualityEvaluations.status, q.status) : undefined,
        q.contactId ? eq(qualityEvaluations.contactId, q.contactId) : undefined,
        q.from ? gte(qualityEvaluations.contactAt, new Date(q.from)) : undefined,
        q.to ? lt(qualityEvaluations.contactAt, new Date(q.to)) : undefined,
      );
      const [total] = await db.select({ n: count() }).from(qualityEvaluations).where(where);
      const rows = await db
        .select()
        .from(qualityEvaluations)
        .where(where)
        .orderBy(desc(qualityEvaluations.updatedAt), desc(qualityEvaluations.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await toDtos(db, rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
    },

    /** Auto-save of a draft: partial answers are fine; the score shown is the answers' so far. */
    async save(id: string, body: SaveEvaluationBody, actor: Actor): Promise<Evaluation> {
      const r = await db.transaction(async (tx) => {
        const r = await rowFor(tx, id, true);
        if (r.evaluatorId !== actor.userId) throw notYourEvaluation();
        if (r.status !== 'draft') throw evaluationState(r.status, 'draft');
        await assertSessionOpen(tx, r);
        const version = (await scorecards.versionIn(tx, r.scorecardId, r.scorecardVersion))!;
        const answers = body.answers ?? r.answers;
        const issues = answerIssues(version.content, answers, false);
        if (issues.length) throw answersInvalid(issues);
        const breakdown = scoreOf(version.content, answers);
        const [u] = await tx
          .update(qualityEvaluations)
          .set({
            answers,
            score: breakdown.score,
            breakdown,
            ...(body.summary !== undefined ? { summary: body.summary } : {}),
            updatedAt: clock.now(),
          })
          .where(eq(qualityEvaluations.id, id))
          .returning();
        return u!;
      });
      return (await toDtos(db, [r]))[0]!;
    },

    async comment(id: string, body: AddCommentBody, actor: Actor): Promise<EvaluationDetail> {
      const scope = await deps.scopeOf(actor);
      await db.transaction(async (tx) => {
        const r = await rowFor(tx, id);
        const reviewer = actor.permissions?.has('qa.review') || actor.permissions?.has('qa.manage');
        if (!(await visible(tx, scope, r, actor))) throw evaluationNotFound(id);
        if (r.evaluatorId !== actor.userId && (!reviewer || r.status === 'draft')) throw notYourEvaluation();
        await tx.insert(qualityComments).values({
          id: ids.next(),
          evaluationId: id,
          atMs: body.atMs,
          item: body.item,
          text: body.text,
          authorId: actor.userId!,
          createdAt: clock.now(),
        });
      });
      return this.get(id, actor);
    },

    /** Submits a complete draft: the score is final, the agent is told and may acknowledge or appeal. */
    async submit(id: string, actor: Actor): Promise<EvaluationDetail> {
      await bus.transaction(async (tx) => {
        const r = await rowFor(tx, id, true);
        if (r.evaluatorId !== actor.userId) throw notYourEvaluation();
        if (r.status !== 'draft') throw evaluationState(r.status, 'draft');
        await assertSessionOpen(tx, r);
        const version = (await scorecards.versionIn(tx, r.scorecardId, r.scorecardVersion))!;
        const issues = answerIssues(version.content, r.answers, true);
        if (issues.length) throw answersInvalid(issues);
        const breakdown = scoreOf(version.content, r.answers);
        const now = clock.now();
        const [u] = await tx
          .update(qualityEvaluations)
          .set({
            status: 'submitted',
            score: breakdown.score,
            breakdown,
            revision: 1,
            submittedAt: now,
            updatedAt: now,
          })
          .where(eq(qualityEvaluations.id, id))
          .returning();
        await record(tx, u!, 'submitted', actor.userId!, null);
        if (u!.taskId) await tx.update(qualityTasks).set({ status: 'done' }).where(eq(qualityTasks.id, u!.taskId));
        await audit.append(tx, actor, {
          action: 'quality.evaluation.submitted',
          entityType: 'evaluation',
          entityId: id,
          details: { contactId: u!.contactId, agentId: u!.agentId, score: breakdown.score },
        });
        // Calibration scores are practice on a shared contact: the agent is not told of each.
        if (!u!.calibrationId) await changed(tx, 'submitted', u!, actor);
      });
      return this.get(id, actor);
    },

    /** The agent confirms they have read it (确认). */
    async acknowledge(id: string, actor: Actor): Promise<EvaluationDetail> {
      await bus.transaction(async (tx) => {
        const r = await rowFor(tx, id, true);
        if (r.agentId !== actor.userId || r.calibrationId) throw evaluationNotFound(id);
        if (r.status !== 'submitted' && r.status !== 'revised' && r.status !== 'upheld') {
          throw evaluationState(r.status, 'submitted');
        }
        // Once per outcome: a decided appeal's result is acknowledged once, like the first score.
        if (r.acknowledgedAt && r.acknowledgedAt >= r.updatedAt) throw evaluationState('acknowledged', 'submitted');
        const now = clock.now();
        const [u] = await tx
          .update(qualityEvaluations)
          .set({ status: r.status === 'submitted' ? 'acknowledged' : r.status, acknowledgedAt: now, updatedAt: now })
          .where(eq(qualityEvaluations.id, id))
          .returning();
        await audit.append(tx, actor, {
          action: 'quality.evaluation.acknowledged',
          entityType: 'evaluation',
          entityId: id,
          details: { score: u!.score },
        });
        await changed(tx, 'acknowledged', u!, actor);
      });
      return this.get(id, actor);
    },

    /** The agent disputes it (申诉) within the window; one appeal per evaluation. */
    async appeal(id: string, body: AppealBody, actor: Actor): Promise<EvaluationDetail> {
      await bus.transaction(async (tx) => {
        const r = await rowFor(tx, id, true);
        if (r.agentId !== actor.userId || r.calibrationId) throw evaluationNotFound(id);
        if (r.status !== 'submitted' && r.status !== 'acknowledged') throw evaluationState(r.status, 'submitted');
        const until = appealUntil(r)!;
        if (clock.now() > until) throw appealWindowClosed(until.toISOString());
        const version = (await scorecards.versionIn(tx, r.scorecardId, r.scorecardVersion))!;
        const known = new Set(version.content.sections.flatMap((s) => s.items.map((i) => i.key)));
        const unknown = body.items.filter((k) => !known.has(k));
        if (unknown.length)
          throw answersInvalid(
            unknown.map((item) => ({ item, message: 'not an item of this scorecard' })),
            'items',
          );
        const now = clock.now();
        const appealId = ids.next();
        await tx.insert(qualityAppeals).values({
          id: appealId,
          evaluationId: id,
          agentId: r.agentId,
          reason: body.reason,
          items: body.items,
          status: 'open',
          scoreBefore: r.score!,
          createdAt: now,
        });
        const [u] = await tx
          .update(qualityEvaluations)
          .set({ status: 'appealed', updatedAt: now })
          .where(eq(qualityEvaluations.id, id))
          .returning();
        await audit.append(tx, actor, {
          action: 'quality.appeal.created',
          entityType: 'appeal',
          entityId: appealId,
          details: { evaluationId: id, items: body.items },
        });
        // Reviewers (qa.review) hear of it through the realtime audience; the evaluator by name.
        await changed(tx, 'appealed', u!, actor, [r.evaluatorId]);
      });
      return this.get(id, actor);
    },

    async listAppeals(
      status: 'open' | 'decided' | undefined,
      actor: Actor,
    ): Promise<Array<Appeal & { evaluation: Evaluation }>> {
      const scope = await deps.scopeOf(actor);
      const rows = await db
        .select()
        .from(qualityAppeals)
        .innerJoin(qualityEvaluations, eq(qualityEvaluations.id, qualityAppeals.evaluationId))
        .where(
          and(
            scopeFilter(scope),
            status === 'open'
              ? eq(qualityAppeals.status, 'open')
              : status === 'decided'
                ? sql`${qualityAppeals.status} <> 'open'`
                : undefined,
          ),
        )
        .orderBy(desc(qualityAppeals.createdAt))
        .limit(200);
      const evaluations = await toDtos(
        db,
        rows.map((x) => x.quality_evaluations),
      );
      return rows.map((x, i) => ({ ...toAppeal(x.quality_appeals), evaluation: evaluations[i]! }));
    },

    /**
     * A second reviewer decides an appeal: upheld (the score stands) or changed (new answers, a new
     * revision; the history keeps both).
     */
    async decide(appealId: string, body: DecideAppealBody, actor: Actor): Promise<EvaluationDetail> {
      if (!actor.permissions?.has('qa.review')) throw forbidden('qa.review');
      const evaluationId = await bus.transaction(async (tx) => {
        const [a] = await tx.select().from(qualityAppeals).where(eq(qualityAppeals.id, appealId)).for('update');
        if (!a) throw appealNotFound(appealId);
        if (a.status !== 'open') throw appealDecided();
        const r = await rowFor(tx, a.evaluationId, true);
        // A second reviewer: neither the evaluator nor the agent who appealed (a supervisor may be both).
        if (r.evaluatorId === actor.userId || r.agentId === actor.userId) throw reviewerIsEvaluator();
        const now = clock.now();
        let u = r;
        if (body.outcome === 'changed') {
          const version = (await scorecards.versionIn(tx, r.scorecardId, r.scorecardVersion))!;
          const answers = { ...r.answers, ...(body.answers ?? {}) };
          const issues = answerIssues(version.content, answers, true);
          if (issues.length) throw answersInvalid(issues);
          const breakdown = scoreOf(version.content, answers);
          [u] = (await tx
            .update(qualityEvaluations)
            .set({
              status: 'revised',
              answers,
              score: breakdown.score,
              breakdown,
              revision: r.revision + 1,
              updatedAt: now,
            })
            .where(eq(qualityEvaluations.id, r.id))
            .returning()) as [Row];
          await record(tx, u, 'appeal_changed', actor.userId!, body.note);
        } else {
          [u] = (await tx
            .update(qualityEvaluations)
            .set({ status: 'upheld', updatedAt: now })
            .where(eq(qualityEvaluations.id, r.id))
            .returning()) as [Row];
        }
        await tx
          .update(qualityAppeals)
          .set({
            status: body.outcome,
            reviewerId: actor.userId,
            decisionNote: body.note,
            scoreAfter: u.score,
            decidedAt: now,
          })
          .where(eq(qualityAppeals.id, appealId));
        await audit.append(tx, actor, {
          action: 'quality.appeal.decided',
          entityType: 'appeal',
          entityId: appealId,
          details: { evaluationId: r.id, outcome: body.outcome, scoreBefore: a.scoreBefore, scoreAfter: u.score },
        });
        await changed(tx, 'decided', u, actor, [r.evaluatorId]);
        return r.id;
      });
      return this.get(evaluationId, actor);
    },
  };
}
export type Evaluations = ReturnType<typeof createEvaluations>;
