import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PublicAnswerBody, PublicSurvey, TokenParams } from '../../../../contracts/surveys';
import type { SurveyInvitations } from './surveys.invitations';

export type PublicRateLimit = { max: number; timeWindow: number };

/**
 * The customer's survey page's API: no login (the token is the credential), rate-limited per
 * client address so tokens cannot be guessed at speed (256 random bits make it hopeless anyway).
 */
export function registerPublicSurveyRoutes(
  app: FastifyInstance,
  deps: { invitations: SurveyInvitations; rateLimit: PublicRateLimit },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];
  r.get(
    '/api/v1/public/surveys/:token',
    {
      config: { permission: 'public', rateLimit: deps.rateLimit },
      schema: {
        tags,
        summary: 'A survey link: its questions and language (410 when answered or expired)',
        params: TokenParams,
        response: { 200: PublicSurvey },
      },
    },
    async (req, reply) => {
      // A link's state changes (answered, expired): no cache keeps the page answerable.
      reply.header('cache-control', 'no-store');
      return deps.invitations.view(req.params.token);
    },
  );
  r.post(
    '/api/v1/public/surveys/:token',
    {
      config: { permission: 'public', rateLimit: deps.rateLimit },
      schema: {
        tags,
        summary: 'Answer a survey link (once)',
        params: TokenParams,
        body: PublicAnswerBody,
        response: { 201: z.object({ answered: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      await deps.invitations.answer(req.params.token, req.body);
      return reply.status(201).send({ answered: true });
    },
  );
}
