import type {
  KnowledgeAnalytics,
  SearchHit,
  SearchQuery,
  SearchResult,
  Suggestion,
  Suggestions,
} from '../../../../contracts/knowledge';
import type { Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { toSearchQuery } from '../../platform/text-search';
import { fold, queryGroups, type Segmenter, type SynonymIndex, synonymIndex } from './domain/query-words';
import { highlightsIn, snippetOf } from './domain/snippet';
import { type SuggestCandidate, suggestFor } from './domain/suggest';
import { contactNotFound } from './knowledge.errors';
import { type KnowledgeRepo, RANK_POOL_PER_RESULT, type SearchRow } from './knowledge.repo';

/** What the knowledge base reads of a contact offered to an agent (routing's, through the module door). */
export type KnowledgeContact = {
  queueId: string;
  subject: string | null;
  attributes: Record<string, string | number | boolean>;
};
export type ContactReader = (
  contactId: string,
  reader: { userId: string; permissions: ReadonlySet<string> },
) => Promise<KnowledgeContact>;

export type SearchDeps = {
  db: Database;
  repo: KnowledgeRepo;
  clock: Clock;
  log: Logger;
  segment: Segmenter;
  contact: ContactReader;
};

/** How long the in-memory suggestion index and synonyms are trusted without a change seen here. */
const CACHE_TTL_MS = 60_000;
const SUGGESTIONS = 5;
/** Attribute names routing and voice set that are not the customer's words. */
const NOT_WORDS = new Set(['callId', 'called', 'callbackContactId']);

/** The statistics' lexeme shares are read again after this long (ANALYZE refreshes them). */
const SHARES_TTL_MS = 10 * 60_000;
/**
 * What testing an article's vector costs against reading its row from the index's list (the
 * vector is several kB out of line): 15–30 to 1 measured on 50,000 articles (bench/knowledge.ts);
 * the lower figure favours the index, which is exact.
 */
const VECTOR_COST = 12;

/**
 * Whether walking the newest articles (knowledge.repo.ts `search`) costs less than the GIN index
 * for a query in `share` of `articles`: the walk tests about pool / share vectors; the index reads
 * share × articles rows, and also their vectors when a phrase has to be checked on each.
 */
function walkPays(share: number, phrase: boolean, articles: number, pool: number): boolean {
  if (share <= 0) return false;
  return (pool / share) * VECTOR_COST < share * articles * (phrase ? VECTOR_COST : 1);
}

/**
 * About how many articles hold a word's tsquery (a share, from the statistics): a phrase of
 * bigrams at most its rarest bigram's; a lexeme the statistics do not list, or a prefix, counts as
 * rare (0).
 */
function shareOf(tsquery: string, shares: ReadonlyMap<string, number>): number {
  let share = 1;
  let lexemes = 0;
  for (const m of tsquery.matchAll(/'((?:[^']|'')*)'(:\*)?/g)) {
    if (m[2]) return 0;
    lexemes++;
    share = Math.min(share, shares.get(m[1]!.replace(/''/g, "'")) ?? 0);
  }
  return lexemes ? share : 0;
}

