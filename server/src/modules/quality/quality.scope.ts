import type { Permission } from '../../../../contracts/permissions';
import type { Actor } from '../../platform/audit';
import { forbidden } from '../../platform/errors';
import type { TeamsService } from '../teams';

/**
 * Whose evaluations a user sees (issue 15, Permissions): QA staff (qa.view, qa.evaluate,
 * qa.review, qa.manage) everyone's; team leads (qa.team) their teams' agents' and their own;
 * agents (qa.own) only their own.
 */
export type QualityScope =
  | { kind: 'all'; userId: string }
  | { kind: 'teams'; userId: string; teamIds: string[] }
  | { kind: 'own'; userId: string };

const ALL: Permission[] = ['qa.view', 'qa.evaluate', 'qa.review', 'qa.manage'];

export function createScopes(teams: Pick<TeamsService, 'list'>) {
  return async function scopeOf(actor: Actor): Promise<QualityScope> {
    const userId = actor.userId;
    const can = (p: Permission) => !!actor.permissions?.has(p);
    if (!userId) throw forbidden('qa.own');
    if (ALL.some(can)) return { kind: 'all', userId };
    if (can('qa.team')) {
      const led = (await teams.list()).filter((t) => t.leadUserId === userId).map((t) => t.id);
      return { kind: 'teams', userId, teamIds: led };
    }
    if (can('qa.own')) return { kind: 'own', userId };
    throw forbidden('qa.own');
  };
}
export type ScopeOf = ReturnType<typeof createScopes>;

/** Whether an evaluation of this agent (in this team) is within the scope. */
export function inScope(scope: QualityScope, agentId: string, teamId: string | null): boolean {
  if (scope.kind === 'all') return true;
  if (agentId === scope.userId) return true;
  return scope.kind === 'teams' && teamId !== null && scope.teamIds.includes(teamId);
}
