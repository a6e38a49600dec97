/**
 * How a report figure reads on screen, shared by the reports and the agent's own figures: ratios
 * (0–1) as a percentage, means in seconds as m:ss, scores with their decimals. `null` (no data) is
 * a dash — never 0 or NaN.
 */

export const NO_DATA = '—';

/** 0.8947 → "89.5%": always one decimal, so a column of ratios lines up (0.07 → "7.0%"). */
export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_DATA;
  return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** Seconds as m:ss, or h:mm:ss from an hour on (rounded to the second). */
export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_DATA;
  const total = Math.max(0, Math.round(value));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * A count in the user's locale (1,234); a score always with `digits` decimals, so a column of means
 * lines up as the ratios do (4.53, 5.00, NPS 12.0).
 */
export function formatNumber(value: number | null | undefined, lang: string, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_DATA;
  return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}
