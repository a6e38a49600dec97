import { AppError } from '../../platform/errors';

const query = (path: string, message: string) => ({ fields: [{ location: 'querystring' as const, path, message }] });

export const rangeInvalid = () =>
  new AppError('REPORTING.RANGE_INVALID', 'from must be before to', query('to', 'must be after from'));
export const rangeTooLarge = (buckets: number, max: number) =>
  new AppError('REPORTING.RANGE_TOO_LARGE', `${buckets} time buckets; at most ${max} in one report`, { buckets, max });
export const unknownFilter = (path: 'queue' | 'agent' | 'team', value: string) =>
  new AppError('REPORTING.UNKNOWN_FILTER', `No ${path} ${value}`, query(path, `no such ${path}`));
export const queueNotFound = (id: string) => new AppError('REPORTING.QUEUE_NOT_FOUND', `No queue ${id}`);
export const exportTooLarge = (rows: number, max: number) =>
  new AppError('REPORTING.EXPORT_TOO_LARGE', `${rows} contacts; at most ${max} in one export`, { rows, max });
export const scheduleNotFound = (id: string) =>
  new AppError('REPORTING.SCHEDULE_NOT_FOUND', `No scheduled report ${id}`);
export const importUnreadable = (why: string) =>
  new AppError('REPORTING.IMPORT_UNREADABLE', `The file cannot be imported: ${why}`, { reason: why });
