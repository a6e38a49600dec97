/**
 * A seedable random generator for generated data (the demo history): the same seed gives the same
 * sequence, so the same day gives the same traffic. mulberry32 — small and fast; not for secrets.
 */
export type Random = {
  /** In [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items`, by their weights. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  /** Exponentially distributed with this mean. */
  exponential(mean: number): number;
  /** Log-normally distributed with this median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number;
  /** A Poisson-distributed count with this mean (arrivals in an interval); 0 for a mean ≤ 0. */
  poisson(mean: number): number;
};

export function seededRandom(seed: number | string): Random {
  let a = typeof seed === 'number' ? seed | 0 : hashSeed(seed);
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    weighted(items) {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    logNormal(median, sigma) {
      // Box–Muller: one standard normal from two uniforms.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * z);
    },
    poisson: (mean) => poisson(mean, next),
  };
}

/**
 * Knuth's product of uniforms for small means; above 30 its e^−mean underflows and its cost grows with
 * the mean, so Hörmann's transformed rejection (PTRS, 1993; as in NumPy) takes over: exact, O(1).
 */
function poisson(mean: number, next: () => number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = next();
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  }
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = next() - 0.5;
    const v = next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) {
      return k;
    }
  }
}

/** ln Γ(x) for x ≥ 1 by Stirling's series, shifted up to x ≥ 7 where the series is exact to double precision. */
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = 1 / (x0 * x0);
  let series = STIRLING[STIRLING.length - 1] as number;
  for (let k = STIRLING.length - 2; k >= 0; k--) series = series * x2 + (STIRLING[k] as number);
  let gl = series / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 0; k < n; k++) {
    x0 -= 1;
    gl -= Math.log(x0);
  }
  return gl;
}

const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];

/** FNV-1a of a string: a seed from a name such as a date. */
function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
