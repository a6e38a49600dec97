import type { Database } from '../../../platform/db';
import type { Presence } from '../domain/model';
import type { RoutingRepo } from '../routing.repo';
import { type AcdState, type QueueRec, resetAcdState } from './acd-state';
import type { GroupCommit } from './group-commit';
import { engineAgent, inputOf, type Moves } from './moves';

export type LoadDeps = {
  state: AcdState;
  db: Database;
  repo: RoutingRepo;
  moves: Moves;
  commit: Pick<GroupCommit, 'newBatch' | 'flush'>;
  dayStart(at: Date): Date;
};

/** What the day figures query needs of a queue. */
export function dayQuery(q: QueueRec) {
  return { id: q.id, slSeconds: q.settings.serviceLevelSeconds, shortAbandonSeconds: q.settings.shortAbandonSeconds };
}

/**
 * (Re)builds memory from the database: configuration, then waiting and connected contacts, then
 * agents longest-idle first, so each picks work as it would have. Offers that were pending are
 * withdrawn (the desktop that showed them is gone) and made again.
 */
export async function loadAcd(deps: LoadDeps): Promise<void> {
  const { state: s, db, repo, moves } = deps;
  resetAcdState(s);
  const engine = s.engine;
  const b = deps.commit.newBatch(null);
  const now = b.now.getTime();
  for (const sk of await repo.skills(db)) s.skillKeys.add(sk.key);
  for (const q of await repo.queues(db)) moves.putQueue(q as unknown as QueueRec);
  for (const q of s.queues.values()) engine.upsertQueue(moves.engineQueue(q), now);
  const memberships = await repo.memberships(db);
  for (const a of await repo.agents(db)) {
    s.recorded.set(a.userId, a);
    const cfg = {
      skills: a.skills,
      capacity: a.capacity,
      memberships: memberships.filter((m) => m.userId === a.userId),
    };
    s.agentCfg.set(a.userId, cfg);
    engine.upsertAgent(engineAgent(a.userId, cfg), now);
  }
  const day = deps.dayStart(b.now);
  const handled = await repo.handledSince(db, day);
  for (const row of await repo.openContacts(db)) {
    s.open.set(row.id, row);
    if (row.state === 'queued' || row.state === 'offered') {
      if (row.state === 'offered')
        moves.transition(
          b,
          row,
          'queued',
          { agentId: null, offeredAt: null },
          { note: 'system restart: offer withdrawn' },
        );
      moves.armWaitLimit(row);
      engine.enqueue(inputOf(row), now, row.queuedAt.getTime());
    } else if (row.state === 'connected' && row.agentId && s.recorded.has(row.agentId)) {
      engine.restoreConnected(inputOf(row), row.agentId, row.queuedAt.getTime(), row.connectedAt!.getTime());
    } else if (row.state === 'wrap_up' && row.agentId) {
      const until = s.recorded.get(row.agentId)?.wrapUpUntil?.getTime() ?? now;
      moves.startWrapUp(row, row.agentId, until);
    }
  }
  for (const row of await repo.pendingWrapUps(db)) {
    const until = s.recorded.get(row.agentId!)?.wrapUpUntil?.getTime() ?? now;
    moves.startWrapUp(row, row.agentId!, until);
  }
  for (const r of await repo.queueDay(db, day, [...s.queues.values()].map(dayQuery))) {
    s.aht.set(r.queueId, { seconds: r.handleSeconds, handled: r.handled });
  }
  const agents = [...s.recorded.values()].sort((x, y) => x.idleSince.getTime() - y.idleSince.getTime());
  for (const a of agents) {
    const offers = engine.restoreAgent(
      a.userId,
      {
        presence: a.presence as Presence,
        reason: a.reason,
        wrapUpUntil: a.wrapUpUntil?.getTime() ?? null,
        idleSince: a.idleSince.getTime(),
        handleMs: (handled.get(a.userId)?.seconds ?? 0) * 1000,
      },
      now,
    );
    moves.applyOffers(b, offers);
    b.agents.add(a.userId);
  }
  await deps.commit.flush(b);
}
