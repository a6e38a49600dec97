/**
 * The time of an exam attempt, kept by the server: the browser's clock never decides. An attempt
 * ends at its start plus the paper's limit (or when the exam window closes, if earlier); answers
 * saved after that are refused, and a submission that arrives late — a changed browser clock, a
 * tab left open — is graded as it stood at the deadline.
 */
export type AttemptTimes = { startedAt: Date; limitSeconds: number; windowClosesAt: Date | null };

/** Network and clicking allowance after the deadline for an answer already on its way. */
export const GRACE_MS = 5_000;

export function deadlineOf(a: AttemptTimes): Date {
  const byLimit = a.startedAt.getTime() + a.limitSeconds * 1000;
  return new Date(a.windowClosesAt ? Math.min(byLimit, a.windowClosesAt.getTime()) : byLimit);
}

/** Whether an answer or a submission arriving at `now` still counts. */
export function accepts(a: AttemptTimes, now: Date): boolean {
  return now.getTime() <= deadlineOf(a).getTime() + GRACE_MS;
}

/** Seconds left at `now` (0 once past the deadline): what the countdown shows. */
export function secondsLeft(a: AttemptTimes, now: Date): number {
  return Math.max(0, Math.ceil((deadlineOf(a).getTime() - now.getTime()) / 1000));
}

/** Whether a candidate may start another attempt: inside the exam's window, attempts left. */
export function mayStart(
  w: { opensAt: Date | null; closesAt: Date | null; maxAttempts: number },
  attemptsUsed: number,
  now: Date,
): 'ok' | 'not_open' | 'closed' | 'no_attempts_left' {
  if (w.opensAt && now < w.opensAt) return 'not_open';
  if (w.closesAt && now >= w.closesAt) return 'closed';
  if (attemptsUsed >= w.maxAttempts) return 'no_attempts_left';
  return 'ok';
}
