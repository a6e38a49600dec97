/** What other modules follow: ids only (the customer is read through `customers.find`). */
export type CustomerChanged = { customerId: string; tier: string; tags: string[] };

/**
 * `from` were merged into `customerId`: whoever keeps a customer id (tickets, routing's VIP list)
 * re-points `from` to `customerId`. The merged customers stay readable with `mergedInto`.
 */
export type CustomersMerged = { customerId: string; from: string[] };

export type CustomersImported = { jobId: string; created: number; updated: number };

declare module '../../platform/bus' {
  interface EventMap {
    'crm.customer.created': CustomerChanged;
    'crm.customer.updated': CustomerChanged;
    'crm.customer.deleted': { customerId: string };
    'crm.customer.merged': CustomersMerged;
    'crm.customers.imported': CustomersImported;
  }
}
