import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  AttachmentDownloadQuery,
  AttachmentParams,
  AttachmentUploadQuery,
  TicketAttachment,
} from '../../../../contracts/tickets';
import { contentDisposition } from '../../platform/attachment-type';
import { httpClientError } from '../../platform/errors';
import type { TicketAttachments } from './tickets.attachments';
import { attachmentEmpty } from './tickets.errors';
import { workerOf } from './tickets.routes';

/**
 * An upload refused before its body was read to the end (too large, not the caller's order …): the
 * rest is not drained — a chunked body may never end — but the connection is closed after the reply.
 */
function closeAfterReply(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  reply.raw.once('finish', () => {
    const socket = req.raw.socket as { destroy?: () => void } | null | undefined;
    socket?.destroy?.();
  });
}

export function registerAttachmentRoutes(app: FastifyInstance, attachments: TicketAttachments): void {
  // A scope of its own: the upload's body is the file itself, sent as application/octet-stream and
  // streamed to disk (its real type is sniffed from the bytes); the rest of the API stays JSON-only.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['tickets'];

    r.post(
      '/api/v1/tickets/:id/attachments',
      {
        config: { permission: 'tickets.work' },
        schema: {
          tags,
          summary:
            'Attach a file: the raw bytes as the body (Content-Type application/octet-stream), its name in ?name=. ' +
            'The type is sniffed from the bytes ' +
            '(images, PDF, Office documents; UTF-8 text only as .txt, .csv or .log), and the stored name is given ' +
            "that type's extension when it has another; at most 20 MiB by default (413, the connection closed " +
            'when the body was not read to its end) and 50 files an order',
          params: IdParams,
          querystring: AttachmentUploadQuery,
          response: { 201: TicketAttachment },
        },
      },
      async (req, reply) => {
        const length = Number(req.headers['content-length']);
        const body: unknown = req.body;
        if (body === undefined || body === null || body === '') throw attachmentEmpty();
        // A JSON or text body was parsed by the API's own parsers: not a file upload.
        if (!(body instanceof Readable)) {
          throw httpClientError('HTTP.UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/octet-stream');
        }
        try {
          const a = await attachments.upload(
            req.params.id,
            {
              name: req.query.name,
              body,
              ...(Number.isFinite(length) ? { declaredBytes: length } : {}),
            },
            workerOf(req),
          );
          return reply.status(201).send(a);
        } catch (err) {
          if (!body.readableEnded) closeAfterReply(req, reply);
          throw err;
        }
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  r.get(
    '/api/v1/tickets/:id/attachments',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary: 'The files attached to a work order (deleted ones are not listed)',
        params: IdParams,
        response: { 200: z.array(TicketAttachment) },
      },
    },
    async (req) => attachments.list(req.params.id),
  );
  r.get(
    '/api/v1/tickets/:id/attachments/:attId',
    {
      config: { permission: 'tickets.view' },
      schema: {
        tags,
        summary:
          'Download an attachment with its sniffed type: images and PDF inline (unless ?download=1), anything else ' +
          'as a download; never sniffed again by the browser',
        params: AttachmentParams,
        querystring: AttachmentDownloadQuery,
      },
    },
    async (req, reply) => {
      const { attachment: a, inline, stream } = await attachments.open(req.params.id, req.params.attId);
      const kind = inline && req.query.download !== '1' ? 'inline' : 'attachment';
      // Nothing in a file may run as the application's page; the browser's PDF viewer needs no sandbox.
      if (a.contentType !== 'application/pdf') reply.header('content-security-policy', "default-src 'none'; sandbox");
      return reply
        .header('content-type', a.contentType)
        .header('content-length', a.size)
        .header('content-disposition', contentDisposition(kind, a.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
  r.delete(
    '/api/v1/tickets/:id/attachments/:attId',
    {
      config: { permission: 'tickets.work' },
      schema: {
        tags,
        summary:
          'Remove an attachment (its uploader while they may work the order, or a work-order manager); ' +
          'recorded in the history',
        params: AttachmentParams,
      },
    },
    async (req, reply) => {
      await attachments.remove(req.params.id, req.params.attId, workerOf(req));
      return reply.status(204).send();
    },
  );
}
