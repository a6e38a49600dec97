import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CallDetail, CallListReply, CallQuery } from '../../../../../contracts/calls';
import { IdParams } from '../../../../../contracts/common';
import { principalOf } from '../../../platform/guard';
import type { CallsService } from './calls.service';

export function registerCallRoutes(app: FastifyInstance, deps: { calls: CallsService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['calls'];

  r.get(
    '/api/v1/calls',
    {
      config: { permission: 'calls.view' },
      schema: {
        tags,
        summary: 'Call records, newest first (numbers masked without pii.view)',
        querystring: CallQuery,
        response: { 200: CallListReply },
      },
    },
    async (req) => deps.calls.list(req.query, principalOf(req)),
  );
  r.get(
    '/api/v1/calls/:id',
    {
      config: { permission: 'calls.view' },
      schema: {
        tags,
        summary: 'One call with its legs, IVR path and recording',
        params: IdParams,
        response: { 200: CallDetail },
      },
    },
    async (req) => deps.calls.get(req.params.id, principalOf(req)),
  );
}
