import type {
  Article,
  ArticlePage,
  ArticleStatus,
  ArticleSummary,
  ArticleVersion,
  CreateArticleBody,
  FeedbackBody,
  ListArticlesQuery,
  ReviewBody,
  RevisionState,
  UpdateArticleBody,
} from '../../../../contracts/knowledge';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { toSearchQuery } from '../../platform/text-search';
import type { UsersService } from '../auth';
import { treeProblems } from './domain/tree';
import { datesProblem, validityOf } from './domain/validity';
import { sanitizeBody } from './knowledge.content';
import {
  articleNotFound,
  articleState,
  categoryNotFound,
  invalidArticle,
  ownReview,
  versionConflict,
} from './knowledge.errors';
import type { ArticleChanged } from './knowledge.events';
import type { ArticleRow, KnowledgeRepo, RevisionRow } from './knowledge.repo';
import { articlePlainText, articleSearchVector } from './knowledge.vector';

export type ArticlesDeps = {
  db: Database;
  repo: KnowledgeRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  users: Pick<UsersService, 'displayNames'>;
  /** Told after a publication, an archiving or a restore: the suggestion index reloads. */
  onPublishedChange: () => void;
};

/** Who reads: their id and what they may do with articles. */
export type Reader = Pick<Actor, 'userId' | 'permissions'>;

/** The system itself (CLI, demo seeding) acts without permissions and may do everything. */
const may = (a: Reader, p: 'knowledge.edit' | 'knowledge.review' | 'knowledge.manage') =>
  !a.permissions || a.permissions.has(p);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const EDITABLE: readonly RevisionState[] = ['draft', 'rejected', 'review'];

type Content = Pick<
  RevisionRow,
  'title' | 'body' | 'kind' | 'categoryId' | 'tags' | 'effectiveFrom' | 'expiresAt' | 'tree' | 'suggest'
>;

