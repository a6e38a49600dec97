/**
 * Test support (imported by tests only): a fake timer port for the pacer, the engine, the mixer and
 * the recorder, so their pacing is tested in fake time, never against the wall clock.
 */
import type { PacerTimers } from './clock';

type FakeTimer = { at: number; callback: () => void };

export type FakeTimers = {
  readonly timers: PacerTimers;
  /** Fake time now. */
  readonly now: number;
  /** Timers waiting to fire. */
  readonly pending: number;
  /** Runs every timer due within the next `ms`, in order of due time, then sets the time to now + ms. */
  advance(ms: number): void;
  /** The same up to an absolute fake time. */
  runUntil(until: number): void;
  /** Moves time on without running timers: an event loop blocked for `ms`. */
  stall(ms: number): void;
};

/**
 * @param options.start fake time at the start (default 0)
 * @param options.lateness how late each timer fires, in ms, asked once per setTimeout (default 0):
 *   real timers are always a little late, which is what the pacer's drift-free schedule is for
 */
export function createFakeTimers(options: { start?: number; lateness?: () => number } = {}): FakeTimers {
  let now = options.start ?? 0;
  const lateness = options.lateness ?? (() => 0);
  const pending = new Set<FakeTimer>();
  const runUntil = (until: number) => {
    for (;;) {
      let next: FakeTimer | undefined;
      for (const timer of pending) if (!next || timer.at < next.at) next = timer;
      if (!next || next.at > until) break;
      pending.delete(next);
      now = Math.max(now, next.at);
      next.callback();
    }
    now = Math.max(now, until);
  };
  return {
    timers: {
      now: () => now,
      setTimeout(callback, ms) {
        const timer = { at: now + ms + lateness(), callback };
        pending.add(timer);
        return timer;
      },
      clearTimeout: (handle) => {
        pending.delete(handle as FakeTimer);
      },
    },
    get now() {
      return now;
    },
    get pending() {
      return pending.size;
    },
    advance: (ms) => runUntil(now + ms),
    runUntil,
    stall(ms) {
      now += ms;
    },
  };
}
