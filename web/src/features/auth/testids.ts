/** `data-testid`s of sign-in and the lock screen; the browser tests (e2e/) import them. */
export const AUTH_IDS = {
  loginUsername: 'login-username',
  loginPassword: 'login-password',
  loginSubmit: 'login-submit',
  lockPassword: 'lock-password',
  lockSubmit: 'lock-submit',
} as const;
