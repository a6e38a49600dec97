import { z } from 'zod';
import type { EventBus, EventName } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import {
  type CustomerHint,
  type CustomerRouting,
  callerE164,
  customerRouting,
  isVip,
  mergeHints,
} from './domain/customer-hints';
import type { RoutingRepo } from './routing.repo';

/**
 * What routing reads of crm's customer events. crm comes after routing in app.ts and must not be
 * imported: the handlers subscribe by name and check the shape here, at the boundary. Events staged
 * before the CRM carried numbers and the preferred agent default to none.
 */
const CustomerChanged = z.object({
  customerId: z.string(),
  tier: z.string(),
  tags: z.array(z.string()),
  phones: z.array(z.string()).default([]),
  preferredAgentId: z.string().nullable().default(null),
  updatedAt: z.string().optional(),
});
export type CustomerChangedPayload = z.input<typeof CustomerChanged>;
const CustomerDeleted = z.object({ customerId: z.string() });
const CustomersMerged = z.object({ customerId: z.string(), from: z.array(z.string()) });

/** The CRM's live customers in id order, as their change events carry them: the rebuild reads this. */
export interface CustomerDirectory {
  changesPage(afterId: string | null, limit: number): Promise<CustomerChangedPayload[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hintOf(raw: unknown, at: string): CustomerHint {
  const p = CustomerChanged.parse(raw);
  return {
    customerId: p.customerId,
    phones: [...new Set(p.phones)],
    vip: isVip(p),
    tier: p.tier,
    // Only a user id can be offered to (the column is a uuid).
    preferredAgentId: p.preferredAgentId && UUID.test(p.preferredAgentId) ? p.preferredAgentId : null,
    version: new Date(p.updatedAt ?? at).getTime(),
  };
}

/**
 * Routing's read model of the CRM's customers (`routing_customer_hints`): VIP standing, preferred
 * agent (专属客户经理) and numbers, fed by crm.customer.* events — idempotent (a version per customer),
 * merges move the duplicates' hints to the survivor, deletions remove them. An import (one event for
 * thousands of rows) and a first start over an existing CRM rebuild it from `directory`.
 */
export function createCustomerHints(deps: {
  db: Database;
  repo: RoutingRepo;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  directory: CustomerDirectory;
}) {
  const { db, repo, bus, log } = deps;

  const hints = {
    async changed(payload: unknown, at: string): Promise<void> {
      await repo.upsertHints(db, [hintOf(payload, at)]);
    },
    async deleted(payload: unknown): Promise<void> {
      await repo.deleteHints(db, [CustomerDeleted.parse(payload).customerId]);
    },
    async merged(payload: unknown): Promise<void> {
      const { customerId, from } = CustomersMerged.parse(payload);
      await db.transaction(async (tx) => {
        const held = await repo.hints(tx, [customerId, ...from], true);
        const dups = held.filter((h) => h.customerId !== customerId);
        if (dups.length === 0) return; // moved already (a redelivery), or none was known
        const survivor = held.find((h) => h.customerId === customerId);
        await repo.deleteHints(
          tx,
          dups.map((h) => h.customerId),
        );
        await repo.upsertHints(tx, [mergeHints(customerId, survivor, dups)]);
      });
    },

    /** Reads every live customer from the CRM again; hints of customers it no longer has go. */
    async rebuild(): Promise<{ customers: number; removed: number }> {
      const started = deps.clock.now();
      const seen = new Set<string>();
      let after: string | null = null;
      for (;;) {
        const page = await deps.directory.changesPage(after, 1000);
        if (page.length === 0) break;
        const at = started.toISOString();
        await repo.upsertHints(
          db,
          page.map((p) => hintOf(p, at)),
        );
        for (const p of page) seen.add(p.customerId);
        after = page[page.length - 1]!.customerId;
      }
      const removed = await repo.deleteHintsNotIn(db, seen, started);
      return { customers: seen.size, removed };
    },

    /**
     * The CRM's view of an arriving contact in a queue: by the customer id it names, else by the
     * caller's number. Queues that neither boost VIPs nor prefer agents are not looked up.
     */
    async forContact(
      customer: { id?: string | undefined; phone?: string | undefined } | null | undefined,
      queue: { vipPriorityBoost?: number; strategy: string },
    ): Promise<CustomerRouting | undefined> {
      const boost = queue.vipPriorityBoost ?? 0;
      if (!customer || (boost <= 0 && queue.strategy !== 'preferred_agent')) return undefined;
      if (customer.id && UUID.test(customer.id)) return customerRouting(await repo.hints(db, [customer.id]), boost);
      const e164 = customer.phone ? callerE164(customer.phone) : null;
      return e164 ? customerRouting(await repo.hintsByPhone(db, e164), boost) : undefined;
    },

    /** Subscribes to the CRM's events; returns the unsubscribe. */
    follow(): () => void {
      const on = (name: EventName, fn: (payload: unknown, at: string) => Promise<void>) =>
        bus.subscribe(name, async (e) => {
          try {
            await fn(e.payload, e.at);
          } catch (err) {
            if (err instanceof z.ZodError) {
              log.warn(
                { err, event: e.name, id: e.id },
                'routing customer hints: an event of an unknown shape was skipped',
              );
              return;
            }
            log.error({ err, event: e.name, id: e.id }, 'routing customer hints: the event was not applied');
            throw err;
          }
        });
      const offs = [
        on('crm.customer.created', hints.changed),
        on('crm.customer.updated', hints.changed),
        on('crm.customer.deleted', hints.deleted),
        on('crm.customer.merged', hints.merged),
        on('crm.customers.imported', async () => {
          const r = await hints.rebuild();
          log.info(r, 'routing customer hints rebuilt after an import');
        }),
      ];
      return () => {
        for (const off of offs) off();
      };
    },

    /** On start: an empty read model over a CRM that has customers (an upgrade) is filled once. */
    async fillIfEmpty(): Promise<void> {
      if ((await repo.countHints(db)) > 0) return;
      const r = await hints.rebuild();
      if (r.customers > 0) log.info(r, 'routing customer hints built from the CRM');
    },
  };
  return hints;
}
export type CustomerHints = ReturnType<typeof createCustomerHints>;
