import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  CannedReply,
  ChannelConfig,
  Conversation,
  ConversationDetail,
  ConversationListQuery,
  ConversationMessage,
  CreateCannedReplyBody,
  CreateChannelBody,
  MessageAttachment,
  MessagesQuery,
  ReadBody,
  SendMessageBody,
  UpdateCannedReplyBody,
  UpdateChannelBody,
  WhisperBody,
} from '../../../../contracts/conversations';
import { contentDisposition } from '../../platform/attachment-type';
import { httpClientError } from '../../platform/errors';
import { actorOf, principalOf } from '../../platform/guard';
import type { CannedService } from './canned.service';
import type { ChannelsService } from './channels.service';
import type { ConversationFiles } from './conversations.attachments';
import { channelNotFound, notYourConversation } from './conversations.errors';
import type { ConversationsService } from './conversations.service';
import type { MailChannel } from './mail.channel';

const FileQuery = z.object({ name: z.string().trim().min(1).max(200) });
const FileParams = z.object({ id: z.uuid(), fileId: z.uuid() });
const ConnectionTest = z.object({
  ok: z.boolean(),
  reason: z.string().optional(),
  error: z.string().optional(),
  mailboxes: z.array(z.string()).optional(),
});
const ChannelTestResult = z.object({ imap: ConnectionTest.optional(), smtp: ConnectionTest.optional() });
const Page = z.object({ items: z.array(Conversation), total: z.number(), page: z.number(), pageSize: z.number() });

