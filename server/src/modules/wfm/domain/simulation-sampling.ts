import type { Distribution, SimRandom } from './simulation-model';

/** Draws one duration in seconds. */
export type Sampler = (random: SimRandom) => number;

/**
 * A sampler for a distribution. A log-normal given by mean m and coefficient of variation v has
 * sigma² = ln(1 + v²) and median m ÷ √(1 + v²), so its mean is m and its standard deviation v·m.
 */
export function samplerOf(d: Distribution, what: string): Sampler {
  switch (d.kind) {
    case 'exponential': {
      assertPositive(d.mean, `${what}: mean`);
      const mean = d.mean;
      return (r) => r.exponential(mean);
    }
    case 'empirical': {
      const seconds = [...d.seconds];
      if (seconds.length === 0) throw new Error(`${what}: an empirical distribution needs at least one value`);
      for (const s of seconds) if (!(s >= 0 && Number.isFinite(s))) throw new Error(`${what}: ${s} is not a duration`);
      return (r) => seconds[Math.floor(r.next() * seconds.length)]!;
    }
    case 'lognormal': {
      let median: number;
      let sigma: number;
      if ('mean' in d) {
        assertPositive(d.mean, `${what}: mean`);
        if (!(d.cv >= 0 && Number.isFinite(d.cv))) throw new Error(`${what}: cv ${d.cv} must be ≥ 0`);
        const spread = 1 + d.cv * d.cv;
        median = d.mean / Math.sqrt(spread);
        sigma = Math.sqrt(Math.log(spread));
      } else {
        assertPositive(d.median, `${what}: median`);
        if (!(d.sigma >= 0 && Number.isFinite(d.sigma))) throw new Error(`${what}: sigma ${d.sigma} must be ≥ 0`);
        median = d.median;
        sigma = d.sigma;
      }
      return (r) => r.logNormal(median, sigma);
    }
  }
}

/** The distribution's mean in seconds (for checks and reports). */
export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case 'exponential':
      return d.mean;
    case 'empirical':
      return d.seconds.reduce((s, x) => s + x, 0) / d.seconds.length;
    case 'lognormal':
      return 'mean' in d ? d.mean : d.median * Math.exp((d.sigma * d.sigma) / 2);
  }
}

function assertPositive(x: number, what: string): void {
  if (!(x > 0 && Number.isFinite(x))) throw new Error(`${what} ${x} must be a positive number`);
}
