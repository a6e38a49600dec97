import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SmsSettings } from '../../../../contracts/conversations';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { httpClientError, rateLimited, validationFailed } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { createHttpSmsProvider, parseSmsHttpConfig } from './channels/sms-http';
import { createLogSmsProvider } from './channels/sms-log';
import { type InboundSms, type SmsProvider, SmsSendError } from './channels/sms-provider';
import type { ChannelsService, OpenChannel } from './channels.service';
import { channelDisabled, channelNotFound, webhookSignature } from './conversations.errors';
import type { ConversationsRepo } from './conversations.repo';
import { type ChannelSender, PermanentSendError } from './conversations.sender';
import type { ConversationsService } from './conversations.service';
import { createSenderLimit } from './domain/sender-limit';
import { SMS_GAP_MARKER } from './domain/sms-segments';

/** How long the parts of a concatenated SMS are awaited before what arrived is passed on with gaps marked. */
const PARTS_WAIT_MS = 60_000;
const KeyParams = z.object({ key: z.string().trim().min(8).max(40) });

/** The HTTP provider's configuration with the channel's webhook secret (one secret, kept at the top). */
function httpConfig(s: SmsSettings, prefix: string) {
  return parseSmsHttpConfig(
    { ...(s.http ?? {}), ...(s.webhookSecret ? { webhookSecret: s.webhookSecret } : {}) },
    prefix,
  );
}

/** Refuses an SMS channel whose HTTP provider settings are incomplete (400 with the fields named). */
export function assertSmsSettings(s: SmsSettings): void {
  if (s.provider !== 'http') return;
  const r = httpConfig(s, 'settings.http');
  if (!r.ok) throw validationFailed(r.fields);
}

/**
 * SMS (docs/channels.md): the provider port with the generic HTTP adapter or the logging one;
 * inbound messages and delivery reports by a signed webhook; parts of a long message joined
 * (kept in the database until complete, so a restart loses none).
 */
