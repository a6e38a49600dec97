import { CONTACT_LABELS } from '../../../../contracts/contact-labels';
import { announcementsEnUS } from '../../features/announcements/locale.en-US';
import { auditEnUS } from '../../features/audit/locale.en-US';
import { authEnUS } from '../../features/auth/locale.en-US';
import { calendarsEnUS } from '../../features/calendars/locale.en-US';
import { callsEnUS } from '../../features/calls/locale.en-US';
import { channelsEnUS } from '../../features/channels/locale.en-US';
import { crmEnUS } from '../../features/crm/locale.en-US';
import { desktopEnUS } from '../../features/desktop/locale.en-US';
import { desktopChatEnUS } from '../../features/desktop/locale-chat.en-US';
import { desktopCrmEnUS } from '../../features/desktop/locale-customer.en-US';
import { desktopKnowledgeEnUS } from '../../features/desktop/locale-knowledge.en-US';
import { desktopTicketEnUS } from '../../features/desktop/locale-ticket.en-US';
import { ivrEnUS } from '../../features/ivr/locale.en-US';
import { knowledgeEnUS } from '../../features/knowledge/locale.en-US';
import { notificationsEnUS } from '../../features/notifications/locale.en-US';
import { qualityEnUS } from '../../features/quality/locale.en-US';
import { qualityAdminEnUS } from '../../features/quality/settings.locale.en-US';
import { reportsImportEnUS } from '../../features/reports/import.locale.en-US';
import { reportsEnUS } from '../../features/reports/locale.en-US';
import { rolesEnUS } from '../../features/roles/locale.en-US';
import { routingEnUS } from '../../features/routing/locale.en-US';
import { supervisorEnUS } from '../../features/supervisor/locale.en-US';
import { surveysEnUS } from '../../features/surveys/locale.en-US';
import { systemEnUS } from '../../features/system/locale.en-US';
import { teamsEnUS } from '../../features/teams/locale.en-US';
import { telephonyEnUS } from '../../features/telephony/locale.en-US';
import { ticketsAdminEnUS } from '../../features/tickets/admin/locale.en-US';
import { ticketFlowsEnUS } from '../../features/tickets/flows.locale.en-US';
import { ticketsEnUS } from '../../features/tickets/locale.en-US';
import { trainingEnUS } from '../../features/training/locale.en-US';
import { usersEnUS } from '../../features/users/locale.en-US';
import { webhooksEnUS } from '../../features/webhooks/locale.en-US';
import { wfmEnUS } from '../../features/wfm/locale.en-US';
import { wfmAdherenceEnUS } from '../../features/wfm/locale-adherence.en-US';
import { wfmSelfEnUS } from '../../features/wfm/locale-self.en-US';
import { errorsEnUS } from './errors.en-US';
import type { Messages } from './zh-CN';

