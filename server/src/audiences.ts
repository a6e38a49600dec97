import type { AudienceTable } from './platform/realtime';

/**
 * The one place that decides who receives each realtime event. Events not listed here stay on the
 * server. Later modules add their rows (routing.contact.*, routing.agent.state_changed…).
 */
export const audiences: AudienceTable = {
  'auth.user.created': { permissions: ['users.view'] },
  'auth.user.updated': { permissions: ['users.view'], users: (p) => [p.userId] },
  'auth.role.updated': { permissions: ['roles.manage'], roles: (p) => [p.role] },
  'teams.team.created': { permissions: ['teams.view'] },
  'teams.team.updated': { permissions: ['teams.view'], users: (p) => [p.leadUserId] },
};
