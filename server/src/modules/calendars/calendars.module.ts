import { namesFromList } from '../../platform/entity-names';
import type { KefuModule, Platform } from '../../platform/module';
import { seedDemoCalendars } from './calendars.demo';
import { createCalendarsRepo } from './calendars.repo';
import { registerCalendarRoutes } from './calendars.routes';
import { type CalendarsService, createCalendarsService } from './calendars.service';

/** Business calendars (营业日历): before ivr and routing, which evaluate their hours through it. */
export function createCalendarsModule(p: Platform, _services: object): KefuModule<{ calendars: CalendarsService }> {
  const calendars = createCalendarsService({ ...p, repo: createCalendarsRepo() });
  return {
    name: 'calendars',
    services: { calendars },
    routes: (app) => registerCalendarRoutes(app, { calendars }),
    entityNames: { calendar: namesFromList(calendars.list, (c) => c.name) },
    audiences: { 'calendars.calendar.changed': { permissions: ['calendars.view'] } },
    seedDemo: (demo) => seedDemoCalendars(calendars, demo),
  };
}
