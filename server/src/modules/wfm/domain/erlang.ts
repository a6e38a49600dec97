import {
  type ErlangARequestInput,
  type ErlangAResponse,
  type ErlangCRequestInput,
  type ErlangCResponse,
  type ErlangEvaluateARequestInput,
  type ErlangEvaluateAResponse,
  type ErlangEvaluateCRequestInput,
  type ErlangEvaluateCResponse,
  type ErlangLimit,
  type ErlangOverloaded,
  type ErlangUnreachable,
  MAX_TRAFFIC_ERLANGS,
} from '../../../../../contracts/wfm-erlang';
import { erlangAMetrics } from './erlang-a';
import { scheduledAgents } from './shrinkage';

/**
 * Staffing by Erlang C and Erlang A (issue 17, docs/wfm.md). Pure and allocation-light: an Erlang C
 * decision at 167 Erlangs is the Erlang B recursion carried up one agent at a time (~170 multiply-adds)
 * and a handful of service-level checks, about 1–2 µs.
 */

export { scheduledAgents } from './shrinkage';

/** Targets count as met within this: floating-point noise must not add an agent. */
const TOLERANCE = 1e-12;
/** The absolute bound of a search (see ErlangUnreachable in contracts/wfm-erlang.ts). */
export const MAX_AGENTS = 1_000_000;

export type StaffingOutcome<R> =
  | { kind: 'staffed'; staffing: R }
  | { kind: 'unreachable'; unreachable: ErlangUnreachable };

export type EvaluationOutcome<R> =
  | { kind: 'evaluated'; evaluation: R }
  | { kind: 'overloaded'; overloaded: ErlangOverloaded };

type Traffic = { callsPerInterval: number; intervalMinutes: number; ahtSeconds: number };

/** Offered load in Erlangs: calls × AHT ÷ interval length. */
export function trafficErlangs(t: Traffic): number {
  const a = (t.callsPerInterval * t.ahtSeconds) / (t.intervalMinutes * 60);
  if (!(a <= MAX_TRAFFIC_ERLANGS)) {
    // The contract refuses this at the boundary; a caller inside the server has a bug.
    throw new RangeError(`traffic of ${a} Erlangs is beyond ${MAX_TRAFFIC_ERLANGS}`);
  }
  return a;
}

/** The largest staffing a search tries: ⌈max(A ÷ maxOccupancy, A + 10·√A) + 1000⌉, at most MAX_AGENTS. */
export function agentCap(traffic: number, maxOccupancy: number): number {
  return Math.min(MAX_AGENTS, Math.ceil(Math.max(traffic / maxOccupancy, traffic + 10 * Math.sqrt(traffic)) + 1000));
}

/** ErlangB(n, a) by B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)): stable, every term in [0, 1]. */
export function erlangB(agents: number, traffic: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return b;
}

/** C(N, A) from B(N, A); meaningful for N > A. */
const erlangCFromB = (n: number, a: number, b: number) => (n * b) / (n - a * (1 - b));

const noTraffic = (shrinkage: number, agents = 0): ErlangAResponse => ({
  trafficErlangs: 0,
  agents,
  scheduledAgents: scheduledAgents(agents, shrinkage),
  serviceLevel: 1,
  waitProbability: 0,
  asaSeconds: 0,
  occupancy: 0,
  abandonRate: 0,
});

type Limits = {
  targetServiceLevel?: number | undefined;
  maxOccupancy?: number | undefined;
  maxWaitProbability?: number | undefined;
  maxAbandonRate?: number | undefined;
};

