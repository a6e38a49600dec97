import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallSummary } from '../../../../contracts/calls';
import { IdParams } from '../../../../contracts/common';
import {
  CategoriesQuery,
  CommentBody,
  CreateCategoryBody,
  CreateGroupBody,
  CreateSlaPolicyBody,
  CreateTicketBody,
  DepartmentGroup,
  ListTicketsQuery,
  SlaPolicy,
  Ticket,
  TicketCategory,
  TicketComment,
  TicketEvent,
  TicketPage,
  TicketSettings,
  TransitionBody,
  UpdateCategoryBody,
  UpdateGroupBody,
  UpdateSlaPolicyBody,
  UpdateTicketBody,
  UpdateTicketSettingsBody,
} from '../../../../contracts/tickets';
import { actorOf, hasPermission, principalOf } from '../../platform/guard';
import { piiPolicy } from '../../platform/pii';
import type { TicketsAdmin } from './tickets.admin';
import type { LinkedCalls } from './tickets.ports';
import type { TicketsService, Worker } from './tickets.service';

/**
 * The customer's number on an order is personal data: masked for whoever lacks `pii.view` (agents),
 * in the order, in lists and in its history (the created snapshot and a changed number).
 */
export function shown<T extends { customerPhone: string | null }>(req: FastifyRequest, t: T): T {
  return piiPolicy(principalOf(req)).record(t, { customerPhone: 'phone' } as never);
}
function shownEvent<E extends { field: string | null; before: unknown; after: unknown }>(req: FastifyRequest, e: E): E {
  const policy = piiPolicy(principalOf(req));
  if (policy.clear) return e;
  const mask = (v: unknown): unknown => {
    if (e.field === 'customerPhone' && typeof v === 'string') return policy.value('phone', v);
    if (v && typeof v === 'object' && 'customerPhone' in v) {
      const o = v as { customerPhone: unknown };
      return {
        ...o,
        customerPhone: typeof o.customerPhone === 'string' ? policy.value('phone', o.customerPhone) : o.customerPhone,
      };
    }
    return v;
  };
  return { ...e, before: mask(e.before), after: mask(e.after) };
}

export function workerOf(req: FastifyRequest): Worker {
  const p = principalOf(req);
  return { actor: actorOf(req), userId: p.userId, teamId: p.teamId, canManage: hasPermission(p, 'tickets.manage') };
}

