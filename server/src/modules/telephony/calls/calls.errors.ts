import { AppError } from '../../../platform/errors';

export const callNotFound = (id: string) => new AppError('not_found', 'CALLS.NOT_FOUND', `No call ${id}`);
export const badCursor = () =>
  new AppError('invalid', 'CALLS.BAD_CURSOR', 'The cursor is not one this API returned', {
    fields: [{ location: 'query', path: 'cursor', message: 'invalid cursor' }],
  });
