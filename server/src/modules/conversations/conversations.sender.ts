import type { ConversationChannel } from '../../../../contracts/conversations';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { ChannelsService, OpenChannel } from './channels.service';
import type { ConversationFiles } from './conversations.attachments';
import type { ConversationRow, ConversationsRepo, MessageRow } from './conversations.repo';

/** What a channel's sending returned: its id of the message (delivery reports and e-mail threads name it). */
export type Sent = { externalId?: string | undefined };

/** A failure that no retry can mend (the WeChat window closed, a 4xx): the message fails at once. */
export class PermanentSendError extends Error {}

/** Sends one stored reply through a channel; throws to retry later, `PermanentSendError` to give up. */
export type ChannelSender = (ctx: {
  channel: OpenChannel;
  conversation: ConversationRow;
  message: MessageRow;
  files: ConversationFiles;
  /** The conversation's earlier messages with an external id (e-mail threading). */
  thread(): Promise<MessageRow[]>;
}) => Promise<Sent>;

const LEASE_MS = 120_000;
const MAX_ATTEMPTS = 8;
const BATCH = 20;
const POLL_MS = 2_000;
/** 5 s, 10 s, 20 s … at most 10 minutes between attempts. */
export const retryDelayMs = (attempts: number) => Math.min(600_000, 5_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Replies by e-mail, SMS and WeChat leave through this queue: stored as `queued` with the message
 * (so a reply is never lost), then sent by whichever sender leases it (SKIP LOCKED; a lease, not a
 * lock held over the network call). A crash between a provider's acceptance and the state's update
 * sends that message again after the lease: at least once, as mail and SMS gateways are anyway.
 */
export function createSender(deps: {
  db: Database;
  repo: ConversationsRepo;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  channels: ChannelsService;
  files: ConversationFiles;
  senders: Partial<Record<ConversationChannel, ChannelSender>>;
}) {
  const { db, repo, bus, clock, log } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;

  async function lease(): Promise<MessageRow[]> {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const rows = await repo.dueOutbound(tx, now, BATCH);
      if (rows.length === 0) return [];
      return repo.setMessageState(
        tx,
        rows.map((r) => r.id),
        { nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
      );
    });
  }

  async function settle(
    m: MessageRow,
    c: ConversationRow,
    outcome: { ok: true; sent: Sent } | { ok: false; error: string; permanent: boolean },
  ) {
    await bus.transaction(async (tx) => {
      const attempts = m.attempts + 1;
      const failed = !outcome.ok && (outcome.permanent || attempts >= MAX_ATTEMPTS);
      const set = outcome.ok
        ? {
            state: 'sent',
            error: null,
            attempts,
            nextAttemptAt: null,
            externalId: outcome.sent.externalId ?? m.externalId,
          }
        : failed
          ? { state: 'failed', error: outcome.error.slice(0, 500), attempts, nextAttemptAt: null }
          : {
              error: outcome.error.slice(0, 500),
              attempts,
              nextAttemptAt: new Date(clock.now().getTime() + retryDelayMs(attempts)),
            };
      await repo.setMessageState(tx, [m.id], set);
      if (outcome.ok || failed) {
        await bus.stage(tx, 'conversations.message.state_changed', {
          conversationId: c.id,
          agentId: c.agentId,
          messageIds: [m.id],
          state: outcome.ok ? 'sent' : 'failed',
          error: outcome.ok ? null : outcome.error.slice(0, 500),
        });
      }
    });
  }

  async function sendOne(m: MessageRow): Promise<void> {
    const c = await repo.find(db, m.conversationId);
    const row = c ? await deps.channels.row(c.channelId) : undefined;
    if (!c || !row) return;
    const sender = deps.senders[c.kind as ConversationChannel];
    if (!sender) {
      await settle(m, c, { ok: false, error: `no sender for ${c.kind}`, permanent: true });
      return;
    }
    try {
      const sent = await sender({
        channel: deps.channels.opened(row),
        conversation: c,
        message: m,
        files: deps.files,
        thread: () => repo.messages(db, c.id, { before: m.seq, limit: 50 }),
      });
      await settle(m, c, { ok: true, sent });
    } catch (err) {
      const permanent = err instanceof PermanentSendError;
      if (!permanent) log.warn({ err, messageId: m.id }, 'conversations: sending a reply failed; will retry');
      await settle(m, c, { ok: false, error: err instanceof Error ? err.message : String(err), permanent });
    }
  }

  async function pump(): Promise<void> {
    do {
      again = false;
      try {
        for (;;) {
          const batch = await lease();
          if (batch.length === 0) break;
          await Promise.all(batch.map(sendOne));
          if (stopped) break;
        }
      } catch (err) {
        if (!stopped) log.warn({ err }, 'conversations: the reply queue failed; will retry');
      }
    } while (again && !stopped);
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pump().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    kick: () => void kick(),
    /** Tests: sends what is due now and waits for it. */
    drain: async () => {
      await running;
      await kick();
    },
    start(): void {
      stopped = false;
      timer = setInterval(() => void kick(), POLL_MS);
      timer.unref();
      void kick();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
export type Sender = ReturnType<typeof createSender>;
