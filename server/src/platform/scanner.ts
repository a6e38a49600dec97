import type { Logger } from './logger';

export type Scanner = {
  /** Works through everything due now, a batch at a time; answers how many items it took (after any pass under way). */
  scan(): Promise<number>;
  /** A pass now, then one every `intervalMs` (the timer does not keep the process alive). */
  start(): void;
  /** No more passes; resolves when the one under way has ended. */
  stop(): Promise<void>;
};

/**
 * The durable timers' runner (work-order escalations, complaint steps, scheduled reports): the due
 * rows live in the database, and a pass takes them `batchSize` at a time (`batch` answers how many
 * it took) until a batch comes back short. Passes never overlap — one asked for during another runs
 * after it — and a failed pass is logged, not fatal: the next tick tries again.
 */
export function createScanner(opts: {
  what: string;
  batchSize: number;
  intervalMs: number;
  batch(): Promise<number>;
  log: Logger;
}): Scanner {
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<unknown> = Promise.resolve();

  function scan(): Promise<number> {
    const pass = last
      .catch(() => undefined)
      .then(async () => {
        let total = 0;
        for (;;) {
          const n = await opts.batch();
          total += n;
          if (n < opts.batchSize) return total;
        }
      });
    last = pass;
    return pass;
  }

  return {
    scan,
    start(): void {
      const tick = () => {
        scan().catch((err) => opts.log.error({ err }, `${opts.what} scan failed`));
      };
      tick();
      timer = setInterval(tick, opts.intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await last.catch(() => undefined);
    },
  };
}
