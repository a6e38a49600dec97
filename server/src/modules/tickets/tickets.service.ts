import type {
  CommentBody,
  CreateTicketBody,
  ListTicketsQuery,
  Ticket,
  TicketComment,
  TicketEvent,
  TicketPage,
  TicketStatus,
  TransitionBody,
  UpdateTicketBody,
} from '../../../../contracts/tickets';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Platform } from '../../platform/module';
import type { UsersService } from '../auth';
import type { TeamsService } from '../teams';
import { matchPolicy } from './domain/sla';
import { checkTransition, FINAL, OPEN_STATUSES, requiredOnCreate } from './domain/status-machine';
import { createWorkAccess, type Worker } from './tickets.access';
import { snapshotOf, ticketNumber, toComment, toTicket } from './tickets.dto';
import {
  customersUnavailable,
  fieldsRequired,
  illegalTransition,
  ticketNotFound,
  unknownCategory,
  unknownCustomer,
  unknownGroup,
  unknownUser,
} from './tickets.errors';
import type { CustomerDirectory, CustomerRef } from './tickets.ports';
import type { EventInsert, TicketFilter, TicketRow, TicketsRepo } from './tickets.repo';
import { commentSearchVector, createTicketFinder, ticketSearchVector } from './tickets.search';
import type { SlaReader } from './tickets.sla';
import { slaOf } from './tickets.sla';

export type { Worker } from './tickets.access';

export type TicketsDeps = {
  db: Database;
  /** Search runs on a client of its own: it sets planner options in a transaction of its own. */
  pool: Platform['pool'];
  repo: TicketsRepo;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  sla: SlaReader;
  customers: CustomerDirectory;
  users: Pick<UsersService, 'exists' | 'profiles'>;
  teams: Pick<TeamsService, 'get'>;
  /** The complaint, follow-up and incident flows: run in the same transaction as the change. */
  hooks?: TicketHooks[];
};

/** What other flows of the module add to an order's life, inside its transaction. */
export type TicketHooks = {
  created?(tx: Tx, r: TicketRow, w: Worker): Promise<void>;
  transitioned?(tx: Tx, r: TicketRow, from: TicketStatus, w: Worker): Promise<void>;
  /** Fields a single read adds (the complaint stepper). */
  extras?(db: DbOrTx, r: TicketRow): Promise<Partial<Ticket>>;
};

/** Statuses that count as a first response when a worker moves the order into them. */
const RESPONDING: ReadonlySet<TicketStatus> = new Set([
  'in_progress',
  'pending_customer',
  'pending_internal',
  'resolved',
]);

const TRACKED = [
  'categoryId',
  'priority',
  'severity',
  'subject',
  'description',
  'contactIds',
  'ownerUserId',
  'assigneeUserId',
  'assigneeGroupId',
  'slaPolicyId',
] as const;
/** Fields the search vector is made of: a change to one rebuilds it. */
const SEARCHED = ['subject', 'description'] as const;

