import type {
  CreateIncidentBody,
  Incident,
  IncidentsQuery,
  IncidentUpdateReply,
  TicketStatus,
  UpdateIncidentBody,
} from '../../../../contracts/tickets';
import type { AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { CustomersService } from '../crm';
import { type CustomerNotifier, customerLanguage } from '../notifications';
import { OPEN_STATUSES } from './domain/status-machine';
import type { Worker } from './tickets.access';
import { incidentNotFound, unknownTickets } from './tickets.errors';
import type { FlowsRepo, IncidentRow } from './tickets.flows.repo';
import type { TicketsRepo } from './tickets.repo';
import type { TicketsService } from './tickets.service';
import type { SlaReader } from './tickets.sla';

export type IncidentsDeps = {
  db: Database;
  repo: TicketsRepo;
  flows: FlowsRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  sla: SlaReader;
  tickets: Pick<TicketsService, 'applyTransition'>;
  customers: Pick<CustomersService, 'find'>;
  customerNotifier: Pick<CustomerNotifier, 'notify'>;
};

const ACTIVE = ['open', 'mitigated'];
const OPEN: ReadonlySet<string> = new Set(OPEN_STATUSES);
const until = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/**
 * Major incidents (重大故障, 应急): a parent many customer orders link to, bulk updates that comment on
 * and resolve the linked orders in one transaction, customer notices, and the "active outage" flag
 * IVR flows read by service key.
 */
export function createIncidents(deps: IncidentsDeps) {
  const { db, repo, flows, bus, audit, clock, ids } = deps;

  function toIncident(r: IncidentRow, ticketIds: string[]): Incident {
    return {
      id: r.id,
      title: r.title,
      grade: r.grade,
      area: r.area,
      serviceKey: r.serviceKey,
      status: r.status as Incident['status'],
      messageZh: r.messageZh,
      messageEn: r.messageEn,
      ivrPrompt: r.ivrPrompt,
      expectedRecoveryAt: r.expectedRecoveryAt?.toISOString() ?? null,
      ticketIds,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
    };
  }

  async function link(tx: Tx, incidentId: string, ticketIds: string[]): Promise<void> {
    const unique = [...new Set(ticketIds)];
    const found = new Set(await flows.existingTicketIds(tx, unique));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length) throw unknownTickets(missing);
    await flows.link(tx, incidentId, unique, clock.now());
  }

  const stage = async (tx: Tx, name: 'tickets.incident.created' | 'tickets.incident.updated', r: IncidentRow) =>
    bus.stage(tx, name, {
      incidentId: r.id,
      title: r.title,
      grade: r.grade,
      serviceKey: r.serviceKey,
      status: r.status,
      ticketIds: await flows.linkedTicketIds(tx, r.id),
    });

  /** `outage.notice` to each customer of the linked orders once; a failing channel is logged, not thrown. */
  async function notify(r: IncidentRow): Promise<number> {
    const seen = new Set<string>();
    let sent = 0;
    for (const ticketId of await flows.linkedTicketIds(db, r.id)) {
      const t = await repo.find(db, ticketId);
      if (!t) continue;
      const c = t.customerId ? await deps.customers.find(t.customerId) : undefined;
      const key = c?.id ?? t.customerPhone;
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const language = customerLanguage(c?.preferredLanguage);
      const zh = language === 'zh-CN';
      const out = await deps.customerNotifier.notify(
        { email: c?.emails[0] ?? null, phone: c?.phones[0]?.e164 ?? t.customerPhone, language },
        'outage.notice',
        {
          area: r.area,
          until: r.expectedRecoveryAt ? until.format(r.expectedRecoveryAt) : zh ? '另行通知' : 'further notice',
          reason: zh ? r.messageZh : r.messageEn,
        },
      );
      if (out.some((o) => o.ok)) sent++;
    }
    return sent;
  }

  return {
    async create(body: CreateIncidentBody, w: Worker): Promise<IncidentUpdateReply> {
      const now = clock.now();
      const r = await bus.transaction(async (tx) => {
        const r = await flows.insertIncident(tx, {
          id: ids.next(),
          title: body.title,
          grade: body.grade,
          area: body.area,
          serviceKey: body.serviceKey,
          status: body.status,
          messageZh: body.messageZh,
          messageEn: body.messageEn,
          ivrPrompt: body.ivrPrompt ?? null,
          expectedRecoveryAt: body.expectedRecoveryAt ? new Date(body.expectedRecoveryAt) : null,
          createdBy: w.userId,
          createdAt: now,
          updatedAt: now,
          resolvedAt: body.status === 'resolved' ? now : null,
        });
        await link(tx, r.id, body.ticketIds);
        await audit.append(tx, w.actor, {
          action: 'tickets.incident.created',
          entityType: 'incident',
          entityId: r.id,
          details: {
            title: body.title,
            grade: body.grade,
            area: body.area,
            serviceKey: body.serviceKey,
            status: body.status,
            ticketIds: [...new Set(body.ticketIds)],
            notifyCustomers: body.notifyCustomers ?? false,
          },
        });
        await stage(tx, 'tickets.incident.created', r);
        return r;
      });
      const notified = body.notifyCustomers ? await notify(r) : 0;
      return { ...(await this.get(r.id)), applied: { resolved: 0, commented: 0, notified } };
    },

    async get(id: string): Promise<Incident> {
      const r = await flows.incident(db, id);
      if (!r) throw incidentNotFound(id);
      return toIncident(r, await flows.linkedTicketIds(db, id));
    },

    async list(q: IncidentsQuery): Promise<Incident[]> {
      const rows = await flows.incidents(db, { status: q.status, serviceKey: q.service });
      return Promise.all(rows.map(async (r) => toIncident(r, await flows.linkedTicketIds(db, r.id))));
    },

    /** Open or mitigated incidents of a service: what an IVR `incident_active` node asks. */
    async active(serviceKey: string): Promise<Incident[]> {
      return this.list({ status: ACTIVE as Incident['status'][], service: serviceKey });
    },

    /** The bulk update: the incident's fields, then a comment on and/or the resolution of every linked order. */
    async update(id: string, body: UpdateIncidentBody, w: Worker): Promise<IncidentUpdateReply> {
      const applied = { resolved: 0, commented: 0, notified: 0 };
      const r = await bus.transaction(async (tx) => {
        const before = await flows.incident(tx, id, true);
        if (!before) throw incidentNotFound(id);
        const now = clock.now();
        const { comment, resolution, notifyCustomers: _n, expectedRecoveryAt, ...fields } = body;
        const resolving = body.status === 'resolved' && before.status !== 'resolved';
        const r = await flows.updateIncident(tx, id, {
          ...fields,
          ...(expectedRecoveryAt !== undefined
            ? { expectedRecoveryAt: expectedRecoveryAt ? new Date(expectedRecoveryAt) : null }
            : {}),
          ...(resolving ? { resolvedAt: now } : body.status && body.status !== 'resolved' ? { resolvedAt: null } : {}),
          updatedAt: now,
        });
        for (const ticketId of await flows.linkedTicketIds(tx, id)) {
          const t = await repo.findForUpdate(tx, ticketId);
          if (!t) continue;
          if (comment) {
            const c = await repo.insertComment(tx, {
              id: ids.next(),
              ticketId,
              authorUserId: w.userId,
              visibility: 'public',
              body: comment,
              createdAt: now,
            });
            await repo.insertEvents(tx, [
              {
                id: ids.next(),
                ticketId,
                at: now,
                actorUserId: w.actor.userId,
                actorName: w.actor.name,
                kind: 'commented',
                field: null,
                before: null,
                after: { commentId: c.id, visibility: 'public', incidentId: id },
              },
            ]);
            // A customer-visible reply is the first response, as a comment through the API is.
            if (!t.respondedAt) {
              const u = await repo.update(tx, ticketId, { respondedAt: now, updatedAt: now });
              const view = await deps.sla.read(tx, u, now);
              if (view) await repo.update(tx, ticketId, view.columns);
            }
            applied.commented++;
          }
          if (resolving && OPEN.has(t.status as TicketStatus)) {
            // The incident's own message (when asked for) tells the customer; never a second, per-order one.
            await deps.tickets.applyTransition(
              tx,
              ticketId,
              { to: 'resolved', resolution: resolution ?? r.messageZh },
              w,
              { quietCustomer: true },
            );
            applied.resolved++;
          }
        }
        const changed = Object.keys(fields).filter(
          (k) => JSON.stringify(before[k as keyof IncidentRow]) !== JSON.stringify(r[k as keyof IncidentRow]),
        );
        if (
          expectedRecoveryAt !== undefined &&
          before.expectedRecoveryAt?.getTime() !== r.expectedRecoveryAt?.getTime()
        )
          changed.push('expectedRecoveryAt');
        const pickOf = (x: IncidentRow) => Object.fromEntries(changed.map((k) => [k, x[k as keyof IncidentRow]]));
        // Resolving is its own entry (a regulator asks when an outage ended and what it closed).
        await audit.append(tx, w.actor, {
          action: resolving ? 'tickets.incident.resolved' : 'tickets.incident.updated',
          entityType: 'incident',
          entityId: id,
          details: {
            before: pickOf(before),
            after: pickOf(r),
            ...(comment ? { comment } : {}),
            ...(resolving ? { resolution: resolution ?? r.messageZh } : {}),
            resolvedTickets: applied.resolved,
            commentedTickets: applied.commented,
            notifyCustomers: body.notifyCustomers ?? false,
          },
        });
        await stage(tx, 'tickets.incident.updated', r);
        return r;
      });
      if (body.notifyCustomers) applied.notified = await notify(r);
      return { ...(await this.get(id)), applied };
    },

    async link(id: string, ticketIds: string[], w: Worker): Promise<Incident> {
      await bus.transaction(async (tx) => {
        const r = await flows.incident(tx, id, true);
        if (!r) throw incidentNotFound(id);
        await link(tx, id, ticketIds);
        await audit.append(tx, w.actor, {
          action: 'tickets.incident.linked',
          entityType: 'incident',
          entityId: id,
          details: { ticketIds: [...new Set(ticketIds)] },
        });
        await stage(tx, 'tickets.incident.updated', r);
      });
      return this.get(id);
    },

    async unlink(id: string, ticketId: string, w: Worker): Promise<Incident> {
      await bus.transaction(async (tx) => {
        const r = await flows.incident(tx, id, true);
        if (!r) throw incidentNotFound(id);
        await flows.unlink(tx, id, ticketId);
        await audit.append(tx, w.actor, {
          action: 'tickets.incident.unlinked',
          entityType: 'incident',
          entityId: id,
          details: { ticketIds: [ticketId] },
        });
        await stage(tx, 'tickets.incident.updated', r);
      });
      return this.get(id);
    },
  };
}
export type Incidents = ReturnType<typeof createIncidents>;
