import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../../contracts/common';
import {
  FollowUp,
  FollowUpDialReply,
  FollowUpOutcomeBody,
  FollowUpPage,
  FollowUpsQuery,
} from '../../../../contracts/tickets';
import { forbidden } from '../../platform/errors';
import { hasPermission, principalOf } from '../../platform/guard';
import { piiPolicy } from '../../platform/pii';
import type { FollowUps } from './tickets.followups';
import { workerOf } from './tickets.routes';

/** Masks the follow-up's numbers for a reader without pii.view. */
const masker = (req: FastifyRequest) => {
  const policy = piiPolicy(principalOf(req));
  return (f: FollowUp): FollowUp => policy.record(f, { customerPhone: 'phone', dialNumber: 'phone' } as never);
};

export function registerFollowUpRoutes(app: FastifyInstance, followUps: FollowUps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  r.get(
    '/api/v1/follow-ups',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary: 'Follow-up visits (回访): the work list (`mine=true&due=<now>`)',
        querystring: FollowUpsQuery,
        response: { 200: FollowUpPage },
      },
    },
    async (req) => {
      // Numbers are personal data: without pii.view both are masked; the dial route below calls the
      // customer by follow-up id, so a masked list can still call.
      const mask = masker(req);
      const page = await followUps.list(req.query, workerOf(req));
      return { ...page, items: page.items.map(mask) };
    },
  );
  r.post(
    '/api/v1/follow-ups/:id/dial',
    {
      config: { permission: 'tickets.work' },
      schema: {
        tags,
        summary: "Click-to-call: ring my phone, then the customer's number (resolved on the server)",
        params: IdParams,
        response: { 202: FollowUpDialReply },
      },
    },
    async (req, reply) => {
      // The call rings the agent's own phone, as `POST /voice/dial` does: the desktop's permission too.
      if (!hasPermission(principalOf(req), 'desktop.use')) throw forbidden('desktop.use');
      const out = await followUps.dial(req.params.id, workerOf(req), principalOf(req));
      return reply.status(202).send({ callId: out.callId, followUp: masker(req)(out.followUp) });
    },
  );
  r.post(
    '/api/v1/follow-ups/:id/outcome',
    {
      config: { permission: 'tickets.work' },
      schema: {
        tags,
        summary: 'Record a follow-up call: satisfied closes the order, ≤ 2 reopens it',
        params: IdParams,
        body: FollowUpOutcomeBody,
        response: { 200: FollowUp },
      },
    },
    async (req) => masker(req)(await followUps.recordOutcome(req.params.id, req.body, workerOf(req))),
  );
}
