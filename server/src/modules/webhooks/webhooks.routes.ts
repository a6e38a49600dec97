import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  CreateWebhookBody,
  DeliveryPage,
  DeliveryQuery,
  UpdatedWebhook,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookWithSecret,
} from '../../../../contracts/webhooks';
import { actorOf } from '../../platform/guard';
import type { WebhooksService } from './webhooks.service';

export function registerWebhookRoutes(app: FastifyInstance, deps: { webhooks: WebhooksService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const config = { permission: 'webhooks.manage' } as const;
  const { webhooks } = deps;

  r.get(
    '/api/v1/webhooks',
    { config, schema: { tags, summary: 'List webhooks', response: { 200: z.array(Webhook) } } },
    async () => webhooks.list(),
  );
  r.post(
    '/api/v1/webhooks',
    {
      config,
      schema: {
        tags,
        summary: 'Create a webhook (its secret is answered this once)',
        body: CreateWebhookBody,
        response: { 201: WebhookWithSecret },
      },
    },
    async (req, reply) => reply.status(201).send(await webhooks.create(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/webhooks/deliveries',
    {
      config,
      schema: {
        tags,
        summary: 'The delivery log, newest first',
        querystring: DeliveryQuery,
        response: { 200: DeliveryPage },
      },
    },
    async (req) => webhooks.listDeliveries(req.query),
  );
  r.get(
    '/api/v1/webhooks/deliveries/:id',
    {
      config,
      schema: {
        tags,
        summary: 'One delivery with its body',
        params: IdParams,
        response: { 200: WebhookDeliveryDetail },
      },
    },
    async (req) => webhooks.getDelivery(req.params.id),
  );
  r.post(
    '/api/v1/webhooks/deliveries/:id/redeliver',
    {
      config,
      schema: {
        tags,
        summary: 'Send a delivery again now, as a new delivery',
        params: IdParams,
        response: { 201: WebhookDelivery },
      },
    },
    async (req, reply) => reply.status(201).send(await webhooks.redeliver(req.params.id, actorOf(req))),
  );
  r.get(
    '/api/v1/webhooks/:id',
    { config, schema: { tags, summary: 'One webhook', params: IdParams, response: { 200: Webhook } } },
    async (req) => webhooks.get(req.params.id),
  );
  r.patch(
    '/api/v1/webhooks/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a webhook or rotate its secret',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: UpdatedWebhook },
      },
    },
    async (req) => webhooks.update(req.params.id, req.body, actorOf(req)),
  );
  r.delete(
    '/api/v1/webhooks/:id',
    { config, schema: { tags, summary: 'Delete a webhook and its delivery log', params: IdParams } },
    async (req, reply) => {
      await webhooks.remove(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/webhooks/:id/test',
    {
      config,
      schema: {
        tags,
        summary: 'Send a webhooks.test event now',
        params: IdParams,
        response: { 201: WebhookDelivery },
      },
    },
    async (req, reply) => reply.status(201).send(await webhooks.sendTest(req.params.id)),
  );
}
