/**
 * How a module names its objects for the audit log: entity type (`queue`, `user` …) → a lookup of
 * names by id. The audit module calls each once per page with the page's ids of that type (UUIDs
 * only), so a page costs at most one lookup per type. A module names only what any holder of
 * `audit.view` may read: no personal data (a contact, whose name could be a caller's number, is not
 * named).
 */
export type EntityNames = Record<string, (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether an entity id can be looked up by an `EntityNames` function (the ids of uuid columns). */
export const isUuid = (id: string): boolean => UUID.test(id);

/** Names from a list the module already serves (config objects: queues, flows, trunks …). */
export function namesFromList<T extends { id: string }>(
  list: () => T[] | Promise<T[]>,
  name: (row: T) => string,
): (ids: readonly string[]) => Promise<ReadonlyMap<string, string>> {
  return async (ids) => {
    const wanted = new Set(ids);
    return new Map((await list()).filter((r) => wanted.has(r.id)).map((r) => [r.id, name(r)]));
  };
}
