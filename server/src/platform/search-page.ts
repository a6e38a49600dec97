/**
 * A page of full-text matches, newest first, with a count — on any table holding a `tsvector`
 * made by `text-search.ts` (tickets now, knowledge articles later). See docs/search.md.
 *
 * The cost of such a page is set by how common the words are, and PostgreSQL's planner misjudges
 * it for phrases of bigrams: it multiplies the bigrams' frequencies, so 话费异常, in 3.7 % of a
 * million tickets, is estimated at a few rows, and it fetches and sorts 37,000 rows (0.2–0.9 s)
 * where walking the newest rows finds 50 matches in a few hundred. So the frequency is measured
 * before the plan is chosen:
 * 1. a query requiring a lexeme that PostgreSQL's statistics do not list as common (a phone, a
 *    name, a ticket number) has few matches: the GIN index fetches them all, then they are sorted;
 * 2. otherwise the newest `window` rows are tested; 50 matches or more there are the page (the
 *    newest 50 overall) and the count is estimated from the window's share;
 * 3. fewer: the words are rare among recent rows, and step 1's plan answers, with a count exact
 *    up to `countCap`.
 * A `filter` (a work list's conditions) narrows both: the window is the newest rows of the
 * filtered list, and its estimate scales by the planner's row estimate of the filter.
 */

/** What runs a query: a pg client or pool client, not inside a transaction of the caller's. */
export type Queryable = {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: R[] }>;
};

/** Where to search. Identifiers and the column list are the module's constants, never user input. */
export type SearchTarget = {
  readonly table: string;
  /** The tsvector column, with a GIN index. */
  readonly vector: string;
  /** The timestamp that orders the page, newest first, with a btree index. */
  readonly newest: string;
  /** The select list of a page (must not be `*`: the vector stays in the table). */
  readonly columns: string;
};

/** The common lexemes' shares of rows, from PostgreSQL's statistics; read once in a while. */
export type LexemeFrequencies = { readonly common: ReadonlyMap<string, number> };

/**
 * Rows the search is restricted to (a work list's status, assignee, group ...): a boolean SQL
 * expression over the target table, with its parameters as `$1..$n`. It applies inside the window
 * (the newest `window` rows of the filtered list) and to the GIN path alike.
 */
export type SearchFilter = { readonly sql: string; readonly params: readonly unknown[] };

export type SearchPageOptions = {
  readonly frequencies?: LexemeFrequencies;
  readonly filter?: SearchFilter;
  readonly limit?: number;
  /** Matches skipped before the page (page 2 onwards). */
  readonly offset?: number;
  readonly window?: number;
  readonly countCap?: number;
};

export type SearchPage<R> = {
  readonly rows: R[];
  /** Exact (up to `countCap`) unless `estimated`. */
  readonly count: number;
  readonly estimated: boolean;
  /** More than `countCap` matches: show "2,000+". */
  readonly capped: boolean;
};

export const SEARCH_PAGE_DEFAULTS = { limit: 50, window: 10_000, countCap: 2000 } as const;

export async function lexemeFrequencies(db: Queryable, target: SearchTarget): Promise<LexemeFrequencies> {
  const r = await db.query<{ e: string[] | null; f: number[] | null }>(
    `select most_common_elems::text::text[] as e, most_common_elem_freqs as f from pg_stats
      where tablename = $1 and attname = $2 and schemaname = current_schema()`,
    [target.table, target.vector],
  );
  const e = r.rows[0]?.e ?? [];
  const f = r.rows[0]?.f ?? [];
  return { common: new Map(e.map((x, i) => [x, f[i]!])) };
}

