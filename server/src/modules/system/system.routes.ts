import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SystemOverview, SystemOverviewQuery } from '../../../../contracts/system';
import type { SystemService } from './system.service';

export function registerSystemRoutes(app: FastifyInstance, deps: { system: SystemService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/system/overview',
    {
      config: { permission: 'system.view' },
      schema: {
        tags: ['system'],
        summary: 'Phones registered, trunks, queues and recent server errors (系统概览)',
        querystring: SystemOverviewQuery,
        response: { 200: SystemOverview },
      },
    },
    async (req) => deps.system.overview(req.query.logLimit),
  );
}
