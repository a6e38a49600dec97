import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROMPT_UPLOAD_MAX_BYTES, Prompt, PromptParams } from '../../../../../contracts/prompts';
import { actorOf } from '../../../platform/guard';
import { emptyUpload, notWav } from './prompts.errors';
import type { PromptsService } from './prompts.service';

/** The media types a WAV upload may carry (browsers and tools disagree on the name). */
const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'];

export function registerPromptRoutes(app: FastifyInstance, deps: { prompts: PromptsService }): void {
  // A scope of its own: only the upload route takes a raw WAV body; the rest of the API stays JSON-only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      WAV_TYPES,
      { parseAs: 'buffer', bodyLimit: PROMPT_UPLOAD_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['telephony'];
    const manage = { permission: 'telephony.manage' as const };
    // Supervisors pick and play the spike message's prompt (numbers.spike): they read the library.
    const read = { permission: ['telephony.manage', 'numbers.spike'] as const };

    r.get(
      '/api/v1/telephony/prompts',
      {
        config: read,
        schema: {
          tags,
          summary: 'Prompts: the shipped ones and the uploads that override them, with durations',
          response: { 200: z.array(Prompt) },
        },
      },
      async () => deps.prompts.list(),
    );
    r.post(
      '/api/v1/telephony/prompts/:language/:key',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Upload a prompt: the raw WAV as the body (Content-Type audio/wav; 16-bit PCM or G.711, 8 or 16 kHz, ' +
            'mono or stereo, at most 10 MB and 10 minutes); stored as 8 kHz mono PCM, replacing the shipped one',
          params: PromptParams,
          response: { 200: Prompt },
        },
      },
      async (req) => {
        const body: unknown = req.body;
        if (body === undefined || body === null) throw emptyUpload();
        if (!Buffer.isBuffer(body)) throw notWav();
        return deps.prompts.upload(req.params, body, actorOf(req));
      },
    );
    r.get(
      '/api/v1/telephony/prompts/:language/:key',
      {
        config: read,
        schema: {
          tags,
          summary: 'Play the prompt that is in effect (audio/wav): the upload, else the shipped one',
          params: PromptParams,
        },
      },
      async (req, reply) => {
        const { stream, bytes, source } = await deps.prompts.audio(req.params);
        return reply
          .header('content-type', 'audio/wav')
          .header('content-length', bytes)
          .header('cache-control', 'no-store')
          .header('x-kefu-prompt-source', source)
          .send(stream);
      },
    );
    r.delete(
      '/api/v1/telephony/prompts/:language/:key',
      {
        config: manage,
        schema: { tags, summary: 'Remove an uploaded prompt (the shipped one plays again)', params: PromptParams },
      },
      async (req, reply) => {
        await deps.prompts.remove(req.params, actorOf(req));
        return reply.status(204).send();
      },
    );
  });
}
