import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../contracts/common';
import { formatDateTime } from '../ui/date-time';
import { ApiError } from './api-client';

function lockedUntil(details: unknown): string | undefined {
  if (details && typeof details === 'object' && 'lockedUntil' in details) {
    const value = (details as { lockedUntil: unknown }).lockedUntil;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** A sentence for any failure, in the current language: by error code, else the server's message. */
export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) return t('errors.UNKNOWN');
      if (error.code === 'AUTH.ACCOUNT_LOCKED') {
        const until = lockedUntil(error.details);
        if (until) {
          const when = formatDateTime(until, i18n.language) ?? until;
          return t('errors.AUTH.ACCOUNT_LOCKED_UNTIL', { until: when });
        }
      }
      return t(`errors.${error.code}`, { defaultValue: error.message });
    },
    [t, i18n.language],
  );
}

/** Field problems of a 400: VALIDATION.FAILED, or a module's own code that names its field (ROUTING.UNKNOWN_QUEUE). */
export function validationIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const details = error.details as { fields?: unknown } | undefined;
  return Array.isArray(details?.fields) ? (details.fields as FieldIssue[]) : [];
}

/** Every field the form has registered, as antd names them (`['thresholds', 'waitingRed']`, `['skills', 0, 'skill']`). */
function registeredNames(form: FormInstance): (string | number)[][] {
  const names: (string | number)[][] = [];
  form.getFieldsValue(true, (meta) => {
    if (meta) names.push(meta.name);
    return false;
  });
  return names;
}

/** The field a server path points at: the longest registered name that starts the path. */
function fieldFor(names: (string | number)[][], path: string[]): (string | number)[] | undefined {
  let best: (string | number)[] | undefined;
  for (const name of names) {
    if (name.length > path.length || (best && best.length >= name.length)) continue;
    if (name.every((segment, i) => String(segment) === path[i])) best = name;
  }
  return best;
}

/**
 * Puts a server failure on the form fields it concerns: each body field of a VALIDATION.FAILED,
 * and error codes that name one field (`USERS.USERNAME_TAKEN` → username). Returns whether any
 * field got an error, so the caller knows if a form-level message is still needed.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  message: (error: unknown) => string,
  fieldsByCode: Record<string, string> = {},
): boolean {
  if (!(error instanceof ApiError)) return false;
  const names = registeredNames(form);
  const known = new Set(Object.keys(form.getFieldsValue()));
  const fields: { name: string | (string | number)[]; errors: string[] }[] = [];

  for (const issue of validationIssues(error)) {
    if (issue.location && issue.location !== 'body') continue;
    const path = (Array.isArray(issue.path) ? issue.path : String(issue.path ?? '').split('.')).map(String);
    const name = fieldFor(names, path);
    // A module's own code (ROUTING.UNKNOWN_SKILL) reads better translated than as the server's words.
    const text = error.code === 'VALIDATION.FAILED' ? issue.message : message(error);
    if (name && text) fields.push({ name: name.length === 1 ? String(name[0]) : name, errors: [text] });
  }

  const byCode = fieldsByCode[error.code];
  if (byCode && known.has(byCode)) fields.push({ name: byCode, errors: [message(error)] });

  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}
