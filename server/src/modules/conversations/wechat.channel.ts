import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { WechatSettings } from '../../../../contracts/conversations';
import type { Clock } from '../../platform/clock';
import { rateLimited } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { createWechatClient, WechatApiError, type WechatClient } from './channels/wechat-client';
import type { ChannelsService, OpenChannel } from './channels.service';
import type { ConversationFiles } from './conversations.attachments';
import { channelDisabled, channelNotFound, webhookSignature } from './conversations.errors';
import { type ChannelSender, PermanentSendError } from './conversations.sender';
import type { ConversationsService } from './conversations.service';
import { createSenderLimit } from './domain/sender-limit';
import {
  createWechatCipher,
  openEncryptedPush,
  parseInbound,
  verifyUrlSignature,
  WechatProtocolError,
} from './domain/wechat-protocol';

const KeyParams = z.object({ key: z.string().trim().min(8).max(40) });
const SignedQuery = z.object({
  signature: z.string().max(100).default(''),
  timestamp: z.string().max(20).default(''),
  nonce: z.string().max(100).default(''),
  echostr: z.string().max(500).optional(),
  encrypt_type: z.string().max(10).optional(),
  msg_signature: z.string().max(100).optional(),
  openid: z.string().max(100).optional(),
});
/** WeChat retries a push for about 15 s; a timestamp further off than this is a replay. */
const FRESH_SECONDS = 300;

/** The readable part of a message type Kefu does not handle itself (a location's label, a link's title and URL). */
function otherText(m: { msgType: string; fields: Record<string, string> }): string {
  const f = m.fields;
  if (m.msgType === 'location')
    return `[位置 / location] ${f.Label ?? ''} (${f.Location_X ?? ''}, ${f.Location_Y ?? ''})`.trim();
  if (m.msgType === 'link') return `[链接 / link] ${f.Title ?? ''} ${f.Url ?? ''}`.trim();
  return `[${m.msgType}]`;
}

/** WeChat's errcodes that pass: system busy, API frequency limits, a token refreshed meanwhile. */
const RETRYABLE = new Set([-1, 45009, 45047, 40001, 42001]);

/** What a voice message shows when WeChat sent no recognition. */
const VOICE_TEXT = '[语音消息 / voice message]';

/**
 * WeChat Official Account (微信公众号, docs/channels.md): the documented server protocol — URL
 * verification, signed pushes (and the safe mode's AES envelope), text, image and voice messages
 * into conversations (an image is downloaded through the media API and stored as a file); replies
 * through the customer service message API within the 48-hour window.
 */
