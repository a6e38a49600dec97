import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  CreateNumberBody,
  CreatePhoneBody,
  CreateTrunkBody,
  MyPhone,
  Phone,
  PhoneNumber,
  Trunk,
  UpdateNumberBody,
  UpdatePhoneBody,
  UpdateTrunkBody,
} from '../../../../contracts/telephony';
import { SpikeMessageBody } from '../../../../contracts/voice';
import { actorOf, principalOf } from '../../platform/guard';
import type { NumbersService } from './numbers.service';
import type { TelephonyService } from './telephony.service';

export function registerTelephonyRoutes(
  app: FastifyInstance,
  deps: { telephony: TelephonyService; numbers: NumbersService },
): void {
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

  r.get(
    '/api/v1/telephony/my-phone',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags,
        summary: "The signed-in agent's phones: registered or not, from where and with which phone",
        response: { 200: MyPhone },
      },
    },
    async (req) => deps.telephony.mine(principalOf(req).userId),
  );

  const manage = { permission: 'telephony.manage' as const };
  r.get(
    '/api/v1/telephony/numbers',
    {
      config: { permission: ['telephony.manage', 'numbers.spike'] as const },
      schema: { tags, summary: 'Called numbers (DIDs) and their IVR flows', response: { 200: z.array(PhoneNumber) } },
    },
    async () => deps.numbers.listNumbers(),
  );
  r.post(
    '/api/v1/telephony/numbers',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Map a called number (DID) to an IVR flow',
        body: CreateNumberBody,
        response: { 201: PhoneNumber },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.numbers.createNumber(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/telephony/numbers/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: "Change a number's flow, name or overload action (503 or the busy prompt)",
        params: IdParams,
        body: UpdateNumberBody,
        response: { 200: PhoneNumber },
      },
    },
    async (req) => deps.numbers.updateNumber(req.params.id, req.body, actorOf(req)),
  );
  r.put(
    '/api/v1/telephony/numbers/:id/spike',
    {
      config: { permission: 'numbers.spike' },
      schema: {
        tags,
        summary: "Turn a number's spike message (应急公告) on or off: every caller hears the prompt first",
        params: IdParams,
        body: SpikeMessageBody,
        response: { 200: PhoneNumber },
      },
    },
    async (req) => deps.numbers.setSpike(req.params.id, req.body, actorOf(req)),
  );
  r.delete(
    '/api/v1/telephony/numbers/:id',
    { config: manage, schema: { tags, summary: 'Remove a called number', params: IdParams } },
    async (req, reply) => {
      await deps.numbers.deleteNumber(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/v1/telephony/trunks',
    { config: manage, schema: { tags, summary: 'Trunks to carriers and SBCs', response: { 200: z.array(Trunk) } } },
    async () => deps.numbers.listTrunks(),
  );
  r.post(
    '/api/v1/telephony/trunks',
    { config: manage, schema: { tags, summary: 'Add a trunk', body: CreateTrunkBody, response: { 201: Trunk } } },
    async (req, reply) => reply.status(201).send(await deps.numbers.createTrunk(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/telephony/trunks/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change or disable a trunk',
        params: IdParams,
        body: UpdateTrunkBody,
        response: { 200: Trunk },
      },
    },
    async (req) => deps.numbers.updateTrunk(req.params.id, req.body, actorOf(req)),
  );
}
