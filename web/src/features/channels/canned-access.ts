import type { CannedReply, CannedScope } from '../../../../contracts/conversations';

/**
 * Who may keep which canned replies (the server decides the same, conversations/canned.service.ts):
 * everyone their own; holders of `channels.manage` the global ones and any team's; a team lead their
 * team's.
 */
export type CannedAccess = {
  scopes: CannedScope[];
  /** Teams whose replies the user may keep (for the team select). */
  teamIds: string[];
  mayEdit: (reply: CannedReply) => boolean;
};

export function cannedAccess(opts: {
  userId: string;
  teamId: string | null;
  manage: boolean;
  /** The teams the user can see, with their leads (empty when they may not list teams). */
  teams: readonly { id: string; leadUserId: string | null }[];
}): CannedAccess {
  const { userId, teamId, manage, teams } = opts;
  const led = teams.filter((t) => t.leadUserId === userId).map((t) => t.id);
  // Without the team list an administrator can still keep their own team's (the server's default).
  const teamIds = manage ? (teams.length > 0 ? teams.map((t) => t.id) : teamId ? [teamId] : []) : led;
  const scopes: CannedScope[] = [
    'personal',
    ...(teamIds.length > 0 ? (['team'] as const) : []),
    ...(manage ? (['global'] as const) : []),
  ];
  return {
    scopes,
    teamIds,
    mayEdit: (r) => {
      if (r.scope === 'personal') return r.ownerId === userId || manage;
      if (r.scope === 'global') return manage;
      return manage || (r.teamId !== null && led.includes(r.teamId));
    },
  };
}

const ORDER: Record<CannedScope, number> = { global: 0, team: 1, personal: 2 };

/** Replies grouped for the list: global, then each team's, then the user's own; by shortcut inside. */
export function groupCanned(
  replies: readonly CannedReply[],
): { key: string; scope: CannedScope; teamId: string | null; items: CannedReply[] }[] {
  const groups = new Map<string, { key: string; scope: CannedScope; teamId: string | null; items: CannedReply[] }>();
  for (const r of replies) {
    const key = r.scope === 'team' ? `team:${r.teamId ?? ''}` : r.scope;
    const g = groups.get(key) ?? { key, scope: r.scope, teamId: r.scope === 'team' ? r.teamId : null, items: [] };
    g.items.push(r);
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => ORDER[a.scope] - ORDER[b.scope] || a.key.localeCompare(b.key))
    .map((g) => ({ ...g, items: g.items.sort((a, b) => a.shortcut.localeCompare(b.shortcut)) }));
}
