/**
 * `data-testid` values the end-to-end tests (e2e/) rely on. Change one only together with its tests.
 *
 * login-username, login-password, login-submit   login form fields and its submit button
 * lang-switch                                    a button: each click toggles 中文 <-> English
 *                                                (on the login page and in the header)
 * nav-users, nav-teams, nav-roles, nav-audit     side navigation links of the admin area
 * user-menu                                      header dropdown trigger (display name)
 * logout                                         the logout item inside the user menu
 * users-create                                   "new user" button on the users page
 * user-form-username, user-form-displayName,     user dialog inputs; roles and team are antd
 * user-form-password, user-form-roles,           Selects (the testid sits on the Select's root:
 * user-form-team, user-form-phone                click it, then click the option by its text)
 * user-form-submit                               user dialog submit button
 * teams-create, team-form-name, team-form-submit team page button, dialog name input and submit
 * lock-password, lock-submit                     lock screen password input and unlock button
 */
export const TEST_IDS = {
  loginUsername: 'login-username',
  loginPassword: 'login-password',
  loginSubmit: 'login-submit',
  langSwitch: 'lang-switch',
  navUsers: 'nav-users',
  navTeams: 'nav-teams',
  navRoles: 'nav-roles',
  navAudit: 'nav-audit',
  userMenu: 'user-menu',
  logout: 'logout',
  usersCreate: 'users-create',
  userFormUsername: 'user-form-username',
  userFormDisplayName: 'user-form-displayName',
  userFormPassword: 'user-form-password',
  userFormRoles: 'user-form-roles',
  userFormTeam: 'user-form-team',
  userFormPhone: 'user-form-phone',
  userFormSubmit: 'user-form-submit',
  teamsCreate: 'teams-create',
  teamFormName: 'team-form-name',
  teamFormSubmit: 'team-form-submit',
  lockPassword: 'lock-password',
  lockSubmit: 'lock-submit',
} as const;
