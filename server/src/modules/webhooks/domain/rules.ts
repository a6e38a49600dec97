import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether an event name matches a subscription pattern: parts are compared one by one, `*` stands
 * for any one part, and a `*` in last place for one part or more (`routing.*`, `*`).
 */
export function matchesPattern(pattern: string, event: string): boolean {
  const p = pattern.split('.');
  const e = event.split('.');
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part === '*' && i === p.length - 1) return e.length >= p.length;
    if (i >= e.length) return false;
    if (part !== '*' && part !== e[i]) return false;
  }
  return p.length === e.length;
}

export const matchesAny = (patterns: readonly string[], event: string) =>
  patterns.some((p) => matchesPattern(p, event));

/**
 * Waits after each failed attempt (30 s, 2 min, 10 min, 1 h, 6 h): six attempts over about seven
 * hours, long enough for a receiver's deploy or a night's outage, then the delivery fails.
 */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * The wait before the next attempt after `attempts` failed ones, or null when none is left. ±20 %
 * jitter (`random` in [0, 1)) so the deliveries of one outage do not all come back in one second.
 */
export function retryDelayMs(attempts: number, random: number): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random));
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: the X-Kefu-Signature header. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (docs/webhooks.md): recompute the signature over the raw body, compare in
 * constant time, and refuse a timestamp outside the replay window.
 */
export function verifySignature(opts: {
  secret: string;
  timestamp: string | undefined;
  body: string;
  signature: string | undefined;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const ts = Number(opts.timestamp);
  if (!opts.signature || !Number.isInteger(ts)) return false;
  if (Math.abs(opts.nowSeconds - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signature(opts.secret, ts, opts.body));
  const given = Buffer.from(opts.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `whsec_…abcd`: enough to tell two secrets apart, not enough to sign. */
export const secretHint = (secret: string) => `whsec_…${secret.slice(-4)}`;

/** A 1 KB head of a receiver's answer for the delivery log. */
export const RESPONSE_HEAD_BYTES = 1024;