/** Articles (文章, 话术, 故障树): versions written, reviewed and published; read, rated. */
export function createKnowledgeArticles(deps: ArticlesDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;

  async function names(ids: (string | null)[]): Promise<Map<string, string>> {
    return deps.users.displayNames(db, [...new Set(ids.filter((x): x is string => !!x))]);
  }

  function versionOut(r: RevisionRow, who: Map<string, string>): ArticleVersion {
    const person = (id: string | null) => (id ? { id, name: who.get(id) ?? '' } : null);
    return {
      version: r.version,
      state: r.state as RevisionState,
      title: r.title,
      body: r.body,
      kind: r.kind as ArticleVersion['kind'],
      categoryId: r.categoryId,
      tags: r.tags,
      effectiveFrom: iso(r.effectiveFrom),
      expiresAt: iso(r.expiresAt),
      tree: r.tree ?? null,
      suggest: r.suggest,
      author: person(r.authorId),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      submittedAt: iso(r.submittedAt),
      reviewer: person(r.reviewerId),
      reviewedAt: iso(r.reviewedAt),
      reviewComment: r.reviewComment,
    };
  }

  async function detail(tx: DbOrTx, a: ArticleRow, reader: Reader): Promise<Article> {
    // One after the other: `tx` may be a transaction's single connection.
    const published = a.publishedVersion ? await repo.findRevision(tx, a.id, a.publishedVersion) : undefined;
    const working =
      a.workingVersion && may(reader, 'knowledge.edit')
        ? await repo.findRevision(tx, a.id, a.workingVersion)
        : undefined;
    const mine = reader.userId ? await repo.findFeedback(tx, a.id, reader.userId) : undefined;
    const who = await names([
      published?.authorId ?? null,
      published?.reviewerId ?? null,
      working?.authorId ?? null,
      working?.reviewerId ?? null,
    ]);
    return {
      id: a.id,
      status: a.status as ArticleStatus,
      validity: validityOf({ ...a, status: a.status as ArticleStatus }, clock.now()),
      published: published ? versionOut(published, who) : null,
      working: working ? versionOut(working, who) : null,
      views: a.views,
      helpful: { yes: a.helpfulYes, no: a.helpfulNo },
      myFeedback: mine ? mine.helpful : null,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }

  function summary(a: ArticleRow, workingState: RevisionState | null): ArticleSummary {
    return {
      id: a.id,
      title: a.title,
      kind: a.kind as ArticleSummary['kind'],
      categoryId: a.categoryId,
      tags: a.tags,
      status: a.status as ArticleStatus,
      validity: validityOf({ ...a, status: a.status as ArticleStatus }, clock.now()),
      effectiveFrom: iso(a.effectiveFrom),
      expiresAt: iso(a.expiresAt),
      workingState,
      publishedAt: iso(a.publishedAt),
      updatedAt: a.updatedAt.toISOString(),
      views: a.views,
    };
  }

  /** The checks zod cannot make alone: the category exists, the dates agree, the tree holds together. */
  async function assertContent(tx: DbOrTx, c: Content): Promise<void> {
    const problems: { path: string; message: string }[] = [];
    const dates = datesProblem(c.effectiveFrom, c.expiresAt);
    if (dates) problems.push({ path: 'expiresAt', message: dates });
    if (c.kind === 'tree' && !c.tree?.length)
      problems.push({ path: 'tree', message: 'a troubleshooting tree needs its steps' });
    if (c.tree) problems.push(...treeProblems(c.tree));
    if (problems.length) throw invalidArticle(problems);
    if (c.categoryId && !(await repo.findCategory(tx, c.categoryId))) throw categoryNotFound(c.categoryId);
  }

  /** The article row's copy of a never-published article's working version (lists show the draft's title). */
  const mirror = (c: Content) => ({
    title: c.title,
    kind: c.kind,
    categoryId: c.categoryId,
    tags: c.tags,
    effectiveFrom: c.effectiveFrom,
    expiresAt: c.expiresAt,
    suggest: c.suggest,
  });

  async function changed(
    tx: Tx,
    name:
      | 'knowledge.article.changed'
      | 'knowledge.article.submitted'
      | 'knowledge.article.published'
      | 'knowledge.article.rejected',
    a: ArticleRow,
    r: RevisionRow,
  ) {
    const payload: ArticleChanged = {
      articleId: a.id,
      title: r.title,
      status: a.status as ArticleStatus,
      version: r.version,
      publishedVersion: a.publishedVersion,
      authorId: r.authorId,
    };
    await bus.stage(tx, name, payload);
  }

  async function locked(tx: DbOrTx, id: string): Promise<ArticleRow> {
    const a = await repo.findArticle(tx, id, true);
    if (!a) throw articleNotFound(id);
    return a;
  }

  /** The version being written or reviewed, or a failure naming what there is instead. */
  async function workingOf(tx: DbOrTx, a: ArticleRow, step: string): Promise<RevisionRow> {
    if (a.status === 'archived') throw articleState('archived', step);
    const w = a.workingVersion ? await repo.findRevision(tx, a.id, a.workingVersion) : undefined;
    if (!w) throw articleState(a.publishedVersion ? 'published' : 'none', step);
    return w;
  }

  /**
   * The article's new `updatedAt`: now, and always later than before, so that an editor's
   * `baseUpdatedAt` tells every change apart (two saves in one millisecond, a fixed clock).
   */
  const touched = (a: ArticleRow) => new Date(Math.max(clock.now().getTime(), a.updatedAt.getTime() + 1));

  /** The status an article shows after its working version moved. */
  const statusAfter = (a: ArticleRow, workingState: RevisionState | null): ArticleStatus =>
    workingState === 'review' ? 'review' : a.publishedVersion ? 'published' : 'draft';

  return {
    async create(body: CreateArticleBody, actor: Actor): Promise<Article> {
      const now = clock.now();
      const content: Content = {
        title: body.title,
        body: sanitizeBody(body.body),
        kind: body.kind,
        categoryId: body.categoryId ?? null,
        tags: [...new Set(body.tags ?? [])],
        effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : null,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        tree: body.tree ?? null,
        suggest: body.suggest ?? { queueIds: [], keywords: [] },
      };
      const id = ids.next();
      return bus.transaction(async (tx) => {
        await assertContent(tx, content);
        await repo.insertArticle(tx, {
          id,
          status: 'draft',
          publishedVersion: null,
          workingVersion: 1,
          latestVersion: 1,
          ...mirror(content),
          createdAt: now,
          updatedAt: now,
        });
        await repo.insertRevision(tx, {
          articleId: id,
          version: 1,
          state: 'draft',
          ...content,
          authorId: actor.userId,
          createdAt: now,
          updatedAt: now,
        });
        await audit.append(tx, actor, {
          action: 'knowledge.article.created',
          entityType: 'knowledge_article',
          entityId: id,
          details: { title: content.title, kind: content.kind },
        });
        const a = (await repo.findArticle(tx, id))!;
        await changed(tx, 'knowledge.article.changed', a, (await repo.findRevision(tx, id, 1))!);
        return detail(tx, a, actor);
      });
    },

    /**
     * Saves changes to the working version. A published article gets a new version (the published
     * one stays what agents read until the new one is published); a version in review goes back
     * to draft (it changed after it was handed over).
     */
    async update(id: string, body: UpdateArticleBody, actor: Actor): Promise<Article> {
      const now = clock.now();
      return bus.transaction(async (tx) => {
        const a = await locked(tx, id);
        if (a.status === 'archived') throw articleState('archived', 'edit');
        if (body.baseVersion !== undefined && body.baseVersion !== a.latestVersion) {
          throw versionConflict(body.baseVersion, a.latestVersion);
        }
        if (body.baseUpdatedAt !== undefined && new Date(body.baseUpdatedAt).getTime() !== a.updatedAt.getTime()) {
          throw versionConflict(body.baseVersion ?? a.latestVersion, a.latestVersion);
        }
        const working = a.workingVersion ? await repo.findRevision(tx, id, a.workingVersion) : undefined;
        const base = working ?? (await repo.findRevision(tx, id, a.publishedVersion!))!;
        const content: Content = {
          title: body.title ?? base.title,
          body: body.body !== undefined ? sanitizeBody(body.body) : base.body,
          kind: body.kind ?? base.kind,
          categoryId: body.categoryId !== undefined ? body.categoryId : base.categoryId,
          tags: body.tags ? [...new Set(body.tags)] : base.tags,
          effectiveFrom:
            body.effectiveFrom !== undefined
              ? body.effectiveFrom
                ? new Date(body.effectiveFrom)
                : null
              : base.effectiveFrom,
          expiresAt: body.expiresAt !== undefined ? (body.expiresAt ? new Date(body.expiresAt) : null) : base.expiresAt,
          tree: body.tree !== undefined ? body.tree : base.tree,
          suggest: body.suggest ?? base.suggest,
        };
        await assertContent(tx, content);
        let version: number;
        if (working && EDITABLE.includes(working.state as RevisionState)) {
          version = working.version;
          await repo.updateRevision(tx, id, version, { ...content, state: 'draft', submittedAt: null, updatedAt: now });
        } else {
          version = a.latestVersion + 1;
          await repo.insertRevision(tx, {
            articleId: id,
            version,
            state: 'draft',
            ...content,
            authorId: actor.userId,
            createdAt: now,
            updatedAt: now,
          });
        }
        const updated = (await repo.updateArticle(tx, id, {
          workingVersion: version,
          latestVersion: Math.max(version, a.latestVersion),
          status: statusAfter(a, 'draft'),
          ...(a.publishedVersion ? {} : mirror(content)),
          updatedAt: touched(a),
        }))!;
        await audit.append(tx, actor, {
          action: 'knowledge.article.edited',
          entityType: 'knowledge_article',
          entityId: id,
          details: { version, title: content.title },
        });
        await changed(tx, 'knowledge.article.changed', updated, (await repo.findRevision(tx, id, version))!);
        return detail(tx, updated, actor);
      });
    },

    /** Hands the working version to a reviewer. */
    async submit(id: string, actor: Actor): Promise<Article> {
      const now = clock.now();
      return bus.transaction(async (tx) => {
        const a = await locked(tx, id);
        const w = await workingOf(tx, a, 'submit');
        if (w.state !== 'draft' && w.state !== 'rejected') throw articleState(w.state as RevisionState, 'submit');
        const r = (await repo.updateRevision(tx, id, w.version, {
          state: 'review',
          submittedAt: now,
          updatedAt: now,
        }))!;
        const updated = (await repo.updateArticle(tx, id, { status: 'review', updatedAt: touched(a) }))!;
        await audit.append(tx, actor, {
          action: 'knowledge.article.submitted',
          entityType: 'knowledge_article',
          entityId: id,
          details: { version: w.version },
        });
        await changed(tx, 'knowledge.article.submitted', updated, r);
        return detail(tx, updated, actor);
      });
    },

    /**
     * Publishes the working version: a reviewer publishes a version handed to review by someone
     * else; an administrator of the knowledge base (knowledge.manage) may publish any working
     * version directly. The reviewer is recorded; the version before is kept as superseded.
     */
    async publish(id: string, body: ReviewBody, actor: Actor): Promise<Article> {
      const now = clock.now();
      const result = await bus.transaction(async (tx) => {
        const a = await locked(tx, id);
        const w = await workingOf(tx, a, 'publish');
        const manager = may(actor, 'knowledge.manage');
        if (w.state !== 'review' && !manager) throw articleState(w.state as RevisionState, 'publish');
        if (w.authorId === actor.userId && !manager) throw ownReview();
        const content = w as Content;
        if (a.publishedVersion) {
          await repo.updateRevision(tx, id, a.publishedVersion, { state: 'superseded' });
        }
        const r = (await repo.updateRevision(tx, id, w.version, {
          state: 'published',
          reviewerId: actor.userId,
          reviewedAt: now,
          reviewComment: body.comment ?? null,
          submittedAt: w.submittedAt ?? now,
          updatedAt: now,
        }))!;
        const updated = (await repo.updateArticle(tx, id, {
          status: 'published',
          publishedVersion: w.version,
          workingVersion: null,
          ...mirror(content),
          bodyText: articlePlainText(content),
          search: articleSearchVector(content),
          publishedAt: now,
          updatedAt: touched(a),
        }))!;
        await audit.append(tx, actor, {
          action: 'knowledge.article.published',
          entityType: 'knowledge_article',
          entityId: id,
          details: {
            version: w.version,
            reviewed: w.state === 'review',
            title: w.title,
            effectiveFrom: iso(w.effectiveFrom),
            expiresAt: iso(w.expiresAt),
          },
        });
        await changed(tx, 'knowledge.article.published', updated, r);
        return detail(tx, updated, actor);
      });
      deps.onPublishedChange();
      return result;
    },

    /** Sends a version in review back to its author with a comment. */
    async reject(id: string, body: ReviewBody, actor: Actor): Promise<Article> {
      const now = clock.now();
      return bus.transaction(async (tx) => {
        const a = await locked(tx, id);
        const w = await workingOf(tx, a, 'reject');
        if (w.state !== 'review') throw articleState(w.state as RevisionState, 'reject');
        const r = (await repo.updateRevision(tx, id, w.version, {
          state: 'rejected',
          reviewerId: actor.userId,
          reviewedAt: now,
          reviewComment: body.comment ?? null,
          updatedAt: now,
        }))!;
        const updated = (await repo.updateArticle(tx, id, {
          status: statusAfter(a, 'rejected'),
          updatedAt: touched(a),
        }))!;
        await audit.append(tx, actor, {
          action: 'knowledge.article.rejected',
          entityType: 'knowledge_article',
          entityId: id,
          details: { version: w.version, comment: body.comment ?? null },
        });
        await changed(tx, 'knowledge.article.rejected', updated, r);
        return detail(tx, updated, actor);
      });
    },

    /** Withdraws an article (from search and suggestions), or brings an archived one back. */
    async setArchived(id: string, archived: boolean, actor: Actor): Promise<Article> {
      const now = clock.now();
      const result = await bus.transaction(async (tx) => {
        const a = await locked(tx, id);
        if ((a.status === 'archived') === archived)
          throw articleState(archived ? 'archived' : 'none', archived ? 'archive' : 'restore');
        let status: ArticleStatus = 'archived';
        if (!archived) {
          const w = a.workingVersion ? await repo.findRevision(tx, id, a.workingVersion) : undefined;
          status = statusAfter(a, (w?.state as RevisionState | undefined) ?? null);
        }
        const updated = (await repo.updateArticle(tx, id, { status, updatedAt: touched(a) }))!;
        await audit.append(tx, actor, {
          action: archived ? 'knowledge.article.archived' : 'knowledge.article.restored',
          entityType: 'knowledge_article',
          entityId: id,
          details: { title: a.title },
        });
        const r = await repo.findRevision(tx, id, a.publishedVersion ?? a.latestVersion);
        await changed(tx, 'knowledge.article.changed', updated, r!);
        return detail(tx, updated, actor);
      });
      deps.onPublishedChange();
      return result;
    },

    /**
     * One article. Readers without knowledge.edit see published articles only (an expired one is
     * returned marked expired, never as current); each reading is counted with where it came from.
     */
    async get(id: string, reader: Reader, from?: 'search' | 'suggestion' | 'browse' | 'link'): Promise<Article> {
      const a = await repo.findArticle(db, id);
      if (!a) throw articleNotFound(id);
      const editor = may(reader, 'knowledge.edit');
      if (!editor && (a.publishedVersion === null || a.status === 'archived')) throw articleNotFound(id);
      if (from && a.publishedVersion !== null) {
        await repo.recordView(db, { articleId: id, userId: reader.userId, source: from, at: clock.now() });
        a.views += 1;
      }
      return detail(db, a, reader);
    },

    async versions(id: string): Promise<ArticleVersion[]> {
      if (!(await repo.findArticle(db, id))) throw articleNotFound(id);
      const rows = await repo.listRevisions(db, id);
      const who = await names(rows.flatMap((r) => [r.authorId, r.reviewerId]));
      return rows.map((r) => versionOut(r, who));
    },

    async list(q: ListArticlesQuery, reader: Reader): Promise<ArticlePage> {
      const editor = may(reader, 'knowledge.edit');
      const tsquery = q.q ? toSearchQuery(q.q) : undefined;
      const { rows, total } = await repo.listArticles(
        db,
        {
          // Readers list what is published only.
          status: editor ? q.status : 'published',
          needsReview: editor ? q.needsReview : undefined,
          categoryId: q.categoryId,
          kind: q.kind,
          tsquery,
          titleLike: q.q && editor ? q.q : undefined,
          validity: q.validity,
          now: clock.now(),
        },
        { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
      );
      const workingStates = editor
        ? await repo.revisionStates(
            db,
            rows.flatMap((a) => (a.workingVersion ? [{ articleId: a.id, version: a.workingVersion }] : [])),
          )
        : new Map<string, string>();
      const items = rows.map((a) => summary(a, (workingStates.get(a.id) as RevisionState | undefined) ?? null));
      return { items, total, page: q.page, pageSize: q.pageSize };
    },

    async feedback(id: string, body: FeedbackBody, actor: Actor): Promise<Article> {
      const a = await repo.findArticle(db, id);
      if (!a || a.publishedVersion === null || a.status === 'archived') throw articleNotFound(id);
      await db.transaction(async (tx) => {
        await repo.putFeedback(tx, {
          articleId: id,
          userId: actor.userId!,
          helpful: body.helpful,
          comment: body.comment ?? null,
          at: clock.now(),
        });
      });
      return detail(db, (await repo.findArticle(db, id))!, actor);
    },
  };
}
export type KnowledgeArticles = ReturnType<typeof createKnowledgeArticles>;
