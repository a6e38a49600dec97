/**
 * The caller's key presses, in order, from RFC 4733 events and SIP INFO alike. Digits typed ahead
 * (during a prompt, before the menu waits) are kept, as callers expect on every hotline.
 */
export type DigitBuffer = {
  push(digit: string): void;
  /** The next digit, or null after `timeoutMs`; `cancel()` withdraws the wait. */
  next(timeoutMs: number): { promise: Promise<string | null>; cancel(): void };
  /** Takes a typed-ahead digit if there is one. */
  take(): string | undefined;
  clear(): void;
  readonly size: number;
};

export function createDigitBuffer(): DigitBuffer {
  const buffered: string[] = [];
  const waiters: Array<(digit: string | null) => void> = [];
  return {
    push(digit) {
      const waiter = waiters.shift();
      if (waiter) waiter(digit);
      else if (buffered.length < 64) buffered.push(digit);
    },
    next(timeoutMs) {
      const ready = buffered.shift();
      if (ready !== undefined) return { promise: Promise.resolve(ready), cancel() {} };
      let resolveWait!: (digit: string | null) => void;
      const promise = new Promise<string | null>((resolve) => {
        resolveWait = resolve;
      });
      const timer = setTimeout(() => settle(null), Math.max(0, timeoutMs));
      const settle = (digit: string | null) => {
        clearTimeout(timer);
        const i = waiters.indexOf(settle);
        if (i >= 0) waiters.splice(i, 1);
        resolveWait(digit);
      };
      waiters.push(settle);
      return { promise, cancel: () => settle(null) };
    },
    take: () => buffered.shift(),
    clear() {
      buffered.length = 0;
    },
    get size() {
      return buffered.length;
    },
  };
}
