import { and, desc, eq, sql } from 'drizzle-orm';
import {
  type CreateScorecardBody,
  type Scorecard,
  ScorecardContent,
  type ScorecardVersion,
  type UpdateScorecardBody,
} from '../../../../contracts/quality';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, type DbOrTx, isUniqueViolation, type Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { DEFAULT_SCORECARD } from './domain/defaults';
import { nothingToPublish, scorecardNameTaken, scorecardNotFound, scorecardNotPublished } from './quality.errors';
import { qualityScorecards, qualityScorecardVersions } from './quality.schema';

type Row = typeof qualityScorecards.$inferSelect;

/** Serialises the default scorecard's creation between processes starting at once. */
const DEFAULT_SCORECARD_LOCK = 7_314_202_000;

/**
 * Scorecards (评分表): edited as a draft, published as numbered versions that never change again;
 * an evaluation keeps the version it was started with. A scorecard applies to its queues; the
 * default one to every other queue.
 */
export function createScorecards(deps: {
  db: Database;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditLog;
}) {
  const { db, bus, clock, ids, audit } = deps;

  async function versionOf(tx: DbOrTx, id: string, version: number): Promise<ScorecardVersion | undefined> {
    const [v] = await tx
      .select()
      .from(qualityScorecardVersions)
      .where(and(eq(qualityScorecardVersions.scorecardId, id), eq(qualityScorecardVersions.version, version)));
    return v && { scorecardId: id, version, content: v.content, publishedAt: v.publishedAt.toISOString() };
  }

  async function toDto(tx: DbOrTx, r: Row): Promise<Scorecard> {
    const published = r.version > 0 ? await versionOf(tx, r.id, r.version) : undefined;
    return {
      id: r.id,
      name: r.name,
      queueIds: r.queueIds,
      isDefault: r.isDefault,
      archived: r.archived,
      version: r.version,
      content: published?.content ?? null,
      draft: r.draft ? ScorecardContent.parse(r.draft) : null,
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  async function row(tx: DbOrTx, id: string): Promise<Row> {
    const [r] = await tx.select().from(qualityScorecards).where(eq(qualityScorecards.id, id));
    if (!r) throw scorecardNotFound(id);
    return r;
  }

  async function named<T>(name: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (name && isUniqueViolation(err)) throw scorecardNameTaken(name);
      throw err;
    }
  }

  async function publishIn(tx: Tx, r: Row, actor: Actor): Promise<number> {
    if (!r.draft) throw nothingToPublish(r.id);
    const content = ScorecardContent.parse(r.draft);
    const version = r.version + 1;
    await tx.insert(qualityScorecardVersions).values({
      scorecardId: r.id,
      version,
      content,
      publishedAt: clock.now(),
      publishedBy: actor.userId,
    });
    await tx
      .update(qualityScorecards)
      .set({ version, draft: null, updatedAt: clock.now() })
      .where(eq(qualityScorecards.id, r.id));
    await audit.append(tx, actor, {
      action: 'quality.scorecard.published',
      entityType: 'scorecard',
      entityId: r.id,
      details: { name: r.name, version },
    });
    return version;
  }

  return {
    async list(): Promise<Scorecard[]> {
      const rows = await db
        .select()
        .from(qualityScorecards)
        .orderBy(desc(qualityScorecards.isDefault), qualityScorecards.name);
      return Promise.all(rows.map((r) => toDto(db, r)));
    },

    async get(id: string): Promise<Scorecard> {
      return toDto(db, await row(db, id));
    },

    async version(id: string, version: number): Promise<ScorecardVersion> {
      const v = await versionOf(db, id, version);
      if (!v) throw scorecardNotFound(`${id} v${version}`);
      return v;
    },

    versionIn: versionOf,

    async create(body: CreateScorecardBody, actor: Actor) {
      const id = await named(body.name, () =>
        bus.transaction(async (tx) => {
          const now = clock.now();
          const [r] = await tx
            .insert(qualityScorecards)
            .values({
              id: ids.next(),
              name: body.name,
              queueIds: body.queueIds,
              draft: body.content,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          await audit.append(tx, actor, {
            action: 'quality.scorecard.created',
            entityType: 'scorecard',
            entityId: r!.id,
            details: { name: body.name, queueIds: body.queueIds },
          });
          return r!.id;
        }),
      );
      return this.get(id);
    },

    async update(id: string, body: UpdateScorecardBody, actor: Actor): Promise<Scorecard> {
      await named(body.name, () =>
        db.transaction(async (tx) => {
          await row(tx, id);
          await tx
            .update(qualityScorecards)
            .set({
              ...(body.name !== undefined ? { name: body.name } : {}),
              ...(body.queueIds !== undefined ? { queueIds: body.queueIds } : {}),
              ...(body.content !== undefined ? { draft: body.content } : {}),
              ...(body.archived !== undefined ? { archived: body.archived } : {}),
              updatedAt: clock.now(),
            })
            .where(eq(qualityScorecards.id, id));
          await audit.append(tx, actor, {
            action: 'quality.scorecard.updated',
            entityType: 'scorecard',
            entityId: id,
            details: {
              fields: Object.keys(body),
              ...(body.name !== undefined ? { name: body.name } : {}),
              ...(body.queueIds !== undefined ? { queueIds: body.queueIds } : {}),
            },
          });
        }),
      );
      return this.get(id);
    },

    async publish(id: string, actor: Actor): Promise<Scorecard> {
      await db.transaction(async (tx) => {
        const [r] = await tx.select().from(qualityScorecards).where(eq(qualityScorecards.id, id)).for('update');
        if (!r) throw scorecardNotFound(id);
        await publishIn(tx, r, actor);
      });
      return this.get(id);
    },

    /**
     * The published version that scores a contact of this queue: the queue's own scorecard, else
     * the default; `scorecardId` picks one by hand.
     */
    async forQueue(tx: DbOrTx, queueId: string | null, scorecardId?: string): Promise<ScorecardVersion | undefined> {
      let r: Row | undefined;
      if (scorecardId) {
        r = await row(tx, scorecardId);
        if (r.version === 0) throw scorecardNotPublished(scorecardId);
      } else {
        const rows = await tx
          .select()
          .from(qualityScorecards)
          .where(
            and(
              eq(qualityScorecards.archived, false),
              sql`${qualityScorecards.version} > 0`,
              queueId
                ? sql`(${queueId}::uuid = any(${qualityScorecards.queueIds}) or ${qualityScorecards.isDefault})`
                : eq(qualityScorecards.isDefault, true),
            ),
          )
          .orderBy(qualityScorecards.isDefault, qualityScorecards.createdAt);
        r = rows[0];
      }
      return r ? versionOf(tx, r.id, r.version) : undefined;
    },

    /**
     * The default scorecard from the manuals, published, on a fresh installation (not audited: no one
     * made it, like the other modules' defaults).
     */
    async ensureDefault(): Promise<void> {
      await db.transaction(async (tx) => {
        // One starting process at a time; a second finds the row made by the first.
        await tx.execute(sql`select pg_advisory_xact_lock(${DEFAULT_SCORECARD_LOCK})`);
        const [any] = await tx.select({ id: qualityScorecards.id }).from(qualityScorecards).limit(1);
        if (any) return;
        const now = clock.now();
        const id = ids.next();
        await tx.insert(qualityScorecards).values({
          id,
          name: DEFAULT_SCORECARD.name,
          queueIds: [],
          version: 1,
          isDefault: true,
          createdAt: now,
          updatedAt: now,
        });
        await tx.insert(qualityScorecardVersions).values({
          scorecardId: id,
          version: 1,
          content: ScorecardContent.parse(DEFAULT_SCORECARD.content),
          publishedAt: now,
          publishedBy: null,
        });
      });
    },
  };
}
export type Scorecards = ReturnType<typeof createScorecards>;
