import { namesFromList } from '../../platform/entity-names';
import { type KefuModule, latePort, type Platform } from '../../platform/module';
import type { AuthServices } from '../auth';
import type { CalendarsService } from '../calendars';
import { migrateQueueHours } from './routing.calendar-migration';
import type { TodayFigures } from './routing.context';
import { type CustomerDirectory, createCustomerHints } from './routing.customer-hints';
import { seedDemoRouting } from './routing.demo';
import { createRoutingHistory, type RoutingHistory } from './routing.demo-history';
import type { ContactChanged } from './routing.events';
import { createRoutingRepo } from './routing.repo';
import { registerRoutingRoutes } from './routing.routes';
import { createRoutingService, type RoutingDeps, type RoutingService } from './routing.service';

export type RoutingSettings = {
  /** The center's time zone (KEFU_TIMEZONE): "today" in figures starts at its midnight. */
  timezone?: string;
};

/** A contact's change goes to supervisors and to the agents it concerns (offered to, taken from). */
const contactAudience = {
  permissions: ['supervisor.monitor' as const],
  users: (e: ContactChanged) => [e.agentId, e.previousAgentId],
};

/** The ACD: queues, skills, agent states and the routing engine (docs/routing.md). */
export function createRoutingModule(
  p: Platform<RoutingSettings>,
  {
    users,
    calendars,
  }: Pick<AuthServices, 'users'> & {
    calendars: Pick<CalendarsService, 'exists' | 'businessTime' | 'registerUsage' | 'findByName' | 'create'>;
  },
): KefuModule<{
  routing: RoutingService;
  routingHistory: RoutingHistory;
  /** app.ts binds the CRM's customers here (crm comes after routing): the hints' rebuild reads them. */
  routingCustomers: { bind(directory: CustomerDirectory): void };
  /** The reporting module binds its KPI engine here: the wallboard's "today" is its figures. */
  routingToday: { bind(figures: TodayFigures): void };
}> {
  const directory = latePort<CustomerDirectory>('routing.customers');
  let today: TodayFigures | undefined;
  const repo = createRoutingRepo();
  const customerHints = createCustomerHints({ ...p, repo, directory: directory.port });
  const base: RoutingDeps = {
    ...p,
    repo,
    timezone: p.settings.timezone ?? 'Asia/Shanghai',
    users: { profiles: (tx, ids) => users.profiles(tx, ids) },
    calendars: {
      exists: (id) => calendars.exists(p.db, id),
      isOpen: async (id, at) =>
        (await calendars.exists(p.db, id)) ? (await calendars.businessTime(id)).isOpen(at) : undefined,
    },
  };
  const deps: RoutingDeps = { ...base, customerHints, today: () => today };
  const routing = createRoutingService(deps);
  let unfollow: (() => void) | undefined;
  // A queue on a calendar keeps it from being deleted (queues live in the ACD's memory).
  calendars.registerUsage(async (_tx, calendarId) =>
    routing
      .listQueues()
      .filter((q) => q.calendarId === calendarId)
      .map((q) => ({ kind: 'queue' as const, id: q.id, name: q.name })),
  );
  return {
    name: 'routing',
    // The demo history's replay ACD and agent plans (routing.demo-history.ts), used by voice's replay.
    // The replay's callers are made up: it does not look customers up.
    services: {
      routing,
      routingHistory: createRoutingHistory(base),
      routingCustomers: { bind: directory.bind },
      routingToday: {
        bind: (figures) => {
          today = figures;
        },
      },
    },
    routes: (app) => registerRoutingRoutes(app, { routing }),
    entityNames: {
      queue: namesFromList(routing.listQueues, (q) => q.name),
      skill: namesFromList(routing.listSkills, (s) => s.name),
      reason_code: namesFromList(routing.listReasonCodes, (r) => `${r.labelZh} / ${r.labelEn}`),
    },
    audiences: {
      'routing.contact.queued': contactAudience,
      'routing.contact.offered': contactAudience,
      'routing.contact.connected': contactAudience,
      'routing.contact.wrap_up': contactAudience,
      'routing.contact.completed': contactAudience,
      'routing.contact.abandoned': contactAudience,
      'routing.contact.transferred': contactAudience,
      'routing.contact.overflowed': contactAudience,
      'routing.contact.timed_out': contactAudience,
      'routing.contact.updated': contactAudience,
      'routing.agent.state_changed': { permissions: ['supervisor.monitor'], users: (e) => [e.userId] },
      'routing.config.changed': { permissions: ['routing.manage', 'supervisor.monitor'] },
    },
    // The ACD rebuilds its memory (agents, waiting contacts, timers) from the database.
    // Then queues' weekly hours move to calendars (once; routing.calendar-migration.ts).
    async start() {
      await routing.start();
      unfollow = customerHints.follow();
      await customerHints
        .fillIfEmpty()
        .catch((err) => p.log.error({ err }, 'routing: building the customer hints from the CRM failed'));
      const moved = await migrateQueueHours({ routing, calendars, timezone: deps.timezone, log: p.log });
      if (moved) p.log.info({ queues: moved }, 'routing: queue business hours moved to calendars');
    },
    stop: () => {
      unfollow?.();
      return routing.stop();
    },
    seedDemo: (demo) => seedDemoRouting(routing, demo),
  };
}
