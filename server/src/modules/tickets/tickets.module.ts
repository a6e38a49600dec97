import { namesFromList } from '../../platform/entity-names';
import type { KefuModule, Platform } from '../../platform/module';
import type { AuthServices } from '../auth';
import type { CalendarsService, Pause } from '../calendars';
import type { CustomersService } from '../crm';
import type { CustomerNotifier } from '../notifications';
import type { TeamsService } from '../teams';
import type { VoiceServices } from '../voice';
import { OPEN_STATUSES } from './domain/status-machine';
import { createWorkAccess } from './tickets.access';
import { createTicketsAdmin, type TicketsAdmin } from './tickets.admin';
import { createTicketAttachments, type TicketAttachments } from './tickets.attachments';
import { createAttachmentsRepo } from './tickets.attachments.repo';
import { registerAttachmentRoutes } from './tickets.attachments.routes';
import { type Complaints, createComplaints } from './tickets.complaints';
import { registerComplaintRoutes } from './tickets.complaints.routes';
import { seedDemoTickets } from './tickets.demo';
import { snapshotOf } from './tickets.dto';
import { calendarNeverOpens } from './tickets.errors';
import { createEscalationScanner, type EscalationScanner } from './tickets.escalation';
import type { TicketSnapshot } from './tickets.events';
import { createTicketsExport } from './tickets.export';
import { registerTicketExportRoutes } from './tickets.export-routes';
import { createFlowsRepo } from './tickets.flows.repo';
import { createFollowUps, type FollowUps, type TicketsSettings } from './tickets.followups';
import { registerFollowUpRoutes } from './tickets.followups.routes';
import { createIncidents, type Incidents } from './tickets.incidents';
import { registerIncidentRoutes } from './tickets.incidents.routes';
import { createCustomerNotices } from './tickets.notices';
import type { CustomerDirectory, LinkedCalls, TicketCalendars } from './tickets.ports';
import { createTicketsRepo } from './tickets.repo';
import { registerTicketRoutes } from './tickets.routes';
import { createTicketsService, type TicketHooks, type TicketsService } from './tickets.service';
import { createSlaReader } from './tickets.sla';

export type TicketsServices = {
  tickets: TicketsService;
  ticketsAdmin: TicketsAdmin;
  ticketEscalations: EscalationScanner;
  ticketComplaints: Complaints;
  ticketFollowUps: FollowUps;
  ticketIncidents: Incidents;
  ticketAttachments: TicketAttachments;
  /** Every order as its events' snapshot, in creation order: what a read model is rebuilt from. */
  ticketRecords: TicketRecords;
};

/** Pages of orders as snapshots (`after`: the last one of the previous page). */
export type TicketRecords = {
  page(after: { createdAt: string; id: string } | null, limit: number): Promise<TicketSnapshot[]>;
};

/** A number as entered and in E.164, so that a search with or without the country code finds it. */
const numbers = (p: { number: string; e164: string }) => [p.number, p.e164];

/** crm's customers as the tickets' port sees them: a merged customer answers as the one it went into. */
function customerDirectory(customers: Pick<CustomersService, 'find' | 'findOrCreateByPhone'>): CustomerDirectory {
  return {
    async findOrCreateByPhone(phone, actor, tx) {
      const c = await customers.findOrCreateByPhone(tx, phone, actor);
      return {
        status: c.created ? 'created' : 'found',
        customer: { id: c.id, tier: c.tier, name: c.name, phones: c.phones.flatMap(numbers) },
      };
    },
    async describe(customerId) {
      let c = await customers.find(customerId);
      for (let hops = 0; c?.mergedInto && hops < 5; hops++) c = await customers.find(c.mergedInto);
      return c
        ? {
            status: 'found',
            customer: { id: c.id, tier: c.tier, name: c.name, phones: c.phones.flatMap(numbers) },
          }
        : { status: 'not_found' };
    },
  };
}

