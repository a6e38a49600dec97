export type { TeamChanged } from './teams.events';
export { createTeamsRepo } from './teams.repo';
export { registerTeamRoutes } from './teams.routes';
export { createTeamsService, type TeamsService } from './teams.service';
