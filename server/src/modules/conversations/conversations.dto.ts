import type {
  Conversation,
  ConversationChannel,
  ConversationMessage,
  ConversationStatus,
  DeliveryState,
  MessageKind,
  VisitorMessage,
} from '../../../../contracts/conversations';
import { maskPii } from '../../../../contracts/pii';
import type { ChannelRow, ConversationRow, MessageRow } from './conversations.repo';
import { maskText } from './domain/mask-text';

/** How long WeChat lets a business answer after the customer's last message (customer service messages). */
export const WECHAT_REPLY_WINDOW_MS = 48 * 3_600_000;

/** Who reads: in clear when they hold `pii.view` or serve the conversation themselves. */
export type Reader = { userId: string; permissions: ReadonlySet<string> };
export const readsInClear = (r: Reader, c: Pick<ConversationRow, 'agentId'>): boolean =>
  r.permissions.has('pii.view') || (!!r.userId && c.agentId === r.userId);

export function replyWindowClosesAt(c: Pick<ConversationRow, 'kind' | 'lastInboundAt'>): Date | null {
  if (c.kind !== 'wechat' || !c.lastInboundAt) return null;
  return new Date(c.lastInboundAt.getTime() + WECHAT_REPLY_WINDOW_MS);
}

export function conversationOut(
  c: ConversationRow,
  ctx: { channel: Pick<ChannelRow, 'name'> | undefined; agentName: string | null; clear: boolean },
): Conversation {
  const clear = ctx.clear;
  const addressKind = c.kind === 'email' ? 'email' : c.kind === 'sms' ? 'phone' : null;
  return {
    id: c.id,
    channel: c.kind as ConversationChannel,
    channelId: c.channelId,
    channelName: ctx.channel?.name ?? '',
    status: c.status as ConversationStatus,
    address: clear || !addressKind ? c.address : maskPii(addressKind, c.address),
    customerName: c.customerName,
    customerPhone: clear ? c.customerPhone : maskPii('phone', c.customerPhone),
    customerEmail: clear ? c.customerEmail : maskPii('email', c.customerEmail),
    customerId: c.customerId,
    subject: clear || c.subject === null ? c.subject : maskText(c.subject),
    questionType: c.questionType,
    page: clear || c.page === null ? c.page : maskText(c.page),
    contactId: c.contactId,
    agentId: c.agentId,
    agentName: ctx.agentName,
    ticketId: c.ticketId,
    unread: c.unread,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    lastInboundAt: c.lastInboundAt?.toISOString() ?? null,
    replyWindowClosesAt: replyWindowClosesAt(c)?.toISOString() ?? null,
    csat: c.csat,
    createdAt: c.createdAt.toISOString(),
    endedAt: c.endedAt?.toISOString() ?? null,
    lastMessage: c.lastMessage === null ? null : clear ? c.lastMessage : maskText(c.lastMessage),
  };
}

export function messageOut(m: MessageRow, clear: boolean): ConversationMessage {
  const t = (s: string | null) => (s === null || clear ? s : maskText(s));
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    kind: m.kind as MessageKind,
    text: t(m.text) ?? '',
    // Sanitised HTML is shown only in clear: masking inside markup would be guesswork.
    html: clear ? m.html : null,
    quoted: t(m.quoted),
    subject: t(m.subject),
    attachments: clear ? m.attachments : m.attachments.map((a) => ({ ...a, name: maskText(a.name) })),
    authorId: m.authorId,
    authorName: m.authorName,
    state: m.state as DeliveryState,
    // A mail server's refusal names the address.
    error: t(m.error),
    clientId: m.clientId,
    createdAt: m.createdAt.toISOString(),
  };
}

/** The kinds a customer ever sees: never notes or whispers. */
export const VISITOR_KINDS: readonly MessageKind[] = ['in', 'out', 'system'];

export function visitorMessageOut(
  m: Pick<
    MessageRow,
    'id' | 'seq' | 'kind' | 'text' | 'attachments' | 'authorName' | 'clientId' | 'state' | 'createdAt'
  >,
): VisitorMessage {
  return {
    id: m.id,
    seq: m.seq,
    from: m.kind === 'in' ? 'visitor' : m.kind === 'out' ? 'agent' : 'system',
    text: m.text,
    attachments: m.attachments,
    // Agents appear to customers by display name only.
    authorName: m.kind === 'out' ? m.authorName : null,
    clientId: m.kind === 'in' ? m.clientId : null,
    state: m.state as DeliveryState,
    createdAt: m.createdAt.toISOString(),
  };
}

/** A short line for lists (the last message): first line, at most 120 characters. */
export function preview(text: string, attachments: number): string {
  const line = text.trim().split('\n')[0] ?? '';
  if (line) return line.length > 120 ? `${line.slice(0, 119)}…` : line;
  return attachments > 0 ? '[attachment]' : '';
}
