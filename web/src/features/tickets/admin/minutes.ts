import type { TFunction } from 'i18next';

/** Minutes also as hours or days ("≈ 72 小时", "≈ 3 天"), as the service-time standards state them. */
export function minutesHint(minutes: number | null | undefined, t: TFunction): string {
  if (!minutes || minutes < 60) return '';
  const round = (n: number) => Math.round(n * 10) / 10;
  const hours = t('ticketsAdmin.policy.asHours', { hours: round(minutes / 60) });
  return minutes >= 1440 ? `${hours} / ${t('ticketsAdmin.policy.asDays', { days: round(minutes / 1440) })}` : hours;
}
