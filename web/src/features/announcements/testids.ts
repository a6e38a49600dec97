/** `data-testid`s of the announcement (公告) and handover (交接班) screens; the browser tests (e2e/) import them. */
export const ANNOUNCEMENTS_IDS = {
  // /announcements
  list: 'announcements-list',
  /** A row of the list; it carries `data-announcement-id`. */
  row: 'announcement-row',
  create: 'announcement-create',
  title: 'announcement-title',
  body: 'announcement-body',
  audience: (kind: 'everyone' | 'teams' | 'roles') => `announcement-audience-${kind}`,
  teams: 'announcement-teams',
  roles: 'announcement-roles',
  requireConfirmation: 'announcement-require-confirmation',
  expiresAt: 'announcement-expires-at',
  quizAdd: 'announcement-quiz-add',
  quizQuestion: (q: number) => `announcement-quiz-${q}-text`,
  quizOption: (q: number, o: number) => `announcement-quiz-${q}-option-${o}`,
  quizOptionAdd: (q: number) => `announcement-quiz-${q}-option-add`,
  quizCorrect: (q: number, o: number) => `announcement-quiz-${q}-correct-${o}`,
  submit: 'announcement-submit',
  /** The read status drawer; each team's row carries `data-team-id`. */
  status: 'announcement-status',
  statusTeam: 'announcement-status-team',
  // /handover
  handoverTeam: 'handover-team',
  handoverText: 'handover-text',
  handoverSubmit: 'handover-submit',
  handoverList: 'handover-list',
  /** A note; it carries `data-note-id`. */
  handoverNote: 'handover-note',
  handoverNoTeam: 'handover-no-team',
} as const;
