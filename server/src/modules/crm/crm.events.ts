/**
 * What other modules follow: ids and what routing's read model keeps (the rest is read through
 * `customers.find`). `phones` are E.164; `updatedAt` orders versions (a late redelivery is stale).
 */
export type CustomerChanged = {
  customerId: string;
  tier: string;
  tags: string[];
  phones: string[];
  preferredAgentId: string | null;
  updatedAt: string;
};

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
