import type {
  ConversationChannel,
  ConversationDetail,
  ConversationMessage,
  DeliveryState,
  MessageAttachment,
  MessageKind,
} from '../../../../../contracts/conversations';

/**
 * The payload of `conversations.message.created` as the serving agent receives it (the server's
 * conversations.events.ts `MessageCreated`): the message without its e-mail HTML, which the pane
 * reads over HTTP when it needs it.
 */
export type MessageCreatedEvent = {
  conversationId: string;
  channel: ConversationChannel;
  agentId: string | null;
  message: {
    id: string;
    seq: number;
    kind: MessageKind;
    text: string;
    subject: string | null;
    attachments: MessageAttachment[];
    authorId: string | null;
    authorName: string | null;
    state: DeliveryState;
    clientId: string | null;
    createdAt: string;
  };
  unread: number;
};

export type MessageStateChangedEvent = {
  conversationId: string;
  agentId: string | null;
  messageIds: string[];
  state: DeliveryState;
  error: string | null;
};

export type ConversationUpdatedEvent = {
  conversationId: string;
  channel: ConversationChannel;
  status: 'waiting' | 'active' | 'ended';
  agentId: string | null;
  previousAgentId: string | null;
  contactId: string | null;
  lastSeq: number;
  unread: number;
};

export type TypingEvent = { conversationId: string; agentId: string | null; from: 'customer' | 'agent' };

export function messageOfEvent(e: MessageCreatedEvent): ConversationMessage {
  return { ...e.message, conversationId: e.conversationId, html: null, quoted: null, error: null };
}

/**
 * How far a message has come: an event and an HTTP reply may cross, and the older of the two must
 * not move a ✓✓ back to ✓. A failure outranks the queue but not a later successful send.
 */
const STATE_RANK: Record<DeliveryState, number> = { received: 0, queued: 1, failed: 2, sent: 3, delivered: 4, read: 5 };

function combine(old: ConversationMessage, next: ConversationMessage): ConversationMessage {
  const nextState = STATE_RANK[next.state] >= STATE_RANK[old.state];
  return {
    ...old,
    ...next,
    // The live event carries no HTML: keep what the HTTP reply gave.
    html: next.html ?? old.html,
    quoted: next.quoted ?? old.quoted,
    state: nextState ? next.state : old.state,
    error: nextState ? next.error : old.error,
  };
}

/**
 * One message per id and per seq, in seq order: the same message from the live event, the send's
 * reply and a resync is shown once. For a seq held by two ids (cannot happen on one server) the one
 * arriving later wins.
 */
export function mergeMessages(
  current: readonly ConversationMessage[],
  incoming: readonly ConversationMessage[],
): ConversationMessage[] {
  const byId = new Map<string, ConversationMessage>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) {
    const old = byId.get(m.id);
    byId.set(m.id, old ? combine(old, m) : m);
  }
  const bySeq = new Map<number, ConversationMessage>();
  const incomingIds = new Set(incoming.map((m) => m.id));
  for (const m of byId.values()) {
    const taken = bySeq.get(m.seq);
    if (!taken || incomingIds.has(m.id)) bySeq.set(m.seq, m);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * A fresh page of the conversation (its last messages) over what the pane already holds: older
 * pages loaded by scrolling stay, unless the fresh page does not reach back to them (a gap: what
 * lies between was never loaded, so the older ones go and "load older" fetches again).
 */
export function mergeDetail(prev: ConversationDetail | undefined, fresh: ConversationDetail): ConversationDetail {
  if (!prev || prev.id !== fresh.id) return fresh;
  const firstFresh = fresh.messages[0]?.seq;
  const lastPrev = prev.messages[prev.messages.length - 1]?.seq;
  if (firstFresh !== undefined && lastPrev !== undefined && lastPrev < firstFresh - 1) return fresh;
  const messages = mergeMessages(prev.messages, fresh.messages);
  const keptOlder = (prev.messages[0]?.seq ?? Number.POSITIVE_INFINITY) < (firstFresh ?? Number.POSITIVE_INFINITY);
  return { ...fresh, messages, more: keptOlder ? prev.more : fresh.more };
}

/** True when a live message is not the next one after what is shown: something was missed, resync. */
export function missedBefore(messages: readonly ConversationMessage[], seq: number): boolean {
  const last = messages[messages.length - 1]?.seq;
  return last !== undefined && seq > last + 1;
}

export function withState(
  messages: readonly ConversationMessage[],
  ids: readonly string[],
  state: DeliveryState,
  error: string | null,
): ConversationMessage[] {
  const set = new Set(ids);
  return messages.map((m) => (set.has(m.id) && STATE_RANK[state] >= STATE_RANK[m.state] ? { ...m, state, error } : m));
}

/** The last message the customer wrote, as far as the pane holds them: what "read up to" reports. */
export function lastInboundSeq(messages: readonly ConversationMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.kind === 'in') return messages[i]!.seq;
  return 0;
}

/** The list's one-line preview of a message, as the server writes it (first line, 120 characters). */
export function previewOf(text: string, attachments: number): string {
  const line = text.trim().split('\n')[0] ?? '';
  if (line) return line.length > 120 ? `${line.slice(0, 119)}…` : line;
  return attachments > 0 ? '[attachment]' : '';
}
