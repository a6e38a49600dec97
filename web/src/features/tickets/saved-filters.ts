import { useCallback, useState } from 'react';
import type { ListFilters } from './list-filters';

/**
 * Saved filters of the work-order list. They are per user and kept in this browser's localStorage
 * (the server has no store for them yet): a new browser starts without them, which the list says.
 */
export type SavedFilter = { name: string; filters: ListFilters };

const keyOf = (userId: string) => `kefu.tickets.filters.${userId}`;

function read(userId: string): SavedFilter[] {
  try {
    const raw = localStorage.getItem(keyOf(userId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as SavedFilter[]).filter((f) => typeof f?.name === 'string') : [];
  } catch {
    // Storage blocked or a corrupt value: no saved filters rather than a broken page.
    return [];
  }
}

export function useSavedFilters(userId: string) {
  const [filters, setFilters] = useState(() => read(userId));
  const write = useCallback(
    (next: SavedFilter[]) => {
      setFilters(next);
      try {
        localStorage.setItem(keyOf(userId), JSON.stringify(next));
      } catch {
        // Not persisted; the filter still holds for this page.
      }
    },
    [userId],
  );
  return {
    filters,
    save: (f: SavedFilter) => write([...filters.filter((x) => x.name !== f.name), f]),
    remove: (name: string) => write(filters.filter((x) => x.name !== name)),
  };
}
