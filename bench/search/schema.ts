import { SEARCH_PAGE_DEFAULTS, type SearchTarget } from '../../server/src/platform/search-page';

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
 * the page (platform/search-page.ts).
 */
export const COUNT_CAP = SEARCH_PAGE_DEFAULTS.countCap;

export type QueryShape = { list: string; count: string };

export const QUERIES = {
  /**
   * $1 = toSearchQuery(text). Newest first: a work-list search, not a web search. The shape that
   * `searchNewestFirst` runs, choosing the plan itself (here for EXPLAIN and the docs).
   */
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

/** Where ticket search looks, for `searchNewestFirst` (platform/search-page.ts), which runs QUERIES.search. */
export const TICKET_SEARCH: SearchTarget = {
  table: 'tickets_tickets',
  vector: 'search',
  newest: 'created_at',
  columns: COLUMNS,
};
