export { DEMO_PASSWORD } from './teams.demo';
export type { TeamChanged } from './teams.events';
export { createTeamsModule } from './teams.module';
export { registerTeamRoutes } from './teams.routes';
export { createTeamsService, type TeamsService } from './teams.service';
