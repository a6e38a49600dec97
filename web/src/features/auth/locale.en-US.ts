import type { AuthMessages } from './locale.zh-CN';

export const authEnUS: AuthMessages = {
  login: {
    title: 'Sign in',
    username: 'Agent ID / username',
    password: 'Password',
    submit: 'Sign in',
    usernameRequired: 'Enter your agent ID or username',
    passwordRequired: 'Enter your password',
    ended: {
      expired: 'Your session has expired. Please sign in again.',
      unauthenticated: 'Please sign in.',
      disabled: 'Your account is disabled. Please contact your administrator.',
      logout: 'You have signed out.',
    },
  },
  lock: {
    title: 'Screen locked',
    hint: 'The screen is locked to protect customer data. Enter your password to unlock.',
    password: 'Password',
    submit: 'Unlock',
    logout: 'Log out',
    passwordRequired: 'Enter your password',
  },
};
