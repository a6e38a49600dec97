/**
 * A per-sender allowance (token bucket): a customer — or something posing as one — flooding a
 * channel is slowed down, never silenced for good. Pure: the caller passes the time.
 */
export function createSenderLimit(opts: { burst: number; perMinute: number; maxKeys?: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = opts.perMinute / 60_000;
  return {
    /** True when `key` may send one more now (and it is counted). */
    take(key: string, nowMs: number): boolean {
      const b = buckets.get(key) ?? { tokens: opts.burst, at: nowMs };
      b.tokens = Math.min(opts.burst, b.tokens + Math.max(0, nowMs - b.at) * refillPerMs);
      b.at = nowMs;
      buckets.delete(key);
      buckets.set(key, b);
      // The oldest keys go first when the map is full (insertion order is use order).
      if (buckets.size > (opts.maxKeys ?? 100_000)) buckets.delete(buckets.keys().next().value!);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
