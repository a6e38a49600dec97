import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  CreateInvitationBody,
  CreateSurveyTemplateBody,
  QueueTemplate,
  SetQueueTemplateBody,
  SurveyAnswerPage,
  SurveyAnswersQuery,
  SurveyInvitation,
  SurveyTemplate,
  UpdateSurveyTemplateBody,
} from '../../../../contracts/surveys';
import { actorOf } from '../../platform/guard';
import type { SurveyInvitations } from './surveys.invitations';
import type { PublicRateLimit } from './surveys.public-routes';
import type { SurveyAnswers } from './surveys.service';
import type { SurveyTemplates } from './surveys.templates';

const perUser = (req: FastifyRequest) => (req.principal ? `user:${req.principal.userId}` : `ip:${req.ip}`);

/** Staff routes: answers for supervisors, templates and queue mapping for admins, sending links. */
export function registerSurveyRoutes(
  app: FastifyInstance,
  deps: {
    answers: SurveyAnswers;
    templates: SurveyTemplates;
    invitations: SurveyInvitations;
    /** Invitations sent per user (a call center shares one address: counted per signed-in user). */
    invitationRateLimit: PublicRateLimit;
  },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];

  r.get(
    '/api/v1/surveys/answers',
    {
      config: { permission: 'surveys.view' },
      schema: {
        tags,
        summary: 'Survey answers, newest first (filters: time, queue, agent, channel, low scores only)',
        querystring: SurveyAnswersQuery,
        response: { 200: SurveyAnswerPage },
      },
    },
    async (req) => deps.answers.list(req.query),
  );
  r.get(
    '/api/v1/surveys/templates',
    {
      config: { permission: ['surveys.view', 'surveys.manage'] },
      schema: { tags, summary: 'Survey templates', response: { 200: z.array(SurveyTemplate) } },
    },
    async () => deps.templates.list(),
  );
  r.get(
    '/api/v1/surveys/templates/:id',
    {
      config: { permission: ['surveys.view', 'surveys.manage'] },
      schema: { tags, summary: 'One survey template', params: IdParams, response: { 200: SurveyTemplate } },
    },
    async (req) => deps.templates.get(req.params.id),
  );
  r.post(
    '/api/v1/surveys/templates',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: 'Create a survey template',
        body: CreateSurveyTemplateBody,
        response: { 201: SurveyTemplate },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.templates.create(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/surveys/templates/:id',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: 'Change a survey template (isDefault: true makes it the default)',
        params: IdParams,
        body: UpdateSurveyTemplateBody,
        response: { 200: SurveyTemplate },
      },
    },
    async (req) => deps.templates.update(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/surveys/queues',
    {
      config: { permission: ['surveys.view', 'surveys.manage'] },
      schema: {
        tags,
        summary: 'Queues with a survey template of their own',
        response: { 200: z.array(QueueTemplate) },
      },
    },
    async () => deps.templates.queues(),
  );
  r.put(
    '/api/v1/surveys/queues/:id',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: "Set a queue's survey template (null: the default)",
        params: IdParams,
        body: SetQueueTemplateBody,
        response: { 200: QueueTemplate },
      },
    },
    async (req) => deps.templates.setQueue(req.params.id, req.body.templateId, actorOf(req)),
  );
  r.post(
    '/api/v1/surveys/invitations',
    {
      config: {
        permission: ['surveys.manage', 'desktop.use'],
        // The guard's hook runs first (app-wide before route-level): the principal is known here.
        rateLimit: { ...deps.invitationRateLimit, keyGenerator: perUser },
      },
      schema: {
        tags,
        summary:
          'Send a one-time survey link by SMS or e-mail (agents: for a contact they handled, once, without the link)',
        body: CreateInvitationBody,
        response: { 201: SurveyInvitation },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.invitations.create(req.body, actorOf(req))),
  );
}
