/** Login lockout (账号锁定): after `maxFailures` wrong passwords in a row the account locks for a while. */
export type LockoutPolicy = { maxFailures: number; lockMinutes: number };
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export type LockState = { failedLogins: number; lockedUntil: Date | null };

export function isLocked(s: LockState, now: Date): boolean {
  return s.lockedUntil !== null && s.lockedUntil.getTime() > now.getTime();
}

/** The state after one more wrong password (`failedLogins` already counts it). */
export function afterFailure(failedLogins: number, now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): LockState {
  if (failedLogins >= policy.maxFailures) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  }
  return { failedLogins, lockedUntil: null };
}
