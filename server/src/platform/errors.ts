export type ErrorKind =
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** The one error type. `code` is namespaced (`USERS.NOT_FOUND`) and is what the web translates. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'not_found':
      return 404;
    case 'invalid':
      return 400;
    case 'conflict':
      return 409;
    case 'forbidden':
      return 403;
    case 'unauthenticated':
      return 401;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}

import type { FieldIssue } from '../../../contracts/common';

export type { FieldIssue };

export const validationFailed = (fields: FieldIssue[]) =>
  new AppError('invalid', 'VALIDATION.FAILED', 'The request is invalid', { fields });

export const forbidden = (permission: string) =>
  new AppError('forbidden', 'AUTH.FORBIDDEN', `Permission required: ${permission}`, { permission });
