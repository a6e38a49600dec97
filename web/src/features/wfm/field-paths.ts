import { ApiError } from '../../app/api-client';

/**
 * A server failure with its field paths renamed to the form's own fields (the body's
 * `requirement.targetServiceLevel` is the form's `serviceLevel`), so applyFieldErrors places them.
 */
export function renameFieldPaths(error: unknown, rename: (path: string) => string): unknown {
  if (!(error instanceof ApiError)) return error;
  const details = error.details as { fields?: unknown } | undefined;
  if (!details || !Array.isArray(details.fields)) return error;
  const fields = (details.fields as { path?: unknown }[]).map((f) => {
    const path = Array.isArray(f.path) ? f.path.join('.') : String(f.path ?? '');
    return { ...f, path: rename(path) };
  });
  return new ApiError(error.status, error.code, error.message, { ...details, fields });
}
