import type { Actor } from '../../platform/audit';
import type { DbOrTx, Tx } from '../../platform/db';
import type { TeamsService } from '../teams';
import { notYours, ticketNotFound } from './tickets.errors';
import type { TicketRow, TicketsRepo } from './tickets.repo';

/** Who acts: the request's actor with what the work-order rules look at. */
export type Worker = { actor: Actor; userId: string; teamId: string | null; canManage: boolean };

/**
 * Who may change an order (docs/work-orders.md, "People"): one rule shared by the ticket service and
 * the complaint, follow-up and incident flows, so none of them grows its own idea of "allowed".
 */
export function createWorkAccess(deps: { repo: TicketsRepo; teams: Pick<TeamsService, 'get'> }) {
  const { repo } = deps;
  async function mayWork(tx: DbOrTx, w: Worker, r: TicketRow): Promise<boolean> {
    if (w.canManage || r.ownerUserId === w.userId || r.assigneeUserId === w.userId) return true;
    if (r.assigneeGroupId && (await repo.groupIdsOf(tx, w.userId)).includes(r.assigneeGroupId)) return true;
    for (const teamId of new Set([r.assigneeTeamId, r.ownerTeamId])) {
      if (!teamId) continue;
      const team = await deps.teams.get(teamId).catch(() => undefined);
      if (team?.leadUserId === w.userId) return true;
    }
    return false;
  }
  return {
    mayWork,
    /** The locked row the worker may change. */
    async workable(tx: Tx, id: string, w: Worker): Promise<TicketRow> {
      const r = await repo.findForUpdate(tx, id);
      if (!r) throw ticketNotFound(id);
      if (!(await mayWork(tx, w, r))) throw notYours(id);
      return r;
    },
  };
}
export type WorkAccess = ReturnType<typeof createWorkAccess>;
