/**
 * Audit action names are `module.entity.verb`: three lowercase parts, the verb in the past tense
 * (`teams.team.created`, `auth.session.started`). `platform/audit.ts` refuses any other shape at
 * compile time.
 */
export type AuditAction = `${Lowercase<string>}.${Lowercase<string>}.${Lowercase<string>}`;

/**
 * Names written before the `module.entity.verb` rule, and what each is called now. Rows already in
 * `audit_log` keep their old name: the hash chain covers the action, so renaming them would break
 * it. The audit API finds them by the new name too, and the web shows both with one text.
 */
export const AUDIT_ACTION_RENAMES = {
  'auth.login': 'auth.session.started',
  'auth.logout': 'auth.session.ended',
  'auth.lock': 'auth.session.locked',
  'auth.unlock': 'auth.session.unlocked',
  'auth.login_failed': 'auth.session.refused',
  'auth.account_locked': 'auth.user.locked_out',
  'auth.password_changed': 'auth.user.password_changed',
  'auth.role_updated': 'auth.role.updated',
  'users.created': 'auth.user.created',
  'users.updated': 'auth.user.updated',
  'users.password_reset': 'auth.user.password_reset',
  'teams.created': 'teams.team.created',
  'teams.updated': 'teams.team.updated',
  'pii.viewed': 'platform.pii.viewed',
} as const satisfies Record<string, AuditAction>;

export type LegacyAuditAction = keyof typeof AUDIT_ACTION_RENAMES;

/** The name an action goes by now: itself, or the new name of an old one. */
export function currentAuditAction(action: string): string {
  return (AUDIT_ACTION_RENAMES as Record<string, string>)[action] ?? action;
}

/** Every name `action` was ever written under, itself included (an old name finds its new rows too). */
export function auditActionNames(action: string): string[] {
  const current = currentAuditAction(action);
  const old = Object.entries(AUDIT_ACTION_RENAMES)
    .filter(([, now]) => now === current)
    .map(([was]) => was);
  return [current, ...old];
}
