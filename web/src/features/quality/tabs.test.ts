import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS, type Role } from '../../../../contracts/permissions';
import { tabFor, visibleTabs } from './tabs';

const tabsOf = (role: Role) => visibleTabs((p) => DEFAULT_ROLE_PERMISSIONS[role].includes(p));

describe('the quality tabs each role sees', () => {
  it('an agent: their results, reports, coaching and examples; no work list, appeals or settings', () => {
    expect(tabsOf('agent')).toEqual(['evaluations', 'reports', 'coaching', 'examples']);
  });

  it('QA staff: everything, the work list first', () => {
    expect(tabsOf('qa')).toEqual([
      'worklist',
      'evaluations',
      'appeals',
      'calibration',
      'reports',
      'coaching',
      'examples',
      'settings',
    ]);
  });

  it('a supervisor decides appeals without evaluating', () => {
    expect(tabsOf('supervisor')).toEqual(['evaluations', 'appeals', 'reports', 'coaching', 'examples']);
  });

  it('a link to a tab the user may not see opens their first', () => {
    expect(tabFor('settings', tabsOf('agent'))).toBe('evaluations');
    expect(tabFor('coaching', tabsOf('agent'))).toBe('coaching');
    expect(tabFor(null, [])).toBeUndefined();
  });
});
