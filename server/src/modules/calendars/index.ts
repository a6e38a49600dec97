export type { CalendarChanged } from './calendars.events';
export { createCalendarsModule } from './calendars.module';
export { type CalendarsService, type CalendarUsageFinder, specOf } from './calendars.service';
export {
  ALWAYS_OPEN,
  type BusinessTime,
  businessTime,
  type CalendarSpec,
  type Pause,
  type TimeRange,
} from './domain/business-time';
