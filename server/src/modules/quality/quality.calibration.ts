import { and, eq, sql } from 'drizzle-orm';
import type {
  Answers,
  Calibration,
  CloseCalibrationBody,
  CreateCalibrationBody,
  EvaluationDetail,
  ItemAnswer,
} from '../../../../contracts/quality';
import type { Actor, AuditLog } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { UsersService } from '../auth';
import { answerIssues, itemsOf, scoreOf } from './domain/scoring';
import type { ContactsReadModel } from './quality.contacts';
import {
  answersInvalid,
  calibrationNotFound,
  contactNotFound,
  evaluationState,
  noScorecard,
  notInCalibration,
  ownContact,
} from './quality.errors';
import type { Evaluations } from './quality.evaluations';
import { qualityCalibrations, qualityEvaluations } from './quality.schema';
import type { Scorecards } from './quality.scorecards';

type Row = typeof qualityCalibrations.$inferSelect;

/**
 * The answer most evaluators gave, and how many did not give it; on a tie (two evaluators split
 * 1–1) there is no consensus: null, and the disagreement is how many would have to change for one.
 * Picking one of the tied answers would declare one evaluator right by the order of the answers.
 */
function consensusOf(values: ItemAnswer[]): { consensus: ItemAnswer | null; disagree: number } {
  if (values.length === 0) return { consensus: null, disagree: 0 };
  const counts = new Map<string, { v: ItemAnswer; n: number }>();
  for (const v of values) {
    const k = String(v);
    counts.set(k, { v, n: (counts.get(k)?.n ?? 0) + 1 });
  }
  const [first, second] = [...counts.values()].sort((a, b) => b.n - a.n);
  const disagree = values.length - first!.n;
  return { consensus: second && second.n === first!.n ? null : first!.v, disagree };
}

/**
 * Calibration sessions (校准会议): several evaluators score the same contacts blind (each sees only
 * their own until the session closes); the facilitator sees per-item disagreement, each evaluator's
 * deviation from the consensus, and records the agreed answers when closing.
 */
