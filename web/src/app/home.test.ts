import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS, type Permission, type Role } from '../../../contracts/permissions';
import { homePage } from './home';

const homeOf = (...roles: Role[]) => {
  const granted = new Set<Permission>(roles.flatMap((r) => DEFAULT_ROLE_PERMISSIONS[r]));
  return homePage((p) => granted.has(p))?.path;
};

describe('the first screen per role (by the permissions the built-in roles grant)', () => {
  it('admin → system overview, supervisor and team lead → wallboard, agent → desktop, QA → quality, trainer → training', () => {
    expect(homeOf('admin')).toBe('/admin/overview');
    expect(homeOf('supervisor')).toBe('/supervisor');
    expect(homeOf('team_lead', 'agent')).toBe('/supervisor');
    expect(homeOf('agent')).toBe('/desktop');
    expect(homeOf('qa')).toBe('/quality');
    expect(homeOf('trainer')).toBe('/training');
  });

  it('roles without a rule open the first screen they may: analyst → call log, wfm → scheduling', () => {
    expect(homeOf('analyst')).toBe('/calls');
    expect(homeOf('wfm')).toBe('/wfm');
  });

  // Decided by permissions, not role names: a supervisor role an administrator stripped of monitoring
  // lands on the desktop, and a page that several permissions open (quality) opens for any one of them.
  it('follows what a role grants, not what it is called', () => {
    const only = (...permissions: Permission[]) => homePage((p) => permissions.includes(p))?.path;
    expect(only('desktop.use', 'teams.view')).toBe('/desktop');
    expect(only('qa.evaluate', 'users.view')).toBe('/quality');
    expect(only('qa.own')).toBe('/quality');
    expect(only()).toBeUndefined();
  });
});
