import type { KefuModule, Platform } from '../../platform/module';
import type { CalendarsService } from '../calendars';
import type { ReportingServices } from '../reporting';
import type { RoutingService } from '../routing';
import { seedDemoForecast } from './wfm.demo';
import { createForecasts, type Forecasts } from './wfm.forecasts';
import { createQueueHistories } from './wfm.history';
import { createIntraday } from './wfm.intraday';
import { createWfmRepo } from './wfm.repo';
import { registerWfmRoutes } from './wfm.routes';
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
  s: { routing: RoutingService; calendars: CalendarsService; reporting: ReportingServices['reporting'] },
): KefuModule<WfmServices> {
  const { db, bus, audit, clock, ids } = p;
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
  const intraday = createIntraday({ forecasts, histories, workload: s.reporting.workload, clock, timezone });
  return {
    name: 'wfm',
    services: { wfm: { forecasts, staffing } },
    routes: (app) => registerWfmRoutes(app, { forecasts, staffing, histories, intraday }),
    seedDemoHistory: (history) => seedDemoForecast({ forecasts, queues, timezone, clock }, history),
  };
}
