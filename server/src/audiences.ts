import type { Permission } from '../../contracts/permissions';
import type { ContactChanged } from './modules/routing';
import type { AudienceTable } from './platform/realtime';

/** A contact's change goes to supervisors and to the agents it concerns (offered to, taken from). */
const contactAudience = () => ({
  permissions: ['supervisor.monitor'] satisfies Permission[] as Permission[],
  users: (p: ContactChanged) => [p.agentId, p.previousAgentId],
});

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
  'routing.contact.queued': contactAudience(),
  'routing.contact.offered': contactAudience(),
  'routing.contact.connected': contactAudience(),
  'routing.contact.wrap_up': contactAudience(),
  'routing.contact.completed': contactAudience(),
  'routing.contact.abandoned': contactAudience(),
  'routing.contact.transferred': contactAudience(),
  'routing.contact.overflowed': contactAudience(),
  'routing.contact.timed_out': contactAudience(),
  'routing.contact.updated': contactAudience(),
  'routing.agent.state_changed': { permissions: ['supervisor.monitor'], users: (p) => [p.userId] },
  'routing.config.changed': { permissions: ['routing.manage', 'supervisor.monitor'] },
};