/** Whether the query requires a lexeme rarer than `share` (a prefix may match anything: never rare). */
function requiresRare(tsquery: string, frequencies: LexemeFrequencies, share: number): boolean {
  if (/[|!]/.test(tsquery)) return false;
  for (const m of tsquery.matchAll(/'((?:[^']|'')*)'(:\*)?/g)) {
    if (m[2]) continue;
    // Not among the common elements: rarer than the least of them.
    if ((frequencies.common.get(m[1]!.replace(/''/g, "'")) ?? 0) < share) return true;
  }
  return false;
}

/** How many rows the filter keeps, counted up to `cap` (a bounded read). */
async function filteredRows(db: Queryable, table: string, filter: SearchFilter, cap: number): Promise<number> {
  const r = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from ${table} where ${filter.sql} limit ${cap}) m`,
    [...filter.params],
  );
  return r.rows[0]!.n;
}

/** Rows the planner expects a filter to keep (an estimate, as `reltuples` is for the whole table). */
async function estimatedRows(db: Queryable, table: string, filter: SearchFilter | undefined): Promise<number> {
  if (!filter) {
    const r = await db.query<{ n: number }>(
      'select greatest(reltuples, 0)::float8 as n from pg_class where oid = $1::regclass',
      [table],
    );
    return r.rows[0]!.n;
  }
  const r = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    `explain (format json) select 1 from ${table} where ${filter.sql}`,
    [...filter.params],
  );
  return r.rows[0]!['QUERY PLAN'][0]!.Plan['Plan Rows'];
}

export async function searchNewestFirst<R extends Record<string, unknown>>(
  db: Queryable,
  target: SearchTarget,
  tsquery: string,
  options: SearchPageOptions = {},
): Promise<SearchPage<R>> {
  const { limit, window, countCap } = { ...SEARCH_PAGE_DEFAULTS, ...options };
  const offset = options.offset ?? 0;
  const { table, vector, newest, columns } = target;
  const { filter } = options;
  // The filter's parameters come first, so its own `$1..$n` stay as written; the query follows.
  const params = [...(filter?.params ?? []), tsquery];
  const q = `$${params.length}::tsquery`;
  const restrict = filter ? `(${filter.sql}) and ` : '';
  const rare = options.frequencies && requiresRare(tsquery, options.frequencies, limit / window);
  if (!rare) {
    const recent = await db.query<R & { in_window: number }>(
      `with recent as (select ${columns}, ${vector} from ${table}
         ${filter ? `where ${filter.sql}` : ''} order by ${newest} desc limit ${window})
       select ${columns}, count(*) over ()::int as in_window from recent
        where ${vector} @@ ${q} order by ${newest} desc limit ${limit} offset ${offset}`,
      params,
    );
    if (recent.rows.length >= limit) {
      const inWindow = Number(recent.rows[0]!.in_window);
      const rows = recent.rows.map(({ in_window: _, ...row }) => row as unknown as R);
      // A filtered list smaller than the window was read whole: its count is exact.
      if (filter && (await filteredRows(db, table, filter, window)) < window)
        return { rows, count: inWindow, estimated: false, capped: false };
      const share = inWindow / window;
      const total = await estimatedRows(db, table, filter);
      return { rows, count: Math.round(share * Math.max(window, total)), estimated: true, capped: false };
    }
  }
  await db.query('begin');
  try {
    // Only the GIN index may answer: a walk of the newest rows would read the whole table.
    await db.query("select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)");
    const rows = (
      await db.query<R>(
        `select ${columns} from ${table} where ${restrict}${vector} @@ ${q}
          order by ${newest} desc limit ${limit} offset ${offset}`,
        params,
      )
    ).rows;
    const n =
      rows.length < limit && (rows.length > 0 || offset === 0)
        ? offset + rows.length
        : (
            await db.query<{ n: number }>(
              `select count(*)::int as n from (select 1 from ${table} where ${restrict}${vector} @@ ${q} limit ${countCap + 1}) m`,
              params,
            )
          ).rows[0]!.n;
    await db.query('commit');
    return { rows, count: Math.min(n, countCap), estimated: false, capped: n > countCap };
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
}
