import { and, asc, count, desc, eq, gte, inArray, isNotNull, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { ArticleKind, ArticleStatus, Validity } from '../../../../contracts/knowledge';
import type { DbOrTx } from '../../platform/db';
import {
  knowledgeArticles,
  knowledgeCategories,
  knowledgeFeedback,
  knowledgeRevisions,
  knowledgeSearches,
  knowledgeSynonyms,
  knowledgeViews,
} from './knowledge.schema';

export type ArticleRow = typeof knowledgeArticles.$inferSelect;
export type RevisionRow = typeof knowledgeRevisions.$inferSelect;
export type CategoryRow = typeof knowledgeCategories.$inferSelect;
export type SynonymRow = typeof knowledgeSynonyms.$inferSelect;

export type ArticleFilter = {
  status?: ArticleStatus;
  needsReview?: boolean;
  categoryId?: string;
  kind?: ArticleKind;
  /** A tsquery literal (platform/text-search) over the published text. */
  tsquery?: string;
  /** Title contains (for drafts, which have no vector yet). */
  titleLike?: string;
  /** Whether the published text is current at `now` (domain/validity.ts, as SQL). */
  validity?: Validity;
  now: Date;
};

export type SearchRow = {
  id: string;
  title: string;
  body_text: string;
  kind: string;
  category_id: string | null;
  tags: string[];
  expires_at: Date | null;
};

/** At most this many matches of a search are ranked per result asked for (the newest; see `search`). */
export const RANK_POOL_PER_RESULT = 10;
/** A walk for a common word tests at most this many of the newest live articles. */
const WALK_WINDOW = 2000;

/** The only reader and writer of the knowledge tables. */
export function createKnowledgeRepo() {
  return {
    async insertArticle(db: DbOrTx, row: typeof knowledgeArticles.$inferInsert) {
      await db.insert(knowledgeArticles).values(row);
    },
    async updateArticle(db: DbOrTx, id: string, patch: Partial<typeof knowledgeArticles.$inferInsert>) {
      const [r] = await db.update(knowledgeArticles).set(patch).where(eq(knowledgeArticles.id, id)).returning();
      return r;
    },
    async findArticle(db: DbOrTx, id: string, forUpdate = false): Promise<ArticleRow | undefined> {
      const q = db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id));
      const [r] = forUpdate ? await q.for('update') : await q;
      return r;
    },
    async insertRevision(db: DbOrTx, row: typeof knowledgeRevisions.$inferInsert) {
      await db.insert(knowledgeRevisions).values(row);
    },
    async updateRevision(
      db: DbOrTx,
      articleId: string,
      version: number,
      patch: Partial<typeof knowledgeRevisions.$inferInsert>,
    ) {
      const [r] = await db
        .update(knowledgeRevisions)
        .set(patch)
        .where(and(eq(knowledgeRevisions.articleId, articleId), eq(knowledgeRevisions.version, version)))
        .returning();
      return r;
    },
    async findRevision(db: DbOrTx, articleId: string, version: number): Promise<RevisionRow | undefined> {
      const [r] = await db
        .select()
        .from(knowledgeRevisions)
        .where(and(eq(knowledgeRevisions.articleId, articleId), eq(knowledgeRevisions.version, version)));
      return r;
    },
    /** The state of each (article, version) pair given, in one query (a list page's working versions). */
    async revisionStates(db: DbOrTx, pairs: { articleId: string; version: number }[]): Promise<Map<string, string>> {
      if (pairs.length === 0) return new Map();
      const rows = await db
        .select({ articleId: knowledgeRevisions.articleId, state: knowledgeRevisions.state })
        .from(knowledgeRevisions)
        .where(
          sql`(${knowledgeRevisions.articleId}, ${knowledgeRevisions.version}) in (${sql.join(
            pairs.map((p) => sql`(${p.articleId}::uuid, ${p.version}::int)`),
            sql`, `,
          )})`,
        );
      return new Map(rows.map((r) => [r.articleId, r.state]));
    },
    async listRevisions(db: DbOrTx, articleId: string): Promise<RevisionRow[]> {
      return db
        .select()
        .from(knowledgeRevisions)
        .where(eq(knowledgeRevisions.articleId, articleId))
        .orderBy(desc(knowledgeRevisions.version));
    },

    async listArticles(db: DbOrTx, f: ArticleFilter, page: { offset: number; limit: number }) {
      const where: SQL[] = [];
      if (f.status) where.push(eq(knowledgeArticles.status, f.status));
      if (f.needsReview) where.push(eq(knowledgeArticles.status, 'review'));
      if (f.categoryId) where.push(eq(knowledgeArticles.categoryId, f.categoryId));
      if (f.kind) where.push(eq(knowledgeArticles.kind, f.kind));
      if (f.tsquery || f.titleLike) {
        const or: SQL[] = [];
        if (f.tsquery) or.push(sql`${knowledgeArticles.search} @@ ${f.tsquery}::tsquery`);
        if (f.titleLike) or.push(sql`strpos(lower(${knowledgeArticles.title}), lower(${f.titleLike})) > 0`);
        where.push(sql`(${sql.join(or, sql` or `)})`);
      }
      if (f.validity) {
        const a = knowledgeArticles;
        const live = sql`${a.publishedVersion} is not null and ${a.status} not in ('archived', 'draft')`;
        where.push(
          f.validity === 'unpublished'
            ? sql`not (${live})`
            : f.validity === 'expired'
              ? sql`${live} and ${a.expiresAt} <= ${f.now}`
              : f.validity === 'scheduled'
                ? sql`${live} and (${a.expiresAt} is null or ${a.expiresAt} > ${f.now}) and ${a.effectiveFrom} > ${f.now}`
                : sql`${live} and (${a.expiresAt} is null or ${a.expiresAt} > ${f.now}) and (${a.effectiveFrom} is null or ${a.effectiveFrom} <= ${f.now})`,
        );
      }
      const cond = where.length ? and(...where) : undefined;
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(knowledgeArticles)
          .where(cond)
          .orderBy(desc(knowledgeArticles.updatedAt), asc(knowledgeArticles.id))
          .offset(page.offset)
          .limit(page.limit),
        db.select({ n: count() }).from(knowledgeArticles).where(cond),
      ]);
      return { rows, total: total?.n ?? 0 };
    },

    /**
     * Published articles current at `now` matching the query, best first (title and tags rank above
     * the body: weights A, B, D), ties newest first.
     *
     * ts_rank_cd reads each article's whole vector (several kB, out of line): ranking every match
     * of a common word (宽带 is in most articles) took 0.5–1.5 s over 50,000 articles
     * (bench/knowledge.ts). So at most 10 × limit matches (the pool) are ranked, the newest ones:
     * all of them when a query has fewer (the usual, specific question); for a common word, the
     * newest 200 for a page of 20. The pool is found one of two ways: `walk` (the caller expects
     * the words in a good share of articles, knowledge.search.ts) tests the newest live articles one
     * by one and stops when the pool is full; otherwise the GIN index gives every match, sorted by
     * date without reading a vector (but a phrase — a word of 3+ characters — is checked on each
     * candidate's vector).
     */
    async search(
      db: DbOrTx,
      q: {
        tsquery: string;
        now: Date;
        categoryId?: string;
        kind?: string;
        limit: number;
        excludeIds?: string[];
        walk?: boolean;
      },
    ): Promise<SearchRow[]> {
      const tsquery = sql`${q.tsquery}::tsquery`;
      const pool = q.limit * RANK_POOL_PER_RESULT;
      // The index knowledge_articles_live_idx: its predicate, its order.
      const live = sql`status <> 'archived' and published_version is not null
          and (effective_from is null or effective_from <= ${q.now})
          and (expires_at is null or expires_at > ${q.now})
          ${q.categoryId ? sql`and category_id = ${q.categoryId}` : sql``}
          ${q.kind ? sql`and kind = ${q.kind}` : sql``}
          ${q.excludeIds?.length ? sql`and id <> all(${q.excludeIds}::uuid[])` : sql``}`;
      const ranked = (candidates: SQL) => sql`
        with pool as materialized (${candidates})
        select a.id, a.title, a.body_text, a.kind, a.category_id, a.tags, a.expires_at
        from pool join knowledge_articles a on a.id = pool.id
        order by ts_rank_cd(a.search, ${tsquery}) desc, a.published_at desc
        limit ${q.limit}`;
      if (q.walk) {
        const res = await db.execute(
          ranked(sql`select id from (select id, search from knowledge_articles where ${live}
              order by published_at desc nulls last limit ${WALK_WINDOW}) newest
            where search @@ ${tsquery} limit ${pool}`),
        );
        // Rarer than expected: the index answers.
        if (res.rows.length >= q.limit) return res.rows as SearchRow[];
      }
      return db.transaction(async (tx) => {
        // Only the GIN index may find the matches: a sequential scan (or a walk by date) would
        // read every vector to test it. Local to this transaction.
        await tx.execute(
          sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`,
        );
        const res = await tx.execute(
          ranked(sql`select id from knowledge_articles where ${live} and search @@ ${tsquery}
            order by published_at desc nulls last limit ${pool}`),
        );
        return res.rows as SearchRow[];
      });
    },

    /** The lexemes PostgreSQL's statistics list as common, with their shares of articles; and how many articles. */
    async lexemeShares(db: DbOrTx): Promise<{ shares: Map<string, number>; articles: number }> {
      const res = await db.execute(sql`
        select (select most_common_elems::text::text[] from pg_stats
                 where schemaname = current_schema() and tablename = 'knowledge_articles' and attname = 'search') as e,
               (select most_common_elem_freqs from pg_stats
                 where schemaname = current_schema() and tablename = 'knowledge_articles' and attname = 'search') as f,
               (select greatest(reltuples, 0)::float8 from pg_class where oid = 'knowledge_articles'::regclass) as n`);
      const row = res.rows[0] as { e: string[] | null; f: number[] | null; n: number | null } | undefined;
      const f = row?.f ?? [];
      return { shares: new Map((row?.e ?? []).map((x, i) => [x, f[i]!])), articles: Number(row?.n ?? 0) };
    },

    /** Every published article with a suggestion rule (the desktop's in-memory index). */
    async suggestCandidates(db: DbOrTx) {
      return db
        .select({
          id: knowledgeArticles.id,
          title: knowledgeArticles.title,
          kind: knowledgeArticles.kind,
          suggest: knowledgeArticles.suggest,
          effectiveFrom: knowledgeArticles.effectiveFrom,
          expiresAt: knowledgeArticles.expiresAt,
        })
        .from(knowledgeArticles)
        .where(
          and(
            isNotNull(knowledgeArticles.publishedVersion),
            ne(knowledgeArticles.status, 'archived'),
            sql`(jsonb_array_length(${knowledgeArticles.suggest}->'queueIds') > 0 or jsonb_array_length(${knowledgeArticles.suggest}->'keywords') > 0)`,
          ),
        );
    },

    async findFeedback(db: DbOrTx, articleId: string, userId: string) {
      const [r] = await db
        .select()
        .from(knowledgeFeedback)
        .where(and(eq(knowledgeFeedback.articleId, articleId), eq(knowledgeFeedback.userId, userId)));
      return r;
    },
    /** One answer per reader (a changed mind replaces it); the article's counts follow. */
    async putFeedback(db: DbOrTx, row: typeof knowledgeFeedback.$inferInsert) {
      await db
        .insert(knowledgeFeedback)
        .values(row)
        .onConflictDoUpdate({
          target: [knowledgeFeedback.articleId, knowledgeFeedback.userId],
          set: { helpful: row.helpful, comment: row.comment, at: row.at },
        });
      await db.execute(sql`
        update knowledge_articles a set
          helpful_yes = (select count(*) from knowledge_feedback f where f.article_id = a.id and f.helpful),
          helpful_no = (select count(*) from knowledge_feedback f where f.article_id = a.id and not f.helpful)
        where a.id = ${row.articleId}`);
    },
    async recordView(db: DbOrTx, row: typeof knowledgeViews.$inferInsert) {
      await db.insert(knowledgeViews).values(row);
      await db
        .update(knowledgeArticles)
        .set({ views: sql`${knowledgeArticles.views} + 1` })
        .where(eq(knowledgeArticles.id, row.articleId));
    },
    async recordSearch(db: DbOrTx, row: typeof knowledgeSearches.$inferInsert) {
      await db.insert(knowledgeSearches).values(row);
    },

    async listCategories(db: DbOrTx) {
      const rows = await db
        .select()
        .from(knowledgeCategories)
        .orderBy(asc(knowledgeCategories.sortOrder), asc(knowledgeCategories.name));
      const counts = await db
        .select({ id: knowledgeArticles.categoryId, n: count() })
        .from(knowledgeArticles)
        .where(and(isNotNull(knowledgeArticles.categoryId), ne(knowledgeArticles.status, 'archived')))
        .groupBy(knowledgeArticles.categoryId);
      const byId = new Map(counts.map((c) => [c.id, c.n]));
      return rows.map((r) => ({ ...r, articles: byId.get(r.id) ?? 0 }));
    },
    async findCategory(db: DbOrTx, id: string) {
      const [r] = await db.select().from(knowledgeCategories).where(eq(knowledgeCategories.id, id));
      return r;
    },
    async insertCategory(db: DbOrTx, row: typeof knowledgeCategories.$inferInsert) {
      await db.insert(knowledgeCategories).values(row);
    },
    async updateCategory(db: DbOrTx, id: string, patch: Partial<typeof knowledgeCategories.$inferInsert>) {
      const [r] = await db.update(knowledgeCategories).set(patch).where(eq(knowledgeCategories.id, id)).returning();
      return r;
    },
    async categoryInUse(db: DbOrTx, id: string): Promise<boolean> {
      const [a] = await db
        .select({ n: count() })
        .from(knowledgeArticles)
        .where(and(eq(knowledgeArticles.categoryId, id), ne(knowledgeArticles.status, 'archived')));
      const [c] = await db.select({ n: count() }).from(knowledgeCategories).where(eq(knowledgeCategories.parentId, id));
      return (a?.n ?? 0) + (c?.n ?? 0) > 0;
    },
    async deleteCategory(db: DbOrTx, id: string) {
      await db.delete(knowledgeCategories).where(eq(knowledgeCategories.id, id));
    },

    async listSynonyms(db: DbOrTx): Promise<SynonymRow[]> {
      return db.select().from(knowledgeSynonyms).orderBy(asc(knowledgeSynonyms.updatedAt));
    },
    async insertSynonym(db: DbOrTx, row: SynonymRow) {
      await db.insert(knowledgeSynonyms).values(row);
    },
    async updateSynonym(db: DbOrTx, id: string, patch: Partial<SynonymRow>) {
      const [r] = await db.update(knowledgeSynonyms).set(patch).where(eq(knowledgeSynonyms.id, id)).returning();
      return r;
    },
    async deleteSynonym(db: DbOrTx, id: string): Promise<boolean> {
      const r = await db
        .delete(knowledgeSynonyms)
        .where(eq(knowledgeSynonyms.id, id))
        .returning({ id: knowledgeSynonyms.id });
      return r.length > 0;
    },

    async analytics(db: DbOrTx, from: Date, to: Date) {
      // Both ends inclusive: `to` defaults to now, and what happened at now counts.
      const period = (col: typeof knowledgeViews.at | typeof knowledgeSearches.at) => and(gte(col, from), lte(col, to));
      const [searches] = await db
        .select({
          n: count(),
          empty: sql<number>`count(*) filter (where ${knowledgeSearches.results} = 0)`.mapWith(Number),
        })
        .from(knowledgeSearches)
        .where(period(knowledgeSearches.at));
      const mostViewed = await db
        .select({ id: knowledgeViews.articleId, title: knowledgeArticles.title, views: count() })
        .from(knowledgeViews)
        .innerJoin(knowledgeArticles, eq(knowledgeArticles.id, knowledgeViews.articleId))
        .where(period(knowledgeViews.at))
        .groupBy(knowledgeViews.articleId, knowledgeArticles.title)
        .orderBy(desc(count()))
        .limit(20);
      const noResult = await db
        .select({ q: knowledgeSearches.q, count: count(), lastAt: sql<Date>`max(${knowledgeSearches.at})` })
        .from(knowledgeSearches)
        .where(and(period(knowledgeSearches.at), eq(knowledgeSearches.results, 0)))
        .groupBy(knowledgeSearches.q)
        .orderBy(desc(count()), desc(sql`max(${knowledgeSearches.at})`))
        .limit(50);
      const helpfulness = await db
        .select({
          id: knowledgeArticles.id,
          title: knowledgeArticles.title,
          yes: knowledgeArticles.helpfulYes,
          no: knowledgeArticles.helpfulNo,
        })
        .from(knowledgeArticles)
        .where(sql`${knowledgeArticles.helpfulYes} + ${knowledgeArticles.helpfulNo} > 0`)
        .orderBy(desc(knowledgeArticles.helpfulNo), asc(knowledgeArticles.helpfulYes))
        .limit(20);
      return { searches: searches?.n ?? 0, empty: searches?.empty ?? 0, mostViewed, noResult, helpfulness };
    },

    async articleTitles(db: DbOrTx, ids: string[]) {
      if (ids.length === 0) return [];
      return db
        .select({ id: knowledgeArticles.id, title: knowledgeArticles.title })
        .from(knowledgeArticles)
        .where(inArray(knowledgeArticles.id, ids));
    },
  };
}
export type KnowledgeRepo = ReturnType<typeof createKnowledgeRepo>;
