import { Tag } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestState, Shift } from '../../../../contracts/wfm-schedules';
import { ApiError } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { dayLabel, timeIn } from './dates';

/**
 * What 我的班表 and 排班审批 share: a shift written in the user's language and the centre's time zone,
 * a request's state as a tag, and rule violations (the roster check's codes) in words.
 */

const STATE_COLOURS: Record<RequestState, string> = {
  pending_peer: 'gold',
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  declined: 'default',
  cancelled: 'default',
};

export function RequestStateTag({ state }: { state: RequestState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOURS[state]}>{t(`wfmSelf.state.${state}`)}</Tag>;
}

/** Formats shifts in the centre's zone: `time` is 09:00–17:00, `text` adds the local day (12月14日 周一 09:00–17:00). */
export function useShiftFormat(tz: string) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const time = useCallback(
    (s: { startAt: string; endAt: string }) =>
      t('wfmSelf.time', { start: timeIn(tz, s.startAt), end: timeIn(tz, s.endAt) }),
    [t, tz],
  );
  const day = useCallback((date: string) => dayLabel(date, lang), [lang]);
  const text = useCallback(
    (s: Pick<Shift, 'date' | 'startAt' | 'endAt'>) =>
      t('wfmSelf.shiftText', { date: dayLabel(s.date, lang), start: timeIn(tz, s.startAt), end: timeIn(tz, s.endAt) }),
    [t, tz, lang],
  );
  return { time, day, text };
}

/** A violation code in words (REST_TOO_SHORT → 两个班次之间休息时间不足); an unknown code is named. */
export function useViolationText() {
  const { t } = useTranslation();
  return useCallback(
    (code: string) => t(`wfmSelf.violation.${code}`, { defaultValue: t('wfmSelf.violation.unknown', { code }) }),
    [t],
  );
}

function violationCodes(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== 'WFM.REQUEST_BREAKS_RULES') return [];
  const details = error.details as { violations?: unknown } | undefined;
  if (!Array.isArray(details?.violations)) return [];
  return details.violations
    .map((v) => (v && typeof v === 'object' && 'code' in v ? String((v as { code: unknown }).code) : ''))
    .filter(Boolean);
}

/** A request's failure in words: the error's sentence, and for broken rules each rule it names. */
export function useRequestErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const rule = useViolationText();
  return useCallback(
    (error: unknown) => {
      const codes = [...new Set(violationCodes(error))];
      if (codes.length === 0) return message(error);
      return `${t('wfmSelf.brokenRules')}${codes.map(rule).join(t('wfmSelf.listSeparator'))}`;
    },
    [message, rule, t],
  );
}
