import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../../contracts/common';
import { FollowUp, FollowUpOutcomeBody, FollowUpPage, FollowUpsQuery } from '../../../../contracts/tickets';
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
    async (req) => followUps.list(req.query, workerOf(req)),
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
