import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isRetryable, pgErrorCode } from './db';
import {
  AppError,
  dbRetry,
  type FieldIssue,
  httpClientError,
  internalError,
  invalidCharacters,
  rateLimited,
  validationFailed,
} from './errors';

const LOCATION: Record<string, FieldIssue['location']> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** Fastify's own client errors, by code, with the namespaced code we answer with. */
const FASTIFY_CLIENT_ERRORS: Record<string, Parameters<typeof httpClientError>[0]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'HTTP.MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'HTTP.EMPTY_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'HTTP.BAD_CONTENT_LENGTH',
  FST_ERR_CTP_BODY_TOO_LARGE: 'HTTP.BODY_TOO_LARGE',
  FST_ERR_VALIDATION: 'VALIDATION.FAILED',
};

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const location = LOCATION[(err as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
    return validationFailed(
      err.validation.map((v) => ({
        location,
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        message: v.message ?? 'invalid',
      })),
    );
  }
  const fe = err as FastifyError;
  if (fe?.statusCode === 429) return rateLimited(fe.message || undefined);
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return httpClientError('HTTP.BODY_TOO_LARGE', fe.message);
  if (fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return httpClientError('HTTP.UNSUPPORTED_MEDIA_TYPE', fe.message);
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return httpClientError(FASTIFY_CLIENT_ERRORS[fe.code] ?? 'HTTP.BAD_REQUEST', fe.message);
  }
  if (isRetryable(err)) return dbRetry();
  const sqlState = pgErrorCode(err);
  // NUL bytes and the like, which PostgreSQL cannot store in text: the client's input, not our bug.
  if (sqlState === '22021' || sqlState === '22P05') return invalidCharacters();
  return internalError();
}

/** The one error handler: the code's status from the catalogue, `{ error: { code, message, details } }`, 5xx internals hidden. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err);
    const status = appErr.status;
    if (status >= 500) {
      req.log.error(
        { err, reqId: req.id },
        isResponseSerializationError(err) ? 'response failed its schema' : 'request failed',
      );
    } else {
      req.log.info({ code: appErr.code, reqId: req.id }, appErr.message);
    }
    const retryAfter = (err as { headers?: Record<string, string> })?.headers?.['retry-after'];
    if (retryAfter) reply.header('retry-after', retryAfter);
    return reply.status(status).send({
      error: {
        code: appErr.code,
        message: appErr.message,
        ...(appErr.details !== undefined ? { details: appErr.details } : {}),
      },
    });
  });
}
