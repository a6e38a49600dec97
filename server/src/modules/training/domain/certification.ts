import type { CertificationLevel } from '../../../../../contracts/training';

/** What a level asks for; absent criteria are not asked. */
export type Criteria = {
  minExamPercent?: number;
  minPracticalPercent?: number;
  /** Average quality score (0–100) over the agent's last `qualityEvaluations` evaluations. */
  minQualityAverage?: number;
  qualityEvaluations?: number;
  minTenureDays?: number;
};

/** What is known of an agent now. */
export type Evidence = {
  bestExamPercent: number | null;
  bestPracticalPercent: number | null;
  /** Quality scores, newest first. */
  qualityScores: readonly number[];
  hiredAt: Date | null;
};

export type Unmet = { criterion: keyof Criteria; needed: number; actual: number | null };

const DAY = 86_400_000;

/** The criteria an agent does not meet yet (empty: they qualify). */
export function unmetCriteria(c: Criteria, e: Evidence, now: Date): Unmet[] {
  const unmet: Unmet[] = [];
  if (c.minExamPercent !== undefined && (e.bestExamPercent ?? -1) < c.minExamPercent) {
    unmet.push({ criterion: 'minExamPercent', needed: c.minExamPercent, actual: e.bestExamPercent });
  }
  if (c.minPracticalPercent !== undefined && (e.bestPracticalPercent ?? -1) < c.minPracticalPercent) {
    unmet.push({ criterion: 'minPracticalPercent', needed: c.minPracticalPercent, actual: e.bestPracticalPercent });
  }
  if (c.minQualityAverage !== undefined) {
    const n = c.qualityEvaluations ?? 5;
    const last = e.qualityScores.slice(0, n);
    if (last.length < n) {
      unmet.push({ criterion: 'qualityEvaluations', needed: n, actual: last.length });
    } else {
      const avg = Math.round((last.reduce((s, x) => s + x, 0) / n) * 10) / 10;
      if (avg < c.minQualityAverage)
        unmet.push({ criterion: 'minQualityAverage', needed: c.minQualityAverage, actual: avg });
    }
  }
  if (c.minTenureDays !== undefined) {
    const days = e.hiredAt ? Math.floor((now.getTime() - e.hiredAt.getTime()) / DAY) : null;
    if ((days ?? -1) < c.minTenureDays)
      unmet.push({ criterion: 'minTenureDays', needed: c.minTenureDays, actual: days });
  }
  return unmet;
}

/** A certification held: its level, the skill it grants, when it was awarded and until when. */
export type Held = {
  level: CertificationLevel;
  skill: string;
  skillLevel: number;
  awardedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export const isActive = (h: Pick<Held, 'awardedAt' | 'expiresAt' | 'revokedAt'>, now: Date) =>
  h.revokedAt === null && h.awardedAt.getTime() <= now.getTime() && (h.expiresAt === null || h.expiresAt > now);

/**
 * The routing skills an agent's certifications grant at `now`: per skill the highest level among
 * the active ones. An expired certification grants nothing: its skill goes (or falls back to what
 * another active certification grants).
 */
export function grantedSkills(held: readonly Held[], now: Date): Map<string, number> {
  const skills = new Map<string, number>();
  for (const h of held) {
    if (!isActive(h, now)) continue;
    skills.set(h.skill, Math.max(skills.get(h.skill) ?? 0, h.skillLevel));
  }
  return skills;
}

/**
 * The change to an agent's routing skills when the granted set moves from `before` to `after`:
 * skills certification manages are set to their granted level or removed; other skills (given by
 * hand) are kept as they are.
 */
export function skillChange(
  current: ReadonlyMap<string, number>,
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Map<string, number> {
  const next = new Map(current);
  for (const skill of before.keys()) if (!after.has(skill)) next.delete(skill);
  for (const [skill, level] of after) next.set(skill, level);
  return next;
}

/** Reminders: certifications expiring within `days` of `now` (re-certification due). */
export function expiringSoon(held: readonly Held[], now: Date, days: number): Held[] {
  const limit = now.getTime() + days * DAY;
  return held.filter((h) => isActive(h, now) && h.expiresAt !== null && h.expiresAt.getTime() <= limit);
}
