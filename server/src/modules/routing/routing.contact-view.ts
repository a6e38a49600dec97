import type { Channel, Contact, ContactState, RoutingLogEntry, WrapUp } from '../../../../contracts/routing';
import { type PiiFields, piiPolicy } from '../../platform/pii';
import type { Explanation } from './domain/model';
import type { RoutingContext, Viewer } from './routing.context';
import { contactNotFound, queueNotFound } from './routing.errors';
import type { ContactRow } from './routing.repo';

/** Kefu itself reading a contact (telephony): nothing masked. */
export const SYSTEM_VIEWER: Viewer = { userId: '', permissions: new Set(['pii.view']) };

/** The customer's fields that carry personal data. */
const CUSTOMER_PII: PiiFields<Record<string, string>> = { phone: 'phone', email: 'email' };

/**
 * Contacts as they leave routing: the one place that maps a row for a viewer and masks the
 * customer's personal data (platform/pii) for whoever lacks `pii.view`. Also the contact reads.
 */
export function createContactView(ctx: RoutingContext) {
  const { deps, rt } = ctx;
  const { db, repo } = deps;

  function contactOut(row: Readonly<ContactRow>, viewer: Viewer): Contact {
    const place = rt.placeOf(row);
    return {
      id: row.id,
      channel: row.channel as Channel,
      direction: row.direction as 'inbound' | 'outbound',
      queueId: row.queueId,
      queueKey: place.queueKey,
      state: row.state as ContactState,
      priority: row.priority,
      skills: row.skills,
      attributes: row.attributes,
      customer: row.customer ? piiPolicy(viewer).record({ ...row.customer }, CUSTOMER_PII) : null,
      subject: row.subject,
      agentId: row.agentId,
      targetAgentId: row.targetAgentId,
      preferredAgentId: row.preferredAgentId,
      parentId: row.parentId,
      createdAt: row.createdAt.toISOString(),
      queuedAt: row.queuedAt.toISOString(),
      offeredAt: row.offeredAt?.toISOString() ?? null,
      connectedAt: row.connectedAt?.toISOString() ?? null,
      endedAt: row.endedAt?.toISOString() ?? null,
      completedAt: row.completedAt?.toISOString() ?? null,
      wrapUp: row.wrapUp as WrapUp | null,
      position: place.position,
      estimatedWaitSeconds: place.estimatedWaitSeconds,
    };
  }

  /** Reads what is committed: memory may hold a command's changes before its transaction ends. */
  async function findContact(id: string): Promise<ContactRow> {
    const row = await repo.findContact(db, id);
    if (!row) throw contactNotFound(id);
    return row;
  }

  const service = {
    /** Telephony: where a contact stands now (undefined once it is closed and gone from memory). */
    liveContact(id: string): { state: ContactState; agentId: string | null; queueId: string } | undefined {
      const row = rt.openContact(id);
      return row ? { state: row.state as ContactState, agentId: row.agentId, queueId: row.queueId } : undefined;
    },

    /** Chat: a waiting contact's place in its queue from memory (null figures once it is not queued). */
    standingOf(id: string): { position: number | null; estimatedWaitSeconds: number | null } | undefined {
      const row = rt.openContact(id);
      if (!row) return undefined;
      const p = rt.placeOf(row);
      return { position: p.position, estimatedWaitSeconds: p.estimatedWaitSeconds };
    },

    /** Telephony: the queue's id for a key or id (call-record filters). */
    queueId(ref: string): string | undefined {
      return rt.queueByRef(ref)?.id;
    },

    async getContact(id: string, viewer: Viewer): Promise<Contact> {
      const row = await findContact(id);
      const mayRead =
        viewer.permissions.has('supervisor.monitor') ||
        viewer.permissions.has('contacts.create') ||
        row.agentId === viewer.userId ||
        row.targetAgentId === viewer.userId;
      if (!mayRead) throw contactNotFound(id);
      return contactOut(row, viewer);
    },

    async listContacts(
      q: { state?: ContactState | ContactState[]; queue?: string; agentId?: string; limit: number },
      viewer: Viewer,
    ): Promise<Contact[]> {
      const queue = q.queue ? rt.queueByRef(q.queue) : undefined;
      if (q.queue && !queue) throw queueNotFound(q.queue);
      const rows = await repo.listContacts(db, {
        states: q.state ? (Array.isArray(q.state) ? q.state : [q.state]) : undefined,
        queueId: queue?.id,
        agentId: q.agentId,
        limit: q.limit,
      });
      return rows.map((r) => contactOut(r, viewer));
    },

    /**
     * The caller's own open contacts, for the agent desktop: offered, connected and in wrap-up, plus
     * transferred ones whose wrap-up is still due. Oldest first.
     */
    myContacts(viewer: Viewer): Contact[] {
      return rt
        .contactsOf(viewer.userId)
        .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
        .map((row) => contactOut(row, viewer));
    },

    async routingLog(id: string): Promise<RoutingLogEntry[]> {
      await findContact(id);
      return (await repo.contactEvents(db, id)).map((e) => {
        const d = e.decision as Explanation | null;
        return {
          at: e.at.toISOString(),
          fromState: e.fromState as ContactState | null,
          toState: e.toState as ContactState,
          queueId: e.queueId,
          agentId: e.agentId,
          actorId: e.actorId,
          note: e.note,
          rule: d?.rule ?? null,
          step: d?.step ?? null,
          considered: d?.considered ?? null,
          unavailable: d?.unavailable ?? null,
        };
      });
    },
  };
  return { service, contactOut };
}
export type ContactView = ReturnType<typeof createContactView>;
