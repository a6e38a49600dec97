import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ComplaintStepBody, ComplaintStepParams, Ticket } from '../../../../contracts/tickets';
import type { Complaints } from './tickets.complaints';
import { shown, workerOf } from './tickets.routes';

export function registerComplaintRoutes(app: FastifyInstance, complaints: Complaints): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/tickets/:id/complaint/steps/:key',
    {
      config: { permission: 'tickets.work' },
      schema: {
        tags: ['tickets'],
        summary: 'Complete the current step of the complaint flow (投诉处理)',
        params: ComplaintStepParams,
        body: ComplaintStepBody,
        response: { 200: Ticket },
      },
    },
    async (req) => shown(req, await complaints.completeStep(req.params.id, req.params.key, req.body, workerOf(req))),
  );
}
