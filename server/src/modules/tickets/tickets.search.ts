import type { SearchTarget } from '../../platform/search-page';
import { toSearchVector } from '../../platform/text-search';

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
