import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import { CreateTeamBody, Team, UpdateTeamBody } from '../../../../contracts/teams';
import { actorOf } from '../../platform/guard';
import type { TeamsService } from './teams.service';

export function registerTeamRoutes(app: FastifyInstance, deps: { teams: TeamsService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['teams'];

  r.get(
    '/api/v1/teams',
    { config: { permission: 'teams.view' }, schema: { tags, summary: 'List teams', response: { 200: z.array(Team) } } },
    async () => deps.teams.list(),
  );
  r.get(
    '/api/v1/teams/:id',
    {
      config: { permission: 'teams.view' },
      schema: { tags, summary: 'One team', params: IdParams, response: { 200: Team } },
    },
    async (req) => deps.teams.get(req.params.id),
  );
  r.post(
    '/api/v1/teams',
    {
      config: { permission: 'teams.manage' },
      schema: { tags, summary: 'Create a team', body: CreateTeamBody, response: { 201: Team } },
    },
    async (req, reply) => reply.status(201).send(await deps.teams.create(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/teams/:id',
    {
      config: { permission: 'teams.manage' },
      schema: {
        tags,
        summary: 'Rename a team or change its lead',
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: Team },
      },
    },
    async (req) => deps.teams.update(req.params.id, req.body, actorOf(req)),
  );
}
