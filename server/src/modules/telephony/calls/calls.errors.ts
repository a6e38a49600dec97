import { AppError } from '../../../platform/errors';

export const callNotFound = (id: string) => new AppError('CALLS.NOT_FOUND', `No call ${id}`);
export const badCursor = () =>
  new AppError('CALLS.BAD_CURSOR', 'The cursor is not one this API returned', {
    fields: [{ location: 'query', path: 'cursor', message: 'invalid cursor' }],
  });
