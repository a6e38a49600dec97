import type { CenterFigures, Estimate, QueueFigures } from './simulation-model';

/**
 * One replication's counts for a group of contacts (an interval of a queue, or a sum of them), in
 * a flat array: `TALLY` fields per group. Waits are in milliseconds. Unserved contacts are what is
 * left: arrivals − short abandons − answered − abandoned.
 */
export const TALLY = 7;
export const F_ARRIVALS = 0;
export const F_SHORT = 1;
export const F_ANSWERED = 2;
export const F_WITHIN = 3;
export const F_ABANDONED = 4;
export const F_WAIT_ANSWERED = 5;
export const F_WAIT_ALL = 6;

/** One replication's figures; NaN where a rate has no denominator. */
export type RawFigures = { [K in keyof QueueFigures]: number };
export type RawCenterFigures = RawFigures & { occupancy: number };

/** Adds group `from` of `src` into group `to` of `dst`. */
export function addTally(dst: Float64Array, to: number, src: Float64Array, from: number): void {
  for (let f = 0; f < TALLY; f++) dst[to * TALLY + f]! += src[from * TALLY + f]!;
}

export function figuresOf(t: Float64Array, group: number): RawFigures {
  const at = group * TALLY;
  const arrivals = t[at + F_ARRIVALS]!;
  const short = t[at + F_SHORT]!;
  const answered = t[at + F_ANSWERED]!;
  const within = t[at + F_WITHIN]!;
  const abandoned = t[at + F_ABANDONED]!;
  const offered = arrivals - short;
  return {
    offered,
    answered,
    abandoned,
    shortAbandoned: short,
    unserved: offered - answered - abandoned,
    serviceLevel: ratio(within, offered),
    serviceLevelOfAnswered: ratio(within, answered),
    asaSeconds: ratio(t[at + F_WAIT_ANSWERED]!, answered * 1000),
    meanWaitSeconds: ratio(t[at + F_WAIT_ALL]!, (answered + abandoned) * 1000),
    abandonRate: ratio(abandoned, offered),
  };
}

export function ratio(x: number, of: number): number {
  return of > 0 ? x / of : Number.NaN;
}

const COUNTS = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'unserved'] as const;
const RATES = [
  'serviceLevel',
  'serviceLevelOfAnswered',
  'asaSeconds',
  'meanWaitSeconds',
  'abandonRate',
] as const satisfies ReadonlyArray<keyof QueueFigures>;

/** Means and confidence intervals of one group over the replications. */
export function summarize(reps: readonly RawFigures[]): QueueFigures {
  const out = {} as Record<keyof QueueFigures, Estimate | null>;
  for (const k of COUNTS) out[k] = estimate(reps.map((r) => r[k])) ?? { mean: 0, low: 0, high: 0, n: 0 };
  for (const k of RATES) out[k] = estimate(reps.map((r) => r[k]));
  return out as QueueFigures;
}

export function summarizeCenter(reps: readonly RawCenterFigures[]): CenterFigures {
  return { ...summarize(reps), occupancy: estimate(reps.map((r) => r.occupancy)) };
}

/**
 * The mean of the values that are numbers (NaN: the replication had no denominator) with a 95 %
 * Student-t confidence interval; null when none are.
 */
export function estimate(values: readonly number[]): Estimate | null {
  let n = 0;
  let sum = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
  }
  if (n === 0) return null;
  const mean = sum / n;
  if (n < 2) return { mean, low: mean, high: mean, n };
  let squares = 0;
  for (const v of values) if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
  const half = tQuantile975(n - 1) * Math.sqrt(squares / (n - 1) / n);
  return { mean, low: mean - half, high: mean + half, n };
}

/** t(0.975, df) for df = 1…30. */
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139, 2.200985,
  2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658,
  2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];

/**
 * The 97.5 % point of Student's t with `df` degrees of freedom: a table to 30, then the
 * Cornish–Fisher expansion around the normal quantile (error below 1e-5 from 30 on).
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new Error(`degrees of freedom ${df} must be ≥ 1`);
  const d = Math.floor(df);
  if (d <= T975.length) return T975[d - 1]!;
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * d) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * d ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * d ** 3)
  );
}
