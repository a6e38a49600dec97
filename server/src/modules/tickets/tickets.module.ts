import { namesFromList } from '../../platform/entity-names';
import type { KefuModule, Platform } from '../../platform/module';
import { latePort } from '../../platform/module';
import type { AuthServices } from '../auth';
import type { TeamsService } from '../teams';
import { createTicketsAdmin, type TicketsAdmin } from './tickets.admin';
import { createEscalationScanner, type EscalationScanner } from './tickets.escalation';
import type { CustomerDirectory, TicketCalendars } from './tickets.ports';
import { createTicketsRepo } from './tickets.repo';
import { registerTicketRoutes } from './tickets.routes';
import { createTicketsService, type TicketsService } from './tickets.service';
import { createSlaReader } from './tickets.sla';

export type TicketsServices = {
  tickets: TicketsService;
  ticketsAdmin: TicketsAdmin;
  ticketEscalations: EscalationScanner;
  /** Ports app.ts binds: crm's customer directory and the calendars' business time. */
  ticketCustomerDirectory: { bind(impl: CustomerDirectory): void };
  ticketCalendars: { bind(impl: TicketCalendars): void };
};

/** Work orders (工单): tickets, SLA policies and their durable escalation timers. */
export function createTicketsModule(
  p: Platform,
  { users, teams }: Pick<AuthServices, 'users'> & { teams: TeamsService },
): KefuModule<TicketsServices> {
  const repo = createTicketsRepo();
  const customers = latePort<CustomerDirectory>('tickets.customerDirectory');
  const calendars = latePort<TicketCalendars>('tickets.calendars');
  const sla = createSlaReader({ repo, calendars: calendars.port });
  const tickets = createTicketsService({ ...p, repo, sla, customers: customers.port, users, teams });
  const ticketsAdmin = createTicketsAdmin({ ...p, repo, users });
  const ticketEscalations = createEscalationScanner({ ...p, repo, sla, teams });
  const mine = (e: { ownerUserId: string; assigneeUserId: string | null }) => [e.ownerUserId, e.assigneeUserId];
  return {
    name: 'tickets',
    services: {
      tickets,
      ticketsAdmin,
      ticketEscalations,
      ticketCustomerDirectory: { bind: customers.bind },
      ticketCalendars: { bind: calendars.bind },
    },
    routes: (app) => registerTicketRoutes(app, { tickets, admin: ticketsAdmin }),
    entityNames: {
      sla_policy: namesFromList(ticketsAdmin.policies, (p) => p.name),
      ticket_category: namesFromList(
        () => ticketsAdmin.categories(),
        (c) => c.name,
      ),
      ticket_group: namesFromList(ticketsAdmin.groups, (g) => g.name),
    },
    audiences: {
      'tickets.ticket.created': { users: mine },
      'tickets.ticket.updated': { users: mine },
      'tickets.ticket.transitioned': { users: mine },
      'tickets.ticket.commented': { users: mine },
      'tickets.ticket.sla_warning': { users: (e) => e.notifyUserIds },
      'tickets.ticket.sla_breached': { users: (e) => [...e.notifyUserIds, e.ownerUserId] },
      'tickets.ticket.escalated': { users: (e) => e.notifyUserIds, roles: (e) => (e.notifyRole ? [e.notifyRole] : []) },
    },
    init: () => ticketsAdmin.seedDefaults(),
    start: () => ticketEscalations.start(),
    stop: () => ticketEscalations.stop(),
  };
}
