import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../../contracts/common';
import { FollowUp, FollowUpOutcomeBody, FollowUpPage, FollowUpsQuery } from '../../../../contracts/tickets';
import { principalOf } from '../../platform/guard';
import { piiPolicy } from '../../platform/pii';
import type { FollowUps } from './tickets.followups';
import { workerOf } from './tickets.routes';

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
      // Numbers are personal data: without pii.view both are masked (dialling a masked number from
      // the follow-up list is not possible yet: it needs a server-side dial by follow-up id).
      const policy = piiPolicy(principalOf(req));
      const page = await followUps.list(req.query, workerOf(req));
      return {
        ...page,
        items: page.items.map((f) => policy.record(f, { customerPhone: 'phone', dialNumber: 'phone' } as never)),
      };
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
    async (req) => followUps.recordOutcome(req.params.id, req.body, workerOf(req)),
  );
}
