export type TeamChanged = { teamId: string; name: string; leadUserId: string | null };

declare module '../../platform/bus' {
  interface EventMap {
    'teams.team.created': TeamChanged;
    'teams.team.updated': TeamChanged;
  }
}