/** The limits a staffing misses (absent limits are met). */
function unmetLimits(m: Omit<ErlangCResponse, 'agents' | 'scheduledAgents'> & { abandonRate?: number }, l: Limits) {
  const unmet: ErlangLimit[] = [];
  if (l.targetServiceLevel !== undefined && m.serviceLevel < l.targetServiceLevel - TOLERANCE)
    unmet.push('serviceLevel');
  if (l.maxOccupancy !== undefined && m.occupancy > l.maxOccupancy + TOLERANCE) unmet.push('occupancy');
  if (l.maxWaitProbability !== undefined && m.waitProbability > l.maxWaitProbability + TOLERANCE)
    unmet.push('waitProbability');
  if (l.maxAbandonRate !== undefined && m.abandonRate !== undefined && m.abandonRate > l.maxAbandonRate + TOLERANCE)
    unmet.push('abandonRate');
  return unmet;
}

// ---- Erlang C ---------------------------------------------------------------------------------------

/** Erlang C metrics at N > A, from B(N, A). */
function erlangCAt(
  n: number,
  a: number,
  b: number,
  req: { ahtSeconds: number; targetAnswerSeconds: number },
  shrinkage: number,
): ErlangCResponse {
  const c = erlangCFromB(n, a, b);
  return {
    trafficErlangs: a,
    agents: n,
    scheduledAgents: scheduledAgents(n, shrinkage),
    serviceLevel: Math.max(0, 1 - c * Math.exp((-(n - a) * req.targetAnswerSeconds) / req.ahtSeconds)),
    waitProbability: c,
    asaSeconds: (c * req.ahtSeconds) / (n - a),
    occupancy: a / n,
  };
}

/**
 * The smallest N meeting the service level with occupancy ≤ max (and the wait probability, when
 * limited), searched upward from the first N above the traffic (Erlang C has no steady state below).
 */
export function staffErlangC(req: ErlangCRequestInput): StaffingOutcome<ErlangCResponse> {
  const a = trafficErlangs(req);
  return staffErlangCAt(a, req, req.maxOccupancy ?? 1, req.shrinkage ?? 0);
}

/** The search itself, on the traffic already computed (requirementCurve calls it per interval). */
function staffErlangCAt(
  a: number,
  req: Omit<ErlangCRequestInput, 'callsPerInterval'>,
  maxOccupancy: number,
  shrinkage: number,
): StaffingOutcome<ErlangCResponse> {
  if (a === 0) {
    const { abandonRate: _, ...zero } = noTraffic(shrinkage);
    return { kind: 'staffed', staffing: zero };
  }
  const target = req.targetServiceLevel - TOLERANCE;
  const occupancyLimit = maxOccupancy + TOLERANCE;
  const maxWait = req.maxWaitProbability === undefined ? 2 : req.maxWaitProbability + TOLERANCE;
  const perAgent = req.targetAnswerSeconds / req.ahtSeconds;
  const cap = agentCap(a, maxOccupancy);
  // The recursion carries 1/B(n) = 1 + (n/A)·1/B(n−1): a multiply and an add per agent, no division
  // (it overflows to Infinity only where B is below 1e-308, i.e. C = 0); then
  // C = N·B / (N − A(1 − B)) = N / ((N − A)·(1/B) + A).
  const perErlang = 1 / a;
  // exp(−(N − A)·T/AHT) is carried forward by one factor per agent instead of an exp per step.
  const step = Math.exp(-perAgent);
  let decay = -1;
  let inv = 1;
  for (let n = 1; n <= cap; n++) {
    inv = 1 + inv * n * perErlang;
    if (n <= a) continue;
    decay = decay < 0 ? Math.exp(-(n - a) * perAgent) : decay * step;
    if (a > occupancyLimit * n) continue;
    const c = n / ((n - a) * inv + a);
    if (c > maxWait || 1 - c * decay < target) continue;
    return { kind: 'staffed', staffing: erlangCAt(n, a, 1 / inv, req, shrinkage) };
  }
  const atCap = erlangCAt(cap, a, 1 / inv, req, shrinkage);
  return {
    kind: 'unreachable',
    unreachable: { trafficErlangs: a, agentCap: cap, unmet: unmetLimits(atCap, { ...req, maxOccupancy }), atCap },
  };
}

