// The ACD engine itself, pure: the workforce simulation runs it in virtual time.
export { createRoutingEngine, type RoutingEngine } from './domain/engine';
export type { TodayFigures } from './routing.context';
export type { CustomerChangedPayload, CustomerDirectory } from './routing.customer-hints';
export type { RoutingHistory, ShiftStep } from './routing.demo-history';
export {
  type AgentStateChanged,
  CONTACT_EVENTS,
  type ContactChanged,
  type RoutingConfigChanged,
} from './routing.events';
export { createRoutingModule, type RoutingSettings } from './routing.module';
export type { AgentStateRecord, ContactRecord } from './routing.records';
export { registerRoutingRoutes } from './routing.routes';
export type { UserDirectory } from './routing.runtime';
export { createRoutingService, type RoutingService } from './routing.service';
