import type { SimEstimate } from '../../../../contracts/wfm-simulations';

export const SIM_METRICS = ['serviceLevel', 'asaSeconds', 'abandonRate', 'occupancy'] as const;
export type SimMetric = (typeof SIM_METRICS)[number];

/** Rates as percents, times as seconds. */
export const isRate = (m: SimMetric) => m !== 'asaSeconds';

const locale = (language: string) => (language === 'en-US' ? 'en-US' : 'zh-CN');

/** One figure: a rate as 85.3 %, a time as 12.4 s (the unit's text comes from the caller). */
export function figureText(value: number, metric: SimMetric, language: string): string {
  const n = isRate(metric) ? value * 100 : value;
  return n.toLocaleString(locale(language), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * An estimate with its interval clipped to what the figure can be (a rate 0–1, a time ≥ 0): with
 * few replications the t-interval of a figure near its bound reaches past it.
 */
export function clipped(e: SimEstimate, metric: SimMetric): SimEstimate {
  const top = isRate(metric) ? 1 : Number.POSITIVE_INFINITY;
  return { ...e, low: Math.max(0, e.low), high: Math.min(top, e.high) };
}

/** "mean (low–high)": an estimate and its 95 % interval; "—" where there was nothing to measure. */
export function estimateText(raw: SimEstimate | null | undefined, metric: SimMetric, language: string): string {
  if (!raw) return '—';
  const e = clipped(raw, metric);
  const unit = isRate(metric) ? '%' : ' s';
  const mean = figureText(e.mean, metric, language);
  if (e.n < 2 || e.low === e.high) return `${mean}${unit}`;
  return `${mean}${unit} (${figureText(e.low, metric, language)}–${figureText(e.high, metric, language)}${unit})`;
}
