import type { TicketPage } from '../../../../contracts/tickets';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx } from '../../platform/db';
import type { Platform } from '../../platform/module';
import {
  type LexemeFrequencies,
  lexemeFrequencies,
  type SearchTarget,
  searchNewestFirst,
} from '../../platform/search-page';
import { toSearchQuery, toSearchVector } from '../../platform/text-search';
import { toTicket } from './tickets.dto';
import type { CustomerDirectory } from './tickets.ports';
import type { TicketFilter, TicketsRepo } from './tickets.repo';

/**
 * What a work order's `search` vector holds (docs/search.md, "What the tickets module stores"):
 * subject and number rank first, then the description and comments, then the customer. Comments
 * are denormalised into the ticket's vector so that words in the subject and in a comment match
 * together, and a page stops at its 50th ticket without a join.
 */
export type SearchableTicket = {
  number: string;
  subject: string;
  description: string;
  customerPhone: string | null;
};
export type SearchableCustomer = { name?: string | null; phones?: readonly string[] };

export function ticketSearchVector(
  t: SearchableTicket,
  customer: SearchableCustomer | null,
  comments: readonly string[],
): string {
  const phones = [...new Set([t.customerPhone, ...(customer?.phones ?? [])].filter(Boolean))];
  return toSearchVector([
    { text: t.subject, weight: 'A' },
    // A ticket number's sequence digits are not a phone's last four: no suffixes.
    { text: t.number, weight: 'A', digitSuffixes: false },
    { text: t.description, weight: 'B' },
    // Apart by a comma: numbers separated by a space would be read as one number written in groups.
    { text: [customer?.name ?? '', ...phones].join(', '), weight: 'C' },
    ...comments.map((body) => ({ text: body, weight: 'B' as const })),
  ]);
}

/** A new comment's share of the vector, appended with `search || $1::tsvector`. */
export const commentSearchVector = (body: string) => toSearchVector([{ text: body, weight: 'B' }]);

/** GD20261206-000123 as typed (any case, spaces around): the exact path tried before the words. */
export function ticketNumberOf(q: string): string | undefined {
  const m = /^\s*(gd\d{8}-\d{6})\s*$/i.exec(q);
  return m ? m[1]!.toUpperCase() : undefined;
}

/** Where `searchNewestFirst` looks; the page's rows are read again through the repo by id. */
export const TICKET_SEARCH_TARGET: SearchTarget = {
  table: 'tickets_tickets',
  vector: 'search',
  newest: 'created_at',
  columns: 'id, created_at',
};

/** How long the common lexemes read from pg_stats are trusted (autovacuum's ANALYZE moves them slowly). */
const FREQUENCIES_TTL_MS = 10 * 60_000;
const REINDEX_BATCH = 500;

/** The search side of the tickets service: `?q=`, and keeping the vectors whole. */
export function createTicketFinder(deps: {
  db: Database;
  pool: Platform['pool'];
  repo: TicketsRepo;
  clock: Clock;
  customers: CustomerDirectory;
}) {
  const { db, repo, clock } = deps;

  /** The customer's name and numbers for the vector; an unreachable directory leaves them out. */
  async function searchableCustomer(customerId: string | null): Promise<SearchableCustomer | null> {
    if (!customerId) return null;
    const r = await deps.customers.describe(customerId);
    return r.status === 'found' ? r.customer : null;
  }

  /** Rebuilds an order's vector from its rows (a changed subject, description or customer). */
  async function reindex(tx: DbOrTx, id: string): Promise<void> {
    const r = await repo.find(tx, id);
    if (!r) return;
    const comments = (await repo.comments(tx, id)).map((c) => c.body);
    await repo.setSearch(tx, id, ticketSearchVector(r, await searchableCustomer(r.customerId), comments));
  }

  let frequencies: { at: number; value: LexemeFrequencies } | undefined;
  async function commonLexemes(q: Parameters<typeof lexemeFrequencies>[0]): Promise<LexemeFrequencies> {
    const now = clock.now().getTime();
    if (!frequencies || now - frequencies.at > FREQUENCIES_TTL_MS || now < frequencies.at)
      frequencies = { at: now, value: await lexemeFrequencies(q, TICKET_SEARCH_TARGET) };
    return frequencies.value;
  }

  /**
   * `q`: an exact ticket number first; otherwise the words, phones and numbers through the search
   * vector, newest first (whatever `sort` says), within the list's other filters.
   */
  async function search(q: string, f: TicketFilter, page: number, pageSize: number): Promise<TicketPage> {
    const number = ticketNumberOf(q);
    if (number) {
      const r = await repo.byNumber(db, number, f);
      if (r) return { items: page === 1 ? [toTicket(r)] : [], total: 1, page, pageSize };
    }
    const tsquery = toSearchQuery(q);
    if (!tsquery) return { items: [], total: 0, page, pageSize };
    const client = await deps.pool.connect();
    let found: Awaited<ReturnType<typeof searchNewestFirst<{ id: string }>>>;
    try {
      found = await searchNewestFirst<{ id: string }>(client, TICKET_SEARCH_TARGET, tsquery, {
        frequencies: await commonLexemes(client),
        filter: repo.filterSql(f),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
    } finally {
      client.release();
    }
    const rows = await repo.byIds(
      db,
      found.rows.map((r) => r.id),
    );
    return {
      items: rows.map((r) => toTicket(r)),
      total: found.count,
      page,
      pageSize,
      ...(found.estimated ? { totalEstimated: true } : {}),
      ...(found.capped ? { totalCapped: true } : {}),
    };
  }

  return {
    search,
    reindex,
    /** A customer renamed or given other numbers: their orders' vectors hold the old ones. */
    async reindexCustomer(customerId: string): Promise<void> {
      for (const id of await repo.idsOfCustomer(db, customerId)) await reindex(db, id);
    },
    /**
     * Writes the vectors of orders made before search existed (the column's default is empty).
     * Every order has a subject, so an empty vector means exactly that; runs at start, in batches.
     */
    async reindexUnsearchable(): Promise<number> {
      let n = 0;
      for (;;) {
        const batch = await repo.unsearchable(db, REINDEX_BATCH);
        for (const id of batch) await reindex(db, id);
        n += batch.length;
        if (batch.length < REINDEX_BATCH) return n;
      }
    },
  };
}
