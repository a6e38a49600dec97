import type { ArticleStatus, Validity } from '../../../../../contracts/knowledge';

export type Dated = {
  status: ArticleStatus;
  publishedVersion: number | null;
  effectiveFrom: Date | null;
  expiresAt: Date | null;
};

/**
 * Whether an article's published text may be quoted at `now`: an expired policy is never current,
 * one not yet effective is scheduled, an archived or never-published one is not published.
 */
export function validityOf(a: Dated, now: Date): Validity {
  if (a.publishedVersion === null || a.status === 'archived' || a.status === 'draft') return 'unpublished';
  if (a.expiresAt && a.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (a.effectiveFrom && a.effectiveFrom.getTime() > now.getTime()) return 'scheduled';
  return 'current';
}

/** The dates of a version, checked together: expiry after the start. */
export function datesProblem(effectiveFrom: Date | null, expiresAt: Date | null): string | undefined {
  if (effectiveFrom && expiresAt && expiresAt.getTime() <= effectiveFrom.getTime()) {
    return 'the expiry must be after the effective date';
  }
  return undefined;
}
