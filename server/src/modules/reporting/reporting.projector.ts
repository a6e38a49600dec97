import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx } from '../../platform/db';
import type { ContactRecord } from '../routing';
import { type LegInput, legOf } from './domain/legs';
import type { LegWrite, ReportingRepo } from './reporting.repo';

/** A survey answer as the reports keep it (the surveys module's `surveys.answer.recorded`). */
export type AnswerInput = {
  answerId: string;
  contactId: string | null;
  queueId: string | null;
  agentId: string | null;
  channel: string | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  answeredAt: string;
};

/** A quality evaluation's score as the reports keep it (the quality module's `quality.evaluation.*`). */
export type QualityScoreInput = {
  evaluationId: string;
  contactId: string;
  agentId: string;
  score: number;
  at: string;
};

export type ProjectorDeps = {
  db: Database;
  repo: ReportingRepo;
  clock: Clock;
  /** Routing's records of these contacts (and, to find a chain's root, of their parents). */
  contactRecords(ids: readonly string[]): Promise<ContactRecord[]>;
};

/**
 * Turns contact records into report rows: the live read model (one contact per event) and the full
 * rebuild (pages of records) call the same `projectContacts`, so they write the same rows.
 */
export function createProjector(deps: ProjectorDeps) {
  const { db, repo, clock } = deps;

  /** Where each record's chain starts: its parent's root (known rows first, then routing's records). */
  async function roots(tx: DbOrTx, records: readonly ContactRecord[]) {
    const byId = new Map(records.map((r) => [r.id, r]));
    const known = await repo.rootsOf(tx, [...new Set(records.map((r) => r.parentId).filter((p): p is string => !!p))]);
    const out = new Map<string, { rootId: string; rootEnteredAt: Date }>();
    const resolve = async (r: ContactRecord, depth = 0): Promise<{ rootId: string; rootEnteredAt: Date }> => {
      const hit = out.get(r.id);
      if (hit) return hit;
      let root = { rootId: r.id, rootEnteredAt: new Date(r.queuedAt) };
      if (r.parentId && depth < 20) {
        const k = known.get(r.parentId);
        if (k) root = k;
        else {
          const parent = byId.get(r.parentId) ?? (await deps.contactRecords([r.parentId]))[0];
          if (parent && parent.direction === 'inbound') root = await resolve(parent, depth + 1);
        }
      }
      out.set(r.id, root);
      return root;
    };
    for (const r of records) await resolve(r);
    return out;
  }

  return {
    /** Writes the legs of these contacts (those whose queue wait has ended) and settles their chains. */
    async projectContacts(records: readonly ContactRecord[], tx: DbOrTx = db): Promise<number> {
      const inbound = records.filter((r) => r.direction === 'inbound');
      if (inbound.length === 0) return 0;
      const holds = await repo.holdsOf(
        tx,
        inbound.map((r) => r.id),
      );
      const flows = await repo.callFlows(tx, [
        ...new Set(inbound.map((r) => r.callId).filter((c): c is string => !!c)),
      ]);
      const rootOf = await roots(tx, inbound);
      const writes: LegWrite[] = [];
      for (const r of inbound) {
        const leg = legOf(r satisfies LegInput, holds.get(r.id) ?? 0);
        if (!leg) continue;
        const root = rootOf.get(r.id)!;
        writes.push({ leg, ...root, source: 'acd', ivrFlowId: r.callId ? (flows.get(r.callId) ?? null) : null });
      }
      await settle(tx, writes);
      return writes.length;
    },

    /** Writes legs already built (the import) and settles their chains. */
    settle: (writes: readonly LegWrite[], tx: DbOrTx = db) => settle(tx, writes),

    /** Answers in recording order: of one answer recorded twice (a redelivery) the last is kept. */
    async answers(all: readonly AnswerInput[], tx: DbOrTx = db): Promise<void> {
      const list = [...new Map(all.map((a) => [a.answerId, a])).values()];
      await repo.upsertAnswers(
        tx,
        list.map((a) => ({
          id: a.answerId,
          contactId: a.contactId,
          queueId: a.queueId,
          agentId: a.agentId,
          channel: a.channel,
          at: new Date(a.answeredAt),
          answeredAt: new Date(a.answeredAt),
          csat: a.csat,
          nps: a.nps,
          ces: a.ces,
        })),
      );
      await repo.attachAnswers(tx, [...new Set(list.map((a) => a.contactId).filter((c): c is string => !!c))]);
    },

    /** Scores of submitted (or re-decided) evaluations: of one evaluation the latest counts. */
    async qualityScores(all: readonly QualityScoreInput[], tx: DbOrTx = db): Promise<void> {
      const list = [...new Map(all.map((q) => [q.evaluationId, q])).values()];
      await repo.upsertQualityScores(
        tx,
        list.map((q) => ({
          evaluationId: q.evaluationId,
          contactId: q.contactId,
          agentId: q.agentId,
          at: new Date(q.at),
          evaluatedAt: new Date(q.at),
          score: q.score,
        })),
      );
      await repo.attachAnswers(tx, [...new Set(list.map((q) => q.contactId))]);
    },
  };

  /** In one transaction with the contact sums of the quarter hours it changes (a savepoint in the rebuild's). */
  async function settle(db: DbOrTx, writes: readonly LegWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await db.transaction(async (tx) => {
      const touched = await repo.upsertLegs(tx, writes, clock.now());
      touched.push(...(await repo.settleChains(tx, [...new Set(writes.map((w) => w.rootId))])));
      touched.push(
        ...(await repo.settleNextContacts(tx, [
          ...new Set(writes.map((w) => w.leg.customerId).filter((c): c is string => !!c)),
        ])),
      );
      await repo.attachAnswers(
        tx,
        writes.map((w) => w.leg.id),
      );
      await repo.refreshContactSums(tx, touched);
    });
  }
}
export type Projector = ReturnType<typeof createProjector>;
