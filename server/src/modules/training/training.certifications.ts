import { randomBytes } from 'node:crypto';
import type {
  Award,
  Certification,
  CertificationBody,
  CertificationLevel,
  Criteria,
  Evaluation,
} from '../../../../contracts/training';
import type { Actor, AuditLog } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { UsersService } from '../auth';
import type { RoutingService } from '../routing';
import { grantedSkills, type Held, isActive, skillChange, unmetCriteria } from './domain/certification';
import type { AttemptSubmitted } from './training.events';
import type { AwardRow, CertificationRow, TrainingRepo } from './training.repo';

export type CertificationsDeps = {
  db: Database;
  repo: TrainingRepo;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  users: Pick<UsersService, 'profiles'>;
  routing: Pick<RoutingService, 'getAgentRouting' | 'putAgentRouting'>;
};

/** Changes certification makes to routing skills are the system's, recorded under this name. */
const SYSTEM: Actor = { userId: null, name: 'training', ip: null, requestId: null };
const DAY = 86_400_000;

export const certificationNotFound = (id: string) =>
  new AppError('TRAINING.CERTIFICATION_NOT_FOUND', `No certification ${id}`);

const certOut = (r: CertificationRow): Certification => ({
  id: r.id,
  name: r.name,
  level: r.level as CertificationLevel,
  skill: r.skill,
  skillLevel: r.skillLevel,
  criteria: r.criteria,
  validityDays: r.validityDays,
  createdAt: r.createdAt.toISOString(),
});

/** Eight characters a person can read out and type: no 0/O, 1/I/L. */
function verificationCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Certification (认证): levels with criteria; an agent who meets them is awarded the certification,
 * which sets the routing skill it grants; when it expires, the skill goes (the sweep). Passing the
 * exam a certification names evaluates it at once.
 */
