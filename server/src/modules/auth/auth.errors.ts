import { AppError } from '../../platform/errors';

export const invalidCredentials = () =>
  new AppError('unauthenticated', 'AUTH.INVALID_CREDENTIALS', 'Wrong username or password');
export const accountLocked = (until: Date) =>
  new AppError('forbidden', 'AUTH.ACCOUNT_LOCKED', 'Too many failed sign-ins; the account is locked for a while', {
    lockedUntil: until.toISOString(),
  });
export const accountDisabled = () => new AppError('forbidden', 'AUTH.ACCOUNT_DISABLED', 'This account is disabled');
export const unauthenticated = () => new AppError('unauthenticated', 'AUTH.UNAUTHENTICATED', 'Sign in first');
export const sessionExpired = () => new AppError('unauthenticated', 'AUTH.SESSION_EXPIRED', 'The session has ended');
export const sessionLocked = () =>
  new AppError('unauthenticated', 'AUTH.SESSION_LOCKED', 'The screen is locked; enter your password to unlock');
export const wrongPassword = () => new AppError('invalid', 'AUTH.WRONG_PASSWORD', 'The password is not correct');
export const userNotFound = (id: string) => new AppError('not_found', 'USERS.NOT_FOUND', `No user ${id}`);
export const usernameTaken = (username: string) =>
  new AppError('conflict', 'USERS.USERNAME_TAKEN', `The username ${username} is taken`, { username });
export const teamNotFound = (id: string) =>
  new AppError('invalid', 'TEAMS.NOT_FOUND', `No team ${id}`, {
    fields: [{ location: 'body', path: 'teamId', message: 'no such team' }],
  });
export const roleFloor = (missing: string[]) =>
  new AppError('invalid', 'AUTH.ROLE_FLOOR', 'The admin role must keep these permissions', { missing });
export const escalation = (missing: string[]) =>
  new AppError('forbidden', 'AUTH.ESCALATION', 'You cannot grant or manage permissions you do not hold', { missing });
export const ownPasswordNeedsChange = () =>
  new AppError(
    'invalid',
    'USERS.USE_CHANGE_PASSWORD',
    'Change your own password with your current one (POST /auth/password)',
  );
export const cannotDisableSelf = () =>
  new AppError('invalid', 'USERS.CANNOT_DISABLE_SELF', 'You cannot disable or demote your own account');
