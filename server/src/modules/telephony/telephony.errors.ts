import { AppError } from '../../platform/errors';

export const phoneNotFound = (id: string) => new AppError('not_found', 'TELEPHONY.PHONE_NOT_FOUND', `No phone ${id}`);
export const phoneUsernameTaken = (username: string) =>
  new AppError('conflict', 'TELEPHONY.USERNAME_TAKEN', `A phone with SIP username ${username} exists`, { username });
export const agentNotFound = (id: string) =>
  new AppError('invalid', 'TELEPHONY.AGENT_NOT_FOUND', `No user ${id} to own the phone`, {
    fields: [{ location: 'body', path: 'agentUserId', message: 'no such user' }],
  });
