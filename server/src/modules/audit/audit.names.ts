import type { AuditEntry, AuditPage } from '../../../../contracts/audit';
import { type EntityNames, isUuid } from '../../platform/entity-names';

type Entry = Omit<AuditEntry, 'entityName'>;

/**
 * Puts each entry's object name beside its id: one lookup per entity type on the page, by the
 * module that owns the type. An object since removed, or of a type no module names (a contact,
 * whose name could be a caller's number), keeps `entityName: null`.
 */
export async function withEntityNames(
  page: Omit<AuditPage, 'items'> & { items: Entry[] },
  names: EntityNames,
): Promise<AuditPage> {
  const idsByType = new Map<string, Set<string>>();
  for (const e of page.items) {
    if (!e.entityType || !e.entityId || !isUuid(e.entityId) || !Object.hasOwn(names, e.entityType)) continue;
    const ids = idsByType.get(e.entityType) ?? new Set<string>();
    ids.add(e.entityId);
    idsByType.set(e.entityType, ids);
  }
  const found = new Map<string, ReadonlyMap<string, string>>();
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      const lookup = names[type];
      if (lookup) found.set(type, await lookup([...ids]));
    }),
  );
  return {
    ...page,
    items: page.items.map((e) => ({
      ...e,
      entityName: (e.entityType && e.entityId && found.get(e.entityType)?.get(e.entityId)) || null,
    })),
  };
}
