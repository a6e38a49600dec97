import type { Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { forbidden } from '../../platform/errors';
import type { UsersService } from '../auth';
import type { TeamsService } from '../teams';

/** Everyone, or the ids of the agents in the teams one leads. */
export type AgentScope = 'all' | Set<string>;

/**
 * Whose schedules a holder of `wfm.approve` oversees (requests, adherence): everyone's for planners
 * (`wfm.plan`) and supervisors (`teams.manage`), else the members of the teams they lead.
 */
export function createApproverScope(deps: {
  db: Database;
  users: Pick<UsersService, 'profiles'>;
  teams: Pick<TeamsService, 'list'>;
}) {
  return async function approverScope(actor: Actor): Promise<AgentScope> {
    const p = actor.permissions;
    if (!p?.has('wfm.approve')) throw forbidden('wfm.approve');
    if (p.has('wfm.plan') || p.has('teams.manage')) return 'all';
    const led = new Set((await deps.teams.list()).filter((t) => t.leadUserId === actor.userId).map((t) => t.id));
    const members = (await deps.users.profiles(deps.db)).filter((u) => u.teamId && led.has(u.teamId));
    return new Set(members.map((u) => u.id));
  };
}
