import type { Permission } from '../../../../../contracts/permissions';

/**
 * Least privilege for administration: a user may grant — through roles, or by editing a role — only
 * permissions they hold themselves, and may manage (edit, reset, disable) only users whose
 * permissions they hold. Otherwise anyone given `users.manage` could make themselves admin.
 * Returns what the grantor lacks; empty means allowed.
 */
export function missingGrants(wanted: Iterable<Permission>, held: ReadonlySet<Permission>): Permission[] {
  return [...new Set(wanted)].filter((p) => !held.has(p)).sort();
}

/** The permissions a role edit changes: both the added and the removed ones need the grantor to hold them. */
export function changedPermissions(before: readonly Permission[], after: readonly Permission[]): Permission[] {
  const a = new Set(before);
  const b = new Set(after);
  return [...new Set([...a, ...b])].filter((p) => a.has(p) !== b.has(p));
}
