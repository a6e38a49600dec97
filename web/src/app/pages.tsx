import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  BranchesOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  DesktopOutlined,
  EyeOutlined,
  FieldTimeOutlined,
  FileSearchOutlined,
  IdcardOutlined,
  MessageOutlined,
  NotificationOutlined,
  PhoneOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SmileOutlined,
  SnippetsOutlined,
  SolutionOutlined,
  SoundOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { Permission } from '../../../contracts/permissions';
import { APP_IDS } from './testids';

/** A screen of the app: its route, the permission that shows it, and its place in the navigation. */
export type PageDef = {
  path: string;
  /** The permission that shows it, or a list of which any one does (quality: each qa.* role sees its part). */
  permission: Permission | readonly Permission[];
  /** i18n key of the navigation label. */
  label: string;
  icon: ReactNode;
  group?: 'admin';
  testId?: string;
  /** The page routes below its path itself (`/reports/queues` …): the router hands it `path/*`. */
  nested?: boolean;
  Page: LazyExoticComponent<ComponentType>;
};

const QUALITY_PERMISSIONS: readonly Permission[] = [
  'qa.own',
  'qa.team',
  'qa.view',
  'qa.evaluate',
  'qa.review',
  'qa.manage',
];

// Each page is its own chunk: the login screen ships without tables, pickers and forms.
const page = (load: () => Promise<ComponentType>) => lazy(async () => ({ default: await load() }));

