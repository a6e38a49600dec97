import type { KpiFigures } from '../../../../../contracts/reports';

/**
 * The one definition of every KPI (DOMAIN.md "KPIs"; docs/reports.md): reports, exports, the API and
 * the wallboard's "today" all turn additive sums into figures here. Sums add up across rows (agents
 * into a team, intervals into a day), ratios never do — so rows carry sums and figures are computed
 * last.
 */
export type KpiSums = {
  /** Contacts that entered a queue, short abandons included. */
  entered: number;
  /** Of those, still waiting now: their outcome is not known yet. */
  waiting: number;
  shortAbandoned: number;
  abandoned: number;
  answered: number;
  answeredWithinThreshold: number;
  /** Queue wait of the answered contacts, ms. */
  answerWaitMs: number;
  selfService: number;
  /** Answered contacts whose handling (talk and after-call work) has ended. */
  handled: number;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  rona: number;
  transfers: number;
  fcrEligible: number;
  fcrResolved: number;
  csatAnswers: number;
  csatSatisfied: number;
  csatSum: number;
  npsAnswers: number;
  promoters: number;
  detractors: number;
  cesAnswers: number;
  cesSum: number;
  /** Quality evaluations of the contacts (submitted, their appeal outcome counted) and their scores' sum (0–100 each). */
  qualityEvaluations: number;
  qualityScoreSum: number;
  /** Agent time (ms): in contacts (busy) and after-call work, ready (idle), reserved (ringing), logged in. */
  busyMs: number;
  wrapStateMs: number;
  readyMs: number;
  reservedMs: number;
  loggedInMs: number;
  notReadyMs: Record<string, number>;
  /** Which parts the row has at all: contacts, agent time (else their figures are null). */
  hasContacts: boolean;
  hasAgentTime: boolean;
};

export const emptySums = (): KpiSums => ({
  entered: 0,
  waiting: 0,
  shortAbandoned: 0,
  abandoned: 0,
  answered: 0,
  answeredWithinThreshold: 0,
  answerWaitMs: 0,
  selfService: 0,
  handled: 0,
  talkMs: 0,
  holdMs: 0,
  wrapMs: 0,
  rona: 0,
  transfers: 0,
  fcrEligible: 0,
  fcrResolved: 0,
  csatAnswers: 0,
  csatSatisfied: 0,
  csatSum: 0,
  npsAnswers: 0,
  promoters: 0,
  detractors: 0,
  cesAnswers: 0,
  cesSum: 0,
  qualityEvaluations: 0,
  qualityScoreSum: 0,
  busyMs: 0,
  wrapStateMs: 0,
  readyMs: 0,
  reservedMs: 0,
  loggedInMs: 0,
  notReadyMs: {},
  hasContacts: false,
  hasAgentTime: false,
});

/** Adds `b` into `a` (and returns `a`). */
export function addSums(a: KpiSums, b: Readonly<KpiSums>): KpiSums {
  for (const k of Object.keys(a) as Array<keyof KpiSums>) {
    const v = b[k];
    if (typeof v === 'number') (a[k] as number) += v;
  }
  for (const [reason, ms] of Object.entries(b.notReadyMs)) a.notReadyMs[reason] = (a.notReadyMs[reason] ?? 0) + ms;
  a.hasContacts ||= b.hasContacts;
  a.hasAgentTime ||= b.hasAgentTime;
  return a;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? round(n / d, 4) : null);
const seconds = (ms: number, d: number): number | null => (d > 0 ? round(ms / d / 1000, 1) : null);
/** Rounds half away from zero at `digits` decimals, on the decimal value (0.125 → 0.13, not 0.12). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(Math.abs(x) * f + 1e-9) / f;
  return x < 0 ? -r : r;
}

/**
 * What the agent-free dimensions report as counts; an agent's or a team's row reports contacts they
 * handled, so offered, abandoned and service level (queue figures) are null there.
 */
export type FigureScope = 'queue' | 'agent';

export function kpiFigures(s: Readonly<KpiSums>, scope: FigureScope = 'queue'): KpiFigures {
  const offered = s.entered - s.shortAbandoned;
  // Service level and abandonment are over contacts whose outcome is known (not those waiting now).
  const decided = offered - s.waiting;
  const q = scope === 'queue' && s.hasContacts;
  const handledTotal = s.talkMs + s.holdMs + s.wrapMs;
  const handling = s.busyMs + s.wrapStateMs;
  return {
    offered: q ? offered : null,
    answered: s.hasContacts ? s.answered : null,
    abandoned: q ? s.abandoned : null,
    shortAbandoned: q ? s.shortAbandoned : null,
    answeredWithinThreshold: q ? s.answeredWithinThreshold : null,
    selfService: scope === 'queue' ? s.selfService : null,
    handled: s.handled,
    serviceLevel: q ? ratio(s.answeredWithinThreshold, decided) : null,
    abandonRate: q ? ratio(s.abandoned, decided) : null,
    asaSeconds: seconds(s.answerWaitMs, s.answered),
    ahtSeconds: seconds(handledTotal, s.handled),
    talkSeconds: seconds(s.talkMs, s.handled),
    holdSeconds: seconds(s.holdMs, s.handled),
    wrapUpSeconds: seconds(s.wrapMs, s.handled),
    fcr: ratio(s.fcrResolved, s.fcrEligible),
    csat: ratio(s.csatSatisfied, s.csatAnswers),
    csatMean: s.csatAnswers > 0 ? round(s.csatSum / s.csatAnswers, 2) : null,
    surveyAnswers: Math.max(s.csatAnswers, s.npsAnswers, s.cesAnswers),
    nps: s.npsAnswers > 0 ? round(((s.promoters - s.detractors) / s.npsAnswers) * 100, 1) : null,
    ces: s.cesAnswers > 0 ? round(s.cesSum / s.cesAnswers, 2) : null,
    qualityScore: s.qualityEvaluations > 0 ? round(s.qualityScoreSum / s.qualityEvaluations, 1) : null,
    qualityEvaluations: s.qualityEvaluations,
    occupancy: s.hasAgentTime ? ratio(handling, handling + s.readyMs + s.reservedMs) : null,
    utilization: s.hasAgentTime ? ratio(handling, s.loggedInMs) : null,
    rona: s.hasContacts ? s.rona : null,
    transfers: s.hasContacts ? s.transfers : null,
    notReadySeconds: s.hasAgentTime
      ? Object.fromEntries(Object.entries(s.notReadyMs).map(([r, ms]) => [r, round(ms / 1000, 1)]))
      : null,
  };
}
