import { z } from 'zod';

/**
 * Digital channels (issue 16): conversations with customers by web chat, e-mail, SMS and WeChat,
 * each routed by the ACD as a contact. The agent API (`/api/v1/conversations…`), the channel admin
 * (`/api/v1/channels…`) and the visitor API of the web chat widget (`/api/v1/chat…`).
 */

/** The medium of a conversation. */
export const CONVERSATION_CHANNELS = ['webchat', 'email', 'sms', 'wechat'] as const;
export const ConversationChannel = z.enum(CONVERSATION_CHANNELS);
export type ConversationChannel = z.infer<typeof ConversationChannel>;

/**
 * The ACD channel each medium is routed as: capacity ("three chats") counts web chat and WeChat
 * together, as an agent handles both the same way (a live thread typed by the customer).
 */
export const ACD_CHANNEL_OF: Record<ConversationChannel, 'chat' | 'email' | 'sms'> = {
  webchat: 'chat',
  wechat: 'chat',
  email: 'email',
  sms: 'sms',
};

/**
 * `waiting`: in the queue (or offered); `active`: an agent has it; `ended`: the contact ended (wrap-up
 * may still be running); a customer's new message reopens an ended conversation as a new contact.
 */
export const CONVERSATION_STATUSES = ['waiting', 'active', 'ended'] as const;
export const ConversationStatus = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** `in` from the customer, `out` to the customer, `note` internal, `whisper` supervisor → agent only, `system` events. */
export const MESSAGE_KINDS = ['in', 'out', 'note', 'whisper', 'system'] as const;
export const MessageKind = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKind>;

/** Outbound delivery: queued (stored, not yet sent), sent, delivered, read (where the channel tells), failed. */
export const DELIVERY_STATES = ['received', 'queued', 'sent', 'delivered', 'read', 'failed'] as const;
export const DeliveryState = z.enum(DELIVERY_STATES);
export type DeliveryState = z.infer<typeof DeliveryState>;

export const MessageAttachment = z.object({
  id: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Shown inline (a sniffed image). */
  image: z.boolean(),
});
export type MessageAttachment = z.infer<typeof MessageAttachment>;

export const ConversationMessage = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  /** Increases by one per message of the conversation: clients resync from the last they saw. */
  seq: z.number().int(),
  kind: MessageKind,
  text: z.string(),
  /** E-mail: the sanitised HTML body (safe to render), and what the quoted reply collapsed. */
  html: z.string().nullable(),
  quoted: z.string().nullable(),
  subject: z.string().nullable(),
  attachments: z.array(MessageAttachment),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  state: DeliveryState,
  error: z.string().nullable(),
  /** The sender's id for this message (widget message id, IMAP uid, provider id): de-duplication. */
  clientId: z.string().nullable(),
  createdAt: z.string(),
});
export type ConversationMessage = z.infer<typeof ConversationMessage>;