export const PAGES: readonly PageDef[] = [
  {
    path: '/desktop',
    permission: 'desktop.use',
    label: 'nav.desktop',
    icon: <CustomerServiceOutlined />,
    testId: APP_IDS.navDesktop,
    Page: page(() => import('../features/desktop/desktop-page').then((m) => m.DesktopPage)),
  },
  {
    path: '/supervisor',
    permission: 'supervisor.monitor',
    label: 'nav.supervisor',
    icon: <DashboardOutlined />,
    testId: APP_IDS.navSupervisor,
    Page: page(() => import('../features/supervisor/supervisor-page').then((m) => m.SupervisorPage)),
  },
  {
    path: '/live-conversations',
    permission: 'supervisor.monitor',
    label: 'nav.liveConversations',
    icon: <EyeOutlined />,
    testId: APP_IDS.navLiveConversations,
    Page: page(() => import('../features/channels/live-conversations-page').then((m) => m.LiveConversationsPage)),
  },
  {
    path: '/calls',
    permission: 'calls.view',
    label: 'nav.calls',
    icon: <PhoneOutlined />,
    testId: APP_IDS.navCalls,
    Page: page(() => import('../features/calls/calls-page').then((m) => m.CallsPage)),
  },
  {
    path: '/customers',
    permission: 'customers.view',
    label: 'nav.customers',
    icon: <IdcardOutlined />,
    Page: page(() => import('../features/crm/customers-page').then((m) => m.CustomersPage)),
  },
  {
    path: '/tickets',
    permission: 'tickets.view',
    label: 'nav.tickets',
    icon: <SolutionOutlined />,
    testId: APP_IDS.navTickets,
    Page: page(() => import('../features/tickets/tickets-page').then((m) => m.TicketsPage)),
  },
  {
    path: '/follow-ups',
    permission: 'tickets.view',
    label: 'nav.followUps',
    icon: <ScheduleOutlined />,
    testId: APP_IDS.navFollowUps,
    Page: page(() => import('../features/tickets/follow-ups-page').then((m) => m.FollowUpsPage)),
  },
  {
    // Every desktop user keeps personal ones; team leads their team's, channels.manage the global ones.
    path: '/canned-replies',
    permission: 'desktop.use',
    label: 'nav.cannedReplies',
    icon: <SnippetsOutlined />,
    testId: APP_IDS.navCannedReplies,
    Page: page(() => import('../features/channels/canned-replies-page').then((m) => m.CannedRepliesPage)),
  },
  {
    // For team leads and supervisors (their shared permission); creating and the bulk update need tickets.manage.
    path: '/incidents',
    permission: 'supervisor.monitor',
    label: 'nav.incidents',
    icon: <AlertOutlined />,
    testId: APP_IDS.navIncidents,
    Page: page(() => import('../features/tickets/incidents-page').then((m) => m.IncidentsPage)),
  },
  {
    // Agents (their own results), team leads, QA staff and analysts each see the tabs of their part.
    path: '/quality',
    permission: QUALITY_PERMISSIONS,
    label: 'nav.quality',
    icon: <FileSearchOutlined />,
    testId: APP_IDS.navQuality,
    nested: true,
    Page: page(() => import('../features/quality/quality-page').then((m) => m.QualityPage)),
  },
  {
    // Agents: their published shifts, leave (请假) and swap (换班) requests.
    path: '/my-schedule',
    permission: 'wfm.own',
    label: 'nav.mySchedule',
    icon: <FieldTimeOutlined />,
    Page: page(() => import('../features/wfm/my-schedule-page').then((m) => m.MySchedulePage)),
  },
  {
    // Team leads approve or reject their teams' leave and swap requests, seeing the coverage effect.
    path: '/schedule-requests',
    permission: 'wfm.approve',
    label: 'nav.scheduleRequests',
    icon: <CarryOutOutlined />,
    Page: page(() => import('../features/wfm/shift-requests-page').then((m) => m.ShiftRequestsPage)),
  },
  {
    path: '/wfm',
    permission: 'wfm.plan',
    label: 'nav.wfm',
    icon: <CalendarOutlined />,
    Page: page(() => import('../features/wfm/wfm-page').then((m) => m.WfmPage)),
  },
  {
    // Team leads (their teams) and supervisors: agents' states against the published schedule.
    path: '/adherence',
    permission: 'wfm.approve',
    label: 'nav.adherence',
    icon: <FieldTimeOutlined />,
    Page: page(() => import('../features/wfm/adherence-page').then((m) => m.AdherencePage)),
  },
  {
    // Everyone who answers customers reads it; editors, reviewers and the knowledge manager see more tabs.
    path: '/knowledge',
    permission: 'knowledge.use',
    label: 'nav.knowledge',
    icon: <BookOutlined />,
    testId: APP_IDS.navKnowledge,
    nested: true,
    Page: page(() => import('../features/knowledge/knowledge-page').then((m) => m.KnowledgePage)),
  },
  {
    // Supervisors, trainers and admins address anyone; team leads the teams they lead.
    path: '/announcements',
    permission: ['announcements.manage', 'announcements.team'],
    label: 'nav.announcements',
    icon: <NotificationOutlined />,
    testId: APP_IDS.navAnnouncements,
    Page: page(() => import('../features/announcements/announcements-page').then((m) => m.AnnouncementsPage)),
  },
  {
    // 交接班: a team's members, its lead and announcements.manage holders (the server checks the team).
    path: '/handover',
    permission: ['desktop.use', 'announcements.team', 'announcements.manage'],
    label: 'nav.handover',
    icon: <SwapOutlined />,
    testId: APP_IDS.navHandover,
    Page: page(() => import('../features/announcements/handover-page').then((m) => m.HandoverPage)),
  },
  {
    path: '/training',
    permission: 'training.manage',
    label: 'nav.training',
    icon: <ReadOutlined />,
    Page: page(() => import('../features/training/training-page').then((m) => m.TrainingPage)),
  },
  {
    path: '/reports',
    permission: 'reports.view',
    label: 'nav.reports',
    icon: <BarChartOutlined />,
    nested: true,
    Page: page(() => import('../features/reports/reports-page').then((m) => m.ReportsPage)),
  },
  {
    path: '/reports/schedules',
    permission: 'reports.view',
    label: 'nav.reportSchedules',
    icon: <BarChartOutlined />,
    Page: page(() => import('../features/reports/schedules-page').then((m) => m.SchedulesPage)),
  },
  {
    path: '/reports/import',
    permission: 'reports.import',
    label: 'nav.reportsImport',
    icon: <BarChartOutlined />,
    group: 'admin',
    Page: page(() => import('../features/reports/import-page').then((m) => m.ImportPage)),
  },
  {
    path: '/surveys',
    permission: 'surveys.view',
    label: 'nav.surveys',
    icon: <SmileOutlined />,
    Page: page(() => import('../features/surveys/surveys-page').then((m) => m.SurveysPage)),
  },
  {
    path: '/admin/overview',
    permission: 'system.view',
    label: 'nav.overview',
    icon: <DesktopOutlined />,
    group: 'admin',
    testId: APP_IDS.navOverview,
    Page: page(() => import('../features/system/overview-page').then((m) => m.SystemOverviewPage)),
  },
  {
    path: '/admin/users',
    permission: 'users.view',
    label: 'nav.users',
    icon: <UserOutlined />,
    group: 'admin',
    testId: APP_IDS.navUsers,
    Page: page(() => import('../features/users/users-page').then((m) => m.UsersPage)),
  },
  {
    path: '/admin/roles',
    permission: 'roles.manage',
    label: 'nav.roles',
    icon: <SafetyCertificateOutlined />,
    group: 'admin',
    testId: APP_IDS.navRoles,
    Page: page(() => import('../features/roles/roles-page').then((m) => m.RolesPage)),
  },
  {
    path: '/admin/teams',
    permission: 'teams.view',
    label: 'nav.teams',
    icon: <TeamOutlined />,
    group: 'admin',
    testId: APP_IDS.navTeams,
    Page: page(() => import('../features/teams/teams-page').then((m) => m.TeamsPage)),
  },
  {
    path: '/admin/calendars',
    permission: 'calendars.view',
    label: 'nav.calendars',
    icon: <CalendarOutlined />,
    group: 'admin',
    testId: APP_IDS.navCalendars,
    Page: page(() => import('../features/calendars/calendars-page').then((m) => m.CalendarsPage)),
  },
  {
    path: '/admin/channels',
    permission: 'channels.manage',
    label: 'nav.channels',
    icon: <MessageOutlined />,
    group: 'admin',
    testId: APP_IDS.navChannels,
    Page: page(() => import('../features/channels/channels-page').then((m) => m.ChannelsPage)),
  },
  {
    path: '/admin/routing',
    permission: 'routing.manage',
    label: 'nav.routing',
    icon: <ApartmentOutlined />,
    group: 'admin',
    testId: APP_IDS.navRouting,
    Page: page(() => import('../features/routing/routing-admin-page').then((m) => m.RoutingAdminPage)),
  },
  {
    path: '/admin/ivr',
    permission: 'ivr.manage',
    label: 'nav.ivr',
    icon: <BranchesOutlined />,
    group: 'admin',
    testId: APP_IDS.navIvr,
    Page: page(() => import('../features/ivr/ivr-flows-page').then((m) => m.IvrFlowsPage)),
  },
  {
    path: '/admin/telephony',
    permission: 'telephony.manage',
    label: 'nav.telephony',
    icon: <SoundOutlined />,
    group: 'admin',
    testId: APP_IDS.navTelephony,
    Page: page(() => import('../features/telephony/telephony-admin-page').then((m) => m.TelephonyAdminPage)),
  },
  {
    path: '/admin/audit',
    permission: 'audit.view',
    label: 'nav.audit',
    icon: <AuditOutlined />,
    group: 'admin',
    testId: APP_IDS.navAudit,
    Page: page(() => import('../features/audit/audit-page').then((m) => m.AuditPage)),
  },
  {
    path: '/admin/webhooks',
    permission: 'webhooks.manage',
    label: 'nav.webhooks',
    icon: <ApiOutlined />,
    group: 'admin',
    testId: APP_IDS.navWebhooks,
    Page: page(() => import('../features/webhooks/webhooks-page').then((m) => m.WebhooksPage)),
  },
  {
    path: '/admin/tickets',
    permission: 'tickets.manage',
    label: 'nav.ticketsAdmin',
    icon: <SolutionOutlined />,
    group: 'admin',
    testId: APP_IDS.navTicketsAdmin,
    Page: page(() => import('../features/tickets/admin/tickets-admin-page').then((m) => m.TicketsAdminPage)),
  },
];

/** Whether a user who holds what `can` says may open the page. */
export function mayOpen(page: Pick<PageDef, 'permission'>, can: (permission: Permission) => boolean): boolean {
  return typeof page.permission === 'string' ? can(page.permission) : page.permission.some(can);
}

export function pageFor(pathname: string): PageDef | undefined {
  return PAGES.find((p) => pathname === p.path || pathname.startsWith(`${p.path}/`));
}