/** Sends a stored file: images and PDF inline, nothing sniffed again by the browser, nothing runs. */
export function sendFile(
  reply: import('fastify').FastifyReply,
  f: { name: string; contentType: string; inline: boolean; bytes: Buffer },
) {
  if (f.contentType !== 'application/pdf') reply.header('content-security-policy', "default-src 'none'; sandbox");
  return reply
    .header('content-type', f.contentType)
    .header('content-disposition', contentDisposition(f.inline ? 'inline' : 'attachment', f.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(f.bytes);
}

/** The agent's and supervisor's API (desktop, monitoring), canned replies and the channel admin. */
export function registerConversationRoutes(
  app: FastifyInstance,
  deps: {
    conversations: ConversationsService;
    canned: CannedService;
    channels: ChannelsService;
    files: ConversationFiles;
    mail: Pick<MailChannel, 'test'>;
  },
): void {
  const { conversations, canned, channels, files, mail } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['conversations'];
  const reader = (req: import('fastify').FastifyRequest) => {
    const p = principalOf(req);
    return { userId: p.userId, permissions: p.permissions as ReadonlySet<string>, displayName: p.displayName };
  };

  r.get(
    '/api/v1/conversations',
    {
      config: { permission: ['desktop.use', 'supervisor.monitor'] },
      schema: {
        tags,
        summary: "The caller's open conversations (scope=mine, the desktop), or everyone's (scope=all, supervisors)",
        querystring: ConversationListQuery,
        response: { 200: Page },
      },
    },
    async (req) => conversations.list(req.query, reader(req)),
  );
  r.get(
    '/api/v1/conversations/:id',
    {
      config: { permission: ['desktop.use', 'supervisor.monitor'] },
      schema: {
        tags,
        summary:
          'A conversation with its messages (the last `limit`, or after `after` to resync, or before `before` for older ones); personal data masked without pii.view unless the caller serves it',
        params: IdParams,
        querystring: MessagesQuery,
        response: { 200: ConversationDetail },
      },
    },
    async (req) => conversations.get(req.params.id, reader(req), req.query),
  );
  r.get(
    '/api/v1/conversations/:id/transcript',
    {
      config: { permission: ['desktop.use', 'supervisor.monitor'] },
      schema: {
        tags,
        summary: 'The transcript as a UTF-8 text file (masked without pii.view unless the caller serves it); audited',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const text = await conversations.transcript(req.params.id, { ...reader(req), actor: actorOf(req) });
      return reply
        .header('content-type', 'text/plain; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', `conversation-${req.params.id}.txt`))
        .send(text);
    },
  );
  r.post(
    '/api/v1/conversations/:id/messages',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags,
        summary:
          'Reply to the customer (kind out) or add an internal note; a repeated clientId returns the stored message',
        params: IdParams,
        body: SendMessageBody,
        response: { 201: ConversationMessage },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await conversations.send(req.params.id, req.body, reader(req), files.binder)),
  );
  r.post(
    '/api/v1/conversations/:id/whisper',
    {
      config: { permission: 'supervisor.control' },
      schema: {
        tags,
        summary: 'A supervisor’s whisper: a message only the serving agent sees',
        params: IdParams,
        body: WhisperBody,
        response: { 201: ConversationMessage },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await conversations.whisper(req.params.id, req.body.text, reader(req))),
  );
  r.post(
    '/api/v1/conversations/:id/read',
    {
      config: { permission: 'desktop.use' },
      schema: { tags, summary: 'The agent has read up to this seq', params: IdParams, body: ReadBody },
    },
    async (req, reply) => {
      await conversations.read(req.params.id, req.body.upToSeq, reader(req));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/conversations/:id/typing',
    {
      config: { permission: 'desktop.use' },
      schema: { tags, summary: 'The agent is typing (shown to the customer)', params: IdParams },
    },
    async (req, reply) => {
      const c = await conversations.mustFind(req.params.id);
      if (c.agentId === principalOf(req).userId && c.status === 'active')
        conversations.typing(c.id, 'agent', c.agentId);
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/conversations/:id/end',
    {
      config: { permission: 'desktop.use' },
      schema: { tags, summary: 'End the conversation: its contact goes to wrap-up', params: IdParams },
    },
    async (req, reply) => {
      await conversations.end(req.params.id, reader(req));
      return reply.status(204).send();
    },
  );

  // Files: the body is the file itself (application/octet-stream), its name in ?name=.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: files.maxBytes },
      (_req, body, done) => done(null, body),
    );
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post(
      '/api/v1/conversations/:id/files',
      {
        config: { permission: 'desktop.use' },
        schema: {
          tags,
          summary:
            'Upload a file to send (raw bytes as application/octet-stream, its name in ?name=); the type is sniffed from the bytes',
          params: IdParams,
          querystring: FileQuery,
          response: { 201: MessageAttachment },
        },
      },
      async (req, reply) => {
        const c = await conversations.mustFind(req.params.id);
        if (c.agentId !== principalOf(req).userId) throw notYourConversation(c.id);
        const body = req.body;
        if (!Buffer.isBuffer(body)) {
          throw httpClientError('HTTP.UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/octet-stream');
        }
        return reply.status(201).send(await files.store(c.id, principalOf(req).userId, req.query.name, body));
      },
    );
  });
  r.get(
    '/api/v1/conversations/:id/files/:fileId',
    {
      config: { permission: ['desktop.use', 'supervisor.monitor'] },
      schema: { tags, summary: 'A file of the conversation', params: FileParams },
    },
    async (req, reply) => {
      await conversations.get(req.params.id, reader(req), { limit: 1 });
      return sendFile(reply, await files.open(req.params.id, req.params.fileId));
    },
  );

  // ---- canned replies ----
  r.get(
    '/api/v1/canned-replies',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags,
        summary: 'Canned replies the caller may use: everyone’s, the team’s, their own',
        response: { 200: z.array(CannedReply) },
      },
    },
    async (req) => canned.list(principalOf(req)),
  );
  r.post(
    '/api/v1/canned-replies',
    {
      config: { permission: 'desktop.use' },
      schema: { tags, summary: 'Create a canned reply', body: CreateCannedReplyBody, response: { 201: CannedReply } },
    },
    async (req, reply) => reply.status(201).send(await canned.create(req.body, principalOf(req), actorOf(req))),
  );
  r.patch(
    '/api/v1/canned-replies/:id',
    {
      config: { permission: 'desktop.use' },
      schema: {
        tags,
        summary: 'Change a canned reply',
        params: IdParams,
        body: UpdateCannedReplyBody,
        response: { 200: CannedReply },
      },
    },
    async (req) => canned.update(req.params.id, req.body, principalOf(req), actorOf(req)),
  );
  r.delete(
    '/api/v1/canned-replies/:id',
    { config: { permission: 'desktop.use' }, schema: { tags, summary: 'Delete a canned reply', params: IdParams } },
    async (req, reply) => {
      await canned.remove(req.params.id, principalOf(req), actorOf(req));
      return reply.status(204).send();
    },
  );

  // ---- channels (admin) ----
  const ctags = ['channels'];
  r.get(
    '/api/v1/channels',
    {
      config: { permission: 'channels.manage' },
      schema: {
        tags: ctags,
        summary: 'Channels (secrets shown as ********)',
        response: { 200: z.array(ChannelConfig) },
      },
    },
    async () => channels.list(),
  );
  r.get(
    '/api/v1/channels/:id',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: ctags, summary: 'One channel', params: IdParams, response: { 200: ChannelConfig } },
    },
    async (req) => channels.get(req.params.id),
  );
  r.post(
    '/api/v1/channels',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: ctags, summary: 'Create a channel', body: CreateChannelBody, response: { 201: ChannelConfig } },
    },
    async (req, reply) => reply.status(201).send(await channels.create(req.body, actorOf(req))),
  );
  r.post(
    '/api/v1/channels/:id/test',
    {
      config: { permission: 'channels.manage' },
      schema: {
        tags: ctags,
        summary:
          "Test a mailbox's IMAP and SMTP connections with its stored settings (the reason of a failure: unreachable, timeout, tls, auth, mailbox, protocol)",
        params: IdParams,
        response: { 200: ChannelTestResult },
      },
    },
    async (req) => {
      const row = await channels.row(req.params.id);
      if (!row) throw channelNotFound(req.params.id);
      return row.kind === 'email' ? mail.test(channels.opened(row)) : {};
    },
  );
  r.patch(
    '/api/v1/channels/:id',
    {
      config: { permission: 'channels.manage' },
      schema: {
        tags: ctags,
        summary: 'Change a channel (a secret sent back as ******** keeps its stored value)',
        params: IdParams,
        body: UpdateChannelBody,
        response: { 200: ChannelConfig },
      },
    },
    async (req) => channels.update(req.params.id, req.body, actorOf(req)),
  );
}