/** The calendars' business time for SLA policies that name a calendar. */
function ticketCalendars(
  calendars: Pick<CalendarsService, 'exists' | 'businessTime'>,
  db: Platform['db'],
): TicketCalendars {
  return {
    async businessTime(calendarId) {
      if (!(await calendars.exists(db, calendarId))) return { status: 'not_found' };
      const bt = await calendars.businessTime(calendarId);
      // A calendar that never opens (or not for years) makes a deadline unreachable: a clear 409.
      const guard =
        <A extends unknown[], R>(fn: (...a: A) => R) =>
        (...a: A): R => {
          try {
            return fn(...a);
          } catch (err) {
            if (err instanceof RangeError) throw calendarNeverOpens(calendarId);
            throw err;
          }
        };
      return {
        status: 'found',
        time: {
          isOpen: (at) => bt.isOpen(at),
          nextOpen: (at) => bt.nextOpen(at),
          addMinutes: guard((from: Date, m: number, p?: readonly Pause[]) => bt.addMinutes(from, m, p)),
          minutesBetween: (a, b, p) => bt.minutesBetween(a, b, p),
        },
      };
    },
  };
}

/** Work orders (工单): tickets, SLA policies and their durable escalation timers. */
export function createTicketsModule(
  p: Platform<TicketsSettings>,
  {
    users,
    teams,
    customers,
    calendars,
    customerNotifier,
    ivrIncidents,
    voice,
    calls,
    inboxGroups,
  }: Pick<AuthServices, 'users'> & {
    /** Click-to-call of follow-up visits (voice is built before tickets). */
    voice: Pick<VoiceServices['voice'], 'dial'>;
    /** Telephony's call records: the calls of an order's linked contacts. */
    calls: LinkedCalls;
    /** The in-app inbox asks who is in a department group through this port. */
    inboxGroups: { bind(port: { members(groupId: string): Promise<string[]> }): void };
    /** The IVR's incident_active nodes ask the major incidents through this port. */
    ivrIncidents: {
      bind(port: { active(service: string): Promise<{ active: boolean; prompt: string | null } | undefined> }): void;
    };
    customerNotifier: Pick<CustomerNotifier, 'notify'>;
    teams: TeamsService;
    customers: Pick<CustomersService, 'find' | 'findOrCreateByPhone'>;
    calendars: Pick<CalendarsService, 'exists' | 'businessTime' | 'registerUsage'>;
  },
): KefuModule<TicketsServices> {
  const repo = createTicketsRepo();
  let offCalendarChanged: (() => void) | undefined;
  const sla = createSlaReader({ repo, calendars: ticketCalendars(calendars, p.db) });
  const hooks: TicketHooks[] = [];
  const tickets = createTicketsService({
    ...p,
    repo,
    sla,
    customers: customerDirectory(customers),
    users,
    teams,
    hooks,
  });
  const flows = createFlowsRepo();
  const access = createWorkAccess({ repo, teams });
  const complaints = createComplaints({ ...p, repo, flows, sla, access, teams, getTicket: (id) => tickets.get(id) });
  const followUps = createFollowUps({
    ...p,
    repo,
    flows,
    access,
    complaints,
    tickets,
    phoneOf: async (id) => (await customers.find(id))?.phones[0]?.number ?? null,
    dialer: { dial: (agentUserId, number, opts) => voice.dial(agentUserId, number, opts) },
    calls,
    delayMinutes: p.settings.followUpDelayMinutes ?? 24 * 60,
  });
  hooks.push(complaints.hooks, followUps.hooks);
  const incidents = createIncidents({ ...p, repo, flows, sla, tickets, customers, customerNotifier });
  ivrIncidents.bind({
    async active(service) {
      // Gravest first: the announcement of the worst open incident of the service plays.
      const list = await incidents.active(service);
      return { active: list.length > 0, prompt: list.find((i) => i.ivrPrompt)?.ivrPrompt ?? null };
    },
  });
  inboxGroups.bind({
    members: async (groupId) => {
      const g = await repo.group(p.db, groupId);
      // The lead hears of the group's orders as its members do.
      return g ? [...new Set([...g.memberUserIds, ...(g.leadUserId ? [g.leadUserId] : [])])] : [];
    },
  });
  const ticketsAdmin = createTicketsAdmin({
    ...p,
    repo,
    users,
    calendarExists: (tx, id) => calendars.exists(tx, id),
  });
  // An SLA policy on a calendar keeps it from being deleted.
  calendars.registerUsage(async (tx, calendarId) =>
    (await repo.policies(tx))
      .filter((x) => x.calendarId === calendarId)
      .map((x) => ({ kind: 'sla_policy' as const, id: x.id, name: x.name })),
  );
  const ticketAttachments = createTicketAttachments({
    ...p,
    repo,
    attachments: createAttachmentsRepo(),
    access,
    settings: p.settings.ticketAttachments,
  });
  const notices = createCustomerNotices({ ...p, repo, admin: ticketsAdmin, customers, customerNotifier });
  const ticketEscalations = createEscalationScanner({ ...p, repo, sla, teams });
  const exporter = createTicketsExport({
    db: p.db,
    tickets,
    admin: ticketsAdmin,
    displayNames: (db, ids) => users.displayNames(db, ids),
    timeZone: p.settings.timezone ?? 'Asia/Shanghai',
    recordExport: (actor, details) =>
      p.bus.transaction((tx) => p.audit.append(tx, actor, { action: 'tickets.orders.exported', details })),
  });
  let unfollow: (() => void) | undefined;
  const mine = (e: { ownerUserId: string; assigneeUserId: string | null }) => [e.ownerUserId, e.assigneeUserId];
  return {
    name: 'tickets',
    services: {
      tickets,
      ticketsAdmin,
      ticketEscalations,
      ticketComplaints: complaints,
      ticketFollowUps: followUps,
      ticketIncidents: incidents,
      ticketAttachments,
      ticketRecords: {
        page: async (after, limit) => (await repo.recordsPage(p.db, after, limit)).map(snapshotOf),
      },
    },
    routes: (app) => {
      registerTicketRoutes(app, { tickets, admin: ticketsAdmin, calls });
      registerComplaintRoutes(app, complaints);
      registerFollowUpRoutes(app, followUps);
      registerIncidentRoutes(app, incidents);
      registerTicketExportRoutes(app, exporter);
      registerAttachmentRoutes(app, ticketAttachments);
    },
    entityNames: {
      sla_policy: namesFromList(ticketsAdmin.policies, (p) => p.name),
      ticket_category: namesFromList(
        () => ticketsAdmin.categories(),
        (c) => c.name,
      ),
      ticket_group: namesFromList(ticketsAdmin.groups, (g) => g.name),
      incident: namesFromList(
        () => incidents.list({}),
        (i) => i.title,
      ),
    },
    audiences: {
      'tickets.ticket.created': { users: mine },
      'tickets.ticket.updated': { users: mine },
      'tickets.ticket.transitioned': { users: mine },
      'tickets.ticket.commented': { users: mine },
      'tickets.ticket.attachment_added': { users: mine },
      'tickets.ticket.attachment_deleted': { users: mine },
      'tickets.ticket.sla_warning': { users: (e) => e.notifyUserIds },
      'tickets.ticket.sla_breached': { users: (e) => [...e.notifyUserIds, e.ownerUserId] },
      'tickets.ticket.escalated': { users: (e) => e.notifyUserIds, roles: (e) => (e.notifyRole ? [e.notifyRole] : []) },
      'tickets.complaint.step_overdue': { users: (e) => e.notifyUserIds },
      'tickets.follow_up.created': { users: (e) => [e.followUpOwnerUserId] },
      'tickets.follow_up.completed': { users: mine },
    },
    init: async () => {
      await ticketsAdmin.seedDefaults();
      await tickets.reindexUnsearchable();
      // Subscribed before the bus starts and never unsubscribed: an event the outbox delivers while
      // a handler is missing (the drain at start or stop) is marked delivered all the same.
      notices.follow();
      // Duplicates merged: their orders follow the customer they went into (docs/crm.md, "Merge").
      p.bus.subscribe('crm.customer.merged', async (e) => {
        await tickets.followMergedCustomer(e.payload.customerId, e.payload.from);
      });
    },
    start: async () => {
      await ticketEscalations.start();
      await complaints.start();
      // A calendar's hours or holidays changed: the open orders of its policies get new deadlines
      // at the scanner's next pass (seconds), as when a policy changes.
      offCalendarChanged = p.bus.subscribe('calendars.calendar.changed', async (e) => {
        const policies = (await repo.policies(p.db)).filter((x) => x.calendarId === e.payload.calendarId);
        for (const policy of policies) await repo.dueNowByPolicy(p.db, policy.id, p.clock.now(), OPEN_STATUSES);
      });
      // The vector holds the customer's name and numbers: a change there is searched for anew.
      unfollow = p.bus.subscribe('crm.customer.updated', (e) => tickets.reindexCustomer(e.payload.customerId));
    },
    stop: async () => {
      offCalendarChanged?.();
      unfollow?.();
      await complaints.stop();
      await ticketEscalations.stop();
    },
    seedDemo: (demo) => seedDemoTickets({ tickets, admin: ticketsAdmin }, demo),
  };
}
