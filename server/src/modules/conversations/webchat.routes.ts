import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CsatBody,
  LeaveMessageBody,
  LeftMessage,
  MessageAttachment,
  TranscriptMailBody,
  VisitorMessage,
  VisitorSendBody,
  VisitorSession,
  VisitorSessionBody,
  WidgetAppearance,
} from '../../../../contracts/conversations';
import { httpClientError } from '../../platform/errors';
import type { ConversationFiles } from './conversations.attachments';
import { sendFile } from './conversations.routes';
import type { WebchatService } from './webchat.service';

const KeyParams = z.object({ key: z.string().trim().min(8).max(40) });
const AfterQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });
const FileQuery = z.object({ name: z.string().trim().min(1).max(200) });
const FileParams = z.object({ id: z.uuid() });
const TokenQuery = z.object({ token: z.string().max(300).optional() });
const ReceiptBody = z.object({
  upToSeq: z.number().int().min(0),
  state: z.enum(['delivered', 'read']).default('read'),
});

/**
 * Per client address (behind a proxy: KEFU_TRUST_PROXY), on top of each visitor's own allowance:
 * sessions are free to make, so without this one address could fill the queue with conversations.
 */
export const CHAT_RATE_LIMITS = {
  session: { max: 60, timeWindow: 60_000 },
  write: { max: 300, timeWindow: 60_000 },
  file: { max: 30, timeWindow: 60_000 },
  /** Leaving a message and mailing a transcript reach people outside Kefu: a few a minute. */
  outside: { max: 5, timeWindow: 60_000 },
};

/** The visitor's token: the `X-Visitor-Token` header, or `?token=` where a header cannot be set (an <img>). */
function tokenOf(req: FastifyRequest): string | undefined {
  const h = req.headers['x-visitor-token'];
  if (typeof h === 'string' && h) return h;
  const q = (req.query as { token?: unknown } | undefined)?.token;
  return typeof q === 'string' ? q : undefined;
}

/**
 * The widget's HTTP API (public routes: the visitor's signed token is the credential, checked by
 * the service with the channel's allowed origins). The WebSocket (`webchat.socket.ts`) carries the
 * live traffic; these serve the first load, fallbacks (a resync, an H5 page without sockets) and files.
 */
export type ChatRateLimits = { [K in keyof typeof CHAT_RATE_LIMITS]: { max: number; timeWindow: number } };

export function registerWebchatRoutes(
  app: FastifyInstance,
  deps: { webchat: WebchatService; files: ConversationFiles; limits?: Partial<ChatRateLimits> | undefined },
) {
  const { webchat } = deps;
  const PER_ADDRESS = { ...CHAT_RATE_LIMITS, ...deps.limits };
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['web chat (visitors)'];
  const visitor = (req: FastifyRequest) => webchat.visitor(tokenOf(req), req.headers.origin, req.host);

  r.post(
    '/api/v1/chat/widgets/:key/session',
    {
      config: { permission: 'public', rateLimit: PER_ADDRESS.session },
      schema: {
        tags,
        summary:
          "Start or resume a visitor's session on a widget: a signed token, the widget's settings, whether the queue is open, and the visitor's conversation",
        params: KeyParams,
        body: VisitorSessionBody,
        response: { 200: VisitorSession },
      },
    },
    async (req) => webchat.session(req.params.key, req.body, req.headers.origin, req.host),
  );
  r.get(
    '/api/v1/chat/widgets/:key/appearance',
    {
      config: { permission: 'public' },
      // Read by widget.js from the company's page (another origin): any origin may read the answer,
      // so that a page not allowed learns it is not and shows no launcher (the chat page's CSP is the
      // real gate). The colour and title are no secret: the chat page shows them to anyone.
      onRequest: async (_req, reply) => {
        reply.header('access-control-allow-origin', '*').header('vary', 'origin');
      },
      schema: {
        tags,
        summary: "The widget's colour and title for its launcher (widget.js); 403 for a page not allowed",
        params: KeyParams,
        response: { 200: WidgetAppearance },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return webchat.appearance(req.params.key, req.headers.origin, req.host);
    },
  );
  r.post(
    '/api/v1/chat/widgets/:key/leave-message',
    {
      config: { permission: 'public', rateLimit: PER_ADDRESS.outside },
      schema: {
        tags,
        summary:
          'Leave a message when the chat is closed or full: a work order or a callback request, as the widget is set up',
        params: KeyParams,
        body: LeaveMessageBody,
        response: { 201: LeftMessage },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await webchat.leaveMessage(req.params.key, req.body, req.headers.origin, req.host)),
  );
  r.post(
    '/api/v1/chat/transcript',
    {
      config: { permission: 'public', rateLimit: PER_ADDRESS.outside },
      schema: { tags, summary: "Mail the visitor's transcript to an address they give", body: TranscriptMailBody },
    },
    async (req, reply) => {
      await webchat.mailTranscript(await visitor(req), req.body.email);
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/chat/messages',
    {
      config: { permission: 'public', rateLimit: PER_ADDRESS.write },
      schema: {
        tags,
        summary: 'Send a message (stored once per clientId: resending after a network drop returns the stored one)',
        body: VisitorSendBody,
        response: { 200: VisitorMessage },
      },
    },
    async (req) => webchat.send(await visitor(req), req.body),
  );
  r.get(
    '/api/v1/chat/messages',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: "The visitor's conversation after a seq (resync)",
        querystring: AfterQuery.extend(TokenQuery.shape),
        response: { 200: z.array(VisitorMessage) },
      },
    },
    async (req) => webchat.messages(await visitor(req), req.query.after),
  );
  r.post(
    '/api/v1/chat/receipts',
    {
      config: { permission: 'public' },
      schema: { tags, summary: "The widget received or showed the agent's messages up to a seq", body: ReceiptBody },
    },
    async (req, reply) => {
      await webchat.receipt(await visitor(req), req.body.upToSeq, req.body.state);
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/chat/end',
    { config: { permission: 'public' }, schema: { tags, summary: 'The visitor ends the chat' } },
    async (req, reply) => {
      await webchat.end(await visitor(req));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/chat/csat',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'The end-of-chat rating (1–5), once per conversation', body: CsatBody },
    },
    async (req, reply) => {
      await webchat.csat(await visitor(req), req.body);
      return reply.status(204).send();
    },
  );
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: deps.files.maxBytes },
      (_req, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/chat/files',
      {
        config: { permission: 'public', rateLimit: PER_ADDRESS.file },
        schema: {
          tags,
          summary: 'Upload an image or file into the open conversation (raw bytes, name in ?name=)',
          querystring: FileQuery.extend(TokenQuery.shape),
          response: { 201: MessageAttachment },
        },
      },
      async (req, reply) => {
        const v = await visitor(req);
        if (!Buffer.isBuffer(req.body))
          throw httpClientError('HTTP.UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/octet-stream');
        return reply.status(201).send(await webchat.upload(v, req.query.name, req.body));
      },
    );
  });
  r.get(
    '/api/v1/chat/files/:id',
    {
      config: { permission: 'public' },
      schema: { tags, summary: "A file of the visitor's conversation", params: FileParams, querystring: TokenQuery },
    },
    async (req, reply) => sendFile(reply, await webchat.file(await visitor(req), req.params.id)),
  );
}
