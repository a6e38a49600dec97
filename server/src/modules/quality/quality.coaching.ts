import { and, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type {
  Coaching,
  CreateCoachingBody,
  CreateExampleBody,
  Example,
  UpdateCoachingBody,
} from '../../../../contracts/quality';
import type { Actor, AuditLog } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { forbidden } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { UsersService } from '../auth';
import type { ContactsReadModel } from './quality.contacts';
import { coachingNotFound, contactNotFound, exampleNoRecording, exampleNotFound } from './quality.errors';
import { qualityCoaching, qualityExamples } from './quality.schema';
import { inScope, type ScopeOf } from './quality.scope';

/**
 * Coaching tasks (一对一辅导) made from evaluations, tracked to done; and the best-practice library
 * (优秀案例): contacts marked as examples, each shown to QA only, to team leads too, or to everyone.
 */
export function createCoaching(deps: {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditLog;
  users: Pick<UsersService, 'profiles' | 'displayNames'>;
  contacts: ContactsReadModel;
  scopeOf: ScopeOf;
}) {
  const { db, clock, ids, audit } = deps;

  async function toDtos(rows: Array<typeof qualityCoaching.$inferSelect>): Promise<Coaching[]> {
    const names = await deps.users.displayNames(db, [...new Set(rows.flatMap((r) => [r.agentId, r.coachId]))]);
    const now = clock.now();
    return rows.map((r) => ({
      id: r.id,
      agentId: r.agentId,
      agentName: names.get(r.agentId) ?? '',
      coachId: r.coachId,
      coachName: names.get(r.coachId) ?? '',
      evaluationId: r.evaluationId,
      goal: r.goal,
      items: r.items,
      dueAt: r.dueAt.toISOString(),
      overdue: r.status === 'open' && r.dueAt < now,
      status: r.status as 'open' | 'done',
      notes: r.notes,
      createdAt: r.createdAt.toISOString(),
      doneAt: r.doneAt?.toISOString() ?? null,
    }));
  }

  /** Team leads coach their teams' agents; QA staff anyone. */
  async function assertMayCoach(actor: Actor, agentId: string) {
    const scope = await deps.scopeOf(actor);
    const [agent] = await deps.users.profiles(db, [agentId]);
    if (!agent || scope.kind === 'own' || !inScope(scope, agentId, agent.teamId) || agentId === actor.userId) {
      throw forbidden('qa.team');
    }
  }

  const audienceOf = (actor: Actor): string[] => {
    const can = (p: Parameters<NonNullable<Actor['permissions']>['has']>[0]) => !!actor.permissions?.has(p);
    if (can('qa.manage') || can('qa.evaluate') || can('qa.view') || can('qa.review'))
      return ['qa', 'leads', 'everyone'];
    if (can('qa.team')) return ['leads', 'everyone'];
    return ['everyone'];
  };

  return {
    async listCoaching(actor: Actor, status?: 'open' | 'done'): Promise<Coaching[]> {
      const scope = await deps.scopeOf(actor);
      let who: SQL | undefined;
      if (scope.kind === 'own') who = eq(qualityCoaching.agentId, scope.userId);
      if (scope.kind === 'teams') {
        const members = scope.teamIds.length
          ? (await deps.users.profiles(db)).filter((p) => p.teamId && scope.teamIds.includes(p.teamId)).map((p) => p.id)
          : [];
        who = or(
          eq(qualityCoaching.agentId, scope.userId),
          eq(qualityCoaching.coachId, scope.userId),
          members.length ? inArray(qualityCoaching.agentId, members) : sql`false`,
        );
      }
      const rows = await db
        .select()
        .from(qualityCoaching)
        .where(and(who, status ? eq(qualityCoaching.status, status) : undefined))
        .orderBy(qualityCoaching.status, qualityCoaching.dueAt)
        .limit(500);
      return toDtos(rows);
    },

    async createCoaching(body: CreateCoachingBody, actor: Actor): Promise<Coaching> {
      await assertMayCoach(actor, body.agentId);
      const id = ids.next();
      await db.transaction(async (tx) => {
        await tx.insert(qualityCoaching).values({
          id,
          agentId: body.agentId,
          coachId: actor.userId!,
          evaluationId: body.evaluationId ?? null,
          goal: body.goal,
          items: body.items,
          dueAt: new Date(body.dueAt),
          status: 'open',
          createdAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'quality.coaching.created',
          entityType: 'coaching',
          entityId: id,
          details: { agentId: body.agentId, evaluationId: body.evaluationId ?? null, items: body.items },
        });
      });
      const [r] = await db.select().from(qualityCoaching).where(eq(qualityCoaching.id, id));
      return (await toDtos([r!]))[0]!;
    },

    async updateCoaching(id: string, body: UpdateCoachingBody, actor: Actor): Promise<Coaching> {
      const [r] = await db.select().from(qualityCoaching).where(eq(qualityCoaching.id, id));
      if (!r) throw coachingNotFound(id);
      if (r.coachId !== actor.userId) await assertMayCoach(actor, r.agentId);
      const done = body.status === 'done' && r.status !== 'done';
      await db.transaction(async (tx) => {
        await tx
          .update(qualityCoaching)
          .set({
            ...(body.notes !== undefined ? { notes: body.notes } : {}),
            ...(body.status ? { status: body.status, doneAt: body.status === 'done' ? clock.now() : null } : {}),
          })
          .where(eq(qualityCoaching.id, id));
        if (done) {
          await audit.append(tx, actor, {
            action: 'quality.coaching.completed',
            entityType: 'coaching',
            entityId: id,
            details: { agentId: r.agentId },
          });
        }
      });
      const [u] = await db.select().from(qualityCoaching).where(eq(qualityCoaching.id, id));
      return (await toDtos([u!]))[0]!;
    },

    async listExamples(actor: Actor): Promise<Example[]> {
      const rows = await db
        .select()
        .from(qualityExamples)
        .where(inArray(qualityExamples.audience, audienceOf(actor)))
        .orderBy(desc(qualityExamples.createdAt))
        .limit(500);
      const found = await deps.contacts.findMany(
        db,
        rows.map((r) => r.contactId),
      );
      const agentOf = new Map(found.map((c) => [c.contactId, c.agentId]));
      const recorded = new Set(found.filter((c) => c.recordingId).map((c) => c.contactId));
      const names = await deps.users.displayNames(db, [...new Set(found.map((c) => c.agentId))]);
      return rows.map((r) => ({
        id: r.id,
        contactId: r.contactId,
        evaluationId: r.evaluationId,
        title: r.title,
        note: r.note,
        tags: r.tags,
        audience: r.audience as Example['audience'],
        agentName: names.get(agentOf.get(r.contactId) ?? '') ?? '',
        hasRecording: recorded.has(r.contactId),
        createdBy: r.createdBy,
        createdAt: r.createdAt.toISOString(),
      }));
    },

    async createExample(body: CreateExampleBody, actor: Actor): Promise<Example> {
      if (!(await deps.contacts.find(db, body.contactId))) throw contactNotFound(body.contactId);
      const id = ids.next();
      await db.transaction(async (tx) => {
        await tx.insert(qualityExamples).values({
          id,
          contactId: body.contactId,
          evaluationId: body.evaluationId ?? null,
          title: body.title,
          note: body.note,
          tags: body.tags,
          audience: body.audience,
          createdBy: actor.userId!,
          createdAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'quality.example.created',
          entityType: 'example',
          entityId: id,
          details: { contactId: body.contactId, title: body.title, audience: body.audience },
        });
      });
      return (await this.listExamples(actor)).find((e) => e.id === id)!;
    },

    async deleteExample(id: string, actor: Actor): Promise<void> {
      await db.transaction(async (tx) => {
        const [r] = await tx.delete(qualityExamples).where(eq(qualityExamples.id, id)).returning();
        if (!r) throw exampleNotFound(id);
        await audit.append(tx, actor, {
          action: 'quality.example.deleted',
          entityType: 'example',
          entityId: id,
          details: { contactId: r.contactId, title: r.title },
        });
      });
    },

    /** Whether the example's contact recording may be played by this actor (its audience). */
    mayView(actor: Actor, audience: string) {
      return audienceOf(actor).includes(audience);
    },

    /**
     * The recording of an example, for those its audience reaches — the same rule as the list: an
     * example one may not list is not found (404), so its existence does not leak either.
     */
    async exampleRecording(id: string, actor: Actor): Promise<{ recordingId: string; contactId: string }> {
      const [r] = await db.select().from(qualityExamples).where(eq(qualityExamples.id, id));
      if (!r || !this.mayView(actor, r.audience)) throw exampleNotFound(id);
      const contact = await deps.contacts.find(db, r.contactId);
      if (!contact?.recordingId) throw exampleNoRecording(id);
      return { recordingId: contact.recordingId, contactId: r.contactId };
    },
  };
}
export type CoachingService = ReturnType<typeof createCoaching>;
