/**
 * `data-testid`s of the shell (navigation, header, language switch). Each feature keeps its own in
 * `features/<f>/testids.ts` (AUTH_IDS, USERS_IDS, DESKTOP_IDS, SUPERVISOR_IDS, …); the browser tests
 * in e2e/ import these constants rather than repeating the strings. Change an id only together with
 * its tests. `langSwitch` toggles 中文 <-> English on each click (login page and header).
 */
export const APP_IDS = {
  langSwitch: 'lang-switch',
  userMenu: 'user-menu',
  logout: 'logout',
  navDesktop: 'nav-desktop',
  navSupervisor: 'nav-supervisor',
  navCalls: 'nav-calls',
  navUsers: 'nav-users',
  navRoles: 'nav-roles',
  navTeams: 'nav-teams',
  navRouting: 'nav-routing',
  navIvr: 'nav-ivr',
  navTelephony: 'nav-telephony',
  navAudit: 'nav-audit',
  navOverview: 'nav-overview',
  navWebhooks: 'nav-webhooks',
  navCalendars: 'nav-calendars',
  navTickets: 'nav-tickets',
  navTicketsAdmin: 'nav-tickets-admin',
  navFollowUps: 'nav-follow-ups',
  navIncidents: 'nav-incidents',
  navQuality: 'nav-quality',
  navChannels: 'nav-channels',
  navCannedReplies: 'nav-canned-replies',
  navAnnouncements: 'nav-announcements',
  navHandover: 'nav-handover',
  navLiveConversations: 'nav-live-conversations',
  navKnowledge: 'nav-knowledge',
  /** The 403 page's way back to the user's first screen. */
  forbiddenHome: 'forbidden-home',
  /** The page shown while the server cannot be reached (it retries by itself). */
  connectionLost: 'connection-lost',
  /** A page whose code is gone because a new version was deployed. */
  newVersion: 'new-version',
} as const;
