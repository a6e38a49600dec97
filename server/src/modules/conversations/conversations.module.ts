import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../../platform/audit';
import { deriveDataKey } from '../../platform/data-key';
import type { KefuModule, Platform } from '../../platform/module';
import { secretBox } from '../../platform/secret-box';
import type { UsersService } from '../auth';
import type { CustomersService } from '../crm';
import type { Mailer } from '../notifications';
import type { RoutingService } from '../routing';
import type { TeamsService } from '../teams';
import type { TicketsService } from '../tickets';
import { createCannedService } from './canned.service';
import { type ChannelsService, createChannelsService } from './channels.service';
import { createAcdFollower } from './conversations.acd';
import { type ConversationFileSettings, createConversationFiles } from './conversations.attachments';
import { seedDemoConversations } from './conversations.demo';
import './conversations.events';
import { randomBytes } from 'node:crypto';
import { createConversationsRepo } from './conversations.repo';
import { registerConversationRoutes } from './conversations.routes';
import { createSender } from './conversations.sender';
import { type ConversationAcd, type ConversationsService, createConversationsService } from './conversations.service';
import { createMailChannel, type MailChannel, type MailReceiverSettings } from './mail.channel';
import { assertSmsSettings, createSmsChannel } from './sms.channel';
import { registerWebchatPage } from './webchat.page';
import { type ChatRateLimits, registerWebchatRoutes } from './webchat.routes';
import { createWebchatService, type WebchatService } from './webchat.service';
import { registerVisitorSocket } from './webchat.socket';
import { createWechatChannel } from './wechat.channel';

export type ConversationsSettings = {
  /** The installation's data key (main.ts: the recording key): seals channel secrets, signs visitor tokens. */
  dataKey?: Buffer;
  /** Files of conversations (main.ts: `<dataDir>/conversations`); absent: a folder in the system's temp dir. */
  conversationFiles?: ConversationFileSettings;
  /** An SMTP server for forwarded mail (KEFU_MAIL_RECEIVER_PORT); absent: mail comes by IMAP only. */
  mailReceiver?: MailReceiverSettings;
  /** The widget's per-address limits (tests raise them: every request of a test comes from one address). */
  chatRateLimits?: Partial<ChatRateLimits>;
};

export type ConversationsServices = {
  conversations: ConversationsService;
  channels: ChannelsService;
  webchat: WebchatService;
  conversationsAcd: { sweep(): Promise<void> };
  /** Tests: sends the queued replies now. */
  conversationsSender: { drain(): Promise<void> };
  conversationsMail: MailChannel;
  /** Tests: joins the SMS parts that waited too long as of `now`. */
  conversationsSms: { expireParts(now?: Date): Promise<void> };
};