export const enUS: Messages = {
  common: {
    productName: 'Kefu',
    appName: '客服 Kefu',
    tagline: 'Open-source contact center',
    save: 'Save',
    cancel: 'Cancel',
    create: 'Create',
    edit: 'Edit',
    search: 'Search',
    reset: 'Reset',
    refresh: 'Refresh',
    retry: 'Retry',
    actions: 'Actions',
    loading: 'Loading…',
    none: '—',
    all: 'All',
    close: 'Close',
    total: '{{count}} in total',
    loadFailed: 'Could not load',
    empty: 'Nothing here yet',
    comingSoon: 'Coming soon',
  },
  lang: {
    label: 'Language',
    switchTo: 'Switch language',
    'zh-CN': '中文',
    'en-US': 'English',
  },
  nav: {
    main: 'Main navigation',
    desktop: 'Agent desktop',
    supervisor: 'Supervisor',
    calls: 'Call records',
    customers: 'Customers',
    quality: 'Quality',
    wfm: 'WFM',
    mySchedule: 'My schedule',
    scheduleRequests: 'Schedule requests',
    adherence: 'Adherence',
    training: 'Training',
    reports: 'Reports',
    reportSchedules: 'Scheduled reports',
    admin: 'Admin',
    users: 'Users',
    roles: 'Roles & permissions',
    teams: 'Teams',
    routing: 'Routing',
    ivr: 'IVR flows',
    telephony: 'Voice settings',
    audit: 'Audit log',
    overview: 'System overview',
    tickets: 'Work orders',
    ticketsAdmin: 'Work-order settings',
    followUps: 'Follow-up visits',
    incidents: 'Major incidents',
    webhooks: 'Webhooks',
    calendars: 'Business calendars',
    reportsImport: 'Import history',
    surveys: 'Surveys',
    knowledge: 'Knowledge base',
    channels: 'Channels',
    cannedReplies: 'Canned replies',
    liveConversations: 'Live conversations',
    announcements: 'Announcements',
    handover: 'Shift handover',
  },
  header: {
    userMenu: 'User menu',
    changePassword: 'Change password',
    lockNow: 'Lock screen now',
    logout: 'Log out',
    realtimeOffline: 'Connection to the server lost, reconnecting…',
  },
  knowledgeArticle: {
    emptyBody: '(No text)',
    validity: { current: 'Current', scheduled: 'Not yet effective', expired: 'Expired', unpublished: 'Not published' },
    expiredWarning: 'Expired: do not quote to customers',
    scheduledWarning: 'Not yet effective: do not quote to customers before the effective date',
    tree: {
      empty: 'This troubleshooting tree has no steps yet',
      missingStep: 'The next step is missing; tell the knowledge manager',
      result: 'Result',
      answers: 'Answers',
      answered: 'Answer: {{answer}}',
      path: 'Steps taken',
      back: 'Back',
      restart: 'Start over',
    },
  },
  // The password fields (ui/new-password-fields) are shared by sign-in settings and user admin.
  prompt: { pick: 'Pick a prompt', play: 'Play', stop: 'Stop' },
  password: {
    title: 'Change password',
    current: 'Current password',
    new: 'New password',
    confirm: 'Confirm new password',
    mismatch: 'The two passwords do not match',
    rule: 'At least 8 characters with a letter and a digit',
    changed: 'Password changed',
    required: 'Enter a password',
  },
  errors: errorsEnUS,
  roleNames: {
    agent: 'Agent',
    team_lead: 'Team lead',
    qa: 'QA specialist',
    trainer: 'Trainer',
    wfm: 'WFM planner',
    analyst: 'Analyst',
    supervisor: 'Supervisor',
    admin: 'Administrator',
  },
  acd: {
    vip: 'VIP',
    vipHint: 'A VIP in the CRM: this queue raised its priority',
    state: {
      logged_out: 'Logged out',
      ready: 'Ready',
      not_ready: 'Not ready',
      reserved: 'Ringing',
      busy: 'Busy',
      wrap_up: 'Wrap-up',
    },
    stateWithReason: '{{state}} ({{reason}})',
    contactState: {
      queued: 'Queued',
      offered: 'Offered',
      connected: 'Connected',
      wrap_up: 'Wrap-up',
      completed: 'Completed',
      abandoned: 'Abandoned',
      transferred: 'Transferred',
      overflowed: 'Overflowed',
      timed_out: 'Timed out',
    },
    channel: CONTACT_LABELS['en-US'].channel,
    disposition: CONTACT_LABELS['en-US'].disposition,
    requestType: CONTACT_LABELS['en-US'].requestType,
    strategy: {
      longest_idle: 'Longest idle',
      most_skilled: 'Most skilled',
      least_occupied: 'Least occupied',
      round_robin: 'Round robin',
      preferred_agent: 'Preferred agent',
    },
    overflowAction: {
      none: 'None (times out)',
      queue: 'Overflow to a queue',
      voicemail: 'Voicemail',
      callback: 'Callback',
    },
  },
  placeholders: {
    ...trainingEnUS.placeholders,
  },
  // Long server-side work followed by id (ui/job-progress).
  jobs: {
    progress: 'Job progress',
    state: { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' },
    phase: { validating: 'checking rows', writing: 'writing' },
    rows: '{{done}} rows done',
    rowsOf: '{{done}} of {{total}} rows done',
    errors: '{{count}} problems',
  },
  home: {
    noAccessTitle: 'Nothing available yet',
    noAccess: 'Your account has not been granted any module. Please contact your administrator.',
  },
  notFound: { title: 'Page not found', description: 'The page you asked for does not exist.', back: 'Back to start' },
  forbidden: {
    title: 'Access denied',
    description: 'You do not have permission to open this page.',
    back: 'Back to {{page}}',
  },
  crash: {
    title: 'Something broke',
    description: 'This page ran into an error. Reload and try again; if it persists, tell your administrator.',
    updatedTitle: 'Kefu was updated',
    updatedDescription: 'A new version has been deployed; reload to use this page.',
    reload: 'Reload',
  },
  connection: {
    serverErrorTitle: 'The server could not answer',
    serverErrorDescription:
      'The server answered with an error. Kefu retries by itself; if this persists, contact your administrator.',
    lostTitle: 'Connection to the server lost',
    lostDescription: 'The network may be down or the server restarting. Kefu continues by itself once it is back.',
    pageOffline:
      'This page could not load because the connection is lost. Reconnecting; the page reloads by itself once the server answers.',
    retryIn: 'Retrying in {{seconds}} s…',
    retrying: 'Retrying…',
    retryNow: 'Retry now',
  },
  ...authEnUS,
  ...usersEnUS,
  ...teamsEnUS,
  ...surveysEnUS,
  ...announcementsEnUS,
  ...webhooksEnUS,
  ...rolesEnUS,
  ...callsEnUS,
  ...ivrEnUS,
  ...telephonyEnUS,
  ...auditEnUS,
  ...desktopEnUS,
  ...supervisorEnUS,
  ...routingEnUS,
  ...systemEnUS,
  ...crmEnUS,
  ...desktopCrmEnUS,
  ...desktopKnowledgeEnUS,
  ...desktopChatEnUS,
  ...calendarsEnUS,
  ...ticketsEnUS,
  ...ticketFlowsEnUS,
  ...notificationsEnUS,
  ...ticketsAdminEnUS,
  ...reportsEnUS,
  ...desktopTicketEnUS,
  ...reportsImportEnUS,
  ...qualityEnUS,
  ...wfmEnUS,
  ...wfmSelfEnUS,
  ...wfmAdherenceEnUS,
  ...qualityAdminEnUS,
  ...channelsEnUS,
  ...knowledgeEnUS,
};
