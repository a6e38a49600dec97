import type { Database, DbOrTx } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { AgentStateRecord, ContactRecord } from '../routing';
import type { TicketSnapshot } from '../tickets';
import type { AnswerInput, Projector } from './reporting.projector';
import type { ReportingRepo } from './reporting.repo';

export type RebuildSources = {
  contactRecordsPage(after: { queuedAt: string; id: string } | null, limit: number): Promise<ContactRecord[]>;
  agentStateRecordsPage(afterId: number, limit: number): Promise<AgentStateRecord[]>;
  /** Survey answers in a stable order (absent: answers are kept as they are). */
  answersPage?(after: string | null, limit: number): Promise<Array<AnswerInput & { cursor: string }>>;
  /** Work orders in creation order, as their events' snapshot (absent: the SLA read model is kept). */
  ticketRecordsPage?(after: { createdAt: string; id: string } | null, limit: number): Promise<TicketSnapshot[]>;
};

/** Where rebuilt work orders go: reporting_tickets, emptied first. */
export type TicketSink = {
  clear(tx: DbOrTx): Promise<void>;
  project(snapshots: readonly TicketSnapshot[], tx: DbOrTx): Promise<void>;
};

const PAGE = 2000;

/**
 * `kefu reporting rebuild`: the read model recomputed from the records (routing's contacts and agent
 * states, survey answers) through the same projector as the live events, in one transaction —
 * readers see the old figures until it commits, and a failure leaves them untouched. Imported
 * history and reporting's own ledgers (holds, calls) are kept.
 */
export function createRebuild(deps: {
  db: Database;
  repo: ReportingRepo;
  projector: Projector;
  sources: RebuildSources;
  syncDimensions(): Promise<void>;
  log: Logger;
  tickets?: TicketSink;
}) {
  const { db, repo, projector, sources } = deps;
  return async function rebuild(progress?: (line: string) => void) {
    await deps.syncDimensions();
    const counts = { contacts: 0, legs: 0, agentStates: 0, answers: 0, selfService: 0, tickets: 0 };
    await db.transaction(async (tx) => {
      await repo.lockReadModel(tx, 'rebuild');
      await repo.clearDerived(tx, !!sources.answersPage);
      for (let after: { queuedAt: string; id: string } | null = null; ; ) {
        const page = await sources.contactRecordsPage(after, PAGE);
        if (page.length === 0) break;
        counts.legs += await projector.projectContacts(page, tx);
        counts.contacts += page.length;
        const last = page[page.length - 1]!;
        after = { queuedAt: last.queuedAt, id: last.id };
        progress?.(`${counts.contacts} contacts`);
      }
      counts.selfService = await repo.restoreSelfService(tx);
      // The contact sums by quarter hour, all of them (cleared legs included).
      await repo.refreshContactSums(tx, 'all');
      for (let afterId = 0; ; ) {
        const page = await sources.agentStateRecordsPage(afterId, PAGE);
        if (page.length === 0) break;
        await repo.agentStates(
          tx,
          page.map((e) => ({ agentId: e.userId, at: new Date(e.at), state: e.state, reason: e.reason })),
        );
        counts.agentStates += page.length;
        afterId = page[page.length - 1]!.id;
        progress?.(`${counts.agentStates} agent state changes`);
      }
      if (sources.answersPage) {
        for (let after: string | null = null; ; ) {
          const page = await sources.answersPage(after, PAGE);
          if (page.length === 0) break;
          await projector.answers(page, tx);
          counts.answers += page.length;
          after = page[page.length - 1]!.cursor;
          progress?.(`${counts.answers} survey answers`);
        }
      }
      const sink = deps.tickets;
      if (sources.ticketRecordsPage && sink) {
        await sink.clear(tx);
        for (let after: { createdAt: string; id: string } | null = null; ; ) {
          const page = await sources.ticketRecordsPage(after, PAGE);
          if (page.length === 0) break;
          await sink.project(page, tx);
          counts.tickets += page.length;
          const last = page[page.length - 1]!;
          after = { createdAt: last.times.createdAt, id: last.ticketId };
          progress?.(`${counts.tickets} work orders`);
        }
      }
    });
    deps.log.info(counts, 'reporting: read model rebuilt');
    return counts;
  };
}
