import type { Permission } from '../../../contracts/permissions';
import { mayOpen, PAGES, type PageDef } from './pages';

/**
 * Each user's first screen, decided by what they may do — never by role names, since administrators
 * edit what each role grants. The first rule whose permission the user holds wins, provided they may
 * also open its page:
 * 1. `system.view` — runs the installation (admin) → 系统概览, are phones, trunks and queues healthy;
 * 2. `supervisor.monitor` — watches the floor (supervisors, team leads: leads also take calls, but
 *    their job starts with the queues) → 实时监控;
 * 3. `desktop.use` — takes contacts (agents) → 座席工作台;
 * 4. `qa.evaluate` — reviews calls (QA) → 质检, their evaluation work list;
 * 5. `training.manage` — trains agents → 培训 (trainers also read quality results, but their job
 *    starts with training);
 * 6. `wfm.plan` — plans the centre's staffing (workforce planners) → 排班 (planners may also approve
 *    shift requests, but their job starts with forecasts and schedules);
 * otherwise the first screen of the navigation the user may open.
 */
export const HOME_RULES: readonly { permission: Permission; path: string }[] = [
  { permission: 'system.view', path: '/admin/overview' },
  { permission: 'supervisor.monitor', path: '/supervisor' },
  { permission: 'desktop.use', path: '/desktop' },
  { permission: 'qa.evaluate', path: '/quality' },
  { permission: 'training.manage', path: '/training' },
  { permission: 'wfm.plan', path: '/wfm' },
];

/** The page `/` opens for a user with these permissions; undefined when they may open none. */
export function homePage(can: (permission: Permission) => boolean): PageDef | undefined {
  for (const rule of HOME_RULES) {
    const page = PAGES.find((p) => p.path === rule.path);
    if (page && can(rule.permission) && mayOpen(page, can)) return page;
  }
  return PAGES.find((p) => mayOpen(p, can));
}
