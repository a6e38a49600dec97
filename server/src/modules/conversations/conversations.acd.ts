import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { ContactChanged } from '../routing';
import type { TranscriptReady } from './conversations.events';
import type { ChannelRow, ConversationsRepo } from './conversations.repo';
import type { ConversationAcd, ConversationsService } from './conversations.service';

const FOLLOWED = [
  'routing.contact.queued',
  'routing.contact.connected',
  'routing.contact.wrap_up',
  'routing.contact.completed',
  'routing.contact.abandoned',
  'routing.contact.timed_out',
  'routing.contact.transferred',
] as const;

/** The contact events after which its part of the conversation is final (its transcript). */
const HANDLED_END = new Set(['routing.contact.wrap_up', 'routing.contact.completed', 'routing.contact.transferred']);

/** How long a waiting conversation may go without its contact before the sweep routes it again. */
const UNROUTED_GRACE_MS = 15_000;
const SWEEP_EVERY_MS = 30_000;

/**
 * Keeps each conversation in step with its ACD contact, from routing's events (through the outbox:
 * at least once, after a restart too): a transfer's or overflow's new contact takes over the
 * conversation; an agent connected makes it active and theirs; the contact's end (the agent
 * completed it, the customer left the queue, the queue timed it out) ends the conversation.
 * A sweep routes conversations whose contact was never created (a crash between storing the
 * customer's message and reaching the ACD).
 */
export function createAcdFollower(deps: {
  db: Database;
  repo: ConversationsRepo;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  acd: ConversationAcd;
  conversations: ConversationsService;
  channels: { row(id: string): Promise<ChannelRow | undefined> };
}) {
  const { db, repo, bus, clock, log, conversations } = deps;
  const unsubs: Array<() => void> = [];
  let timer: NodeJS.Timeout | undefined;

  /**
   * The messages written while the contact was connected, as its transcript (once per contact and
   * event: quality keeps the last). The contact's own record names its conversation.
   */
  async function publishTranscript(contactId: string): Promise<void> {
    const c = await deps.acd.storedState(contactId);
    const conversationId = c?.attributes.conversationId;
    if (!c?.connectedAt || typeof conversationId !== 'string') return;
    const conv = await repo.find(db, conversationId);
    if (!conv) return;
    const from = new Date(c.connectedAt).getTime();
    const to = c.endedAt ? new Date(c.endedAt).getTime() : clock.now().getTime();
    const rows = await repo.messages(db, conv.id, { after: 0, limit: 5_000, kinds: ['in', 'out'] });
    const lines = rows
      // A customer's message that started (or reopened) the contact came before the connection: kept.
      .filter((m) => m.createdAt.getTime() <= to && (m.createdAt.getTime() >= from || m.kind === 'in'))
      .filter((m) => m.createdAt.getTime() >= from - 3_600_000)
      .filter((m) => m.text.trim())
      .map((m) => ({
        speaker: m.kind === 'in' ? ('customer' as const) : ('agent' as const),
        text: m.text,
        startMs: Math.max(0, m.createdAt.getTime() - from),
      }));
    if (lines.length === 0) return;
    await bus.transaction((tx) =>
      bus.stage(tx, 'conversations.transcript.ready', {
        contactId,
        conversationId: conv.id,
        channel: conv.kind as TranscriptReady['channel'],
        agentId: c.agentId,
        lines,
      }),
    );
  }

  async function onContact(name: (typeof FOLLOWED)[number], e: ContactChanged): Promise<void> {
    if (e.channel === 'voice' || e.channel === 'callback') return;
    if (HANDLED_END.has(name) && e.from === 'connected') await publishTranscript(e.contactId);
    if (name === 'routing.contact.transferred') return;
    if (name === 'routing.contact.queued') {
      if (!e.parentId) return;
      // A transfer or an overflow: the new contact continues the conversation.
      const c = await repo.byContact(db, e.parentId);
      if (!c || c.status === 'ended') return;
      await bus.transaction(async (tx) => {
        const locked = await repo.lock(tx, c.id);
        if (!locked || locked.contactId !== e.parentId) return;
        const updated = await repo.update(tx, c.id, {
          contactId: e.contactId,
          status: 'waiting',
          agentId: null,
          updatedAt: clock.now(),
        });
        await bus.stageAll(tx, [conversations.updatedEvent(updated!, locked.agentId)]);
      });
      return;
    }
    const c = await repo.byContact(db, e.contactId);
    if (!c) return;
    if (name === 'routing.contact.connected') {
      // Accepted as the customer left: nobody is there any more, the agent goes on to wrap-up.
      if (c.status === 'ended') {
        if (c.contactId === e.contactId) await conversations.settleContact(e.contactId);
        return;
      }
      await bus.transaction(async (tx) => {
        const locked = await repo.lock(tx, c.id);
        if (!locked || locked.contactId !== e.contactId || locked.status === 'ended') return;
        if (locked.status === 'active' && locked.agentId === e.agentId) return;
        const updated = await repo.update(tx, c.id, { status: 'active', agentId: e.agentId, updatedAt: clock.now() });
        await bus.stageAll(tx, [conversations.updatedEvent(updated!, locked.agentId)]);
      });
      return;
    }
    // wrap_up, completed, abandoned, timed_out: the contact is over, so is the conversation — unless
    // a newer contact serves it (a transfer already moved on).
    if (c.contactId !== e.contactId || c.status === 'ended') return;
    await conversations.markEnded(
      c.id,
      name === 'routing.contact.wrap_up' || name === 'routing.contact.completed' ? 'agent' : 'system',
    );
  }

  /**
   * `graceMs`: a conversation updated this recently may still be on its way to the ACD; at start-up
   * nothing is in flight in this process, so the first round repairs everything.
   */
  async function repairMissingContacts(graceMs = UNROUTED_GRACE_MS): Promise<void> {
    for (const c of await repo.waitingOldest(db, 500)) {
      if (!c.contactId || deps.acd.liveContact(c.contactId)) continue;
      if (c.updatedAt.getTime() > clock.now().getTime() - graceMs) continue;
      const stored = await deps.acd.storedState(c.contactId);
      if (stored) {
        // The contact ended while nobody listened (its event was delivered before this module ran).
        if (stored.state !== 'queued' && stored.state !== 'offered' && stored.state !== 'connected') {
          await conversations.markEnded(c.id, 'system');
        }
        continue;
      }
      const channel = await deps.channels.row(c.channelId);
      if (!channel) continue;
      try {
        await conversations.route(c, channel);
      } catch (err) {
        log.warn({ err, conversationId: c.id }, 'conversations: creating a missing contact failed');
      }
    }
  }

  return {
    start(): void {
      for (const name of FOLLOWED) {
        unsubs.push(bus.subscribe(name, (env) => onContact(name, env.payload as ContactChanged)));
      }
      const round = (graceMs?: number) =>
        void repairMissingContacts(graceMs).catch((err) => log.warn({ err }, 'conversations: sweep failed'));
      round(0);
      timer = setInterval(() => round(), SWEEP_EVERY_MS);
      timer.unref();
    },
    stop(): void {
      for (const u of unsubs.splice(0)) u();
      if (timer) clearInterval(timer);
    },
    /** Tests: one sweep now. */
    sweep: () => repairMissingContacts(),
  };
}
