import { AppError } from '../../platform/errors';

export const phoneNotFound = (id: string) => new AppError('not_found', 'TELEPHONY.PHONE_NOT_FOUND', `No phone ${id}`);
export const phoneUsernameTaken = (username: string) =>
  new AppError('conflict', 'TELEPHONY.USERNAME_TAKEN', `A phone with SIP username ${username} exists`, { username });
export const agentNotFound = (id: string) =>
  new AppError('invalid', 'TELEPHONY.AGENT_NOT_FOUND', `No user ${id} to own the phone`, {
    fields: [{ location: 'body', path: 'agentUserId', message: 'no such user' }],
  });
export const numberNotFound = (id: string) =>
  new AppError('not_found', 'TELEPHONY.NUMBER_NOT_FOUND', `No number ${id}`);
export const numberTaken = (number: string) =>
  new AppError('conflict', 'TELEPHONY.NUMBER_TAKEN', `The number ${number} is mapped already`, { number });
export const flowNotFound = (id: string) =>
  new AppError('invalid', 'TELEPHONY.FLOW_NOT_FOUND', `No IVR flow ${id}`, {
    fields: [{ location: 'body', path: 'flowId', message: 'no such IVR flow' }],
  });
export const trunkNotFound = (id: string) => new AppError('not_found', 'TELEPHONY.TRUNK_NOT_FOUND', `No trunk ${id}`);
export const trunkNameTaken = (name: string) =>
  new AppError('conflict', 'TELEPHONY.TRUNK_NAME_TAKEN', `A trunk named ${name} exists`, { name });
export const notTalking = (contactId: string) =>
  new AppError('conflict', 'VOICE.NOT_TALKING', `Contact ${contactId} is not a voice call you are talking on`);
export const noPhone = (userId: string) =>
  new AppError('conflict', 'VOICE.NO_PHONE', `User ${userId} has no registered SIP phone`);
export const noAnswer = (status: number) =>
  new AppError('conflict', 'VOICE.NO_ANSWER', `The phone did not answer (SIP ${status})`, { status });
export const noTrunk = () =>
  new AppError('unavailable', 'VOICE.NO_TRUNK', 'No outbound trunk is configured (语音设置 → 中继)');
export const mixedCall = (contactId: string) =>
  new AppError(
    'conflict',
    'VOICE.IN_CONFERENCE',
    `Contact ${contactId} is a conference or monitored call: hold is not available`,
  );
