import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../contracts/common';
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
          const when = new Date(until).toLocaleString(i18n.language);
          return t('errors.AUTH.ACCOUNT_LOCKED_UNTIL', { until: when });
        }
      }
      return t(`errors.${error.code}`, { defaultValue: error.message });
    },
    [t, i18n.language],
  );
}

export function validationIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION.FAILED') return [];
  const details = error.details as { fields?: unknown } | undefined;
  return Array.isArray(details?.fields) ? (details.fields as FieldIssue[]) : [];
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
  const known = new Set(Object.keys(form.getFieldsValue()));
  const fields: { name: string; errors: string[] }[] = [];

  for (const issue of validationIssues(error)) {
    if (issue.location && issue.location !== 'body') continue;
    const path = Array.isArray(issue.path) ? issue.path : String(issue.path ?? '').split('.');
    const name = String(path[0] ?? '');
    if (known.has(name) && issue.message) fields.push({ name, errors: [issue.message] });
  }

  const byCode = fieldsByCode[error.code];
  if (byCode && known.has(byCode)) fields.push({ name: byCode, errors: [message(error)] });

  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}
