import type { ListTicketsQueryInput } from '../../../../contracts/tickets';

export const TABS = ['mine', 'team', 'group', 'dueSoon', 'breached', 'all'] as const;
export type Tab = (typeof TABS)[number];
/** "Due soon": open orders whose resolution falls due within the next four hours. */
const DUE_SOON_MS = 4 * 3600_000;

export type ListFilters = {
  tab: Tab;
  status?: string[];
  type?: string[];
  priority?: string[];
  assigneeUserId?: string;
  q?: string;
  /** Created in [from, to): ISO instants with their offset, either end open. */
  createdFrom?: string;
  createdTo?: string;
  sortDue: boolean;
  page: number;
  pageSize: number;
};

export function queryOf(f: ListFilters, now: number): ListTicketsQueryInput {
  const q: ListTicketsQueryInput = { page: f.page, pageSize: f.pageSize, sort: f.sortDue ? 'due' : '-created' };
  if (f.tab === 'mine' || f.tab === 'team' || f.tab === 'group') q.list = f.tab;
  if (f.tab === 'breached') q.breached = 'true';
  // Rounded to the minute so the query key (and the cache) holds still between renders.
  if (f.tab === 'dueSoon') q.dueBefore = new Date(Math.ceil((now + DUE_SOON_MS) / 60_000) * 60_000).toISOString();
  if (f.status?.length) q.status = f.status.join(',');
  if (f.type?.length) q.type = f.type.join(',');
  if (f.priority?.length) q.priority = f.priority.join(',');
  if (f.assigneeUserId) q.assigneeUserId = f.assigneeUserId;
  if (f.q) q.q = f.q;
  if (f.createdFrom) q.createdFrom = f.createdFrom;
  if (f.createdTo) q.createdTo = f.createdTo;
  return q;
}
