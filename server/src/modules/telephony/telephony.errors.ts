import { AppError } from '../../platform/errors';

export const phoneNotFound = (id: string) => new AppError('TELEPHONY.PHONE_NOT_FOUND', `No phone ${id}`);
export const phoneUsernameTaken = (username: string) =>
  new AppError('TELEPHONY.USERNAME_TAKEN', `A phone with SIP username ${username} exists`, { username });
export const agentNotFound = (id: string) =>
  new AppError('TELEPHONY.AGENT_NOT_FOUND', `No user ${id} to own the phone`, {
    fields: [{ location: 'body', path: 'agentUserId', message: 'no such user' }],
  });
export const numberNotFound = (id: string) => new AppError('TELEPHONY.NUMBER_NOT_FOUND', `No number ${id}`);
export const numberTaken = (number: string) =>
  new AppError('TELEPHONY.NUMBER_TAKEN', `The number ${number} is mapped already`, { number });
export const flowNotFound = (id: string) =>
  new AppError('TELEPHONY.FLOW_NOT_FOUND', `No IVR flow ${id}`, {
    fields: [{ location: 'body', path: 'flowId', message: 'no such IVR flow' }],
  });
export const promptUnknown = (key: string) =>
  new AppError('TELEPHONY.PROMPT_UNKNOWN', `The prompt library has no prompt ${key}`, {
    fields: [{ location: 'body', path: 'promptKey', message: 'no such prompt in the prompt library' }],
  });
export const trunkNotFound = (id: string) => new AppError('TELEPHONY.TRUNK_NOT_FOUND', `No trunk ${id}`);
export const trunkNameTaken = (name: string) =>
  new AppError('TELEPHONY.TRUNK_NAME_TAKEN', `A trunk named ${name} exists`, { name });
