/** The first reconnect waits about half a second; the wait doubles up to ten seconds. */
export const BACKOFF_FIRST_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

/**
 * How long to wait before reconnect attempt `attempt` (0 for the first after a drop): exponential,
 * capped, with ±20 % jitter so that thousands of widgets cut off by the same outage do not all
 * come back in the same instant. `random` is Math.random in the app and fixed in tests.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, Math.min(attempt, 20)));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(BACKOFF_MAX_MS, jittered));
}
