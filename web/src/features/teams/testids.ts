/** `data-testid`s of the teams page; the browser tests (e2e/) import them. */
export const TEAMS_IDS = {
  create: 'teams-create',
  formName: 'team-form-name',
  formSubmit: 'team-form-submit',
} as const;
