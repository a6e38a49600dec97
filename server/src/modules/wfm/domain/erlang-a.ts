/**
 * Erlang A (M/M/N+M): Poisson arrivals λ, exponential handling μ, N agents, callers who hang up after
 * an exponential patience of rate θ. The metrics come from the offered wait V (how long a caller
 * would wait if infinitely patient), whose density is (Zeltyn & Mandelbaum, "Call centers with
 * impatient customers", after Baccelli–Hébuterne and Palm)
 *
 *   f_V(x) = λ · h(x) / (ε + λ·I),  h(x) = exp(λ·H(x) − Nμ·x),  H(x) = (1 − e^(−θx)) / θ,
 *   I = ∫₀^∞ h,  ε = 1 / ErlangB(N − 1, A),  P(V > 0) = λI / (ε + λI).
 *
 * A caller with offered wait x and patience τ waits min(x, τ), is answered iff τ > x, and
 * E[min(x, τ)] = H(x). So, over all arrivals:
 *   P(abandon)             = ∫ f_V(x)(1 − e^(−θx)) dx = θ · ∫ f_V·H
 *   mean time in queue     = ∫ f_V(x) H(x) dx                      (= P(abandon) / θ, Little)
 *   P(answered within T)   = P(V = 0) + ∫₀^T f_V(x) e^(−θx) dx
 *
 * The integrals are computed by composite Gauss–Legendre quadrature rather than through incomplete
 * gamma functions: log h is concave (its second derivative is −λθe^(−θx)), so h is one smooth bump
 * whose support can be bracketed exactly, and every term is scaled by h's maximum so nothing
 * overflows — at 1,000+ Erlangs λH reaches e^1000, and with a patience of days the bump sits hours
 * out. The incomplete gamma route would lose digits in the difference γ(y, a) − γ(y, a·e^(−θT)).
 */

/** Where the bump has fallen below e^-46 (≈1e-20) of its peak: the integrals end there. */
const TAIL = 46;
const PANELS = 24;

/** 16-point Gauss–Legendre nodes and weights on [−1, 1], by Newton's method on P₁₆ (once, at load). */
const GL_ORDER = 16;
const GL_X = new Float64Array(GL_ORDER);
const GL_W = new Float64Array(GL_ORDER);
for (let i = 0; i < GL_ORDER; i++) {
  let x = Math.cos((Math.PI * (i + 0.75)) / (GL_ORDER + 0.5));
  let dp = 1;
  for (let iter = 0; iter < 100; iter++) {
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= GL_ORDER; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = (GL_ORDER * (x * p1 - p0)) / (x * x - 1);
    const dx = p1 / dp;
    x -= dx;
    if (Math.abs(dx) < 1e-16) break;
  }
  GL_X[i] = x;
  GL_W[i] = 2 / ((1 - x * x) * dp * dp);
}

export type ErlangAInput = {
  /** Arrivals per second. */
  lambda: number;
  /** Handling rate per agent per second (1 / AHT). */
  mu: number;
  /** Abandonment rate per waiting caller per second (1 / mean patience). */
  theta: number;
  agents: number;
  /** ln(1 / ErlangB(agents − 1, λ/μ)); +Infinity when that B underflows. */
  logInvErlangBBefore: number;
  answerSeconds: number;
};

export type ErlangAMetrics = {
  waitProbability: number;
  serviceLevel: number;
  abandonRate: number;
  /** Mean time in queue over all arrivals, abandons included. */
  meanWaitSeconds: number;
};

/**
 * The metrics of M/M/N+M for N ≥ 1 and λ > 0. Zero traffic is the caller's case (every metric is
 * trivial and ε would be 0·∞ here).
 */
export function erlangAMetrics(p: ErlangAInput): ErlangAMetrics {
  const { lambda, theta, answerSeconds } = p;
  const nmu = p.agents * p.mu;
  const logH = (x: number) => (lambda * -Math.expm1(-theta * x)) / theta - nmu * x;

  // The peak of log h: its derivative λe^(−θx) − Nμ vanishes at ln(λ/Nμ)/θ when λ > Nμ.
  const peak = lambda > nmu ? Math.log(lambda / nmu) / theta : 0;
  const top = logH(peak);
  const floor = top - TAIL;
  const scale = 1 / nmu;
  const right = edge(logH, floor, peak, scale, 1);
  const left = peak > 0 && logH(0) < floor ? edge(logH, floor, peak, scale, -1) : 0;

  // One pass over [left, right]: ∫h and ∫h·H, both scaled by e^-top.
  let area = 0;
  let areaH = 0;
  const width = (right - left) / PANELS;
  for (let k = 0; k < PANELS; k++) {
    const mid = left + (k + 0.5) * width;
    for (let i = 0; i < GL_ORDER; i++) {
      const x = mid + 0.5 * width * GL_X[i]!;
      const w = GL_W[i]!;
      const oneMinusDecay = -Math.expm1(-theta * x);
      const h = Math.exp((lambda * oneMinusDecay) / theta - nmu * x - top);
      area += w * h;
      areaH += (w * h * oneMinusDecay) / theta;
    }
  }
  area *= 0.5 * width;
  areaH *= 0.5 * width;

  // ∫₀^T h·e^(−θx): answered within T. Below `left` the bump is under e^-46 of its peak.
  let answered = 0;
  const end = Math.min(answerSeconds, right);
  if (end > left) {
    const w2 = (end - left) / PANELS;
    for (let k = 0; k < PANELS; k++) {
      const mid = left + (k + 0.5) * w2;
      for (let i = 0; i < GL_ORDER; i++) {
        const x = mid + 0.5 * w2 * GL_X[i]!;
        answered += GL_W[i]! * Math.exp(logH(x) - theta * x - top);
      }
    }
    answered *= 0.5 * w2;
  }

  const eps = Math.exp(p.logInvErlangBBefore - top);
  const denominator = eps + lambda * area;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return {
    waitProbability: clamp((lambda * area) / denominator),
    serviceLevel: clamp((eps + lambda * answered) / denominator),
    abandonRate: clamp((lambda * theta * areaH) / denominator),
    meanWaitSeconds: Math.max(0, (lambda * areaH) / denominator),
  };
}

/**
 * The point beyond `from` (direction ±1) where the concave `logH` falls to `floor`, found by doubling
 * then bisection: a bracket a little past the true point (at most 1/64 of its distance), which only
 * widens the quadrature's panels.
 */
function edge(logH: (x: number) => number, floor: number, from: number, scale: number, dir: 1 | -1): number {
  let d = scale;
  if (dir < 0) d = Math.min(d, from);
  while (logH(from + dir * d) > floor) {
    if (dir < 0 && d >= from) return 0;
    d = dir < 0 ? Math.min(2 * d, from) : 2 * d;
  }
  let inside = d / 2;
  let outside = d;
  if (logH(from + dir * inside) <= floor) inside = 0;
  for (let i = 0; i < 6; i++) {
    const m = (inside + outside) / 2;
    if (logH(from + dir * m) > floor) inside = m;
    else outside = m;
  }
  return from + dir * outside;
}
