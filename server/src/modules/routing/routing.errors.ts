import { AppError } from '../../platform/errors';

const field = (path: string, message: string) => ({ fields: [{ location: 'body', path, message }] });

export const queueNotFound = (ref: string) => new AppError('ROUTING.QUEUE_NOT_FOUND', `No queue ${ref}`);
export const unknownQueueField = (path: string, ref: string) =>
  new AppError('ROUTING.UNKNOWN_QUEUE', `No queue ${ref}`, field(path, `no queue ${ref}`));
export const unknownCalendar = (id: string) =>
  new AppError('ROUTING.UNKNOWN_CALENDAR', `No calendar ${id}`, field('calendarId', `no calendar ${id}`));
export const unknownSkill = (path: string, key: string) =>
  new AppError('ROUTING.UNKNOWN_SKILL', `No skill ${key}`, field(path, `no skill ${key}`));
export const unknownAgent = (path: string, id: string) =>
  new AppError('ROUTING.UNKNOWN_AGENT', `No agent ${id}`, field(path, `no user ${id}`));
export const unknownReason = (reason: string) =>
  new AppError('ROUTING.UNKNOWN_REASON', `No active reason code ${reason}`, field('reason', 'unknown reason code'));
export const skillNotFound = (id: string) => new AppError('ROUTING.SKILL_NOT_FOUND', `No skill ${id}`);
export const reasonNotFound = (id: string) => new AppError('ROUTING.REASON_NOT_FOUND', `No reason code ${id}`);
export const keyTaken = (what: string, key: string) =>
  new AppError('ROUTING.KEY_TAKEN', `A ${what} with key ${key} exists`, { key });
export const userNotFound = (id: string) => new AppError('ROUTING.USER_NOT_FOUND', `No user ${id}`);
export const contactNotFound = (id: string) => new AppError('ROUTING.CONTACT_NOT_FOUND', `No contact ${id}`);
export const wrongContactState = (id: string, state: string, wanted: string) =>
  new AppError('ROUTING.CONTACT_STATE', `Contact ${id} is ${state}, not ${wanted}`, { state });
export const notYourContact = (id: string) => new AppError('ROUTING.NOT_YOUR_CONTACT', `Contact ${id} is not yours`);
export const queueFull = (key: string) =>
  new AppError('ROUTING.QUEUE_FULL', `Queue ${key} is full and has no overflow`, { queue: key });
export const overflowLoop = (key: string) =>
  new AppError(
    'ROUTING.OVERFLOW_SELF',
    `Queue ${key} cannot overflow to itself`,
    field('overflowQueue', 'the queue itself'),
  );
export const noWrapUpDue = (id: string) => new AppError('ROUTING.NO_WRAP_UP', `Contact ${id} has no wrap-up due`);