/** The metrics of a given staffing; `overloaded` when agents ≤ traffic (no steady state). */
export function evaluateErlangC(req: ErlangEvaluateCRequestInput): EvaluationOutcome<ErlangEvaluateCResponse> {
  const a = trafficErlangs(req);
  const n = req.agents;
  if (n <= a) return { kind: 'overloaded', overloaded: { trafficErlangs: a, agents: n } };
  const metrics =
    a === 0
      ? (({ abandonRate: _, ...zero }) => zero)(noTraffic(req.shrinkage ?? 0, n))
      : erlangCAt(n, a, erlangB(n, a), req, req.shrinkage ?? 0);
  return { kind: 'evaluated', evaluation: { ...metrics, meetsTargets: unmetLimits(metrics, req).length === 0 } };
}

// ---- Erlang A ---------------------------------------------------------------------------------------

type ErlangAQuestion = Traffic & { targetAnswerSeconds: number; patienceSeconds: number; shrinkage?: number };

/** Erlang A metrics at N ≥ 1 for traffic A > 0. */
function erlangAAt(n: number, a: number, req: ErlangAQuestion): ErlangAResponse {
  const m = erlangAMetrics({
    lambda: req.callsPerInterval / (req.intervalMinutes * 60),
    mu: 1 / req.ahtSeconds,
    theta: 1 / req.patienceSeconds,
    agents: n,
    logInvErlangBBefore: -Math.log(erlangB(n - 1, a)),
    answerSeconds: req.targetAnswerSeconds,
  });
  return {
    trafficErlangs: a,
    agents: n,
    scheduledAgents: scheduledAgents(n, req.shrinkage ?? 0),
    serviceLevel: m.serviceLevel,
    waitProbability: m.waitProbability,
    asaSeconds: m.meanWaitSeconds,
    // Only answered contacts occupy an agent: the carried load per agent.
    occupancy: Math.min(1, (a * (1 - m.abandonRate)) / n),
    abandonRate: m.abandonRate,
  };
}

/**
 * The smallest N ≥ 1 meeting every limit. Abandons relieve the queue, so it may be below the traffic.
 * Every metric improves as N grows (service level up; wait, abandons, occupancy down), so the search
 * is a bisection over [1, cap] — ~11 evaluations of the integrals instead of one per agent.
 */
export function staffErlangA(req: ErlangARequestInput): StaffingOutcome<ErlangAResponse> {
  const a = trafficErlangs(req);
  const shrinkage = req.shrinkage ?? 0;
  if (a === 0) return { kind: 'staffed', staffing: noTraffic(shrinkage) };
  const limits: Limits = { ...req, maxOccupancy: req.maxOccupancy ?? 1 };
  const cap = agentCap(a, limits.maxOccupancy!);
  const atCap = erlangAAt(cap, a, req);
  const unmet = unmetLimits(atCap, limits);
  if (unmet.length > 0) return { kind: 'unreachable', unreachable: { trafficErlangs: a, agentCap: cap, unmet, atCap } };
  let lo = 1;
  let hi = cap;
  let best = atCap;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = erlangAAt(mid, a, req);
    if (unmetLimits(m, limits).length === 0) {
      hi = mid;
      best = m;
    } else lo = mid + 1;
  }
  return { kind: 'staffed', staffing: best.agents === lo ? best : erlangAAt(lo, a, req) };
}

/** The metrics of a given staffing under Erlang A (always a steady state: callers abandon). */
export function evaluateErlangA(req: ErlangEvaluateARequestInput): EvaluationOutcome<ErlangEvaluateAResponse> {
  const a = trafficErlangs(req);
  const metrics = a === 0 ? noTraffic(req.shrinkage ?? 0, req.agents) : erlangAAt(req.agents, a, req);
  return { kind: 'evaluated', evaluation: { ...metrics, meetsTargets: unmetLimits(metrics, req).length === 0 } };
}

