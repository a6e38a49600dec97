/**
 * Named permissions and the built-in roles of DOMAIN.md. Every HTTP route declares one of these
 * (or 'public' / 'authenticated'); admins edit which permissions a role grants, these are only the
 * defaults a fresh installation starts from. Later modules append their permissions here.
 */
export const PERMISSIONS = [
  'users.view',
  'users.manage',
  'roles.manage',
  'teams.view',
  'teams.manage',
  'audit.view',
  'audit.verify',
  'pii.view',
  'recordings.listen',
  'desktop.use',
  'supervisor.monitor',
  'supervisor.control',
  'routing.manage',
  'telephony.manage',
  'ivr.manage',
  'calls.view',
  'contacts.create',
  'qa.evaluate',
  'wfm.plan',
  'training.manage',
  /** Take exams (and, later, courses) one is given: every role that may be trained. */
  'training.learn',
  'reports.view',
  /** Import contact history from another system into the reports (issue 14). */
  'reports.import',
  /** Keep scheduled reports mailed to addresses (one's own; routing.manage: everyone's). */
  'reports.schedule',
  /** The system overview (系统概览): phones, trunks, queues and the server's recent errors. */
  'system.view',
  /** Turn a number's spike message (应急公告) on or off, and choose its prompt (issue 12). */
  'numbers.spike',
  /** Business calendars (营业日历): read them (pick one for a queue or an IVR node), and edit them. */
  'calendars.view',
  'calendars.manage',
  /** CRM (客户资料): read customers and their timeline; create, change, merge and verify them; import/export. */
  'customers.view',
  'customers.manage',
  'customers.import',
  /** Define customers' custom fields and what the desktop hides until the caller is verified. */
  'customers.configure',
  /** Work orders (工单): read any; create and work one's own and one's groups'; administer SLA policies, categories, groups. */
  'tickets.view',
  'tickets.work',
  'tickets.manage',
  /** Outgoing webhooks: subscriptions, their secrets, the delivery log, test and redeliver (issue 13). */
  'webhooks.manage',
  /** Surveys (满意度调查): read the answers; edit templates, map queues to them, send survey links (issue 14). */
  'surveys.view',
  'surveys.manage',
  /**
   * Quality (质检, issue 15; the `qa.` family of `qa.evaluate`): read one's own evaluations,
   * acknowledge and appeal them; read one's team's (team leads) and coach them; read every
   * evaluation and the quality reports; decide appeals; edit scorecards, automatic check rules,
   * sampling plans, calibration sessions and the best-practice library.
   */
  'qa.own',
  'qa.team',
  'qa.view',
  'qa.review',
  'qa.manage',
  /**
   * Digital channels (issue 16): web chat widgets, mailboxes, SMS numbers and WeChat accounts, and
   * everyone's canned replies. Agents answer conversations with `desktop.use`.
   */
  'channels.manage',
  /**
   * Schedules (issue 17): see one's own published shifts and ask for leave or a swap; decide the
   * requests of the teams one leads (wfm and supervisors: everyone's). Planning is `wfm.plan`.
   */
  'wfm.own',
  'wfm.approve',
  /**
   * Knowledge base (知识库, issue 18): read published articles (and search, suggestions, feedback);
   * write drafts and hand them to review; publish or send back others' versions; categories,
   * synonyms, usage analytics, archiving and publishing without review.
   */
  'knowledge.use',
  'knowledge.edit',
  'knowledge.review',
  'knowledge.manage',
  /** Announcements (公告板): to anyone; to the teams one leads (and their handover notes, 交接班). */
  'announcements.manage',
  'announcements.team',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['agent', 'team_lead', 'qa', 'trainer', 'wfm', 'analyst', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const DEFAULT_ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: [
    'desktop.use',
    'customers.view',
    'customers.manage',
    'tickets.view',
    'tickets.work',
    'qa.own',
    'wfm.own',
    'knowledge.use',
    'training.learn',
  ],
  team_lead: [
    'desktop.use',
    'users.view',
    'teams.view',
    'supervisor.monitor',
    'supervisor.control',
    'reports.view',
    'reports.schedule',
    'recordings.listen',
    'calls.view',
    'customers.view',
    'customers.manage',
    'tickets.view',
    'tickets.work',
    'surveys.view',
    'qa.own',
    'qa.team',
    'wfm.own',
    'wfm.approve',
    'knowledge.use',
    'training.learn',
    'knowledge.edit',
    'announcements.team',
  ],
  qa: [
    'users.view',
    'teams.view',
    'qa.evaluate',
    'recordings.listen',
    'calls.view',
    'surveys.view',
    'qa.view',
    'qa.review',
    'qa.manage',
    'knowledge.use',
    'training.learn',
    'knowledge.edit',
    'knowledge.review',
  ],
  // Trainers keep the knowledge base too (培训 writes the scripts and policies agents learn).
  trainer: [
    'users.view',
    'teams.view',
    'training.manage',
    'qa.view',
    'knowledge.use',
    'training.learn',
    'knowledge.edit',
    'knowledge.review',
    'knowledge.manage',
    'announcements.manage',
  ],
  wfm: [
    'users.view',
    'teams.view',
    'wfm.plan',
    'wfm.approve',
    'reports.view',
    'reports.schedule',
    'knowledge.use',
    'training.learn',
  ],
  analyst: [
    'teams.view',
    'reports.view',
    'reports.schedule',
    'calls.view',
    'surveys.view',
    'qa.view',
    'knowledge.use',
    'training.learn',
  ],
  // Supervisors take escalated calls themselves (and may only grant what they hold: the agent role).
  supervisor: [
    'desktop.use',
    'users.view',
    'teams.view',
    'teams.manage',
    'supervisor.monitor',
    'supervisor.control',
    'routing.manage',
    'contacts.create',
    'reports.view',
    'reports.schedule',
    'reports.import',
    'recordings.listen',
    'calls.view',
    'pii.view',
    'audit.view',
    'numbers.spike',
    'calendars.view',
    'customers.view',
    'customers.manage',
    'customers.import',
    'tickets.view',
    'tickets.work',
    'tickets.manage',
    'surveys.view',
    'surveys.manage',
    'qa.view',
    'qa.review',
    'qa.own',
    'channels.manage',
    'wfm.own',
    'wfm.approve',
    'knowledge.use',
    'training.learn',
    'knowledge.edit',
    'knowledge.review',
    'knowledge.manage',
    'announcements.manage',
  ],
  admin: PERMISSIONS,
};

/** Permissions the admin role can never lose, so nobody can lock the installation out of itself. */
export const ADMIN_FLOOR: readonly Permission[] = ['users.manage', 'roles.manage', 'users.view'];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
