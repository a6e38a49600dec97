/**
 * `data-testid`s of the users page; the browser tests (e2e/) import them. Roles and team are antd
 * Selects (the id sits on the Select's root: click it, then the option by its text).
 */
export const USERS_IDS = {
  create: 'users-create',
  formUsername: 'user-form-username',
  formDisplayName: 'user-form-displayName',
  formPassword: 'user-form-password',
  formRoles: 'user-form-roles',
  formTeam: 'user-form-team',
  formPhone: 'user-form-phone',
  formSubmit: 'user-form-submit',
} as const;
