/**
 * A session ends at `expiresAt` (absolute) or when revoked (logout). Without activity for the idle
 * time it locks (锁屏): the user proves the password again to go on, the session itself stays.
 */
export type SessionTimes = { expiresAt: Date; lastSeenAt: Date; revokedAt: Date | null };
export type SessionStatus = 'active' | 'locked' | 'expired' | 'revoked';

export function sessionStatus(s: SessionTimes, now: Date, idleLockSeconds: number): SessionStatus {
  if (s.revokedAt) return 'revoked';
  if (now.getTime() >= s.expiresAt.getTime()) return 'expired';
  if (now.getTime() - s.lastSeenAt.getTime() > idleLockSeconds * 1000) return 'locked';
  return 'active';
}

/** Activity is recorded at most this often, so reads don't each cost a write. */
export const TOUCH_EVERY_MS = 15_000;

export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}
