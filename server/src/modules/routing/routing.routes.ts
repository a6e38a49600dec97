import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  AgentMe,
  AgentRouting,
  AgentStatus,
  CompleteBody,
  Contact,
  ContactQuery,
  CreateContactBody,
  CreateQueueBody,
  CreateReasonCodeBody,
  CreateSkillBody,
  ExtendWrapUpBody,
  PutAgentRoutingBody,
  Queue,
  QueueStats,
  ReasonCode,
  Ref,
  RoutingLogEntry,
  SetStateBody,
  Skill,
  TransferBody,
  UpdateContactBody,
  UpdateQueueBody,
  UpdateReasonCodeBody,
  UpdateSkillBody,
  Wallboard,
  WrapUp,
} from '../../../../contracts/routing';
import { actorOf, principalOf } from '../../platform/guard';
import type { RoutingService, Viewer } from './routing.service';

const RefParams = z.object({ id: Ref });

function viewerOf(req: FastifyRequest): Viewer {
  const p = principalOf(req);
  return { userId: p.userId, permissions: p.permissions };
}

/** The ACD's HTTP API (contracts/routing.ts). Paths are the ones the issue fixes: other modules rely on them. */
export function registerRoutingRoutes(app: FastifyInstance, deps: { routing: RoutingService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = deps.routing;

  // ---- skills ---------------------------------------------------------------------------------
  r.get(
    '/api/v1/skills',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['routing'], summary: 'List skills', response: { 200: z.array(Skill) } },
    },
    async () => svc.listSkills(),
  );
  r.post(
    '/api/v1/skills',
    {
      config: { permission: 'routing.manage' },
      schema: { tags: ['routing'], summary: 'Create a skill', body: CreateSkillBody, response: { 201: Skill } },
    },
    async (req, reply) => reply.status(201).send(await svc.createSkill(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/skills/:id',
    {
      config: { permission: 'routing.manage' },
      schema: {
        tags: ['routing'],
        summary: 'Rename a skill',
        params: RefParams,
        body: UpdateSkillBody,
        response: { 200: Skill },
      },
    },
    async (req) => svc.updateSkill(req.params.id, req.body, actorOf(req)),
  );

  // ---- queues ---------------------------------------------------------------------------------
  r.get(
    '/api/v1/queues',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['routing'], summary: 'List queues', response: { 200: z.array(Queue) } },
    },
    async () => svc.listQueues(),
  );
  r.get(
    '/api/v1/queues/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['routing'], summary: 'One queue, by id or key', params: RefParams, response: { 200: Queue } },
    },
    async (req) => svc.getQueue(req.params.id),
  );
  r.post(
    '/api/v1/queues',
    {
      config: { permission: 'routing.manage' },
      schema: { tags: ['routing'], summary: 'Create a queue', body: CreateQueueBody, response: { 201: Queue } },
    },
    async (req, reply) => reply.status(201).send(await svc.createQueue(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/queues/:id',
    {
      config: { permission: 'routing.manage' },
      schema: {
        tags: ['routing'],
        summary: 'Change a queue',
        params: RefParams,
        body: UpdateQueueBody,
        response: { 200: Queue },
      },
    },
    async (req) => svc.updateQueue(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/queues/:id/stats',
    {
      config: { permission: 'supervisor.monitor' },
      schema: {
        tags: ['routing'],
        summary: "A queue's figures now and today",
        params: RefParams,
        response: { 200: QueueStats },
      },
    },
    async (req) => svc.stats(req.params.id),
  );

  // ---- reason codes ---------------------------------------------------------------------------
  r.get(
    '/api/v1/reason-codes',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['routing'], summary: 'Not-ready reason codes', response: { 200: z.array(ReasonCode) } },
    },
    async () => svc.listReasonCodes(),
  );
  r.post(
    '/api/v1/reason-codes',
    {
      config: { permission: 'routing.manage' },
      schema: {
        tags: ['routing'],
        summary: 'Add a reason code',
        body: CreateReasonCodeBody,
        response: { 201: ReasonCode },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createReasonCode(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/reason-codes/:id',
    {
      config: { permission: 'routing.manage' },
      schema: {
        tags: ['routing'],
        summary: 'Relabel, reorder or retire a reason code',
        params: RefParams,
        body: UpdateReasonCodeBody,
        response: { 200: ReasonCode },
      },
    },
    async (req) => svc.updateReasonCode(req.params.id, req.body, actorOf(req)),
  );

  // ---- agents ---------------------------------------------------------------------------------
  r.get(
    '/api/v1/agents/me',
    {
      config: { permission: 'desktop.use' },
      schema: { tags: ['routing'], summary: 'My state, routing and day', response: { 200: AgentMe } },
    },
    async (req) => svc.me(principalOf(req).userId),
  );
  r.get(
    '/api/v1/agents/me/contacts',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['routing'],
        summary: 'My open contacts: offered, connected, and those whose wrap-up is due',
        response: { 200: z.array(Contact) },
      },
    },
    async (req) => svc.myContacts(viewerOf(req)),
  );
  r.put(
    '/api/v1/agents/me/state',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['routing'],
        summary: 'Go ready (示闲) or not ready (示忙) with a reason',
        body: SetStateBody,
        response: { 200: AgentStatus },
      },
    },
    async (req) => svc.setState(principalOf(req).userId, req.body, actorOf(req)),
  );
  r.put(
    '/api/v1/agents/:id/state',
    {
      config: { permission: 'supervisor.control' },
      schema: {
        tags: ['routing'],
        summary: "Change an agent's state or log them out (audited)",
        params: IdParams,
        body: SetStateBody,
        response: { 200: AgentStatus },
      },
    },
    async (req) => svc.setState(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/agents/routing',
    {
      config: { permission: 'routing.manage' },
      schema: {
        tags: ['routing'],
        summary: "Every agent's skills, queues and capacity",
        response: {
          200: z.array(
            AgentRouting.extend({ username: z.string(), displayName: z.string(), teamId: z.uuid().nullable() }),
          ),
        },
      },
    },
    async () => svc.listAgentRouting(),
  );
  r.get(
    '/api/v1/agents/:id/routing',
    {
      config: { permission: 'routing.manage' },
      schema: {
        tags: ['routing'],
        summary: "An agent's skills, queues and capacity",
        params: IdParams,
        response: { 200: AgentRouting },
      },
    },
    async (req) => svc.getAgentRouting(req.params.id),
  );
  r.put(
    '/api/v1/agents/:id/routing',
    {
      config: { permission: 'routing.manage' },
      schema: {
        tags: ['routing'],
        summary: "Set an agent's skills (1–5), queue memberships and capacity",
        params: IdParams,
        body: PutAgentRoutingBody,
        response: { 200: AgentRouting },
      },
    },
    async (req) => svc.putAgentRouting(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/wallboard',
    {
      config: { permission: 'supervisor.monitor' },
      schema: { tags: ['routing'], summary: 'Queues and agents now (实时监控)', response: { 200: Wallboard } },
    },
    async () => svc.wallboard(),
  );

  // ---- contacts -------------------------------------------------------------------------------
  r.post(
    '/api/v1/contacts',
    {
      config: { permission: 'contacts.create' },
      schema: {
        tags: ['contacts'],
        summary: 'Create a routable contact (chat, email, sms, callback, task)',
        body: CreateContactBody,
        response: { 201: Contact },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createContact(req.body, actorOf(req), viewerOf(req))),
  );
  r.get(
    '/api/v1/contacts',
    {
      config: { permission: 'supervisor.monitor' },
      schema: {
        tags: ['contacts'],
        summary: 'Recent contacts',
        querystring: ContactQuery,
        response: { 200: z.array(Contact) },
      },
    },
    async (req) => svc.listContacts(req.query, viewerOf(req)),
  );
  r.get(
    '/api/v1/contacts/:id',
    {
      // Its agent, supervisors and integrations may read it; the service checks which.
      config: { permission: 'authenticated' },
      schema: {
        tags: ['contacts'],
        summary: 'One contact, with its place in the queue',
        params: IdParams,
        response: { 200: Contact },
      },
    },
    async (req) => svc.getContact(req.params.id, viewerOf(req)),
  );
  r.patch(
    '/api/v1/contacts/:id',
    {
      config: { permission: 'supervisor.control' },
      schema: {
        tags: ['contacts'],
        summary: 'Move to another queue, raise the priority, assign to a named agent (audited)',
        params: IdParams,
        body: UpdateContactBody,
        response: { 200: Contact },
      },
    },
    async (req) => svc.updateContact(req.params.id, req.body, actorOf(req), viewerOf(req)),
  );
  r.get(
    '/api/v1/contacts/:id/routing-log',
    {
      config: { permission: 'supervisor.monitor' },
      schema: {
        tags: ['contacts'],
        summary: 'Every transition, with the candidates and rule behind each offer',
        params: IdParams,
        response: { 200: z.array(RoutingLogEntry) },
      },
    },
    async (req) => svc.routingLog(req.params.id),
  );
  const action = (summary: string) => ({
    config: { permission: 'desktop.use' as const },
    schema: { tags: ['contacts'], summary, params: IdParams, response: { 200: Contact } },
  });
  r.post('/api/v1/contacts/:id/accept', action('Accept an offered contact'), async (req) =>
    svc.accept(req.params.id, actorOf(req), viewerOf(req)),
  );
  r.post('/api/v1/contacts/:id/reject', action('Reject an offered contact: it goes to the next agent'), async (req) =>
    svc.reject(req.params.id, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/complete',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['contacts'],
        summary: 'End the conversation: wrap-up starts (or give the wrap-up now)',
        params: IdParams,
        body: CompleteBody,
        response: { 200: Contact },
      },
    },
    async (req) => svc.complete(req.params.id, req.body ?? {}, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/wrap-up',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['contacts'],
        summary: 'Submit the wrap-up (处理结果, request type, notes)',
        params: IdParams,
        body: WrapUp,
        response: { 200: Contact },
      },
    },
    async (req) => svc.wrapUp(req.params.id, req.body, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/wrap-up/extend',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['contacts'],
        summary: 'More time for the wrap-up',
        params: IdParams,
        body: ExtendWrapUpBody,
        response: { 200: Contact.extend({ wrapUpUntil: z.string() }) },
      },
    },
    async (req) => svc.extendWrapUp(req.params.id, req.body.seconds, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/transfer',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['contacts'],
        summary: 'Transfer to a queue or a named agent; returns the new contact',
        params: IdParams,
        body: TransferBody,
        response: { 200: Contact },
      },
    },
    async (req) => svc.transfer(req.params.id, req.body, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/abandon',
    {
      config: { permission: 'contacts.create' },
      schema: {
        tags: ['contacts'],
        summary: 'The customer left before an agent took the contact',
        params: IdParams,
        response: { 200: Contact },
      },
    },
    async (req) => svc.abandon(req.params.id, actorOf(req), viewerOf(req)),
  );
}