export function registerTicketRoutes(
  app: FastifyInstance,
  deps: { tickets: TicketsService; admin: TicketsAdmin; calls: LinkedCalls },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  const { tickets, admin } = deps;

  r.post(
    '/api/v1/tickets',
    {
      config: { permission: 'tickets.work' },
      schema: { tags, summary: 'Create a work order', body: CreateTicketBody, response: { 201: Ticket } },
    },
    async (req, reply) => reply.status(201).send(shown(req, await tickets.create(req.body, workerOf(req)))),
  );
  r.get(
    '/api/v1/tickets',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary: 'Work orders (filters, work lists, paging)',
        querystring: ListTicketsQuery,
        response: { 200: TicketPage },
      },
    },
    async (req) => {
      const page = await tickets.list(req.query, workerOf(req));
      return { ...page, items: page.items.map((t) => shown(req, t)) };
    },
  );
  r.get(
    '/api/v1/tickets/:id',
    {
      config: { permission: 'tickets.view' },
      schema: { tags, summary: 'One work order', params: IdParams, response: { 200: Ticket } },
    },
    async (req) => shown(req, await tickets.get(req.params.id)),
  );
  r.patch(
    '/api/v1/tickets/:id',
    {
      config: { permission: 'tickets.work' },
      schema: {
        tags,
        summary: 'Change fields of a work order',
        params: IdParams,
        body: UpdateTicketBody,
        response: { 200: Ticket },
      },
    },
    async (req) => shown(req, await tickets.update(req.params.id, req.body, workerOf(req))),
  );
  r.post(
    '/api/v1/tickets/:id/transitions',
    {
      config: { permission: 'tickets.work' },
      schema: {
        tags,
        summary: 'Move a work order through the status machine',
        params: IdParams,
        body: TransitionBody,
        response: { 200: Ticket },
      },
    },
    async (req) => shown(req, await tickets.transition(req.params.id, req.body, workerOf(req))),
  );
  r.post(
    '/api/v1/tickets/:id/comments',
    {
      config: { permission: 'tickets.work' },
      schema: {
        tags,
        summary: 'Comment (internal or customer-visible)',
        params: IdParams,
        body: CommentBody,
        response: { 201: TicketComment },
      },
    },
    async (req, reply) => reply.status(201).send(await tickets.comment(req.params.id, req.body, workerOf(req))),
  );
  r.get(
    '/api/v1/tickets/:id/comments',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary: 'Comments of a work order',
        params: IdParams,
        response: { 200: z.array(TicketComment) },
      },
    },
    async (req) => tickets.comments(req.params.id),
  );
  r.get(
    '/api/v1/tickets/:id/history',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary: 'Every change of a work order',
        params: IdParams,
        response: { 200: z.array(TicketEvent) },
      },
    },
    async (req) => (await tickets.history(req.params.id)).map((e) => shownEvent(req, e)),
  );

  r.get(
    '/api/v1/tickets/:id/calls',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary:
          "The call records of the order's linked contacts, newest first (numbers masked without pii.view; " +
          'the recording plays through /api/v1/recordings/:id with recordings.listen)',
        params: IdParams,
        response: { 200: z.array(CallSummary) },
      },
    },
    async (req) => deps.calls.byContacts((await tickets.get(req.params.id)).contactIds, principalOf(req)),
  );

  // Administration (tickets.manage); reads are open to whoever sees tickets (forms need them).
  r.get(
    '/api/v1/tickets/sla-policies',
    {
      config: { permission: 'tickets.view' },
      schema: { tags, summary: 'SLA policies', response: { 200: z.array(SlaPolicy) } },
    },
    async () => admin.policies(),
  );
  r.post(
    '/api/v1/tickets/sla-policies',
    {
      config: { permission: 'tickets.manage' },
      schema: { tags, summary: 'Create an SLA policy', body: CreateSlaPolicyBody, response: { 201: SlaPolicy } },
    },
    async (req, reply) => reply.status(201).send(await admin.createPolicy(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/tickets/sla-policies/:id',
    {
      config: { permission: 'tickets.manage' },
      schema: {
        tags,
        summary: 'Change an SLA policy',
        params: IdParams,
        body: UpdateSlaPolicyBody,
        response: { 200: SlaPolicy },
      },
    },
    async (req) => admin.updatePolicy(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/tickets/categories',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary: 'Category trees (flat rows with parentId)',
        querystring: CategoriesQuery,
        response: { 200: z.array(TicketCategory) },
      },
    },
    async (req) => admin.categories(req.query.type),
  );
  r.post(
    '/api/v1/tickets/categories',
    {
      config: { permission: 'tickets.manage' },
      schema: { tags, summary: 'Add a category', body: CreateCategoryBody, response: { 201: TicketCategory } },
    },
    async (req, reply) => reply.status(201).send(await admin.createCategory(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/tickets/categories/:id',
    {
      config: { permission: 'tickets.manage' },
      schema: {
        tags,
        summary: 'Rename, reorder or retire a category',
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: TicketCategory },
      },
    },
    async (req) => admin.updateCategory(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/tickets/settings',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary: 'Work-order settings (which types notify their customers)',
        response: { 200: TicketSettings },
      },
    },
    async () => admin.settings(),
  );
  r.put(
    '/api/v1/tickets/settings',
    {
      config: { permission: 'tickets.manage' },
      schema: {
        tags,
        summary: 'Change the work-order settings (the types given; the others keep theirs)',
        body: UpdateTicketSettingsBody,
        response: { 200: TicketSettings },
      },
    },
    async (req) => admin.updateSettings(req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/tickets/groups',
    {
      config: { permission: 'tickets.view' },
      schema: { tags, summary: 'Department groups', response: { 200: z.array(DepartmentGroup) } },
    },
    async () => admin.groups(),
  );
  r.post(
    '/api/v1/tickets/groups',
    {
      config: { permission: 'tickets.manage' },
      schema: { tags, summary: 'Create a department group', body: CreateGroupBody, response: { 201: DepartmentGroup } },
    },
    async (req, reply) => reply.status(201).send(await admin.createGroup(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/tickets/groups/:id',
    {
      config: { permission: 'tickets.manage' },
      schema: {
        tags,
        summary: 'Change a department group (members replace the list)',
        params: IdParams,
        body: UpdateGroupBody,
        response: { 200: DepartmentGroup },
      },
    },
    async (req) => admin.updateGroup(req.params.id, req.body, actorOf(req)),
  );
}
