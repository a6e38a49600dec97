import { namesFromList } from '../../platform/entity-names';
import type { KefuModule, Platform } from '../../platform/module';
import type { AuthServices } from '../auth';
import { seedDemoOrganization } from './teams.demo';
import { createTeamsRepo } from './teams.repo';
import { registerTeamRoutes } from './teams.routes';
import { createTeamsService, type TeamsService } from './teams.service';

/** Teams (班组): the worked example of a small module (docs/architecture.md, "How to add a module"). */
export function createTeamsModule(
  p: Platform,
  { users, teamDirectory }: Pick<AuthServices, 'users' | 'teamDirectory'>,
): KefuModule<{ teams: TeamsService }> {
  const teams = createTeamsService({ ...p, repo: createTeamsRepo(), users });
  // users ⇄ teams: users asks whether a team exists through auth's port, bound here.
  teamDirectory.bind({ teamExists: (tx, id) => teams.teamExists(tx, id) });
  return {
    name: 'teams',
    services: { teams },
    routes: (app) => registerTeamRoutes(app, { teams }),
    entityNames: { team: namesFromList(teams.list, (t) => t.name) },
    audiences: {
      'teams.team.created': { permissions: ['teams.view'] },
      'teams.team.updated': { permissions: ['teams.view'], users: (e) => [e.leadUserId] },
    },
    seedDemo: (demo) => seedDemoOrganization({ teams, users }, demo),
  };
}
