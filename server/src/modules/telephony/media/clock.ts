/**
 * A drift-free packet clock for sending RTP every 20 ms. Each tick's due time is computed from the
 * start time and the tick number (`start + (n + 1) × interval`), never by adding up timer delays:
 * a timer that fires 1–2 ms late (they always do) makes that one packet late, not every packet
 * after it. After a stall (GC pause, busy loop) overdue ticks are sent in a short burst, up to
 * `maxBurst`; beyond that the missed ticks are skipped, so the tick numbers jump and the sender's
 * RTP timestamps (derived from the tick number) jump with them, which a receiver reads as loss
 * rather than as a rush of stale audio.
 */

/** The timer port: `globalThis` timers and `performance.now` in production, fakes in tests. */
export interface PacerTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemPacerTimers: PacerTimers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type PacerOptions = {
  /** Default 20 ms. */
  intervalMs?: number;
  /** Overdue ticks sent back to back after a stall before the rest are skipped; default 5. */
  maxBurst?: number;
  timers?: PacerTimers;
  /** Called for each tick with its number (0, 1, …; gaps after skips) and when it was due. */
  onTick: (tick: number, dueAt: number) => void;
};

export type Pacer = {
  stop(): void;
  /** Ticks skipped after stalls so far. */
  readonly skipped: number;
};

export function startPacer(options: PacerOptions): Pacer {
  const interval = options.intervalMs ?? 20;
  const maxBurst = options.maxBurst ?? 5;
  const timers = options.timers ?? systemPacerTimers;
  const start = timers.now();
  const dueAt = (tick: number) => start + (tick + 1) * interval;
  let next = 0;
  let skipped = 0;
  let stopped = false;
  let handle: unknown;

  const wake = () => {
    if (stopped) return;
    let now = timers.now();
    for (let sent = 0; dueAt(next) <= now && sent < maxBurst && !stopped; sent++) {
      options.onTick(next, dueAt(next));
      next++;
      now = timers.now();
    }
    if (stopped) return;
    if (dueAt(next) <= now) {
      // Still behind after a burst: jump to the latest tick that is due and send that one next.
      const latest = Math.floor((now - start) / interval) - 1;
      skipped += latest - next;
      next = latest;
    }
    handle = timers.setTimeout(wake, Math.max(0, dueAt(next) - now));
  };
  handle = timers.setTimeout(wake, interval);

  return {
    stop() {
      stopped = true;
      timers.clearTimeout(handle);
    },
    get skipped() {
      return skipped;
    },
  };
}
