export type { BusinessTimeLike, Pause } from './domain/business-time';
export { ALWAYS_OPEN } from './domain/business-time';
export type {
  TicketCommented,
  TicketEscalated,
  TicketSlaAlert,
  TicketSnapshot,
  TicketTimes,
  TicketTransitioned,
  TicketUpdated,
} from './tickets.events';
export type { TicketsSettings } from './tickets.followups';
export { createTicketsModule, type TicketRecords, type TicketsServices } from './tickets.module';
export type {
  CustomerDirectory,
  CustomerRef,
  OutboundDialer,
  TicketCalendars,
} from './tickets.ports';
export type { TicketsService, Worker } from './tickets.service';
