import { KPI_COLUMNS, type KpiFigures } from '../../../../contracts/reports';
import { formatNumber, formatRatio, formatSeconds } from '../../ui/kpi-format';
import type { ContactFigure } from './api';

export type KpiColumn = (typeof KPI_COLUMNS)[number];

const RATIOS = new Set<KpiColumn>(['serviceLevel', 'abandonRate', 'fcr', 'csat', 'occupancy', 'utilization']);
const SECONDS = new Set<KpiColumn>(['asaSeconds', 'ahtSeconds', 'talkSeconds', 'holdSeconds', 'wrapUpSeconds']);
/** Means of a score: CSAT 1–5 and CES 1–7 with two decimals, NPS −100…100 and quality 0–100 with one. */
const SCORES: Partial<Record<KpiColumn, number>> = { csatMean: 2, ces: 2, nps: 1, qualityScore: 1 };

export type FigureKind = 'count' | 'ratio' | 'seconds' | 'score';

export function kindOf(column: KpiColumn): FigureKind {
  if (RATIOS.has(column)) return 'ratio';
  if (SECONDS.has(column)) return 'seconds';
  if (column in SCORES) return 'score';
  return 'count';
}

/** A figure as the tables show it: ratios in %, seconds as m:ss, counts and scores in the locale. */
export function formatFigure(column: KpiColumn, value: number | null | undefined, lang: string): string {
  switch (kindOf(column)) {
    case 'ratio':
      return formatRatio(value);
    case 'seconds':
      return formatSeconds(value);
    case 'score':
      return formatNumber(value, lang, SCORES[column]);
    default:
      return formatNumber(value, lang);
  }
}

/**
 * The contacts behind a column, first the one the drawer opens with. A count has its own contacts;
 * a ratio opens on its numerator with the rest of its denominator beside it (service level: in time,
 * late, abandoned); a mean opens on the contacts it averages.
 */
export const DRILL_DOWN: Record<KpiColumn, readonly ContactFigure[]> = {
  offered: ['offered'],
  answered: ['answered'],
  abandoned: ['abandoned'],
  shortAbandoned: ['shortAbandoned'],
  answeredWithinThreshold: ['answeredWithinThreshold'],
  selfService: ['selfService'],
  serviceLevel: ['answeredWithinThreshold', 'answeredLate', 'abandoned', 'waiting'],
  abandonRate: ['abandoned', 'answered', 'waiting'],
  asaSeconds: ['answered'],
  ahtSeconds: ['handled'],
  talkSeconds: ['handled'],
  holdSeconds: ['handled'],
  wrapUpSeconds: ['handled'],
  handled: ['handled'],
  fcr: ['fcrResolved', 'fcrUnresolved'],
  csat: ['surveyed'],
  csatMean: ['surveyed'],
  surveyAnswers: ['surveyed'],
  nps: ['surveyed'],
  ces: ['surveyed'],
  qualityScore: ['evaluated'],
  qualityEvaluations: ['evaluated'],
  occupancy: ['handled'],
  utilization: ['handled'],
  rona: ['rona'],
  transfers: ['transferred'],
};

/** The columns of an agent or a team: contacts they handled and their time, not queue figures. */
export const AGENT_COLUMNS: readonly KpiColumn[] = [
  'handled',
  'ahtSeconds',
  'talkSeconds',
  'holdSeconds',
  'wrapUpSeconds',
  'occupancy',
  'utilization',
  'rona',
  'transfers',
  'fcr',
  'csat',
  'csatMean',
  'surveyAnswers',
  'qualityScore',
  'qualityEvaluations',
];

export const QUEUE_COLUMNS: readonly KpiColumn[] = KPI_COLUMNS;

/**
 * Self-service rate of an IVR flow: callers who ended in the IVR ÷ callers who went through it (those,
 * plus those who reached a queue, short abandons included). Null without callers.
 */
export function selfServiceRate(f: Pick<KpiFigures, 'selfService' | 'offered' | 'shortAbandoned'>): number | null {
  const self = f.selfService ?? 0;
  const through = self + (f.offered ?? 0) + (f.shortAbandoned ?? 0);
  return f.selfService === null || through === 0 ? null : self / through;
}
