import type pg from 'pg';

/**
 * The tables, indexes and query shapes of ticket search and work lists, as the benchmark measures
 * them and as the tickets module adopts them (docs/search.md explains each choice).
 */

/** Statuses in which a ticket is someone's work (its SLA clock runs or is paused). */
export const OPEN_STATUSES = ['new', 'assigned', 'in_progress', 'pending_customer', 'pending_internal'] as const;
const OPEN = `status in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

// Unlogged only to load a million rows fast in a database the benchmark drops; reads are the same.
export const TABLES_SQL = `
create unlogged table crm_customers (
  id uuid primary key,
  name text not null,
  phone text not null
);
create unlogged table tickets_tickets (
  id uuid primary key,
  number text not null,
  subject text not null,
  status text not null,
  assignee_id uuid,
  group_id uuid not null,
  customer_id uuid not null,
  customer_phone text,
  resolve_due_at timestamptz,
  sla_state text not null,
  created_at timestamptz not null,
  search tsvector not null
);
create unlogged table tickets_comments (
  id uuid primary key,
  ticket_id uuid not null,
  body text not null,
  internal boolean not null,
  created_at timestamptz not null
);`;

export const INDEXES_SQL = [
  'create index tickets_tickets_search_idx on tickets_tickets using gin (search)',
  'create unique index tickets_tickets_number_idx on tickets_tickets (number)',
  'create index tickets_tickets_created_idx on tickets_tickets (created_at)',
  `create index tickets_tickets_assignee_open_idx on tickets_tickets (assignee_id, resolve_due_at) where ${OPEN}`,
  `create index tickets_tickets_group_breached_idx on tickets_tickets (group_id, resolve_due_at) where sla_state = 'breached' and ${OPEN}`,
  `create index tickets_tickets_due_open_idx on tickets_tickets (resolve_due_at) where ${OPEN}`,
  'create index tickets_comments_ticket_idx on tickets_comments (ticket_id, created_at)',
  'create index crm_customers_phone_idx on crm_customers (phone)',
];

const COLUMNS =
  'id, number, subject, status, assignee_id, group_id, customer_id, customer_phone, resolve_due_at, sla_state, created_at';
/**
 * Counts above this are shown as "2,000+": counting every match of a common word costs more than
 * the page. It is also where the page's plan changes (see `searchTickets`).
 */
export const COUNT_CAP = 2000;

export type QueryShape = { list: string; count: string };

export const QUERIES = {
  /** $1 = toSearchQuery(text). Newest first: a work-list search, not a web search. Run it with `searchTickets`. */
  search: {
    list: `select ${COLUMNS} from tickets_tickets where search @@ $1::tsquery order by created_at desc limit 50`,
    count: `select count(*)::int as n from (select 1 from tickets_tickets where search @@ $1::tsquery limit ${COUNT_CAP + 1}) m`,
  },
  /** $1 = the ticket number as typed, upper-cased: the exact path the service tries first. */
  number: {
    list: `select ${COLUMNS} from tickets_tickets where number = $1`,
    count: 'select count(*)::int as n from tickets_tickets where number = $1',
  },
  /** $1 = assignee. */
  mineOpen: {
    list: `select ${COLUMNS} from tickets_tickets where assignee_id = $1 and ${OPEN} order by resolve_due_at limit 50`,
    count: `select count(*)::int as n from tickets_tickets where assignee_id = $1 and ${OPEN}`,
  },
  /** $1 = group. */
  groupBreached: {
    list: `select ${COLUMNS} from tickets_tickets where group_id = $1 and sla_state = 'breached' and ${OPEN} order by resolve_due_at limit 50`,
    count: `select count(*)::int as n from tickets_tickets where group_id = $1 and sla_state = 'breached' and ${OPEN}`,
  },
  /** $1 = now. */
  dueSoon: {
    list: `select ${COLUMNS} from tickets_tickets where ${OPEN} and resolve_due_at >= $1 and resolve_due_at < $1::timestamptz + interval '2 hours' order by resolve_due_at limit 50`,
    count: `select count(*)::int as n from tickets_tickets where ${OPEN} and resolve_due_at >= $1 and resolve_due_at < $1::timestamptz + interval '2 hours'`,
  },
} satisfies Record<string, QueryShape>;

/** How many of the newest tickets a search tests first (see `searchTickets`). */
export const RECENT_WINDOW = 10_000;

/**
 * Step 1 of a search: test the newest RECENT_WINDOW tickets, newest first (the created_at index),
 * and say how many of them match.
 */
const RECENT_PAGE = `with recent as (select ${COLUMNS}, search from tickets_tickets order by created_at desc limit ${RECENT_WINDOW})
  select ${COLUMNS}, count(*) over ()::int as in_window from recent where search @@ $1::tsquery order by created_at desc limit 50`;
/** Each common lexeme's share of tickets, from PostgreSQL's statistics; read once in a while. */
export type LexemeFrequencies = { readonly common: ReadonlyMap<string, number> };

/** A lexeme under this share of tickets makes a query rare: the share that step 1 would find under 50 times. */
const RARE_SHARE = 50 / RECENT_WINDOW;

export async function lexemeFrequencies(db: pg.ClientBase): Promise<LexemeFrequencies> {
  const r = await db.query<{ e: string[] | null; f: number[] | null }>(
    `select most_common_elems::text::text[] as e, most_common_elem_freqs as f from pg_stats
      where schemaname = 'public' and tablename = 'tickets_tickets' and attname = 'search'`,
  );
  const e = r.rows[0]?.e ?? [];
  const f = r.rows[0]?.f ?? [];
  return { common: new Map(e.map((x, i) => [x, f[i]!])) };
}

/** Whether some lexeme the query requires is rare (a prefix could match anything: never rare). */
function isRare(tsquery: string, frequencies: LexemeFrequencies): boolean {
  if (tsquery.includes('|') || tsquery.includes('!')) return false;
  for (const m of tsquery.matchAll(/'((?:[^']|'')*)'(:\*)?/g)) {
    if (m[2]) continue;
    // Not among the common elements: rarer than the least of them.
    const share = frequencies.common.get(m[1]!.replace(/''/g, "'")) ?? 0;
    if (share < RARE_SHARE) return true;
  }
  return false;
}

/** Step 2, for the words rare among recent tickets: only the GIN index, then sort the matches. */
const VIA_INDEX = "select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)";

export type SearchPage = {
  rows: Record<string, unknown>[];
  /** Exact up to COUNT_CAP when `estimated` is false; otherwise extrapolated from the newest tickets. */
  count: number;
  estimated: boolean;
  capped: boolean;
};

/**
 * A page of search results, newest first, and a count. The cost of a search is set by how common
 * the word is, and PostgreSQL's planner misjudges it for phrases of bigrams (it multiplies the
 * bigrams' frequencies, so 话费异常 at 3.7 % of tickets is estimated at a few rows, and it fetches
 * and sorts 37,000 rows: 0.2–0.9 s). So the search measures it first, on the newest tickets:
 * - 50 or more matches among the newest RECENT_WINDOW: the page is complete (they are the newest
 *   50 overall), and the count is estimated as the window's share times the table's size;
 * - fewer: the word matches under 0.5 % of recent tickets, and the GIN index fetches all its
 *   matches and sorts them; the count is exact up to COUNT_CAP.
 * A query holding a rare lexeme (a phone, a name, a ticket number) skips the first step: its
 * matches are few whatever else it asks, and PostgreSQL's statistics say which lexemes are rare.
 */
export async function searchTickets(
  db: pg.ClientBase,
  tsquery: string,
  frequencies?: LexemeFrequencies,
): Promise<SearchPage> {
  const recent = frequencies && isRare(tsquery, frequencies) ? undefined : await db.query(RECENT_PAGE, [tsquery]);
  if (recent && recent.rows.length >= 50) {
    const total = await db.query<{ n: number }>(
      "select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'tickets_tickets'::regclass",
    );
    const share = Number(recent.rows[0].in_window) / RECENT_WINDOW;
    const count = Math.round(share * Math.max(RECENT_WINDOW, total.rows[0]!.n));
    return { rows: recent.rows, count, estimated: true, capped: false };
  }
  await db.query('begin');
  try {
    await db.query(VIA_INDEX);
    const rows = (await db.query(QUERIES.search.list, [tsquery])).rows;
    const n =
      rows.length < 50 ? rows.length : (await db.query<{ n: number }>(QUERIES.search.count, [tsquery])).rows[0]!.n;
    await db.query('commit');
    return { rows, count: Math.min(n, COUNT_CAP), estimated: false, capped: n > COUNT_CAP };
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
}