export function createWechatChannel(deps: {
  clock: Clock;
  log: Logger;
  channels: ChannelsService;
  conversations: ConversationsService;
  files: ConversationFiles;
}) {
  const { clock, log, channels, conversations, files } = deps;
  const clients = new Map<string, { at: number; client: WechatClient }>();
  const limit = createSenderLimit({ burst: 20, perMinute: 30 });
  /**
   * Signed pushes already taken (timestamp, nonce, signature), for as long as a timestamp is fresh:
   * a captured plain-mode URL cannot carry other XML in again. Recorded only after the push was
   * stored, so WeChat's own retry of a push that failed still gets through.
   */
  const taken = new Map<string, number>();
  const pushKey = (chId: string, q: z.infer<typeof SignedQuery>) => `${chId}:${q.timestamp}:${q.nonce}:${q.signature}`;
  function remember(key: string): void {
    const now = Date.now();
    taken.set(key, now);
    if (taken.size > 10_000) {
      for (const [k, at] of taken) if (now - at > FRESH_SECONDS * 2000) taken.delete(k);
    }
  }

  function clientOf(ch: OpenChannel): WechatClient {
    const hit = clients.get(ch.id);
    if (hit && hit.at === ch.updatedAt.getTime()) return hit.client;
    const s = ch.settings as WechatSettings;
    const client = createWechatClient({ baseUrl: s.apiBase, appId: s.appId, appSecret: s.appSecret });
    clients.set(ch.id, { at: ch.updatedAt.getTime(), client });
    return client;
  }

  const sender: ChannelSender = async ({ channel, conversation, message, files: store }) => {
    const client = clientOf(channel);
    try {
      if (message.text.trim()) await client.sendText(conversation.address, message.text);
      for (const a of message.attachments) {
        if (!a.image) {
          // The customer service API sends images, not arbitrary files: say what was not sent.
          await client.sendText(conversation.address, `[${a.name}]`);
          continue;
        }
        const f = await store.open(conversation.id, a.id);
        const mediaId = await client.uploadImage(f.bytes, f.name, f.contentType);
        await client.sendImage(conversation.address, mediaId);
      }
      return {};
    } catch (err) {
      // The window closed, or WeChat refuses this message for good (blocked follower, bad content);
      // busy (-1) and frequency limits (45009, 45047) pass: retried later.
      if (
        err instanceof WechatApiError &&
        (err.code === 'window_closed' || (err.code === 'api_error' && !RETRYABLE.has(err.errcode ?? 0)))
      ) {
        throw new PermanentSendError(err.message);
      }
      throw err;
    }
  };

  async function channelOf(key: string): Promise<OpenChannel> {
    const row = await channels.byKey(key);
    if (row?.kind !== 'wechat') throw channelNotFound(key);
    if (!row.enabled) throw channelDisabled();
    return channels.opened(row);
  }

  function assertSigned(s: WechatSettings, q: z.infer<typeof SignedQuery>): void {
    if (!verifyUrlSignature(s.token, q.timestamp, q.nonce, q.signature)) throw webhookSignature('signature');
    const age = Math.abs(clock.now().getTime() / 1000 - Number(q.timestamp));
    if (!Number.isFinite(age) || age > FRESH_SECONDS) throw webhookSignature('stale timestamp');
  }

  async function onPush(ch: OpenChannel, q: z.infer<typeof SignedQuery>, body: string): Promise<void> {
    const s = ch.settings as WechatSettings;
    let xml = body;
    if (q.encrypt_type === 'aes') {
      if (!s.encodingAesKey) throw webhookSignature('encrypted push to a plain-mode account');
      try {
        xml = openEncryptedPush({
          token: s.token,
          cipher: createWechatCipher(s.encodingAesKey, s.appId),
          timestamp: q.timestamp,
          nonce: q.nonce,
          msgSignature: q.msg_signature ?? '',
          body,
        });
      } catch (err) {
        if (err instanceof WechatProtocolError) throw webhookSignature(err.code);
        throw err;
      }
    } else if (s.encodingAesKey) {
      // Safe mode configured: a plaintext push is not from WeChat.
      throw webhookSignature('plaintext push to a safe-mode account');
    }
    let m: ReturnType<typeof parseInbound>;
    try {
      m = parseInbound(xml);
    } catch (err) {
      if (err instanceof WechatProtocolError) throw webhookSignature(err.code);
      throw err;
    }
    if (!limit.take(`${ch.id}:${m.fromUserName}`, clock.now().getTime()))
      throw rateLimited('Too many messages from one follower');
    const base = { channel: ch, address: m.fromUserName, externalKey: `wechat:${m.dedupeKey}`, at: m.createTime };
    switch (m.type) {
      case 'text':
        await conversations.receive({ ...base, text: m.content });
        return;
      case 'image': {
        // The conversation exists once the message is stored: the file is fetched first, then bound.
        const media = await clientOf(ch).downloadMedia(m.mediaId);
        await conversations.receive({ ...base, text: '' }, undefined, async (tx, conversationId) => [
          await files.store(conversationId, 'customer', media.filename ?? `wechat-${m.msgId}.jpg`, media.bytes, tx),
        ]);
        return;
      }
      case 'voice':
        await conversations.receive({ ...base, text: m.recognition?.trim() || VOICE_TEXT });
        return;
      case 'subscribe':
      case 'unsubscribe':
        // Following or leaving the account is not a conversation; nothing to answer.
        log.info({ channelId: ch.id, event: m.type }, 'wechat: follow event');
        return;
      default:
        // Events (menu clicks, location reports, template and mass-send receipts …) are not a customer
        // writing: acknowledged, not stored. Other message types (video, location, link) are kept.
        if (m.event || m.msgType === 'event') {
          log.debug({ channelId: ch.id, event: m.event }, 'wechat: event not stored');
          return;
        }
        await conversations.receive({ ...base, text: otherText(m) });
    }
  }

  function routes(app: FastifyInstance): void {
    void app.register(async (scope) => {
      scope.addContentTypeParser(
        ['text/xml', 'application/xml', 'text/plain'],
        { parseAs: 'string', bodyLimit: 64 * 1024 },
        (_r, body, done) => done(null, body),
      );
      const url = '/api/v1/channels/wechat/:key';
      const summary =
        'The WeChat official account server URL (signature = SHA-1 of the sorted token, timestamp, nonce)';
      scope.route({
        method: 'GET',
        url,
        config: { permission: 'public' },
        schema: {
          tags: ['channels'],
          summary: `${summary}: the echostr handshake`,
          params: KeyParams,
          querystring: SignedQuery,
        },
        handler: async (req, reply: FastifyReply) => {
          const ch = await channelOf((req.params as { key: string }).key);
          const q = req.query as z.infer<typeof SignedQuery>;
          assertSigned(ch.settings as WechatSettings, q);
          return reply.type('text/plain').send(q.echostr ?? '');
        },
      });
      scope.route({
        method: 'POST',
        url,
        config: { permission: 'public' },
        schema: {
          tags: ['channels'],
          summary: `${summary}: pushed messages`,
          params: KeyParams,
          querystring: SignedQuery,
        },
        handler: async (req, reply: FastifyReply) => {
          const ch = await channelOf((req.params as { key: string }).key);
          const q = req.query as z.infer<typeof SignedQuery>;
          assertSigned(ch.settings as WechatSettings, q);
          const key = pushKey(ch.id, q);
          if (taken.has(key)) throw webhookSignature('replayed');
          await onPush(ch, q, typeof req.body === 'string' ? req.body : '');
          remember(key);
          // Stored: WeChat's "success" (an empty passive reply); replies go through the customer service API.
          return reply.type('text/plain').send('success');
        },
      });
    });
  }

  return { sender, routes };
}
