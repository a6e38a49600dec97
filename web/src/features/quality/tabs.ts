import type { Permission } from '../../../../contracts/permissions';

/** The tabs of the quality page, each shown to the holders of any one of its permissions. */
export const QUALITY_TABS = [
  // The evaluator's work list (the tasks route also lets QA leads read others' lists).
  { key: 'worklist', permissions: ['qa.evaluate'] },
  { key: 'evaluations', permissions: ['qa.own', 'qa.team', 'qa.view', 'qa.evaluate', 'qa.review', 'qa.manage'] },
  { key: 'appeals', permissions: ['qa.review'] },
  { key: 'calibration', permissions: ['qa.manage', 'qa.evaluate'] },
  // As the reports route reads them: agents their own, team leads their teams', QA everyone's.
  { key: 'reports', permissions: ['qa.view', 'qa.team', 'qa.own', 'qa.evaluate', 'qa.manage'] },
  { key: 'coaching', permissions: ['qa.own', 'qa.team', 'qa.view', 'qa.evaluate', 'qa.review', 'qa.manage'] },
  { key: 'examples', permissions: ['qa.own', 'qa.team', 'qa.view', 'qa.evaluate', 'qa.review', 'qa.manage'] },
  { key: 'settings', permissions: ['qa.manage'] },
] as const satisfies readonly { key: string; permissions: readonly Permission[] }[];

export type QualityTab = (typeof QUALITY_TABS)[number]['key'];

export function visibleTabs(can: (permission: Permission) => boolean): QualityTab[] {
  return QUALITY_TABS.filter((tab) => tab.permissions.some(can)).map((tab) => tab.key);
}

/** The tab a link asked for when the user may see it, else their first. */
export function tabFor(asked: string | null, visible: readonly QualityTab[]): QualityTab | undefined {
  return visible.find((tab) => tab === asked) ?? visible[0];
}
