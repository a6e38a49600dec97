/** Login lockout (账号锁定): after `maxFailures` wrong passwords in a row the account locks for a while. */
export type LockoutPolicy = { maxFailures: number; lockMinutes: number };
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export type LockState = { failedLogins: number; lockedUntil: Date | null };

/**
 * Attempts are counted before the password is checked, so parallel requests each hold a number;
 * one numbered past the limit is refused without a check.
 */
export function attemptsExhausted(attempt: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): boolean {
  return attempt > policy.maxFailures;
}

/** The state after one more wrong password (`failedLogins` already counts it). */
export function afterFailure(failedLogins: number, now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): LockState {
  if (failedLogins >= policy.maxFailures) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  }
  return { failedLogins, lockedUntil: null };
}
