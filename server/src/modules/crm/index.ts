export type { CustomerChanged, CustomersMerged } from './crm.events';
export { type CrmSettings, createCrmModule } from './crm.module';
export type { CustomersService } from './crm.service';
export { TIMELINE_FEEDS, type TimelineFact, type TimelineFeed } from './crm.timeline';
