import type { CalendarUse, ImportRowIssue } from '../../../../contracts/calendars';
import { AppError } from '../../platform/errors';

export const calendarNotFound = (id: string) => new AppError('CALENDARS.NOT_FOUND', `No calendar ${id}`);
export const calendarNameTaken = (name: string) =>
  new AppError('CALENDARS.NAME_TAKEN', `A calendar named ${name} exists`, { name });
export const calendarInUse = (id: string, usedBy: CalendarUse[]) =>
  new AppError('CALENDARS.IN_USE', `Calendar ${id} is used by ${usedBy.length} object(s)`, { usedBy });
export const importInvalid = (rows: ImportRowIssue[]) =>
  new AppError('CALENDARS.IMPORT_INVALID', `${rows.length} row(s) of the import are invalid; nothing was imported`, {
    rows,
  });
export const noNationalData = (year: number) =>
  new AppError('CALENDARS.NO_NATIONAL_DATA', `No national holiday schedule for ${year} is known yet`, {
    fields: [{ location: 'body', path: 'year', message: 'no schedule published for this year' }],
  });
export const neverOpens = (from: Date) =>
  new AppError('CALENDARS.NEVER_OPENS', `The calendar has no open time within 400 days of ${from.toISOString()}`);
