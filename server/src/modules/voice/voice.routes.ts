import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  CallState,
  ConferenceBody,
  DialBody,
  DialReply,
  HoldBody,
  HoldReply,
  LiveCall,
  MonitorBody,
  OverloadStatus,
} from '../../../../contracts/voice';
import { AppError } from '../../platform/errors';
import { hasPermission, principalOf } from '../../platform/guard';
import { piiPolicy } from '../../platform/pii';
import type { CallControl } from './call-control';
import type { OverloadMonitor } from './overload';
import { bargeForbidden, contactNotFound, voiceOff } from './voice.errors';

/**
 * Call control from the web (contracts/voice.ts). Call control exists only while the SIP server
 * runs (`kefu start`); API-only test apps answer 503.
 */
export function registerVoiceRoutes(
  app: FastifyInstance,
  deps: { control: () => CallControl | undefined; overload?: OverloadMonitor },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['voice'];
  const control = () => {
    const c = deps.control();
    if (!c) throw voiceOff();
    return c;
  };

  r.get(
    '/api/v1/voice/contacts/:id',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags,
        summary: 'My call: held or not (also when the phone holds it)',
        params: IdParams,
        response: { 200: CallState },
      },
    },
    async (req) => {
      const c = control();
      try {
        return c.callState(req.params.id, principalOf(req).userId);
      } catch (err) {
        // Not a call of yours right now (409) — unless there is no such contact at all (404).
        if (err instanceof AppError && err.code === 'VOICE.NOT_TALKING' && !(await c.contactExists(req.params.id))) {
          throw contactNotFound(req.params.id);
        }
        throw err;
      }
    },
  );
  r.post(
    '/api/v1/voice/contacts/:id/hold',
    {
      config: { permission: 'desktop.use' },
      schema: { tags, summary: '保持 / 恢复 my call', params: IdParams, body: HoldBody, response: { 200: HoldReply } },
    },
    async (req) => ({ held: control().hold(req.params.id, principalOf(req).userId, req.body.hold) }),
  );
  r.post(
    '/api/v1/voice/contacts/:id/conference',
    {
      config: { permission: 'desktop.use' },
      schema: { tags, summary: '三方通话: ring another agent into my call', params: IdParams, body: ConferenceBody },
    },
    async (req, reply) => {
      await control().conference(req.params.id, principalOf(req).userId, req.body.agentId);
      return reply.status(202).send();
    },
  );
  r.post(
    '/api/v1/voice/contacts/:id/monitor',
    {
      config: { permission: 'supervisor.monitor' },
      schema: {
        tags,
        summary: '监听 / 耳语 / 强插 (barge needs supervisor.control): rings my phone into the call',
        params: IdParams,
        body: MonitorBody,
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      if (req.body.mode === 'barge' && !hasPermission(p, 'supervisor.control')) {
        throw bargeForbidden();
      }
      await control().monitor(req.params.id, p.userId, req.body.mode);
      return reply.status(202).send();
    },
  );
  r.post(
    '/api/v1/voice/dial',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags,
        summary: '外呼: ring my phone, then call the number',
        body: DialBody,
        response: { 202: DialReply },
      },
    },
    async (req, reply) =>
      reply.status(202).send({
        callId: await control().dial(principalOf(req).userId, req.body.number, { contactId: req.body.contactId }),
      }),
  );
  r.get(
    '/api/v1/voice/overload',
    {
      config: { permission: 'supervisor.monitor' },
      schema: {
        tags,
        summary: 'Admission control: admitting or shedding new calls, why, the measured headroom, calls shed',
        response: { 200: OverloadStatus },
      },
    },
    async () => {
      if (!deps.overload) throw voiceOff();
      return deps.overload.status();
    },
  );
  r.get(
    '/api/v1/voice/calls',
    {
      config: { permission: 'supervisor.monitor' },
      schema: { tags, summary: 'Calls in progress', response: { 200: z.array(LiveCall) } },
    },
    async (req) => {
      const pii = piiPolicy(principalOf(req));
      return (deps.control()?.liveCalls() ?? []).map((c) => ({ ...c, caller: pii.value('phone', c.caller) }));
    },
  );
}
