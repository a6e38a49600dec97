import { z } from 'zod';

/**
 * Staffing by queueing formulas (排班 → 人力需求, issue 17): Erlang C (callers wait forever) and
 * Erlang A (M/M/N+M: callers hang up after an exponentially distributed patience). docs/wfm.md
 * gives the formulas; server/src/modules/wfm/domain/erlang.ts computes them.
 *
 * Targets are met with a tolerance of 1e-12 (a service level of 0.8 computed as 0.79999999999999)
 * counts as met: floating-point noise must not add an agent.
 */

const probability = z.number().min(0).max(1);

/** What every staffing question shares: the traffic of one interval and the shrinkage. */
const traffic = {
  /** Contacts offered in the interval (a forecast may be fractional). */
  callsPerInterval: z.number().min(0),
  intervalMinutes: z.number().min(1).max(1440),
  /** Average handle time: talk + hold + after-call work. */
  ahtSeconds: z.number().positive(),
  /** The share of paid time not available for contacts (breaks, training, absence); [0, 1). */
  shrinkage: z.number().min(0).lt(1).default(0),
};

/** Service-level target (e.g. 80/20) and the limits a staffing must respect. */
const targets = {
  /** Share of contacts answered within `targetAnswerSeconds`; 0 leaves only the other limits. */
  targetServiceLevel: probability,
  targetAnswerSeconds: z.number().min(0),
  /** Agents' occupancy may not exceed this; (0, 1]. */
  maxOccupancy: z.number().gt(0).max(1).default(1),
  /** Optional: the share of contacts that wait at all may not exceed this. */
  maxWaitProbability: probability.optional(),
};

const patience = {
  /** Mean caller patience (exponential): e.g. total waiting time ÷ abandons of the history. */
  patienceSeconds: z.number().positive(),
};

/**
 * The largest traffic a question may carry (calls × AHT ÷ interval): far beyond any one queue, and
 * it bounds the work of a search (the Erlang B recursion runs once per agent).
 */
export const MAX_TRAFFIC_ERLANGS = 100_000;

/** The traffic bound, checked on the whole object (it is a product of three fields). */
function boundedTraffic<S extends z.ZodType<{ callsPerInterval: number; ahtSeconds: number; intervalMinutes: number }>>(
  schema: S,
) {
  return schema.refine((r) => (r.callsPerInterval * r.ahtSeconds) / (r.intervalMinutes * 60) <= MAX_TRAFFIC_ERLANGS, {
    path: ['callsPerInterval'],
    message: `the traffic (calls × AHT ÷ interval) exceeds ${MAX_TRAFFIC_ERLANGS.toLocaleString('en-US')} Erlangs`,
  });
}

/**
 * Evaluating a given staffing: the answer time is needed for the service level; the other targets
 * are optional and only decide `meetsTargets`.
 */
const evaluation = {
  agents: z.number().int().min(1),
  targetServiceLevel: probability.optional(),
  maxOccupancy: z.number().gt(0).max(1).optional(),
};

const erlangAOnly = {
  ...patience,
  /** Optional: the share of contacts that abandon may not exceed this. */
  maxAbandonRate: probability.optional(),
};

export const ErlangCRequest = boundedTraffic(z.object({ ...traffic, ...targets }));
export type ErlangCRequest = z.infer<typeof ErlangCRequest>;
export type ErlangCRequestInput = z.input<typeof ErlangCRequest>;

export const ErlangARequest = boundedTraffic(z.object({ ...traffic, ...targets, ...erlangAOnly }));
export type ErlangARequest = z.infer<typeof ErlangARequest>;
export type ErlangARequestInput = z.input<typeof ErlangARequest>;

export const ErlangEvaluateCRequest = boundedTraffic(z.object({ ...traffic, ...targets, ...evaluation }));
export type ErlangEvaluateCRequest = z.infer<typeof ErlangEvaluateCRequest>;
export type ErlangEvaluateCRequestInput = z.input<typeof ErlangEvaluateCRequest>;

export const ErlangEvaluateARequest = boundedTraffic(
  z.object({ ...traffic, ...targets, ...erlangAOnly, ...evaluation }),
);
export type ErlangEvaluateARequest = z.infer<typeof ErlangEvaluateARequest>;
export type ErlangEvaluateARequestInput = z.input<typeof ErlangEvaluateARequest>;

/** The metrics of a staffing of `agents` (those found, or those given to evaluate). */
export const ErlangCResponse = z.object({
  /** Offered load: calls × AHT ÷ interval length. */
  trafficErlangs: z.number(),
  agents: z.number().int(),
  /** ⌈agents ÷ (1 − shrinkage)⌉, exact for decimal shrinkages (21 at 0.3 is 30). */
  scheduledAgents: z.number().int(),
  serviceLevel: probability,
  /** Probability that a contact waits at all (Erlang C: C(N, A)). */
  waitProbability: probability,
  /** Mean wait over all contacts, those answered at once included. */
  asaSeconds: z.number().min(0),
  occupancy: probability,
});
export type ErlangCResponse = z.infer<typeof ErlangCResponse>;

/**
 * Erlang A: the service level counts contacts answered within the target over ALL arrivals
 * (abandons are misses); ASA is the mean time in queue over all arrivals (an abandon counts the time
 * it waited); occupancy is the carried load (answered contacts only) per agent.
 */
export const ErlangAResponse = ErlangCResponse.extend({ abandonRate: probability });
export type ErlangAResponse = z.infer<typeof ErlangAResponse>;

/** Evaluations say whether the staffing meets the targets given (all absent targets count as met). */
export const ErlangEvaluateCResponse = ErlangCResponse.extend({ meetsTargets: z.boolean() });
export type ErlangEvaluateCResponse = z.infer<typeof ErlangEvaluateCResponse>;
export const ErlangEvaluateAResponse = ErlangAResponse.extend({ meetsTargets: z.boolean() });
export type ErlangEvaluateAResponse = z.infer<typeof ErlangEvaluateAResponse>;

export const ERLANG_LIMITS = ['serviceLevel', 'occupancy', 'waitProbability', 'abandonRate'] as const;
export const ErlangLimit = z.enum(ERLANG_LIMITS);
export type ErlangLimit = z.infer<typeof ErlangLimit>;

/**
 * No staffing up to `agentCap` meets the targets (the routes answer 409 with this as details).
 * The cap is ⌈max(A ÷ maxOccupancy, A + 10·√A) + 1000⌉, at most 1,000,000: beyond A + 10·√A the
 * probability of waiting is below e^-50, so a target still missed there is one no staffing meets
 * (a service level of exactly 1 with a positive answer time, a wait probability of 0…).
 * `atCap` are the metrics at the cap and `unmet` the limits they still miss.
 */
export const ErlangUnreachable = z.object({
  trafficErlangs: z.number(),
  agentCap: z.number().int(),
  unmet: z.array(ErlangLimit),
  atCap: ErlangAResponse.partial({ abandonRate: true }),
});
export type ErlangUnreachable = z.infer<typeof ErlangUnreachable>;

/**
 * Erlang C has no steady state with agents ≤ traffic (the queue grows without end): evaluating such
 * a staffing answers this instead of infinite waits (the routes answer 409 with it as details).
 */
export const ErlangOverloaded = z.object({ trafficErlangs: z.number(), agents: z.number().int() });
export type ErlangOverloaded = z.infer<typeof ErlangOverloaded>;