/** Work orders (工单): creation, work lists, field changes, the status machine, comments, history. */
export function createTicketsService(deps: TicketsDeps) {
  const { db, repo, bus, clock, ids, sla } = deps;
  const finder = createTicketFinder(deps);

  async function teamOf(tx: Tx, path: string, userId: string): Promise<string | null> {
    const [p] = await deps.users.profiles(tx, [userId]);
    if (!p) throw unknownUser(path, userId);
    return p.teamId;
  }

  async function checkRefs(tx: Tx, type: string, b: { categoryId?: string | null; assigneeGroupId?: string | null }) {
    if (b.categoryId) {
      const c = await repo.category(tx, b.categoryId);
      if (!c || c.type !== type || !c.active) throw unknownCategory('categoryId', b.categoryId);
    }
    if (b.assigneeGroupId && !(await repo.group(tx, b.assigneeGroupId)))
      throw unknownGroup('assigneeGroupId', b.assigneeGroupId);
  }

  async function customerOf(customerId: string): Promise<CustomerRef> {
    const r = await deps.customers.describe(customerId);
    if (r.status === 'unavailable') throw customersUnavailable();
    if (r.status === 'not_found') throw unknownCustomer(customerId);
    return r.customer;
  }

  const { workable } = createWorkAccess({ repo, teams: deps.teams });
  /** Who acted, on every event of a change a person made. */
  const by = (w: Worker) => ({ actorUserId: w.userId, actorName: w.actor.name });

  /** Recomputes the SLA clock of a changed row and stores it (every change moves the plan). */
  async function settle(tx: Tx, r: TicketRow): Promise<TicketRow> {
    const view = await sla.read(tx, r, clock.now());
    if (!view) return r;
    return repo.update(tx, r.id, view.columns);
  }

  function event(
    r: TicketRow,
    w: Worker,
    kind: EventInsert['kind'],
    field: string | null,
    before: unknown,
    after: unknown,
  ): EventInsert {
    return {
      id: ids.next(),
      ticketId: r.id,
      at: clock.now(),
      actorUserId: w.actor.userId,
      actorName: w.actor.name,
      kind,
      field,
      before: before ?? null,
      after: after ?? null,
    };
  }

  async function policyFor(tx: Tx, r: Pick<TicketRow, 'type' | 'priority' | 'severity' | 'customerTier'>) {
    const p = matchPolicy(await repo.policies(tx), {
      type: r.type as Ticket['type'],
      priority: r.priority as Ticket['priority'],
      severity: r.severity as Ticket['severity'],
      customerTier: r.customerTier,
    });
    return p?.id ?? null;
  }

  /** One move of the status machine inside the caller's transaction (follow-ups and incidents move orders too). */
  async function applyTransition(
    tx: Tx,
    id: string,
    body: TransitionBody,
    w: Worker,
    opts: { quietCustomer?: boolean } = {},
  ): Promise<TicketRow> {
    const r = await workable(tx, id, w);
    const from = r.status as TicketStatus;
    const verdict = checkTransition(
      {
        status: from,
        type: r.type as Ticket['type'],
        severity: r.severity as Ticket['severity'],
        assigneeUserId: r.assigneeUserId,
        assigneeGroupId: r.assigneeGroupId,
      },
      body,
    );
    if (!verdict.ok && verdict.reason === 'illegal') throw illegalTransition(verdict.from, verdict.to, verdict.allowed);
    if (!verdict.ok) throw fieldsRequired(verdict.fields);
    const now = clock.now();
    const patch: Partial<TicketRow> = { status: body.to, updatedAt: now };
    const events = [event(r, w, 'transitioned', 'status', from, body.to)];
    if (!r.respondedAt && RESPONDING.has(body.to)) patch.respondedAt = now;
    if (FINAL.has(body.to) && !FINAL.has(from)) patch.stoppedAt = now;
    if (verdict.reopen) patch.stoppedAt = null;
    if (body.to === 'resolved') patch.resolvedAt = now;
    const resolution = body.to === 'resolved' ? (body.resolution ?? null) : verdict.reopen ? null : r.resolution;
    if (resolution !== r.resolution) {
      patch.resolution = resolution;
      events.push(event(r, w, 'updated', 'resolution', r.resolution, resolution));
    }
    const next = await repo.update(tx, id, patch);
    if (body.comment) {
      const c = await repo.insertComment(tx, {
        id: ids.next(),
        ticketId: id,
        authorUserId: w.userId,
        visibility: 'internal',
        body: body.comment,
        createdAt: now,
      });
      events.push(event(r, w, 'commented', null, null, { commentId: c.id, visibility: c.visibility }));
      await repo.appendSearch(tx, id, commentSearchVector(c.body));
    }
    await repo.insertEvents(tx, events);
    const settled = await settle(tx, next);
    for (const h of deps.hooks ?? []) await h.transitioned?.(tx, settled, from, w);
    await bus.stage(tx, 'tickets.ticket.transitioned', {
      ...snapshotOf(settled),
      ...by(w),
      from,
      to: body.to,
      ...(opts.quietCustomer ? { quietCustomer: true } : {}),
    });
    return settled;
  }

  return {
    async create(input: CreateTicketBody, w: Worker): Promise<Ticket> {
      const body = input;
      const missing = requiredOnCreate(body.type, body);
      if (missing.length) throw fieldsRequired(missing);
      const row = await bus.transaction(async (tx) => {
        await checkRefs(tx, body.type, body);
        // The customer is found or created in the order's own transaction: an order refused later
        // leaves no customer behind. A merged customer's orders go to the one it was merged into.
        let customer: CustomerRef | null = null;
        if (body.customerId) customer = await customerOf(body.customerId);
        else if (body.customerPhone) {
          const r = await deps.customers.findOrCreateByPhone(body.customerPhone, w.actor, tx);
          if (r.status === 'unavailable') throw customersUnavailable();
          customer = r.customer;
        }
        const customerId = customer?.id ?? null;
        const tier = customer?.tier ?? null;
        const ownerUserId = body.ownerUserId ?? w.userId;
        const ownerTeamId = await teamOf(tx, 'ownerUserId', ownerUserId);
        const assigneeTeamId = body.assigneeUserId ? await teamOf(tx, 'assigneeUserId', body.assigneeUserId) : null;
        const now = clock.now();
        const status: TicketStatus = body.assigneeUserId || body.assigneeGroupId ? 'assigned' : 'new';
        const facts = { type: body.type, priority: body.priority, severity: body.severity ?? null, customerTier: tier };
        const contactIds = [...new Set([...(body.contactId ? [body.contactId] : []), ...(body.contactIds ?? [])])];
        const number = ticketNumber(now, await repo.nextNumber(tx));
        const r = await repo.insert(tx, {
          id: ids.next(),
          number,
          search: ticketSearchVector(
            { number, subject: body.subject, description: body.description, customerPhone: body.customerPhone ?? null },
            customer,
            [],
          ),
          ...facts,
          categoryId: body.categoryId ?? null,
          subject: body.subject,
          description: body.description,
          channel: body.channel,
          customerId,
          customerPhone: body.customerPhone ?? null,
          contactIds,
          ownerUserId,
          ownerTeamId,
          assigneeUserId: body.assigneeUserId ?? null,
          assigneeTeamId,
          assigneeGroupId: body.assigneeGroupId ?? null,
          status,
          slaPolicyId: await policyFor(tx, facts),
          slaState: 'running',
          createdBy: w.userId,
          createdAt: now,
          updatedAt: now,
        });
        await repo.insertEvents(tx, [
          event(r, w, 'created', null, null, toTicket(r)),
          event(r, w, 'transitioned', 'status', null, status),
        ]);
        const settled = await settle(tx, r);
        for (const h of deps.hooks ?? []) await h.created?.(tx, settled, w);
        await bus.stage(tx, 'tickets.ticket.created', { ...snapshotOf(settled), ...by(w) });
        return settled;
      });
      return this.get(row.id);
    },

    async get(id: string): Promise<Ticket> {
      const r = await repo.find(db, id);
      if (!r) throw ticketNotFound(id);
      const view = await sla.read(db, r, clock.now());
      const t = toTicket(r, view ? slaOf(view.columns) : undefined);
      for (const h of deps.hooks ?? []) if (h.extras) Object.assign(t, await h.extras(db, r));
      return t;
    },

    async list(q: ListTicketsQuery, w: Worker): Promise<TicketPage> {
      const query = q;
      const groupIds =
        query.list === 'group' ? await repo.groupIdsOf(db, w.userId) : query.groupId ? [query.groupId] : undefined;
      const filter: TicketFilter = {
        status: query.status,
        type: query.type,
        priority: query.priority,
        assigneeUserId: query.assigneeUserId,
        ownerUserId: query.ownerUserId,
        groupIds,
        // A user without a team has no team list: an id nobody holds matches nothing.
        teamId: query.list === 'team' ? (w.teamId ?? '00000000-0000-0000-0000-000000000000') : query.teamId,
        customerId: query.customerId,
        dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
        createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
        createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
        breached: query.breached,
        involves: query.list === 'mine' ? w.userId : undefined,
        openStatuses: OPEN_STATUSES,
      };
      if (query.q) return finder.search(query.q, filter, query.page, query.pageSize);
      const { items, total } = await repo.list(db, filter, query.sort, query.page, query.pageSize);
      return { items: items.map((r) => toTicket(r)), total, page: query.page, pageSize: query.pageSize };
    },

    async update(id: string, body: UpdateTicketBody, w: Worker): Promise<Ticket> {
      await bus.transaction(async (tx) => {
        const before = await workable(tx, id, w);
        await checkRefs(tx, before.type, body);
        const patch: Partial<TicketRow> = { ...body };
        if (body.ownerUserId) patch.ownerTeamId = await teamOf(tx, 'ownerUserId', body.ownerUserId);
        if (body.assigneeUserId !== undefined)
          patch.assigneeTeamId = body.assigneeUserId ? await teamOf(tx, 'assigneeUserId', body.assigneeUserId) : null;
        const next = { ...before, ...patch };
        if (before.type === 'complaint' && !next.severity)
          throw fieldsRequired([{ path: 'severity', message: 'a complaint needs a severity' }]);
        patch.slaPolicyId = await policyFor(tx, next);
        const events: EventInsert[] = [];
        for (const f of TRACKED) {
          // Clearing a field (null) is a change like any other.
          if (f in patch && JSON.stringify(before[f]) !== JSON.stringify(patch[f]))
            events.push(event(before, w, 'updated', f, before[f], patch[f]));
        }
        // Naming someone to a new order assigns it: the status machine's first step, taken for the agent.
        if (before.status === 'new' && (next.assigneeUserId || next.assigneeGroupId)) {
          patch.status = 'assigned';
          events.push(event(before, w, 'transitioned', 'status', 'new', 'assigned'));
        }
        if (!events.length) return;
        const r = await repo.update(tx, id, { ...patch, updatedAt: clock.now() });
        await repo.insertEvents(tx, events);
        if (SEARCHED.some((f) => events.some((e) => e.field === f))) await finder.reindex(tx, id);
        const settled = await settle(tx, r);
        await bus.stage(tx, 'tickets.ticket.updated', {
          ...snapshotOf(settled),
          ...by(w),
          fields: events.map((e) => e.field ?? ''),
        });
      });
      return this.get(id);
    },

    async transition(id: string, body: TransitionBody, w: Worker): Promise<Ticket> {
      await bus.transaction((tx) => applyTransition(tx, id, body, w));
      return this.get(id);
    },

    applyTransition,
    workable,

    async comment(id: string, input: CommentBody, w: Worker): Promise<TicketComment> {
      const body = input;
      const c = await bus.transaction(async (tx) => {
        const r = await workable(tx, id, w);
        const now = clock.now();
        const c = await repo.insertComment(tx, {
          id: ids.next(),
          ticketId: id,
          authorUserId: w.userId,
          visibility: body.visibility,
          body: body.body,
          createdAt: now,
        });
        await repo.insertEvents(tx, [
          event(r, w, 'commented', null, null, { commentId: c.id, visibility: c.visibility }),
        ]);
        await repo.appendSearch(tx, id, commentSearchVector(c.body));
        // A reply the customer sees is the first response (响应), as much as starting work is.
        const next =
          body.visibility === 'public' && !r.respondedAt
            ? await settle(tx, await repo.update(tx, id, { respondedAt: now, updatedAt: now }))
            : r;
        await bus.stage(tx, 'tickets.ticket.commented', {
          ...snapshotOf(next),
          ...by(w),
          commentId: c.id,
          visibility: body.visibility,
        });
        return c;
      });
      return toComment(c);
    },

    /**
     * Rebuilds an order's search vector from its rows: for a change this service does not make
     * itself (a comment edited or removed, a customer renamed, a new tokeniser).
     */
    async reindex(id: string, tx?: Tx): Promise<void> {
      await finder.reindex(tx ?? db, id);
    },
    reindexUnsearchable: () => finder.reindexUnsearchable(),

    /**
     * crm merged the customers `from` into `customerId`: their orders follow the survivor (customer,
     * history entry, search vector with the survivor's name and numbers). Idempotent: a redelivered
     * event finds no order left on a merged id. Tier and SLA stay as they were when the order was taken.
     */
    async followMergedCustomer(customerId: string, from: readonly string[]): Promise<number> {
      if (!from.length) return 0;
      return bus.transaction(async (tx) => {
        const moved = await repo.repointCustomer(tx, from, customerId, clock.now());
        if (!moved.length) return 0;
        const at = clock.now();
        await repo.insertEvents(
          tx,
          moved.map((m) => ({
            id: ids.next(),
            ticketId: m.row.id,
            at,
            actorUserId: null,
            actorName: 'system',
            kind: 'updated' as const,
            field: 'customerId',
            before: m.from,
            after: customerId,
          })),
        );
        for (const m of moved) await finder.reindex(tx, m.row.id);
        await bus.stageAll(
          tx,
          moved.map((m) => ({
            name: 'tickets.ticket.updated' as const,
            payload: { ...snapshotOf(m.row), fields: ['customerId'] },
          })),
        );
        return moved.length;
      });
    },
    reindexCustomer: (customerId: string) => finder.reindexCustomer(customerId),

    async comments(id: string): Promise<TicketComment[]> {
      if (!(await repo.find(db, id))) throw ticketNotFound(id);
      return (await repo.comments(db, id)).map(toComment);
    },

    async history(id: string): Promise<TicketEvent[]> {
      if (!(await repo.find(db, id))) throw ticketNotFound(id);
      return (await repo.history(db, id)).map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actorUserId: e.actorUserId,
        actorName: e.actorName,
        kind: e.kind as TicketEvent['kind'],
        field: e.field,
        before: e.before,
        after: e.after,
      }));
    },
  };
}
export type TicketsService = ReturnType<typeof createTicketsService>;
