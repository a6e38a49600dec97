import { useMemo } from 'react';
import type { Category } from '../../../../contracts/knowledge';
import { useCategories } from './api';

/** Category id → name, and the options of a category select. */
export function useCategoryNames() {
  const categories = useCategories();
  return useMemo(() => {
    const list: Category[] = categories.data ?? [];
    const names = new Map(list.map((c) => [c.id, c.name]));
    return {
      query: categories,
      name: (id: string | null) => (id ? (names.get(id) ?? null) : null),
      options: list.map((c) => ({ value: c.id, label: c.name })),
    };
  }, [categories]);
}