/** Digital channels (docs/channels.md): web chat, e-mail, SMS and WeChat conversations routed by the ACD. */
export function createConversationsModule(
  p: Platform<ConversationsSettings>,
  s: {
    users: UsersService;
    teams: TeamsService;
    routing: RoutingService;
    tickets: TicketsService;
    mailer: Mailer;
    customers: CustomersService;
  },
): KefuModule<ConversationsServices> {
  const { db, bus, clock, ids, audit, log } = p;
  const repo = createConversationsRepo();
  // Without a configured key (tests) secrets and tokens live for this process only.
  const master = p.settings.dataKey ?? randomBytes(32);
  const secrets = secretBox(deriveDataKey(master, 'conversations/channel-secrets'));
  const visitorKey = deriveDataKey(master, 'conversations/visitor-token');
  const { routing } = s;
  // Routing reads for the module itself: every contact, numbers in clear (matched, never shown from here).
  const system = { userId: '', permissions: new Set<string>(['supervisor.monitor', 'pii.view']) };
  const CHANNELS: Actor = { userId: null, name: 'conversations', ip: null, requestId: null };
  const agentActor = (agentId: string): Actor => ({
    userId: agentId,
    name: 'conversations',
    ip: null,
    requestId: null,
  });
  const acd: ConversationAcd = {
    newContactId: () => routing.newContactId(),
    createChannelContact: (body) => routing.createChannelContact(body, null),
    liveContact: (id) => routing.liveContact(id),
    standingOf: (id) => routing.standingOf(id),
    abandon: (id) => routing.abandon(id, CHANNELS, system),
    complete: (id, agentId) => routing.complete(id, {}, agentActor(agentId), system),
    async storedState(id) {
      try {
        const c = await routing.getContact(id, system);
        return {
          state: c.state,
          agentId: c.agentId,
          connectedAt: c.connectedAt,
          endedAt: c.endedAt,
          attributes: c.attributes as Record<string, unknown>,
        };
      } catch {
        return undefined;
      }
    },
  };
  const displayNames = (list: string[]) => s.users.displayNames(db, list);
  let channelChanged: (id: string) => void = () => {};
  const channels = createChannelsService({
    onChanged: (id) => channelChanged(id),
    db,
    repo,
    bus,
    audit,
    clock,
    ids,
    secrets,
    queueExists: (ref) => routing.queueId(ref) !== undefined,
    validate: (settings) => {
      if (settings.kind === 'sms') assertSmsSettings(settings);
    },
  });
  const files = createConversationFiles({
    db,
    repo,
    clock,
    ids,
    settings: p.settings.conversationFiles ?? { dir: path.join(os.tmpdir(), `kefu-conversations-${process.pid}`) },
  });
  const conversations = createConversationsService({
    db,
    repo,
    bus,
    audit,
    clock,
    ids,
    log,
    acd,
    channels,
    displayNames,
    kickSender: () => sender.kick(),
    customers: {
      // One customer with this number or address is the conversation's; several (a shared family
      // number) is left for the agent to choose.
      async match(q) {
        const found = q.phone ? await s.customers.findByPhone(q.phone) : [];
        const byMail = !found.length && q.email ? await s.customers.findByEmail(q.email) : [];
        const all = found.length ? found : byMail;
        return all.length === 1 ? all[0]!.id : undefined;
      },
    },
  });
  const sms = createSmsChannel({ db, repo, bus, clock, log, channels, conversations });
  const wechat = createWechatChannel({ clock, log, channels, conversations, files });
  const mail = createMailChannel({
    db,
    repo,
    clock,
    log,
    channels,
    conversations,
    files,
    receiver: p.settings.mailReceiver,
  });
  channelChanged = (id) =>
    void mail
      .refresh(id)
      .catch((err) => log.warn({ err, channelId: id }, 'conversations: restarting a mailbox failed'));
  const sender = createSender({
    db,
    repo,
    bus,
    clock,
    log,
    channels,
    files,
    senders: { sms: sms.sender, wechat: wechat.sender, email: mail.sender },
  });
  const canned = createCannedService({
    db,
    repo,
    bus,
    audit,
    clock,
    ids,
    leads: async (userId, teamId) => {
      try {
        return (await s.teams.get(teamId)).leadUserId === userId;
      } catch {
        return false;
      }
    },
  });
  const webchat = createWebchatService({
    db,
    repo,
    bus,
    clock,
    key: visitorKey,
    channels,
    conversations,
    files,
    acd: {
      ...acd,
      async callback(b) {
        const c = await routing.createChannelContact(
          {
            channel: 'callback',
            queue: b.queue,
            priority: 0,
            attributes: { callbackNumber: b.phone, source: 'webchat', message: b.text.slice(0, 500) },
            customer: { phone: b.phone, ...(b.name ? { name: b.name } : {}), ...(b.email ? { email: b.email } : {}) },
            subject: b.text.slice(0, 200),
          },
          null,
        );
        return c.id;
      },
      async queueState(ref) {
        const [stats, queue] = [await routing.stats(ref), routing.getQueue(ref)];
        return { open: stats.open, full: queue.maxLength !== null && stats.waiting >= queue.maxLength };
      },
    },
    async leaveTicket(b) {
      const owner = await s.users.get(b.ownerId);
      const t = await s.tickets.create(
        {
          type: 'inquiry',
          priority: 'P3',
          subject: `网页留言 / Web message: ${b.name}`.slice(0, 200),
          description: [
            b.text,
            '',
            `${b.name}${b.phone ? ` ${b.phone}` : ''}${b.email ? ` ${b.email}` : ''}`,
            `(${b.channel})`,
          ].join('\n'),
          channel: 'web',
          ...(b.phone && /^\+?[0-9][0-9 -]{2,30}$/.test(b.phone) ? { customerPhone: b.phone } : {}),
          ownerUserId: b.ownerId,
        },
        { actor: CHANNELS, userId: b.ownerId, teamId: owner.teamId, canManage: true },
      );
      return t.number;
    },
    mail: async (m) => {
      await s.mailer.send(m);
    },
    displayNames,
  });
  const follower = createAcdFollower({ db, repo, bus, clock, log, acd, conversations, channels });
  let socket: ReturnType<typeof registerVisitorSocket> | undefined;

  return {
    name: 'conversations',
    services: {
      conversations,
      channels,
      webchat,
      conversationsAcd: { sweep: follower.sweep },
      conversationsSender: { drain: () => sender.drain() },
      conversationsMail: mail,
      conversationsSms: { expireParts: (now?: Date) => sms.expireParts(now) },
    },
    routes: (app) => {
      registerConversationRoutes(app, { conversations, canned, channels, files, mail });
      registerWebchatRoutes(app, { webchat, files, limits: p.settings.chatRateLimits });
      registerWebchatPage(app, { webchat });
      socket = registerVisitorSocket(app, { webchat, bus, log, db, repo });
      sms.routes(app);
      wechat.routes(app);
    },
    audiences: {
      'conversations.message.created': {
        users: (e) => [e.agentId],
      },
      'conversations.message.state_changed': { users: (e) => [e.agentId] },
      'conversations.conversation.updated': {
        permissions: ['supervisor.monitor'],
        users: (e) => [e.agentId, e.previousAgentId],
      },
      'conversations.typing': { users: (e) => (e.from === 'customer' ? [e.agentId] : []) },
    },
    entityNames: {},
    seedDemo: (demo) => seedDemoConversations({ db, repo, clock, ids, channels, canned }, demo),
    start: async () => {
      follower.start();
      sender.start();
      sms.start();
      await mail.start();
    },
    stop: async () => {
      follower.stop();
      sms.stop();
      await mail.stop();
      await sender.stop();
      socket?.close();
    },
  };
}