export function createCertifications(deps: CertificationsDeps) {
  const { db, repo, audit, clock, ids, log } = deps;

  const held = (
    rows: { award: AwardRow; cert: CertificationRow }[],
  ): (Held & { id: string; lapsedAt: Date | null })[] =>
    rows.map(({ award, cert }) => ({
      id: award.id,
      level: cert.level as CertificationLevel,
      skill: cert.skill,
      skillLevel: cert.skillLevel,
      awardedAt: award.awardedAt,
      expiresAt: award.expiresAt,
      revokedAt: award.revokedAt,
      lapsedAt: award.lapsedAt,
    }));

  const awardOut = (award: AwardRow, cert: CertificationRow): Award => ({
    id: award.id,
    certificationId: cert.id,
    certificationName: cert.name,
    level: cert.level as CertificationLevel,
    userId: award.userId,
    skill: cert.skill,
    skillLevel: cert.skillLevel,
    awardedAt: award.awardedAt.toISOString(),
    expiresAt: award.expiresAt?.toISOString() ?? null,
    revokedAt: award.revokedAt?.toISOString() ?? null,
    active: isActive(award, clock.now()),
    verificationCode: award.verificationCode,
  });

  /** Sets the agent's certification-managed skills from `before` to `after`; other skills stay. */
  async function applySkills(userId: string, before: Map<string, number>, after: Map<string, number>): Promise<void> {
    const r = await deps.routing.getAgentRouting(userId);
    const current = new Map(r.skills.map((s) => [s.skill, s.level]));
    const next = skillChange(current, before, after);
    const same = next.size === current.size && [...next].every(([k, v]) => current.get(k) === v);
    if (same) return;
    await deps.routing.putAgentRouting(
      userId,
      {
        skills: [...next].map(([skill, level]) => ({ skill, level })),
        memberships: r.memberships.map((m) => ({
          queue: m.queueId,
          priority: m.priority,
          delaySeconds: m.delaySeconds,
        })),
        capacity: r.capacity,
      },
      SYSTEM,
    );
  }

  /** What the skills an agent's awards have granted so far: every award not revoked and not yet lapsed. */
  const applied = (hs: ReturnType<typeof held>, now: Date) =>
    grantedSkills(
      hs.filter((h) => h.lapsedAt === null).map((h) => ({ ...h, expiresAt: null })),
      now,
    );

  async function evaluate(certificationId: string, userId: string, actor: Actor): Promise<Evaluation> {
    const cert = await repo.certification(db, certificationId);
    if (!cert) throw certificationNotFound(certificationId);
    const now = clock.now();
    const rows = await repo.awardsOf(db, userId);
    const current = rows.find((x) => x.cert.id === cert.id && isActive(x.award, now));
    if (current) return { awarded: true, award: awardOut(current.award, cert) };
    const [profile] = await deps.users.profiles(db, [userId]);
    const c: Criteria = cert.criteria;
    const unmet = unmetCriteria(
      c,
      {
        bestExamPercent: c.examId ? await repo.bestExamPercent(db, c.examId, userId) : null,
        // Practical assessments and quality scores reach training in a later step: a level that
        // asks for them is not awarded automatically yet.
        bestPracticalPercent: null,
        qualityScores: [],
        hiredAt: profile?.createdAt ?? null,
      },
      now,
    );
    if (unmet.length > 0) return { awarded: false, unmet };
    const award: AwardRow = {
      id: ids.next(),
      certificationId: cert.id,
      userId,
      awardedAt: now,
      expiresAt: cert.validityDays ? new Date(now.getTime() + cert.validityDays * DAY) : null,
      revokedAt: null,
      lapsedAt: null,
      verificationCode: verificationCode(),
    };
    await db.transaction(async (tx) => {
      await repo.insertAward(tx, award);
      await audit.append(tx, actor, {
        action: 'training.certification.awarded',
        entityType: 'user',
        entityId: userId,
        details: { certification: cert.name, level: cert.level, skill: cert.skill, skillLevel: cert.skillLevel },
      });
    });
    const before = held(rows);
    await applySkills(userId, applied(before, now), applied([...before, ...held([{ award, cert }])], now));
    return { awarded: true, award: awardOut(award, cert) };
  }

  return {
    async create(body: CertificationBody, actor: Actor): Promise<Certification> {
      const row: CertificationRow = { id: ids.next(), ...body, createdAt: clock.now() };
      await db.transaction(async (tx) => {
        await repo.insertCertification(tx, row);
        await audit.append(tx, actor, {
          action: 'training.certification.created',
          entityType: 'certification',
          entityId: row.id,
          details: {
            name: row.name,
            level: row.level,
            skill: row.skill,
            skillLevel: row.skillLevel,
            criteria: row.criteria,
          },
        });
      });
      return certOut(row);
    },
    async list(): Promise<Certification[]> {
      return (await repo.certifications(db)).map(certOut);
    },
    async awardsOf(userId: string): Promise<Award[]> {
      return (await repo.awardsOf(db, userId)).map((x) => awardOut(x.award, x.cert));
    },
    evaluate,

    /** A passed exam evaluates the certifications that name it (the trainee is certified at once). */
    async onAttemptSubmitted(e: AttemptSubmitted): Promise<void> {
      if (!e.passed) return;
      for (const cert of await repo.certifications(db)) {
        if (cert.criteria.examId !== e.examId) continue;
        try {
          await evaluate(cert.id, e.userId, SYSTEM);
        } catch (err) {
          log.error({ err, certification: cert.id, userId: e.userId }, 'training: evaluating a certification failed');
        }
      }
    },

    /** Takes back the skills of certifications that have expired (run every minute, and by tests). */
    async sweep(): Promise<number> {
      const now = clock.now();
      let n = 0;
      for (const userId of await repo.usersWithDueLapses(db, now)) {
        const hs = held(await repo.awardsOf(db, userId));
        await applySkills(userId, applied(hs, now), grantedSkills(hs, now));
        const lapsed = hs.filter(
          (h) => h.lapsedAt === null && h.revokedAt === null && h.expiresAt && h.expiresAt <= now,
        );
        await repo.markLapsed(
          db,
          lapsed.map((h) => h.id),
          now,
        );
        n += lapsed.length;
      }
      return n;
    },
  };
}
export type Certifications = ReturnType<typeof createCertifications>;