export function createSmsChannel(deps: {
  db: Database;
  repo: ConversationsRepo;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  channels: ChannelsService;
  conversations: ConversationsService;
}) {
  const { db, repo, bus, clock, log, channels, conversations } = deps;
  const providers = new Map<string, { at: number; provider: SmsProvider }>();
  const limit = createSenderLimit({ burst: 20, perMinute: 30 });
  let timer: NodeJS.Timeout | undefined;

  function providerOf(ch: OpenChannel): SmsProvider {
    const hit = providers.get(ch.id);
    if (hit && hit.at === ch.updatedAt.getTime()) return hit.provider;
    const s = ch.settings as SmsSettings;
    let provider: SmsProvider;
    if (s.provider === 'http') {
      const r = httpConfig(s, 'settings.http');
      if (!r.ok)
        throw new PermanentSendError(
          `the SMS provider settings are incomplete: ${r.fields.map((f) => f.path).join(', ')}`,
        );
      provider = createHttpSmsProvider(r.config, { clock });
    } else {
      provider = createLogSmsProvider({ log });
    }
    providers.set(ch.id, { at: ch.updatedAt.getTime(), provider });
    return provider;
  }

  const sender: ChannelSender = async ({ channel, conversation, message }) => {
    try {
      const r = await providerOf(channel).send({
        to: conversation.address,
        from: (channel.settings as SmsSettings).number,
        text: message.text,
        clientRef: message.id,
      });
      return { externalId: r.providerId };
    } catch (err) {
      if (err instanceof SmsSendError && !err.retryable) throw new PermanentSendError(err.message);
      throw err;
    }
  };

  async function deliver(ch: OpenChannel, m: InboundSms): Promise<void> {
    // A concatenation header past what SMS can carry (255 parts) is not one: the text on its own.
    if (!m.part || m.part.total <= 1 || m.part.total > 255 || m.part.seq < 1 || m.part.seq > m.part.total) {
      await conversations.receive({
        channel: ch,
        address: m.from,
        externalKey: `sms:${m.providerId}`,
        text: m.text,
        at: m.at,
      });
      return;
    }
    // A part delivered again (after its message was joined, or twice meanwhile): taken once.
    if (!(await repo.claimInbound(db, ch.id, `smspart:${m.providerId}`, clock.now()))) return;
    await repo.addSmsPart(db, {
      channelId: ch.id,
      sender: m.from,
      ref: m.part.ref,
      seq: m.part.seq,
      total: m.part.total,
      text: m.text,
      providerId: m.providerId,
      receivedAt: clock.now(),
    });
    await join(ch, m.from, m.part.ref, false);
  }

  /** Joins the parts when all are there (or, `force`, what arrived with the gaps marked). */
  async function join(ch: OpenChannel, sender: string, ref: string, force: boolean): Promise<void> {
    const parts = await repo.smsParts(db, ch.id, sender, ref);
    const total = parts[0]?.total ?? 0;
    if (parts.length === 0 || (!force && parts.length < total)) return;
    const bySeq = new Map(parts.map((p) => [p.seq, p.text]));
    const text = Array.from({ length: total }, (_, i) => bySeq.get(i + 1) ?? SMS_GAP_MARKER).join('');
    await conversations.receive({
      channel: ch,
      address: sender,
      externalKey: `sms:${sender}:${ref}:${parts[0]!.providerId}`,
      text,
      at: parts[0]!.receivedAt,
    });
    await repo.dropSmsParts(db, ch.id, sender, ref);
  }

  /** Joins what waited too long (as of `now`, tests pass a later time). */
  async function expireParts(now = clock.now()): Promise<void> {
    for (const g of await repo.staleSmsGroups(db, new Date(now.getTime() - PARTS_WAIT_MS))) {
      const row = await channels.row(g.channelId);
      if (!row) {
        await repo.dropSmsParts(db, g.channelId, g.sender, g.ref);
        continue;
      }
      await join(channels.opened(row), g.sender, g.ref, true);
    }
  }

  async function report(ch: OpenChannel, providerId: string, status: 'sent' | 'delivered' | 'failed', error?: string) {
    const m = await repo.outboundByExternalId(db, ch.id, providerId);
    if (!m) return;
    const order = ['queued', 'sent', 'delivered', 'read'];
    // Reports arrive out of order: a state never goes back (delivered stays delivered after a late "sent").
    if (status !== 'failed' && order.indexOf(status) <= order.indexOf(m.state)) return;
    await bus.transaction(async (tx) => {
      const [updated] = await repo.setMessageState(tx, [m.id], { state: status, error: error ?? null });
      const c = await repo.find(tx, m.conversationId);
      if (!updated || !c) return;
      await bus.stage(tx, 'conversations.message.state_changed', {
        conversationId: c.id,
        agentId: c.agentId,
        messageIds: [m.id],
        state: status,
        error: error ?? null,
      });
    });
  }

  function routes(app: FastifyInstance): void {
    // The signature covers the body's exact bytes: it is read raw, whatever its type.
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_req, body, done) =>
        done(null, body),
      );
      scope.route({
        method: 'POST',
        url: '/api/v1/channels/sms/:key/webhook',
        config: { permission: 'public' },
        schema: {
          tags: ['channels'],
          summary:
            'Inbound SMS and delivery reports from the provider, signed with the channel’s webhook secret (X-Kefu-Timestamp, X-Kefu-Signature: sha256=HMAC(secret, timestamp + "." + body))',
          params: KeyParams,
        },
        handler: async (req, reply) => {
          const { key } = req.params as { key: string };
          const row = await channels.byKey(key);
          if (row?.kind !== 'sms') throw channelNotFound(key);
          if (!row.enabled) throw channelDisabled();
          const ch = channels.opened(row);
          const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const parsed = providerOf(ch).parseWebhook({ headers: req.headers, rawBody });
          if (!parsed.ok) {
            if (parsed.reason === 'signature') throw webhookSignature(parsed.signature);
            if (parsed.reason === 'unsupported') throw channelNotFound(key);
            throw httpClientError('HTTP.BAD_REQUEST', parsed.message);
          }
          // One number flooding the channel is answered 429 (the provider delivers again later): slowed, not lost.
          const now = clock.now().getTime();
          if (parsed.messages.some((m) => !limit.take(`${ch.id}:${m.from}`, now)))
            throw rateLimited('Too many messages from one number');
          // Stored before the answer: a failure answers 5xx and the provider delivers again (ids de-duplicate).
          for (const m of parsed.messages) await deliver(ch, m);
          for (const r of parsed.reports) await report(ch, r.providerId, r.status, r.error);
          if (parsed.skipped.length)
            log.warn({ channelId: ch.id, skipped: parsed.skipped }, 'sms webhook: entries skipped');
          return reply.send({
            received: parsed.messages.length,
            reports: parsed.reports.length,
            skipped: parsed.skipped.length,
          });
        },
      });
    });
  }

  return {
    sender,
    routes,
    start(): void {
      timer = setInterval(
        () => void expireParts().catch((err) => log.warn({ err }, 'sms: joining parts failed')),
        15_000,
      );
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
    },
    /** Tests: join what waited too long now. */
    expireParts: (now?: Date) => expireParts(now),
  };
}
