import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  AgentMe,
  AgentRouting,
  AgentStatus,
  Contact,
  CreateQueueBody,
  CreateReasonCodeBody,
  CreateSkillBody,
  PutAgentRoutingBody,
  Queue,
  QueueStats,
  ReasonCode,
  Ref,
  SetStateBody,
  Skill,
  UpdateQueueBody,
  UpdateReasonCodeBody,
  UpdateSkillBody,
  Wallboard,
} from '../../../../contracts/routing';
import { actorOf, principalOf } from '../../platform/guard';
import { registerContactRoutes, viewerOf } from './routing.contact-routes';
import type { RoutingService } from './routing.service';

const RefParams = z.object({ id: Ref });

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

  registerContactRoutes(app, deps);
}
