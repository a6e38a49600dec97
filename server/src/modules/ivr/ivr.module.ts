import { namesFromList } from '../../platform/entity-names';
import type { KefuModule, Platform } from '../../platform/module';
import type { CalendarsService } from '../calendars';
import type { RoutingService } from '../routing';
import { migrateInlineHours } from './ivr.calendar-migration';
import { seedDemoIvr } from './ivr.demo';
import { createIvrRepo } from './ivr.repo';
import { registerIvrRoutes } from './ivr.routes';
import { createIvrService, type IncidentDirectory, type IvrService } from './ivr.service';

/** Voice menus (语音导航): versioned flows, validated on save, immutable once published (docs/ivr.md). */
export function createIvrModule(
  p: Platform,
  {
    routing,
    calendars,
  }: {
    routing: Pick<RoutingService, 'listQueues'>;
    calendars: Pick<CalendarsService, 'exists' | 'businessTime' | 'registerUsage' | 'findByName' | 'create'>;
  },
): KefuModule<{ ivr: IvrService; ivrIncidents: { bind(port: IncidentDirectory): void } }> {
  const repo = createIvrRepo();
  // A calendar a draft or any published version names cannot be deleted (published ones stay runnable).
  calendars.registerUsage(async (tx, calendarId) =>
    (await repo.usingCalendar(tx, calendarId)).map((f) => ({ kind: 'ivr_flow' as const, id: f.id, name: f.name })),
  );
  // Major incidents live in tickets, built after the IVR: bound once it exists, asked per call.
  let incidentPort: IncidentDirectory | undefined;
  const ivr = createIvrService({
    ...p,
    repo,
    calendars: {
      calendarExists: (id) => calendars.exists(p.db, id),
      isOpen: async (id, at) => {
        if (!(await calendars.exists(p.db, id))) return undefined;
        return (await calendars.businessTime(id)).isOpen(at);
      },
    },
    // Queue keys are checked against the ACD at publish time through a port, not routing's internals.
    queues: { queueExists: (key) => routing.listQueues().some((q) => q.key === key) },
    incidents: { active: async (service) => incidentPort?.active(service) },
  });
  return {
    name: 'ivr',
    services: {
      ivr,
      ivrIncidents: {
        bind: (port: IncidentDirectory) => {
          incidentPort = port;
        },
      },
    },
    routes: (app) => registerIvrRoutes(app, { ivr }),
    entityNames: { ivr_flow: namesFromList(ivr.list, (f) => f.name) },
    async start() {
      const moved = await migrateInlineHours({ ...p, repo, calendars });
      if (moved) p.log.info({ nodes: moved }, 'IVR: inline business hours of drafts moved to calendars');
    },
    async seedDemo(demo) {
      const { flowId, created } = await seedDemoIvr(ivr, demo.actor);
      demo.refs.set('ivr.flow.hotline', flowId);
      return created ? 1 : 0;
    },
  };
}
