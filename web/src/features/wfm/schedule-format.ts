import { addDays } from '../../../../contracts/local-dates';
import type { ScheduleSummary } from '../../../../contracts/wfm-schedules';
import { dayLabel } from './dates';

/** The tag colour of a schedule's state. */
export const STATE_COLOR: Record<ScheduleSummary['state'], string> = {
  draft: 'processing',
  published: 'success',
  discarded: 'default',
};

/** A number with one decimal in the user's language. */
export const oneDecimal = (value: number, language: string) =>
  value.toLocaleString(language === 'en-US' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });

/** The days a schedule covers: 12月14日 周一 – 12月20日 周日. */
export const scheduleDays = (s: Pick<ScheduleSummary, 'startDate' | 'days'>, language: string) =>
  `${dayLabel(s.startDate, language)} – ${dayLabel(addDays(s.startDate, s.days - 1), language)}`;

/** The phases a run reports (the job's progress.phase), in order. */
export const RUN_PHASES = [
  'starting',
  'coverage',
  'agent-weeks',
  'agent-search',
  'roster-mip',
  'breaks',
  'local-search',
  'saving',
] as const;