export const Conversation = z.object({
  id: z.uuid(),
  channel: ConversationChannel,
  channelId: z.uuid(),
  channelName: z.string(),
  status: ConversationStatus,
  /** The customer's address on the channel: e-mail address, phone number, WeChat openid, visitor id. */
  address: z.string(),
  customerName: z.string().nullable(),
  customerPhone: z.string().nullable(),
  customerEmail: z.string().nullable(),
  customerId: z.uuid().nullable(),
  subject: z.string().nullable(),
  questionType: z.string().nullable(),
  /** Web chat: the page the visitor started the chat on (the widget reports it). */
  page: z.string().nullable(),
  /** The ACD contact now serving it (the last one once ended). */
  contactId: z.uuid().nullable(),
  agentId: z.uuid().nullable(),
  agentName: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  /** Messages from the customer the agent has not read. */
  unread: z.number().int(),
  lastMessageAt: z.string().nullable(),
  lastInboundAt: z.string().nullable(),
  /** WeChat: replies are allowed until then (48 hours after the customer's last message); null elsewhere. */
  replyWindowClosesAt: z.string().nullable(),
  csat: z.number().int().nullable(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  lastMessage: z.string().nullable(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationDetail = Conversation.extend({
  messages: z.array(ConversationMessage),
  /** True when older messages exist before the first one returned. */
  more: z.boolean(),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const ConversationListQuery = z.object({
  /** `mine`: the caller's open conversations (the desktop); `all`: supervisors. */
  scope: z.enum(['mine', 'all']).default('mine'),
  status: ConversationStatus.optional(),
  channel: ConversationChannel.optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

export const MessagesQuery = z.object({
  /** Messages with seq above this (resync after a gap). */
  after: z.coerce.number().int().min(0).optional(),
  /** Messages with seq below this (older pages). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type MessagesQuery = z.infer<typeof MessagesQuery>;

const Text = z.string().max(20_000);

export const SendMessageBody = z
  .object({
    kind: z.enum(['out', 'note']).default('out'),
    text: Text.default(''),
    /** Uploaded first through `POST /api/v1/conversations/:id/attachments`. */
    attachmentIds: z.array(z.uuid()).max(10).default([]),
    /** The client's id for this message: sending it again returns the stored message (no duplicate). */
    clientId: z.string().trim().min(1).max(100).optional(),
  })
  .refine((b) => b.text.trim().length > 0 || b.attachmentIds.length > 0, {
    message: 'a message needs text or an attachment',
    path: ['text'],
  });
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const WhisperBody = z.object({ text: Text.refine((t) => t.trim().length > 0, 'required') });
export type WhisperBody = z.infer<typeof WhisperBody>;

export const ReadBody = z.object({ upToSeq: z.number().int().min(0) });
export type ReadBody = z.infer<typeof ReadBody>;

// ---- canned replies (快捷回复) -------------------------------------------------------------------

export const CANNED_SCOPES = ['global', 'team', 'personal'] as const;
export const CannedScope = z.enum(CANNED_SCOPES);
export type CannedScope = z.infer<typeof CannedScope>;

/** Placeholders a canned reply may use; filled from the conversation when inserted. */
export const CANNED_VARIABLES = ['customer.name', 'agent.name', 'ticket.number', 'conversation.id'] as const;

export const CannedReply = z.object({
  id: z.uuid(),
  scope: CannedScope,
  teamId: z.uuid().nullable(),
  ownerId: z.uuid().nullable(),
  /** Typed after `/` in the composer. */
  shortcut: z.string(),
  title: z.string(),
  text: z.string(),
  updatedAt: z.string(),
});
export type CannedReply = z.infer<typeof CannedReply>;

const Shortcut = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ or -');

export const CreateCannedReplyBody = z.object({
  scope: CannedScope.default('personal'),
  teamId: z.uuid().nullable().optional(),
  shortcut: Shortcut,
  title: z.string().trim().min(1).max(100),
  text: z.string().trim().min(1).max(5_000),
});
export type CreateCannedReplyBody = z.infer<typeof CreateCannedReplyBody>;
export const UpdateCannedReplyBody = CreateCannedReplyBody.partial();
export type UpdateCannedReplyBody = z.infer<typeof UpdateCannedReplyBody>;

// ---- channels (admin) ---------------------------------------------------------------------------

const Origin = z
  .string()
  .trim()
  .max(200)
  .regex(/^https?:\/\/[^/\s]+$/, 'an origin such as https://www.example.com (scheme and host, no path)');

export const PreChatField = z.enum(['name', 'phone', 'email', 'questionType']);
export type PreChatField = z.infer<typeof PreChatField>;

export const WebchatSettings = z.object({
  kind: z.literal('webchat'),
  /** Origins whose pages may embed the widget; empty: only Kefu's own pages (the H5 page). */
  allowedOrigins: z.array(Origin).max(50).default([]),
  title: z.string().trim().min(1).max(60).default('在线客服'),
  greeting: z.string().trim().max(500).default(''),
  /** Fields asked before the chat starts; required ones must be filled. */
  preChat: z
    .array(z.object({ field: PreChatField, required: z.boolean().default(false) }))
    .max(4)
    .default([
      { field: 'name', required: false },
      { field: 'phone', required: false },
      { field: 'questionType', required: false },
    ]),
  questionTypes: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, '#rrggbb')
    .default('#1677ff'),
  /** Ask the customer for a 1–5 rating when the chat ends. */
  csat: z.boolean().default(true),
  /** Offered when the queue is closed or full: `ticket` makes a work order, `callback` a callback request. */
  leaveMessage: z.enum(['ticket', 'callback', 'off']).default('ticket'),
  /** Who owns the work orders of left messages (a team lead); null: whoever created the channel. */
  ticketOwnerId: z.uuid().nullable().default(null),
});
export type WebchatSettings = z.infer<typeof WebchatSettings>;

/** Secrets are write-only: reading a channel shows `********` for a secret that is set. */
export const SECRET_MASK = '********';

export const MailSettings = z.object({
  kind: z.literal('email'),
  address: z.email(),
  displayName: z.string().trim().max(100).default(''),
  imap: z
    .object({
      host: z.string().trim().min(1).max(200),
      port: z.number().int().min(1).max(65_535).default(993),
      secure: z.boolean().default(true),
      user: z.string().trim().min(1).max(200),
      password: z.string().max(500),
      mailbox: z.string().trim().min(1).max(200).default('INBOX'),
    })
    .nullable()
    .default(null),
  smtp: z
    .object({
      host: z.string().trim().min(1).max(200),
      port: z.number().int().min(1).max(65_535).default(465),
      secure: z.boolean().default(true),
      user: z.string().trim().max(200).default(''),
      password: z.string().max(500).default(''),
    })
    .nullable()
    .default(null),
  signature: z.string().max(5_000).default(''),
  /** Answered once per new conversation with its ticket number; empty: no auto-reply. */
  autoReply: z.string().max(5_000).default(''),
});
export type MailSettings = z.infer<typeof MailSettings>;

export const SmsSettings = z.object({
  kind: z.literal('sms'),
  /** The number customers text. */
  number: z.string().trim().min(1).max(32),
  /** `log`: messages are written to the server log (no provider yet); `http`: the generic HTTP provider. */
  provider: z.enum(['log', 'http']).default('log'),
  /** The HTTP provider's settings (validated by the provider when `provider` is `http`). */
  http: z.record(z.string(), z.unknown()).nullable().default(null),
  webhookSecret: z.string().max(200).default(''),
});
export type SmsSettings = z.infer<typeof SmsSettings>;

export const WechatSettings = z.object({
  kind: z.literal('wechat'),
  /** The official account's original id (gh_…), its AppID and AppSecret. */
  originalId: z.string().trim().max(64).default(''),
  appId: z.string().trim().min(1).max(64),
  appSecret: z.string().max(200),
  /** The token WeChat signs with (`********`: the stored one, as read back). */
  token: z.string().regex(/^([A-Za-z0-9]{3,32}|\*{8})$/, '3–32 letters or digits'),
  /** 43 characters; empty: plain-text mode. */
  encodingAesKey: z
    .string()
    .regex(/^([A-Za-z0-9]{43}|\*{8})?$/, '43 letters or digits, or empty')
    .default(''),
  /** The API's base URL (a proxy or the test stand-in); default the public one. */
  apiBase: z.url().default('https://api.weixin.qq.com'),
});
export type WechatSettings = z.infer<typeof WechatSettings>;

export const ChannelSettings = z.discriminatedUnion('kind', [
  WebchatSettings,
  MailSettings,
  SmsSettings,
  WechatSettings,
]);
export type ChannelSettings = z.infer<typeof ChannelSettings>;

export const ChannelConfig = z.object({
  id: z.uuid(),
  kind: ConversationChannel,
  name: z.string(),
  /** The queue (key) new conversations enter. */
  queue: z.string(),
  enabled: z.boolean(),
  /** Web chat: the widget's public key (in the snippet); WeChat/SMS: the webhook path's key. */
  publicKey: z.string(),
  settings: ChannelSettings,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelConfig = z.infer<typeof ChannelConfig>;

export const CreateChannelBody = z.object({
  name: z.string().trim().min(1).max(100),
  queue: z.string().trim().min(1).max(64),
  enabled: z.boolean().default(true),
  settings: ChannelSettings,
});
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;
export const UpdateChannelBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  queue: z.string().trim().min(1).max(64).optional(),
  enabled: z.boolean().optional(),
  settings: ChannelSettings.optional(),
});
export type UpdateChannelBody = z.infer<typeof UpdateChannelBody>;

// ---- the widget's visitor API -------------------------------------------------------------------

export const VisitorSessionBody = z.object({
  /** A token from an earlier session of this browser: the same visitor and conversation continue. */
  token: z.string().max(500).optional(),
});
export type VisitorSessionBody = z.infer<typeof VisitorSessionBody>;

/** What the loader (widget.js) shows on a company's page before the chat opens. */
export const WidgetAppearance = z.object({ title: z.string(), color: z.string() });
export type WidgetAppearance = z.infer<typeof WidgetAppearance>;

/** Where a waiting visitor stands (the ACD's figures). */
export const QueueStanding = z.object({
  position: z.number().int().nullable(),
  estimatedWaitSeconds: z.number().int().nullable(),
});
export type QueueStanding = z.infer<typeof QueueStanding>;

export const VisitorMessage = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  from: z.enum(['visitor', 'agent', 'system']),
  text: z.string(),
  attachments: z.array(MessageAttachment),
  authorName: z.string().nullable(),
  clientId: z.string().nullable(),
  state: DeliveryState,
  createdAt: z.string(),
});
export type VisitorMessage = z.infer<typeof VisitorMessage>;

export const VisitorSession = z.object({
  token: z.string(),
  visitorId: z.string(),
  widget: z.object({
    title: z.string(),
    greeting: z.string(),
    color: z.string(),
    preChat: WebchatSettings.shape.preChat,
    questionTypes: z.array(z.string()),
    csat: z.boolean(),
    leaveMessage: z.enum(['ticket', 'callback', 'off']),
  }),
  /** False outside business hours or when the queue is full: the widget offers "leave a message". */
  open: z.boolean(),
  conversation: z
    .object({
      id: z.uuid(),
      status: ConversationStatus,
      agentName: z.string().nullable(),
      standing: QueueStanding.nullable(),
      csat: z.number().int().nullable(),
    })
    .nullable(),
});
export type VisitorSession = z.infer<typeof VisitorSession>;

/** The pre-chat form's answers, sent with the first message (they start the conversation). */
export const VisitorProfile = z.object({
  name: z.string().trim().max(60).optional(),
  phone: z.string().trim().max(32).optional(),
  email: z
    .email()
    .max(200)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  questionType: z.string().trim().max(40).optional(),
  page: z.string().max(500).optional(),
});
export type VisitorProfile = z.infer<typeof VisitorProfile>;

const VisitorSendFields = {
  /** The widget's id for the message: resending it (after a network drop) never duplicates it. */
  clientId: z.string().trim().min(1).max(100),
  text: z.string().max(5_000).default(''),
  attachmentIds: z.array(z.uuid()).max(5).default([]),
  profile: VisitorProfile.optional(),
};

export const VisitorSendBody = z
  .object(VisitorSendFields)
  .refine((b) => b.text.trim().length > 0 || b.attachmentIds.length > 0, {
    message: 'a message needs text or an attachment',
    path: ['text'],
  });
export type VisitorSendBody = z.infer<typeof VisitorSendBody>;

export const CsatBody = z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(500).optional() });
export type CsatBody = z.infer<typeof CsatBody>;

export const LeaveMessageBody = z.object({
  name: z.string().trim().min(1).max(60),
  phone: z.string().trim().max(32).optional(),
  email: z.email().max(200).optional(),
  text: z.string().trim().min(1).max(5_000),
});
export type LeaveMessageBody = z.infer<typeof LeaveMessageBody>;

/** What a left message became: a work order (its number) or a callback request in the queue. */
export const LeftMessage = z.object({ kind: z.enum(['ticket', 'callback']), reference: z.string() });
export type LeftMessage = z.infer<typeof LeftMessage>;

export const TranscriptMailBody = z.object({ email: z.email().max(200) });
export type TranscriptMailBody = z.infer<typeof TranscriptMailBody>;

/**
 * The widget's WebSocket (`/api/v1/chat/socket?token=`): what the visitor sends. Every `send` is
 * answered by an `ack` with the stored message (or the one stored before under the same clientId).
 */
export const VisitorSocketIn = z.discriminatedUnion('t', [
  z.object({ t: z.literal('send'), ...VisitorSendFields }),
  z.object({ t: z.literal('typing') }),
  /** The widget received (`delivered`) or showed (`read`) the agent's messages up to this seq. */
  z.object({ t: z.literal('delivered'), upToSeq: z.number().int().min(0) }),
  z.object({ t: z.literal('read'), upToSeq: z.number().int().min(0) }),
  z.object({ t: z.literal('sync'), afterSeq: z.number().int().min(0) }),
  z.object({ t: z.literal('end') }),
]);
export type VisitorSocketIn = z.infer<typeof VisitorSocketIn>;

/** What the server pushes to the widget. */
export type VisitorSocketOut =
  | { t: 'hello'; conversationId: string | null }
  | { t: 'ack'; clientId: string; message: VisitorMessage }
  | { t: 'message'; message: VisitorMessage }
  | { t: 'typing' }
  | { t: 'state'; status: ConversationStatus; agentName: string | null; standing: QueueStanding | null }
  | { t: 'receipt'; upToSeq: number; state: 'delivered' | 'read' }
  | { t: 'error'; code: string; message: string; clientId?: string };
