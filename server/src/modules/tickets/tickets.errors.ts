import type { TicketStatus } from '../../../../contracts/tickets';
import { AppError } from '../../platform/errors';

type Field = { path: string; message: string };
const body = (fields: Field[]) => ({ fields: fields.map((f) => ({ location: 'body' as const, ...f })) });

export const ticketNotFound = (id: string) => new AppError('TICKETS.NOT_FOUND', `No ticket ${id}`);
export const illegalTransition = (from: TicketStatus, to: TicketStatus, allowed: readonly TicketStatus[]) =>
  new AppError('TICKETS.ILLEGAL_TRANSITION', `A ticket cannot go from ${from} to ${to}`, {
    from,
    to,
    allowed: [...allowed],
  });
export const fieldsRequired = (fields: Field[]) =>
  new AppError('TICKETS.FIELDS_REQUIRED', `Required: ${fields.map((f) => f.path).join(', ')}`, body(fields));
export const notYours = (id: string) =>
  new AppError('TICKETS.NOT_YOURS', `Ticket ${id} is neither yours, your group's nor your team's`);
export const customersUnavailable = () =>
  new AppError('TICKETS.CUSTOMERS_UNAVAILABLE', 'The customer directory is not available');
export const calendarsUnavailable = (calendarId: string) =>
  new AppError('TICKETS.CALENDARS_UNAVAILABLE', `Business calendar ${calendarId} is not available`, { calendarId });
export const unknownUser = (path: string, id: string) =>
  new AppError('TICKETS.UNKNOWN_USER', `No user ${id}`, body([{ path, message: 'no such user' }]));
export const unknownGroup = (path: string, id: string) =>
  new AppError('TICKETS.UNKNOWN_GROUP', `No department group ${id}`, body([{ path, message: 'no such group' }]));
export const unknownCalendar = (path: string, id: string) =>
  new AppError('TICKETS.UNKNOWN_CALENDAR', `No business calendar ${id}`, body([{ path, message: 'no such calendar' }]));
export const calendarNeverOpens = (calendarId: string) =>
  new AppError(
    'TICKETS.CALENDAR_NEVER_OPENS',
    `Business calendar ${calendarId} gives no working time for the deadline`,
    {
      calendarId,
    },
  );
export const unknownCategory = (path: string, id: string) =>
  new AppError(
    'TICKETS.UNKNOWN_CATEGORY',
    `No category ${id} for this type`,
    body([{ path, message: 'no such category for this type' }]),
  );
export const unknownCustomer = (id: string) =>
  new AppError(
    'TICKETS.UNKNOWN_CUSTOMER',
    `No customer ${id}`,
    body([{ path: 'customerId', message: 'no such customer' }]),
  );
export const policyNotFound = (id: string) => new AppError('TICKETS.POLICY_NOT_FOUND', `No SLA policy ${id}`);
export const categoryNotFound = (id: string) => new AppError('TICKETS.CATEGORY_NOT_FOUND', `No category ${id}`);
export const groupNotFound = (id: string) => new AppError('TICKETS.GROUP_NOT_FOUND', `No department group ${id}`);
export const nameTaken = (what: 'group' | 'category', name: string) =>
  new AppError(what === 'group' ? 'TICKETS.GROUP_NAME_TAKEN' : 'TICKETS.CATEGORY_NAME_TAKEN', `${name} exists`, {
    name,
  });
export const notAComplaint = (id: string) => new AppError('TICKETS.NOT_A_COMPLAINT', `Ticket ${id} is not a complaint`);
export const stepNotCurrent = (key: string, current: string | null) =>
  new AppError('TICKETS.STEP_NOT_CURRENT', `The complaint step ${key} is not the current one`, { key, current });
export const stepOutcome = (message: string) =>
  new AppError('TICKETS.STEP_OUTCOME', `outcome: ${message}`, body([{ path: 'outcome', message }]));
export const dialInProgress = (id: string, callId: string | null, retryAfterSeconds: number) =>
  new AppError('TICKETS.DIAL_IN_PROGRESS', `Follow-up ${id}: the previous call is still going on`, {
    callId,
    retryAfterSeconds,
  });
export const followUpNotFound = (id: string) => new AppError('TICKETS.FOLLOW_UP_NOT_FOUND', `No follow-up ${id}`);
export const followUpDone = (id: string) => new AppError('TICKETS.FOLLOW_UP_DONE', `Follow-up ${id} is done`);
export const noDialNumber = (id: string) =>
  new AppError('TICKETS.NO_DIAL_NUMBER', `Follow-up ${id} has no number that can be dialled`);
export const incidentNotFound = (id: string) => new AppError('TICKETS.INCIDENT_NOT_FOUND', `No incident ${id}`);
export const unknownTickets = (ids: string[]) =>
  new AppError(
    'TICKETS.UNKNOWN_TICKET',
    `No ticket ${ids.join(', ')}`,
    body(ids.map((id) => ({ path: 'ticketIds', message: `no ticket ${id}` }))),
  );
export const exportTooLarge = (total: number, max: number) =>
  new AppError('TICKETS.EXPORT_TOO_LARGE', `${total} orders match; an export holds at most ${max}: narrow the filter`, {
    total,
    max,
  });
export const attachmentNotFound = (id: string) =>
  new AppError('TICKETS.ATTACHMENT_NOT_FOUND', `No attachment ${id} on this work order`);
export const attachmentTooLarge = (maxBytes: number) =>
  new AppError('TICKETS.ATTACHMENT_TOO_LARGE', `An attachment may have at most ${maxBytes} bytes`, { maxBytes });
export const attachmentType = (detected: string) =>
  new AppError(
    'TICKETS.ATTACHMENT_TYPE',
    `Files of this kind (${detected}) are not accepted: images, PDF, Office documents or UTF-8 text`,
    { detected },
  );
export const attachmentEmpty = () => new AppError('TICKETS.ATTACHMENT_EMPTY', 'The file is empty');
export const attachmentLimit = (max: number) =>
  new AppError('TICKETS.ATTACHMENT_LIMIT', `A work order has at most ${max} attachments`, { max });
export const attachmentNotYours = (id: string) =>
  new AppError(
    'TICKETS.ATTACHMENT_NOT_YOURS',
    `Attachment ${id} is someone else's: a work-order manager may remove it`,
  );
export const attachmentsUnavailable = () =>
  new AppError('TICKETS.ATTACHMENTS_UNAVAILABLE', 'No attachment folder is configured');