// ---- requirement curves -----------------------------------------------------------------------------

export type RequirementInterval = { calls: number; ahtSeconds: number };
type Shared<R> = Omit<R, 'callsPerInterval' | 'ahtSeconds'>;
export type ErlangCCurveParams = Shared<ErlangCRequestInput> & { patienceSeconds?: undefined };
export type ErlangACurveParams = Shared<ErlangARequestInput>;

/**
 * The requirement of every interval of a forecast (a day or week, one queue or many) under the same
 * targets: Erlang A when `patienceSeconds` is given, else Erlang C. Repeated questions share one
 * computation and one result object (treat the results as read-only): under Erlang A (~1 ms a
 * search) through a table keyed by (calls, AHT); under Erlang C only a run of equal intervals (the
 * night's empty ones, a flat forecast), because there a hash lookup costs about what the search does
 * (~0.3 µs at 20 Erlangs, measured by bench/wfm.ts).
 */
export function requirementCurve(
  intervals: ReadonlyArray<RequirementInterval>,
  params: ErlangCCurveParams,
): ReadonlyArray<StaffingOutcome<ErlangCResponse>>;
export function requirementCurve(
  intervals: ReadonlyArray<RequirementInterval>,
  params: ErlangACurveParams,
): ReadonlyArray<StaffingOutcome<ErlangAResponse>>;
export function requirementCurve(
  intervals: ReadonlyArray<RequirementInterval>,
  params: ErlangCCurveParams | ErlangACurveParams,
): ReadonlyArray<StaffingOutcome<ErlangCResponse>> {
  const out = new Array<StaffingOutcome<ErlangCResponse>>(intervals.length);
  const minutes = params.intervalMinutes;
  const maxOccupancy = params.maxOccupancy ?? 1;
  const shrinkage = params.shrinkage ?? 0;
  const patienceSeconds = params.patienceSeconds;
  if (patienceSeconds === undefined) {
    let previous: RequirementInterval | undefined;
    let outcome: StaffingOutcome<ErlangCResponse> | undefined;
    for (let i = 0; i < intervals.length; i++) {
      const interval = intervals[i]!;
      const { calls, ahtSeconds } = interval;
      if (!outcome || previous!.calls !== calls || previous!.ahtSeconds !== ahtSeconds) {
        // Literal questions, not spreads of params: on Node 20 a spread costs more than the search.
        const a = trafficErlangs({ callsPerInterval: calls, intervalMinutes: minutes, ahtSeconds });
        const question = {
          intervalMinutes: minutes,
          ahtSeconds,
          targetServiceLevel: params.targetServiceLevel,
          targetAnswerSeconds: params.targetAnswerSeconds,
          maxWaitProbability: params.maxWaitProbability,
        };
        outcome = staffErlangCAt(a, question, maxOccupancy, shrinkage);
      }
      previous = interval;
      out[i] = outcome;
    }
    return out;
  }
  const byCalls = new Map<number, Map<number, StaffingOutcome<ErlangAResponse>>>();
  for (let i = 0; i < intervals.length; i++) {
    const { calls, ahtSeconds } = intervals[i]!;
    let byAht = byCalls.get(calls);
    if (!byAht) {
      byAht = new Map();
      byCalls.set(calls, byAht);
    }
    let outcome = byAht.get(ahtSeconds);
    if (!outcome) {
      outcome = staffErlangA({
        callsPerInterval: calls,
        intervalMinutes: minutes,
        ahtSeconds,
        targetServiceLevel: params.targetServiceLevel,
        targetAnswerSeconds: params.targetAnswerSeconds,
        maxWaitProbability: params.maxWaitProbability,
        maxOccupancy,
        shrinkage,
        patienceSeconds,
        maxAbandonRate: (params as ErlangACurveParams).maxAbandonRate,
      });
      byAht.set(ahtSeconds, outcome);
    }
    out[i] = outcome;
  }
  return out;
}
