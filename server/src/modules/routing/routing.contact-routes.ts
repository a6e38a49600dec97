import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  CompleteBody,
  Contact,
  ContactQuery,
  CreateContactBody,
  ExtendWrapUpBody,
  RoutingLogEntry,
  TransferBody,
  UpdateContactBody,
  WrapUp,
} from '../../../../contracts/routing';
import { actorOf, principalOf } from '../../platform/guard';
import type { RoutingService, Viewer } from './routing.service';

export function viewerOf(req: FastifyRequest): Viewer {
  const p = principalOf(req);
  return { userId: p.userId, permissions: p.permissions };
}

/** Contacts over HTTP: create, read, the agent's actions and a supervisor's changes. */
export function registerContactRoutes(app: FastifyInstance, deps: { routing: RoutingService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = deps.routing;

  // ---- contacts -------------------------------------------------------------------------------
  r.post(
    '/api/v1/contacts',
    {
      config: { permission: 'contacts.create' },
      schema: {
        tags: ['contacts'],
        summary: 'Create a routable contact (chat, email, sms, callback, task)',
        body: CreateContactBody,
        response: { 201: Contact },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createContact(req.body, actorOf(req), viewerOf(req))),
  );
  r.get(
    '/api/v1/contacts',
    {
      config: { permission: 'supervisor.monitor' },
      schema: {
        tags: ['contacts'],
        summary: 'Recent contacts',
        querystring: ContactQuery,
        response: { 200: z.array(Contact) },
      },
    },
    async (req) => svc.listContacts(req.query, viewerOf(req)),
  );
  r.get(
    '/api/v1/contacts/:id',
    {
      // Its agent, supervisors and integrations may read it; the service checks which.
      config: { permission: 'authenticated' },
      schema: {
        tags: ['contacts'],
        summary: 'One contact, with its place in the queue',
        params: IdParams,
        response: { 200: Contact },
      },
    },
    async (req) => svc.getContact(req.params.id, viewerOf(req)),
  );
  r.patch(
    '/api/v1/contacts/:id',
    {
      config: { permission: 'supervisor.control' },
      schema: {
        tags: ['contacts'],
        summary: 'Move to another queue, raise the priority, assign to a named agent (audited)',
        params: IdParams,
        body: UpdateContactBody,
        response: { 200: Contact },
      },
    },
    async (req) => svc.updateContact(req.params.id, req.body, actorOf(req), viewerOf(req)),
  );
  r.get(
    '/api/v1/contacts/:id/routing-log',
    {
      config: { permission: 'supervisor.monitor' },
      schema: {
        tags: ['contacts'],
        summary: 'Every transition, with the candidates and rule behind each offer',
        params: IdParams,
        response: { 200: z.array(RoutingLogEntry) },
      },
    },
    async (req) => svc.routingLog(req.params.id),
  );
  const action = (summary: string) => ({
    config: { permission: 'desktop.use' as const },
    schema: { tags: ['contacts'], summary, params: IdParams, response: { 200: Contact } },
  });
  r.post('/api/v1/contacts/:id/accept', action('Accept an offered contact'), async (req) =>
    svc.accept(req.params.id, actorOf(req), viewerOf(req)),
  );
  r.post('/api/v1/contacts/:id/reject', action('Reject an offered contact: it goes to the next agent'), async (req) =>
    svc.reject(req.params.id, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/complete',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['contacts'],
        summary: 'End the conversation: wrap-up starts (or give the wrap-up now)',
        params: IdParams,
        body: CompleteBody,
        response: { 200: Contact },
      },
    },
    async (req) => svc.complete(req.params.id, req.body ?? {}, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/wrap-up',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['contacts'],
        summary: 'Submit the wrap-up (处理结果, request type, notes)',
        params: IdParams,
        body: WrapUp,
        response: { 200: Contact },
      },
    },
    async (req) => svc.wrapUp(req.params.id, req.body, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/wrap-up/extend',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['contacts'],
        summary: 'More time for the wrap-up',
        params: IdParams,
        body: ExtendWrapUpBody,
        response: { 200: Contact.extend({ wrapUpUntil: z.string() }) },
      },
    },
    async (req) => svc.extendWrapUp(req.params.id, req.body.seconds, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/transfer',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags: ['contacts'],
        summary: 'Transfer to a queue or a named agent; returns the new contact',
        params: IdParams,
        body: TransferBody,
        response: { 200: Contact },
      },
    },
    async (req) => svc.transfer(req.params.id, req.body, actorOf(req), viewerOf(req)),
  );
  r.post(
    '/api/v1/contacts/:id/abandon',
    {
      config: { permission: 'contacts.create' },
      schema: {
        tags: ['contacts'],
        summary: 'The customer left before an agent took the contact',
        params: IdParams,
        response: { 200: Contact },
      },
    },
    async (req) => svc.abandon(req.params.id, actorOf(req), viewerOf(req)),
  );
}