/** A group of words as a tsquery — any word of the group (each word a phrase of its bigrams) — and its share. */
function groupQuery(
  group: readonly string[],
  shares: ReadonlyMap<string, number>,
): { q: string; share: number } | undefined {
  const alternatives = group.map((w) => toSearchQuery(w)).filter((q): q is string => !!q);
  if (alternatives.length === 0) return undefined;
  return {
    q: alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' | ')})`,
    share: Math.min(
      1,
      alternatives.reduce((sum, a) => sum + shareOf(a, shares), 0),
    ),
  };
}

/** Search, desktop suggestions and usage analytics. */
export function createKnowledgeSearch(deps: SearchDeps) {
  const { db, repo, clock, log } = deps;
  let synonyms: { index: SynonymIndex; at: number } | undefined;
  let candidates: { list: SuggestCandidate[]; at: number } | undefined;
  let loading: Promise<SuggestCandidate[]> | undefined;
  let stats: { shares: ReadonlyMap<string, number>; articles: number; at: number } | undefined;

  async function statsNow(): Promise<{ shares: ReadonlyMap<string, number>; articles: number }> {
    if (stats && clock.now().getTime() - stats.at < SHARES_TTL_MS) return stats;
    stats = { ...(await repo.lexemeShares(db)), at: clock.now().getTime() };
    return stats;
  }

  async function synonymsNow(): Promise<SynonymIndex> {
    if (synonyms && clock.now().getTime() - synonyms.at < CACHE_TTL_MS) return synonyms.index;
    const rows = await repo.listSynonyms(db);
    synonyms = { index: synonymIndex(rows.map((r) => r.terms)), at: clock.now().getTime() };
    return synonyms.index;
  }

  async function candidatesNow(): Promise<SuggestCandidate[]> {
    if (candidates && clock.now().getTime() - candidates.at < CACHE_TTL_MS) return candidates.list;
    loading ??= repo
      .suggestCandidates(db)
      .then((rows) => {
        const list = rows.map((r) => ({
          id: r.id,
          title: r.title,
          kind: r.kind as SuggestCandidate['kind'],
          queueIds: r.suggest.queueIds,
          keywords: r.suggest.keywords,
          effectiveFrom: r.effectiveFrom,
          expiresAt: r.expiresAt,
        }));
        candidates = { list, at: clock.now().getTime() };
        return list;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  }

  /** The hits of a query's groups: all groups first, then (too few) any group, best first. */
  async function find(
    groups: string[][],
    q: { now: Date; categoryId?: string; kind?: string; limit: number },
  ): Promise<SearchRow[]> {
    const { shares, articles } = await statsNow();
    const parts = groups.map((g) => groupQuery(g, shares)).filter((x) => !!x);
    if (parts.length === 0) return [];
    const pool = q.limit * RANK_POOL_PER_RESULT;
    const all = parts.map((p) => p.q).join(' & ');
    const rows = await repo.search(db, {
      ...q,
      tsquery: all,
      // Every group: at most the rarest one's share. Words of one phrase cut apart (实名 认证) go
      // together, so a product would underestimate them; a pair that rarely meets (停机 复机) costs
      // a walk of its window at most.
      walk: walkPays(Math.min(...parts.map((p) => p.share)), all.includes('<->'), articles, pool),
    });
    if (rows.length >= q.limit || parts.length === 1) return rows;
    // A question in a sentence rarely has every word in one article: the articles holding some of
    // them follow, ranked by how many and where (title first).
    const any = parts.map((p) => p.q).join(' | ');
    const more = await repo.search(db, {
      ...q,
      tsquery: any,
      limit: q.limit - rows.length,
      excludeIds: rows.map((r) => r.id),
      // Any of the words: at least as many articles as the commonest one.
      walk: walkPays(
        Math.max(...parts.map((p) => p.share)),
        any.includes('<->'),
        articles,
        (q.limit - rows.length) * RANK_POOL_PER_RESULT,
      ),
    });
    return [...rows, ...more];
  }

  function hitOf(r: SearchRow, words: readonly string[]): SearchHit {
    const { snippet, highlights } = snippetOf(r.body_text, words);
    return {
      id: r.id,
      title: r.title,
      snippet,
      highlights,
      titleHighlights: highlightsIn(r.title, words),
      kind: r.kind as SearchHit['kind'],
      categoryId: r.category_id,
      tags: r.tags,
      expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    };
  }

  return {
    /** Invalidate the suggestion index (a publication, an archiving) and the synonyms (an edit). */
    forget(): void {
      candidates = undefined;
      synonyms = undefined;
    },

    /** Published articles current now, best first; every search is counted (with how many it found). */
    async search(query: SearchQuery, actor: Actor): Promise<SearchResult> {
      const now = clock.now();
      const groups = queryGroups(query.q, deps.segment, await synonymsNow());
      const words = [...new Set(groups.flat())];
      const rows = await find(groups, { now, categoryId: query.categoryId, kind: query.kind, limit: query.limit });
      await repo.recordSearch(db, {
        q: fold(query.q).slice(0, 200),
        results: rows.length,
        userId: actor.userId,
        at: now,
      });
      return { items: rows.map((r) => hitOf(r, words)), words };
    },

    /**
     * Articles for a contact the agent is offered or handling: by the rules of the articles (its
     * queue, keywords in its IVR choices and subject), then by a search of its subject. Read from
     * memory: the offer is ringing.
     */
    async suggestions(
      contactId: string,
      reader: { userId: string; permissions: ReadonlySet<string> },
    ): Promise<Suggestions> {
      let c: KnowledgeContact;
      try {
        c = await deps.contact(contactId, reader);
      } catch (err) {
        if (err instanceof AppError && err.kind === 'not_found') throw contactNotFound(contactId);
        throw err;
      }
      const words = Object.entries(c.attributes)
        .filter(([k, v]) => typeof v === 'string' && !NOT_WORDS.has(k))
        .map(([, v]) => v as string);
      const text = [c.subject ?? '', ...words].join(' ').trim();
      const now = clock.now();
      const items: Suggestion[] = suggestFor(await candidatesNow(), { queueId: c.queueId, text }, now, SUGGESTIONS);
      if (items.length < SUGGESTIONS && c.subject?.trim()) {
        try {
          const groups = queryGroups(c.subject, deps.segment, await synonymsNow());
          const rows = await find(groups, { now, limit: SUGGESTIONS });
          for (const r of rows) {
            if (items.length >= SUGGESTIONS) break;
            if (items.some((i) => i.id === r.id)) continue;
            items.push({
              id: r.id,
              title: r.title,
              kind: r.kind as Suggestion['kind'],
              reason: 'text',
              matched: groups.flat(),
            });
          }
        } catch (err) {
          // The rules' suggestions stand without the text's.
          log.warn({ err, contactId }, 'knowledge: suggestion search failed');
        }
      }
      return { items };
    },

    async analytics(q: { from?: string; to?: string }): Promise<KnowledgeAnalytics> {
      const to = q.to ? new Date(q.to) : clock.now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
      const r = await repo.analytics(db, from, to);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        searches: r.searches,
        searchesWithoutResult: r.empty,
        mostViewed: r.mostViewed,
        noResult: r.noResult.map((n) => ({ q: n.q, count: n.count, lastAt: new Date(n.lastAt).toISOString() })),
        helpfulness: r.helpfulness,
      };
    },
  };
}
export type KnowledgeSearch = ReturnType<typeof createKnowledgeSearch>;
