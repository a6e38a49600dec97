import { AppError } from '../../platform/errors';

const field = (path: string, message: string) => ({ fields: [{ location: 'body' as const, path, message }] });

export const conversationNotFound = (id: string) => new AppError('CONVERSATIONS.NOT_FOUND', `No conversation ${id}`);
export const notYourConversation = (id: string) =>
  new AppError('CONVERSATIONS.NOT_YOURS', `Conversation ${id} is served by another agent`);
export const conversationEnded = (id: string) => new AppError('CONVERSATIONS.ENDED', `Conversation ${id} has ended`);
export const replyWindowClosed = (closedAt: string) =>
  new AppError('CONVERSATIONS.REPLY_WINDOW_CLOSED', `WeChat allows replies until ${closedAt}`, { closedAt });
export const channelNotFound = (id: string) => new AppError('CONVERSATIONS.CHANNEL_NOT_FOUND', `No channel ${id}`);
export const channelNameTaken = (name: string) =>
  new AppError('CONVERSATIONS.CHANNEL_NAME_TAKEN', `A channel named ${name} exists`, field('name', 'taken'));
export const channelDisabled = () => new AppError('CONVERSATIONS.CHANNEL_DISABLED', 'This channel is disabled');
export const channelKindFixed = () =>
  new AppError('CONVERSATIONS.CHANNEL_KIND_FIXED', "A channel's kind cannot change", field('settings.kind', 'fixed'));
export const queueNotFound = (ref: string) =>
  new AppError('CONVERSATIONS.QUEUE_NOT_FOUND', `No queue ${ref}`, field('queue', 'no such queue'));
export const cannedNotFound = (id: string) => new AppError('CONVERSATIONS.CANNED_NOT_FOUND', `No canned reply ${id}`);
export const cannedScope = (scope: string) =>
  new AppError('CONVERSATIONS.CANNED_SCOPE', `You may not edit ${scope} canned replies`, field('scope', 'not allowed'));
export const attachmentNotFound = (id: string) =>
  new AppError('CONVERSATIONS.ATTACHMENT_NOT_FOUND', `No attachment ${id}`, field('attachmentIds', 'unknown'));
export const attachmentTooLarge = (max: number) =>
  new AppError('CONVERSATIONS.ATTACHMENT_TOO_LARGE', `At most ${max} bytes`, { maxBytes: max });
export const attachmentType = (type: string) =>
  new AppError('CONVERSATIONS.ATTACHMENT_TYPE', `Files of type ${type} are not accepted`, { type });
export const visitorUnauthenticated = () =>
  new AppError('CONVERSATIONS.VISITOR_UNAUTHENTICATED', 'The visitor session is invalid or expired');
export const originNotAllowed = (origin: string) =>
  new AppError('CONVERSATIONS.ORIGIN_NOT_ALLOWED', `Origin ${origin} may not use this widget`);
export const chatClosed = () => new AppError('CONVERSATIONS.CLOSED', 'Closed or the queue is full: leave a message');
export const webhookSignature = (why: string) =>
  new AppError('CONVERSATIONS.WEBHOOK_SIGNATURE', `The signature does not verify (${why})`);
export const sendFailed = (why: string) => new AppError('CONVERSATIONS.SEND_FAILED', why);
export const noEmail = () => new AppError('CONVERSATIONS.NO_EMAIL', 'No mail server is configured');
