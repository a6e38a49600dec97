import { useTranslation } from 'react-i18next';

/** A timestamp in the user's language and time zone; the ISO value stays in `dateTime`. */
export function DateTime({ value, fallback }: { value: string | null | undefined; fallback?: string }) {
  const { t, i18n } = useTranslation();
  if (!value) return <>{fallback ?? t('common.none')}</>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <>{value}</>;
  return (
    <time dateTime={value} title={value}>
      {date.toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
}
