import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import { CreatePhoneBody, Phone, UpdatePhoneBody } from '../../../../contracts/telephony';
import { actorOf } from '../../platform/guard';
import type { TelephonyService } from './telephony.service';

export function registerTelephonyRoutes(app: FastifyInstance, deps: { telephony: TelephonyService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['telephony'];

  r.get(
    '/api/v1/telephony/phones',
    {
      config: { permission: 'telephony.manage' },
      schema: {
        tags,
        summary: 'Agent phones (SIP accounts) and their registrations',
        response: { 200: z.array(Phone) },
      },
    },
    async () => deps.telephony.list(),
  );
  r.post(
    '/api/v1/telephony/phones',
    {
      config: { permission: 'telephony.manage' },
      schema: { tags, summary: "Create an agent's SIP account", body: CreatePhoneBody, response: { 201: Phone } },
    },
    async (req, reply) => reply.status(201).send(await deps.telephony.create(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/telephony/phones/:id',
    {
      config: { permission: 'telephony.manage' },
      schema: {
        tags,
        summary: "Set a phone's password or disable it",
        params: IdParams,
        body: UpdatePhoneBody,
        response: { 200: Phone },
      },
    },
    async (req) => deps.telephony.update(req.params.id, req.body, actorOf(req)),
  );
}
