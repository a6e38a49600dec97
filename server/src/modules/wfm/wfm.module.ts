import type { KefuModule, Platform } from '../../platform/module';
import type { UsersService } from '../auth';
import type { CalendarsService } from '../calendars';
import type { ReportingServices } from '../reporting';
import type { RoutingService } from '../routing';
import type { TeamsService } from '../teams';
import { createAdherence } from './wfm.adherence';
import { seedDemoForecast, seedDemoSchedule } from './wfm.demo';
import { createForecasts, type Forecasts } from './wfm.forecasts';
import { createQueueHistories } from './wfm.history';
import { createIntraday } from './wfm.intraday';
import { createWfmRepo } from './wfm.repo';
import { createShiftRequests } from './wfm.requests';
import { registerWfmRoutes } from './wfm.routes';
import { registerScheduleRoutes } from './wfm.schedule-routes';
import { createScheduleSetup } from './wfm.schedule-setup';
import { createSchedules } from './wfm.schedules';
import { createSchedulesRepo } from './wfm.schedules.repo';
import { createApproverScope } from './wfm.scope';
import { registerSimulationRoutes } from './wfm.simulation-routes';
import { createSimulations } from './wfm.simulations';
import { createSimulationsRepo } from './wfm.simulations.repo';
import { createStaffing, type Staffing } from './wfm.staffing';

export type WfmSettings = { timezone?: string };
export type WfmServices = { wfm: { forecasts: Forecasts; staffing: Staffing } };

/**
 * Workforce management (排班, issue 17; docs/wfm.md): Erlang staffing, forecasts from the reports'
 * history, requirements per interval. It reads history through reporting's workload service (live
 * and imported contacts alike) and never other modules' tables.
 */
export function createWfmModule(
  p: Platform<WfmSettings>,
  s: {
    routing: RoutingService;
    calendars: CalendarsService;
    reporting: ReportingServices['reporting'];
    users: UsersService;
    teams: TeamsService;
  },
): KefuModule<WfmServices> {
  const { db, bus, audit, clock, ids, jobs, log } = p;
  const timezone = p.settings.timezone ?? 'Asia/Shanghai';
  const queues = () => s.routing.listQueues().map((q) => ({ id: q.id, name: q.name }));
  const histories = createQueueHistories({ workload: s.reporting.workload, timezone, queues });
  const forecasts = createForecasts({
    db,
    repo: createWfmRepo(),
    bus,
    audit,
    clock,
    ids,
    timezone,
    histories,
    queues,
    calendars: s.calendars,
  });
  const staffing = createStaffing({ forecasts, workload: s.reporting.workload, timezone });
  const schedulesRepo = createSchedulesRepo();
  const setup = createScheduleSetup({ db, repo: schedulesRepo, bus, audit, clock, ids, routing: s.routing });
  const schedules = createSchedules({
    db,
    repo: schedulesRepo,
    bus,
    audit,
    clock,
    ids,
    jobs,
    log,
    timezone,
    staffing,
    setup,
    users: s.users,
  });
  const simulations = createSimulations({
    db,
    repo: createSimulationsRepo(),
    schedulesRepo,
    bus,
    audit,
    clock,
    ids,
    jobs,
    timezone,
    forecasts,
    staffing,
  });
  const intraday = createIntraday({
    forecasts,
    histories,
    workload: s.reporting.workload,
    scheduledOn: (date, minutes) => schedules.scheduledOn(date, minutes),
    clock,
    timezone,
  });
  const adherence = createAdherence({
    db,
    repo: schedulesRepo,
    clock,
    timezone,
    workload: s.reporting.workload,
    routing: s.routing,
    users: s.users,
    teams: s.teams,
    approverScope: createApproverScope({ db, users: s.users, teams: s.teams }),
  });
  const requests = createShiftRequests({
    db,
    repo: schedulesRepo,
    bus,
    audit,
    clock,
    ids,
    schedules,
    users: s.users,
    teams: s.teams,
  });
  return {
    name: 'wfm',
    services: { wfm: { forecasts, staffing } },
    routes: (app) => {
      registerWfmRoutes(app, { forecasts, staffing, histories, intraday });
      registerScheduleRoutes(app, { setup, schedules, requests, adherence, timezone });
      registerSimulationRoutes(app, { simulations });
    },
    audiences: {
      'wfm.schedule.published': { users: (e) => e.agentIds },
      'wfm.request.changed': {
        users: (e) => [e.requesterId, ...(e.peerId ? [e.peerId] : [])],
        permissions: ['wfm.approve'],
      },
    },
    seedDemoHistory: async (history) => {
      await seedDemoForecast({ forecasts, queues, timezone, clock }, history);
      await seedDemoSchedule({ forecasts, setup, schedules, requests, simulations }, history);
    },
  };
}
