import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  ActiveIncident,
  ActiveIncidentQuery,
  CreateIncidentBody,
  Incident,
  IncidentsQuery,
  IncidentTicketParams,
  IncidentTicketsBody,
  IncidentUpdateReply,
  UpdateIncidentBody,
} from '../../../../contracts/tickets';
import type { Incidents } from './tickets.incidents';
import { workerOf } from './tickets.routes';

export function registerIncidentRoutes(app: FastifyInstance, incidents: Incidents): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  r.post(
    '/api/v1/incidents',
    {
      config: { permission: 'tickets.manage' },
      schema: {
        tags,
        summary: 'Declare a major incident (重大故障)',
        body: CreateIncidentBody,
        response: { 201: IncidentUpdateReply },
      },
    },
    async (req, reply) => reply.status(201).send(await incidents.create(req.body, workerOf(req))),
  );
  r.get(
    '/api/v1/incidents',
    {
      config: { permission: 'tickets.view' },
      schema: { tags, summary: 'Major incidents', querystring: IncidentsQuery, response: { 200: z.array(Incident) } },
    },
    async (req) => incidents.list(req.query),
  );
  r.get(
    '/api/v1/incidents/active',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary: 'Is an outage of this service on? (what IVR incident_active nodes read)',
        querystring: ActiveIncidentQuery,
        response: { 200: ActiveIncident },
      },
    },
    async (req) => {
      const list = await incidents.active(req.query.service);
      return { active: list.length > 0, incidents: list };
    },
  );
  r.get(
    '/api/v1/incidents/:id',
    {
      config: { permission: 'tickets.view' },
      schema: { tags, summary: 'One major incident', params: IdParams, response: { 200: Incident } },
    },
    async (req) => incidents.get(req.params.id),
  );
  r.patch(
    '/api/v1/incidents/:id',
    {
      config: { permission: 'tickets.manage' },
      schema: {
        tags,
        summary: 'Bulk update: fields, a comment on every linked order, resolving resolves them',
        params: IdParams,
        body: UpdateIncidentBody,
        response: { 200: IncidentUpdateReply },
      },
    },
    async (req) => incidents.update(req.params.id, req.body, workerOf(req)),
  );
  r.post(
    '/api/v1/incidents/:id/tickets',
    {
      config: { permission: 'tickets.work' },
      schema: {
        tags,
        summary: 'Link work orders to the incident',
        params: IdParams,
        body: IncidentTicketsBody,
        response: { 200: Incident },
      },
    },
    async (req) => incidents.link(req.params.id, req.body.ticketIds, workerOf(req)),
  );
  r.delete(
    '/api/v1/incidents/:id/tickets/:ticketId',
    {
      config: { permission: 'tickets.work' },
      schema: { tags, summary: 'Unlink a work order', params: IncidentTicketParams, response: { 200: Incident } },
    },
    async (req) => incidents.unlink(req.params.id, req.params.ticketId, workerOf(req)),
  );
}