export function createCalibrations(deps: {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditLog;
  users: Pick<UsersService, 'displayNames'>;
  scorecards: Scorecards;
  contacts: ContactsReadModel;
  evaluations: Evaluations;
}) {
  const { db, clock, ids, audit, scorecards, contacts, evaluations } = deps;

  async function row(id: string): Promise<Row> {
    const [r] = await db.select().from(qualityCalibrations).where(eq(qualityCalibrations.id, id));
    if (!r) throw calibrationNotFound(id);
    return r;
  }

  async function view(r: Row, actor: Actor): Promise<Calibration> {
    const scored = await db.select().from(qualityEvaluations).where(eq(qualityEvaluations.calibrationId, r.id));
    const names = await deps.users.displayNames(db, r.evaluatorIds);
    const submitted = scored.filter((e) => e.submittedAt);
    // Blind while open: an evaluator of the session sees only their own scores, whatever else they
    // may do; the facilitator who does not score sees all; once closed, everyone in it.
    const sees =
      r.status === 'closed' || (r.facilitatorId === actor.userId && !r.evaluatorIds.includes(actor.userId ?? ''));
    const mine = Object.fromEntries(
      scored.filter((e) => e.evaluatorId === actor.userId).map((e) => [e.contactId, e.id]),
    );
    let contactsView: Calibration['contacts'] = null;
    let deviation: Calibration['deviation'] = null;
    if (sees) {
      const version = (await scorecards.versionIn(db, r.scorecardId, r.scorecardVersion))!;
      const items = itemsOf(version.content);
      const diffs = new Map<string, number[]>();
      contactsView = r.contactIds.map((contactId) => {
        const own = submitted.filter((e) => e.contactId === contactId);
        const agreed: Answers = r.agreed?.[contactId] ?? {};
        const consensusAnswers: Answers = {};
        let split = false;
        const itemRows = items.map((item) => {
          const answers = Object.fromEntries(
            own.filter((e) => e.answers[item.key] !== undefined).map((e) => [e.evaluatorId, e.answers[item.key]!]),
          );
          const given = Object.values(answers);
          const found = consensusOf(given);
          const consensus = agreed[item.key] ?? found.consensus;
          if (consensus !== null) consensusAnswers[item.key] = consensus;
          else if (given.length > 0) split = true;
          return {
            item: item.key,
            label: item.label,
            answers,
            consensus,
            disagree: agreed[item.key] !== undefined ? given.filter((a) => a !== consensus).length : found.disagree,
          };
        });
        const scores = Object.fromEntries(own.map((e) => [e.evaluatorId, e.score ?? 0]));
        const values = Object.values(scores);
        // The consensus answers' score; while an item is split (no consensus, nothing agreed yet),
        // the evaluators' mean score stands in for it.
        const consensusScore = !own.length
          ? null
          : split
            ? values.reduce((a, b) => a + b, 0) / values.length
            : scoreOf(version.content, consensusAnswers).score;
        if (consensusScore !== null) {
          for (const [who, s] of Object.entries(scores)) {
            diffs.set(who, [...(diffs.get(who) ?? []), Math.abs(s - consensusScore)]);
          }
        }
        return {
          contactId,
          scores,
          // Scores keep two decimals; so does their difference (100 − 71.05 is 28.950000000000003 in floats).
          spread: values.length ? Math.round((Math.max(...values) - Math.min(...values)) * 100) / 100 : null,
          consensusScore: consensusScore === null ? null : Math.round(consensusScore * 100) / 100,
          items: itemRows,
        };
      });
      deviation = Object.fromEntries(
        [...diffs.entries()].map(([who, d]) => [
          who,
          Math.round((d.reduce((a, b) => a + b, 0) / d.length) * 100) / 100,
        ]),
      );
    }
    return {
      id: r.id,
      title: r.title,
      scorecardId: r.scorecardId,
      scorecardVersion: r.scorecardVersion,
      contactIds: r.contactIds,
      evaluators: r.evaluatorIds.map((id) => ({
        id,
        name: names.get(id) ?? '',
        submitted: submitted.filter((e) => e.evaluatorId === id).length,
      })),
      facilitatorId: r.facilitatorId,
      status: r.status as 'open' | 'closed',
      dueAt: r.dueAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      contacts: contactsView,
      deviation,
      mine,
    };
  }

  return {
    async create(body: CreateCalibrationBody, actor: Actor): Promise<Calibration> {
      const found = await contacts.findMany(db, body.contactIds);
      for (const id of body.contactIds) if (!found.some((c) => c.contactId === id)) throw contactNotFound(id);
      if (found.some((c) => body.evaluatorIds.includes(c.agentId))) throw ownContact();
      const version = await scorecards.forQueue(db, found[0]!.queueId, body.scorecardId);
      if (!version) throw noScorecard();
      const id = ids.next();
      await db.transaction(async (tx) => {
        await tx.insert(qualityCalibrations).values({
          id,
          title: body.title,
          scorecardId: version.scorecardId,
          scorecardVersion: version.version,
          contactIds: [...new Set(body.contactIds)],
          evaluatorIds: [...new Set(body.evaluatorIds)],
          facilitatorId: actor.userId!,
          status: 'open',
          dueAt: body.dueAt ? new Date(body.dueAt) : null,
          createdAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'quality.calibration.created',
          entityType: 'calibration',
          entityId: id,
          details: { title: body.title, contacts: body.contactIds.length, evaluators: body.evaluatorIds },
        });
      });
      return view(await row(id), actor);
    },

    async list(actor: Actor): Promise<Calibration[]> {
      const rows = await db
        .select()
        .from(qualityCalibrations)
        .where(
          actor.permissions?.has('qa.manage')
            ? undefined
            : sql`${actor.userId}::uuid = any(${qualityCalibrations.evaluatorIds})`,
        )
        .orderBy(sql`${qualityCalibrations.createdAt} desc`)
        .limit(100);
      return Promise.all(rows.map((r) => view(r, actor)));
    },

    async get(id: string, actor: Actor): Promise<Calibration> {
      const r = await row(id);
      if (!r.evaluatorIds.includes(actor.userId!) && !actor.permissions?.has('qa.manage'))
        throw calibrationNotFound(id);
      return view(r, actor);
    },

    /** An evaluator's scoring of one of the session's contacts (their own draft; blind to the others). */
    async evaluate(id: string, contactId: string, actor: Actor): Promise<EvaluationDetail> {
      const r = await row(id);
      if (!r.evaluatorIds.includes(actor.userId!)) throw notInCalibration();
      if (r.status !== 'open') throw evaluationState('closed', 'open');
      if (!r.contactIds.includes(contactId)) throw contactNotFound(contactId);
      const [mine] = await db
        .select({ id: qualityEvaluations.id })
        .from(qualityEvaluations)
        .where(
          and(
            eq(qualityEvaluations.calibrationId, id),
            eq(qualityEvaluations.contactId, contactId),
            eq(qualityEvaluations.evaluatorId, actor.userId!),
          ),
        );
      if (mine) return evaluations.get(mine.id, actor);
      return evaluations.start({ contactId, scorecardId: r.scorecardId }, actor, { calibrationId: id });
    },

    async close(id: string, body: CloseCalibrationBody, actor: Actor): Promise<Calibration> {
      const r = await row(id);
      if (r.status !== 'open') throw evaluationState('closed', 'open');
      const version = (await scorecards.versionIn(db, r.scorecardId, r.scorecardVersion))!;
      for (const [contactId, answers] of Object.entries(body.agreed)) {
        if (!r.contactIds.includes(contactId)) throw contactNotFound(contactId);
        const issues = answerIssues(version.content, answers, false);
        if (issues.length) throw answersInvalid(issues, `agreed.${contactId}`);
      }
      await db.transaction(async (tx) => {
        // Closed once: a second close at the same moment finds it closed.
        const closed = await tx
          .update(qualityCalibrations)
          .set({ status: 'closed', agreed: body.agreed, closedAt: clock.now() })
          .where(and(eq(qualityCalibrations.id, id), eq(qualityCalibrations.status, 'open')))
          .returning({ id: qualityCalibrations.id });
        if (closed.length === 0) throw evaluationState('closed', 'open');
        // Drafts left unsubmitted stay drafts: only submitted scores count in the session.
        await audit.append(tx, actor, {
          action: 'quality.calibration.closed',
          entityType: 'calibration',
          entityId: id,
          details: { agreedContacts: Object.keys(body.agreed).length },
        });
      });
      return view(await row(id), actor);
    },
  };
}
export type Calibrations = ReturnType<typeof createCalibrations>;
