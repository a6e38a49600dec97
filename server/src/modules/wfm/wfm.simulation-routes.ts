import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../../contracts/common';
import { JobStarted } from '../../../../contracts/jobs';
import { CreateSimulationBody, Simulation, SimulationList } from '../../../../contracts/wfm-simulations';
import { actorOf } from '../../platform/guard';
import type { Simulations } from './wfm.simulations';

const plan = { config: { permission: 'wfm.plan' as const } };

/** Simulation runs (模拟; contracts/wfm-simulations.ts): start one as a job, list and open saved ones. */
export function registerSimulationRoutes(app: FastifyInstance, deps: { simulations: Simulations }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['wfm'];
  const { simulations } = deps;
  r.post(
    '/api/v1/wfm/simulations',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Simulate a day of a forecast (a job: follow GET /api/v1/jobs/:id; its result names the run)',
        body: CreateSimulationBody,
        response: { 202: JobStarted },
      },
    },
    async (req, reply) => reply.status(202).send(await simulations.start(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/wfm/simulations',
    { ...plan, schema: { tags, summary: 'Simulation runs, newest first', response: { 200: SimulationList } } },
    async () => ({ items: await simulations.list() }),
  );
  r.get(
    '/api/v1/wfm/simulations/:id',
    {
      ...plan,
      schema: {
        tags,
        summary: 'A simulation run with its figures per interval and queue',
        params: IdParams,
        response: { 200: Simulation },
      },
    },
    async (req) => simulations.get(req.params.id),
  );
}
