import { TICKET_SEARCH_TARGET } from '../../server/src/modules/tickets/tickets.search';
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
-- The tickets module's table (tickets.schema.ts), column for column; the defaults stand in for
-- fields the benchmark does not vary.
create unlogged table tickets_tickets (
  id uuid primary key,
  number text not null,
  type text not null default 'fault',
  category_id uuid,
  priority text not null default 'P3',
  severity text,
  subject text not null,
  description text not null,
  channel text not null default 'phone',
  customer_id uuid,
  customer_phone text,
  customer_tier text,
  contact_ids text[] not null default '{}',
  owner_user_id uuid not null default '00000000-0000-4000-a000-000000000001',
  owner_team_id uuid,
  assignee_user_id uuid,
  assignee_team_id uuid,
  assignee_group_id uuid,
  status text not null,
  resolution text,
  sla_policy_id uuid,
  response_due_at timestamptz,
  resolve_due_at timestamptz,
  sla_state text not null,
  breached_at timestamptz,
  next_escalation_at timestamptz,
  responded_at timestamptz,
  stopped_at timestamptz,
  resolved_at timestamptz,
  created_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  search tsvector not null default ''::tsvector
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
  `create index tickets_tickets_assignee_open_idx on tickets_tickets (assignee_user_id, resolve_due_at) where ${OPEN}`,
  `create index tickets_tickets_group_breached_idx on tickets_tickets (assignee_group_id, resolve_due_at) where sla_state = 'breached' and ${OPEN}`,
  // The module's plain indexes that a filtered search's window may use.
  'create index tickets_tickets_status_idx on tickets_tickets (status, resolve_due_at)',
  'create index tickets_tickets_assignee_idx on tickets_tickets (assignee_user_id)',
  `create index tickets_tickets_due_open_idx on tickets_tickets (resolve_due_at) where ${OPEN}`,
  'create index tickets_comments_ticket_idx on tickets_comments (ticket_id, created_at)',
  'create index crm_customers_phone_idx on crm_customers (phone)',
];

export const COLUMNS =
  'id, number, subject, status, assignee_user_id, assignee_group_id, customer_id, customer_phone, resolve_due_at, sla_state, created_at';
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
    list: `select ${COLUMNS} from tickets_tickets where assignee_user_id = $1 and ${OPEN} order by resolve_due_at limit 50`,
    count: `select count(*)::int as n from tickets_tickets where assignee_user_id = $1 and ${OPEN}`,
  },
  /** $1 = group. */
  groupBreached: {
    list: `select ${COLUMNS} from tickets_tickets where assignee_group_id = $1 and sla_state = 'breached' and ${OPEN} order by resolve_due_at limit 50`,
    count: `select count(*)::int as n from tickets_tickets where assignee_group_id = $1 and sla_state = 'breached' and ${OPEN}`,
  },
  /** $1 = now. */
  dueSoon: {
    list: `select ${COLUMNS} from tickets_tickets where ${OPEN} and resolve_due_at >= $1 and resolve_due_at < $1::timestamptz + interval '2 hours' order by resolve_due_at limit 50`,
    count: `select count(*)::int as n from tickets_tickets where ${OPEN} and resolve_due_at >= $1 and resolve_due_at < $1::timestamptz + interval '2 hours'`,
  },
} satisfies Record<string, QueryShape>;

/**
 * Where ticket search looks: the module's own target (ids and dates; the page's rows are then read
 * by id, as the service does).
 */
export const TICKET_SEARCH: SearchTarget = TICKET_SEARCH_TARGET;
/** $1 = the page's ids: the service's second read. */
export const PAGE_BY_IDS = `select ${COLUMNS} from tickets_tickets where id = any($1::uuid[])`;
