/**
 * `data-testid`s of 我的班表 (/my-schedule) and 排班审批 (/schedule-requests); e2e/wfm-requests.browser.test.ts
 * imports them: the agent's day list, leave and swap dialogs, their requests; the lead's inbox and drawer.
 */
export const SELF_IDS = {
  myPage: 'my-schedule-page',
  /** One row per local day; data-date, data-state ('off' when no shift). */
  day: (date: string) => `my-schedule-day-${date}`,
  leave: (shiftId: string) => `my-schedule-leave-${shiftId}`,
  swap: (shiftId: string) => `my-schedule-swap-${shiftId}`,
  reason: 'my-schedule-reason',
  peerShift: 'my-schedule-peer-shift',
  send: 'my-schedule-send',
  myRequests: 'my-schedule-requests',
  requestRow: (id: string) => `my-schedule-request-${id}`,
  cancel: (id: string) => `my-schedule-cancel-${id}`,
  accept: (id: string) => `my-schedule-accept-${id}`,
  decline: (id: string) => `my-schedule-decline-${id}`,

  inboxPage: 'schedule-requests-page',
  inboxState: 'schedule-requests-state',
  inboxTable: 'schedule-requests-table',
  open: (id: string) => `schedule-requests-open-${id}`,
  drawer: 'schedule-requests-drawer',
  effectChart: (date: string) => `schedule-requests-effect-${date}`,
  effectUnder: (date: string) => `schedule-requests-under-${date}`,
  violations: 'schedule-requests-violations',
  note: 'schedule-requests-note',
  approve: 'schedule-requests-approve',
  reject: 'schedule-requests-reject',

  desktopShift: 'desktop-my-shift',
};
