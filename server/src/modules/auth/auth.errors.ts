import { AppError } from '../../platform/errors';

export { unauthenticated } from '../../platform/errors';

export const invalidCredentials = () => new AppError('AUTH.INVALID_CREDENTIALS', 'Wrong username or password');
export const accountLocked = (until: Date) =>
  new AppError('AUTH.ACCOUNT_LOCKED', 'Too many failed sign-ins; the account is locked for a while', {
    lockedUntil: until.toISOString(),
  });
export const accountDisabled = () => new AppError('AUTH.ACCOUNT_DISABLED', 'This account is disabled');
export const sessionExpired = () => new AppError('AUTH.SESSION_EXPIRED', 'The session has ended');
export const sessionLocked = () =>
  new AppError('AUTH.SESSION_LOCKED', 'The screen is locked; enter your password to unlock');
export const wrongPassword = () => new AppError('AUTH.WRONG_PASSWORD', 'The password is not correct');
export const userNotFound = (id: string) => new AppError('USERS.NOT_FOUND', `No user ${id}`);
export const usernameTaken = (username: string) =>
  new AppError('USERS.USERNAME_TAKEN', `The username ${username} is taken`, { username });
/** The body names a team that does not exist: a field error (400), unlike GET /teams/:id (404). */
export const teamNotFound = (id: string) =>
  new AppError('USERS.TEAM_NOT_FOUND', `No team ${id}`, {
    fields: [{ location: 'body', path: 'teamId', message: 'no such team' }],
  });
export const roleFloor = (missing: string[]) =>
  new AppError('AUTH.ROLE_FLOOR', 'The admin role must keep these permissions', { missing });
export const escalation = (missing: string[]) =>
  new AppError('AUTH.ESCALATION', 'You cannot grant or manage permissions you do not hold', { missing });
export const ownPasswordNeedsChange = () =>
  new AppError('USERS.USE_CHANGE_PASSWORD', 'Change your own password with your current one (POST /auth/password)');
export const cannotDisableSelf = () =>
  new AppError('USERS.CANNOT_DISABLE_SELF', 'You cannot disable or demote your own account');
