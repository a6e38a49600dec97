/** `data-testid`s of the adherence screen (/adherence); e2e/wfm-adherence.browser.test.ts imports them. */
export const ADHERENCE_IDS = {
  page: 'adherence-page',
  /** A tab's button: live, report. */
  tab: (key: string) => `adherence-tab-${key}`,

  summaryScheduled: 'adherence-summary-scheduled',
  summaryIn: 'adherence-summary-in',
  summaryFlagged: 'adherence-summary-flagged',
  grace: 'adherence-grace',
  team: 'adherence-team',
  liveTable: 'adherence-live-table',
  /** A live row's adherence tag, with data-in="true|false" and data-flagged. */
  liveAdherence: (agentId: string) => `adherence-live-${agentId}`,
  liveActivity: (agentId: string) => `adherence-activity-${agentId}`,

  range: 'adherence-range',
  reportTeam: 'adherence-report-team',
  agentsTable: 'adherence-report-agents',
  teamsTable: 'adherence-report-teams',
  explanation: 'adherence-explanation',
};
