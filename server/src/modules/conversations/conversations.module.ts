import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../../platform/audit';
import { deriveDataKey } from '../../platform/data-key';
import type { KefuModule, Platform } from '../../platform/module';
import { secretBox } from '../../platform/secret-box';
import type { UsersService } from '../auth';
import type { RoutingService } from '../routing';
import type { TeamsService } from '../teams';
import { createCannedService } from './canned.service';
import { type ChannelsService, createChannelsService } from './channels.service';
import { createAcdFollower } from './conversations.acd';
import { type ConversationFileSettings, createConversationFiles } from './conversations.attachments';
import './conversations.events';
import { randomBytes } from 'node:crypto';
import { createConversationsRepo } from './conversations.repo';
import { registerConversationRoutes } from './conversations.routes';
import { type ConversationAcd, type ConversationsService, createConversationsService } from './conversations.service';
import { registerWebchatPage } from './webchat.page';
import { registerWebchatRoutes } from './webchat.routes';
import { createWebchatService, type WebchatService } from './webchat.service';
import { registerVisitorSocket } from './webchat.socket';

export type ConversationsSettings = {
  /** The installation's data key (main.ts: the recording key): seals channel secrets, signs visitor tokens. */
  dataKey?: Buffer;
  /** Files of conversations (main.ts: `<dataDir>/conversations`); absent: a folder in the system's temp dir. */
  conversationFiles?: ConversationFileSettings;
};

export type ConversationsServices = {
  conversations: ConversationsService;
  channels: ChannelsService;
  webchat: WebchatService;
  conversationsAcd: { sweep(): Promise<void> };
};

/** Digital channels (docs/channels.md): web chat, e-mail, SMS and WeChat conversations routed by the ACD. */
export function createConversationsModule(
  p: Platform<ConversationsSettings>,
  s: { users: UsersService; teams: TeamsService; routing: RoutingService },
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
        return { state: c.state, agentId: c.agentId };
      } catch {
        return undefined;
      }
    },
  };
  const displayNames = (list: string[]) => s.users.displayNames(db, list);
  const channels = createChannelsService({
    db,
    repo,
    bus,
    audit,
    clock,
    ids,
    secrets,
    queueExists: (ref) => routing.queueId(ref) !== undefined,
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
    kickSender: () => {},
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
      async queueState(ref) {
        const [stats, queue] = [await routing.stats(ref), routing.getQueue(ref)];
        return { open: stats.open, full: queue.maxLength !== null && stats.waiting >= queue.maxLength };
      },
    },
    displayNames,
  });
  const follower = createAcdFollower({ db, repo, bus, clock, log, acd, conversations, channels });
  let socket: ReturnType<typeof registerVisitorSocket> | undefined;

  return {
    name: 'conversations',
    services: { conversations, channels, webchat, conversationsAcd: { sweep: follower.sweep } },
    routes: (app) => {
      registerConversationRoutes(app, { conversations, canned, channels, files });
      registerWebchatRoutes(app, { webchat, files });
      registerWebchatPage(app, { webchat });
      socket = registerVisitorSocket(app, { webchat, bus, log, db, repo });
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
    start: () => follower.start(),
    stop: () => {
      follower.stop();
      socket?.close();
    },
  };
}
