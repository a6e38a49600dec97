import type { FieldIssue } from '../../../contracts/common';
import { ERRORS, type ErrorCode, type ErrorKind, type ErrorStatus, kindOfStatus } from '../../../contracts/errors';

export type { ErrorCode, ErrorKind, FieldIssue };

/**
 * The one error type. `code` is one of the catalogue's (`contracts/errors.ts`), is what the web
 * translates, and alone decides the HTTP status; `kind` is that status's coarse class.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly kind: ErrorKind;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code];
    this.kind = kindOfStatus(this.status);
    this.details = details;
  }
}

// The platform's own errors; each module keeps its factories in its `<m>.errors.ts`.

export const validationFailed = (fields: FieldIssue[]) =>
  new AppError('VALIDATION.FAILED', 'The request is invalid', { fields });

export const invalidCharacters = () =>
  new AppError('VALIDATION.INVALID_CHARACTERS', 'The input contains characters that cannot be stored');

export const unauthenticated = () => new AppError('AUTH.UNAUTHENTICATED', 'Sign in first');

export const forbidden = (permission: string) =>
  new AppError('AUTH.FORBIDDEN', `Permission required: ${permission}`, { permission });

export const routeNotFound = (method: string, url: string) =>
  new AppError('HTTP.NOT_FOUND', `No route ${method} ${url}`);

/** One of Fastify's own client errors (malformed JSON, a body too large …), by our code. */
export const httpClientError = (code: Extract<ErrorCode, `HTTP.${string}`> | 'VALIDATION.FAILED', message: string) =>
  new AppError(code, message);

export const rateLimited = (message = 'Too many requests') => new AppError('HTTP.RATE_LIMITED', message);

export const dbRetry = () => new AppError('DB.RETRY', 'The database was busy; try again');

export const internalError = () => new AppError('INTERNAL', 'Internal error');

export const foreignOrigin = () => new AppError('REALTIME.FOREIGN_ORIGIN', 'Cross-origin WebSocket refused');

export const upgradeRequired = () => new AppError('REALTIME.UPGRADE_REQUIRED', 'Connect with a WebSocket upgrade');

export const jobNotFound = (id: string) => new AppError('JOBS.NOT_FOUND', `No job ${id}`);
