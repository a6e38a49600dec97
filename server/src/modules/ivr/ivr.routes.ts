import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  CreateFlowBody,
  Flow,
  FlowSummary,
  FlowVersion,
  FlowVersionParams,
  UpdateFlowBody,
  ValidateFlowBody,
  ValidateFlowReply,
} from '../../../../contracts/ivr';
import { actorOf } from '../../platform/guard';
import type { IvrService } from './ivr.service';

/** The IVR flow admin API (contracts/ivr.ts); every route needs ivr.manage. */
export function registerIvrRoutes(app: FastifyInstance, deps: { ivr: IvrService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = deps.ivr;
  const config = { permission: 'ivr.manage' as const };

  r.get(
    '/api/v1/ivr/flows',
    { config, schema: { tags: ['ivr'], summary: 'List IVR flows', response: { 200: z.array(FlowSummary) } } },
    async () => svc.list(),
  );
  r.post(
    '/api/v1/ivr/flows',
    {
      config,
      schema: { tags: ['ivr'], summary: 'Create an IVR flow (draft)', body: CreateFlowBody, response: { 201: Flow } },
    },
    async (req, reply) => reply.status(201).send(await svc.create(req.body, actorOf(req))),
  );
  r.post(
    '/api/v1/ivr/validate',
    {
      config,
      schema: {
        tags: ['ivr'],
        summary: 'Check a flow document without saving it',
        body: ValidateFlowBody,
        response: { 200: ValidateFlowReply },
      },
    },
    async (req) => svc.validate(req.body.definition),
  );
  r.get(
    '/api/v1/ivr/flows/:id',
    {
      config,
      schema: {
        tags: ['ivr'],
        summary: 'A flow: its draft, published version and versions',
        params: IdParams,
        response: { 200: Flow },
      },
    },
    async (req) => svc.get(req.params.id),
  );
  r.put(
    '/api/v1/ivr/flows/:id',
    {
      config,
      schema: {
        tags: ['ivr'],
        summary: "Replace a flow's draft",
        params: IdParams,
        body: UpdateFlowBody,
        response: { 200: Flow },
      },
    },
    async (req) => svc.update(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/api/v1/ivr/flows/:id/publish',
    {
      config,
      schema: {
        tags: ['ivr'],
        summary: 'Publish the draft as the next immutable version',
        params: IdParams,
        response: { 201: FlowVersion },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.publish(req.params.id, actorOf(req))),
  );
  r.get(
    '/api/v1/ivr/flows/:id/versions/:version',
    {
      config,
      schema: {
        tags: ['ivr'],
        summary: 'One published version',
        params: FlowVersionParams,
        response: { 200: FlowVersion },
      },
    },
    async (req) => svc.getVersion(req.params.id, req.params.version),
  );
}
