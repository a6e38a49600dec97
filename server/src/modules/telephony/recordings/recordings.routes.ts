import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../../../contracts/common';
import { actorOf } from '../../../platform/guard';
import type { RecordingsService } from './recordings.service';

export function registerRecordingRoutes(app: FastifyInstance, deps: { recordings: RecordingsService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/recordings/:id',
    {
      config: { permission: 'recordings.listen' },
      // A HEAD would be audited as a playback without one: only GET plays.
      exposeHeadRoute: false,
      schema: {
        tags: ['calls'],
        summary: 'Play a call recording (audio/wav); every playback is audited',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const { stream, bytes } = await deps.recordings.play(req.params.id, actorOf(req));
      return reply
        .header('content-type', 'audio/wav')
        .header('content-length', bytes)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );
}
