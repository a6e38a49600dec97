import type {
  ConversationChannel,
  ConversationStatus,
  DeliveryState,
  MessageAttachment,
  MessageKind,
} from '../../../../contracts/conversations';
import type { EventName } from '../../platform/bus';

/**
 * A message was stored. It carries the message itself (the desktop appends it without a read):
 * only the agent serving the conversation receives it live, in clear — they are talking with the
 * customer. Supervisors watching get `conversations.conversation.updated` and read the messages
 * over HTTP, masked by their own permissions.
 */
export type MessageCreated = {
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

/** An outbound message's delivery state changed (sent, delivered, read, failed). */
export type MessageStateChanged = {
  conversationId: string;
  agentId: string | null;
  messageIds: string[];
  state: DeliveryState;
  error: string | null;
};

/** The conversation's status, agent, contact or counters changed. */
export type ConversationUpdated = {
  conversationId: string;
  channel: ConversationChannel;
  status: ConversationStatus;
  agentId: string | null;
  /** The agent who had it before (a transfer): their desktop drops it. */
  previousAgentId: string | null;
  contactId: string | null;
  lastSeq: number;
  unread: number;
};

/** The customer is typing (or the agent is: the widget shows it). Not stored, never through the outbox. */
export type TypingChanged = { conversationId: string; agentId: string | null; from: 'customer' | 'agent' };

/** A customer's satisfaction rating at the end of a chat (surveys and quality read it). */
export type CsatRecorded = {
  conversationId: string;
  contactId: string | null;
  agentId: string | null;
  customerId: string | null;
  channel: ConversationChannel;
  score: number;
  comment: string | null;
  at: string;
};

/**
 * What was written while one contact of a conversation was connected, once that contact ended
 * (wrap-up, completed, transferred): the quality module's automatic checks and evaluations read it
 * as the contact's transcript. `startMs` counts from the contact's connection.
 */
export type TranscriptReady = {
  contactId: string;
  conversationId: string;
  channel: ConversationChannel;
  agentId: string | null;
  lines: Array<{ speaker: 'customer' | 'agent'; text: string; startMs: number }>;
};

export const CONVERSATION_EVENTS = [
  'conversations.message.created',
  'conversations.message.state_changed',
  'conversations.conversation.updated',
  'conversations.csat.recorded',
  'conversations.transcript.ready',
] as const satisfies ReadonlyArray<EventName>;

declare module '../../platform/bus' {
  interface EventMap {
    'conversations.message.created': MessageCreated;
    'conversations.message.state_changed': MessageStateChanged;
    'conversations.conversation.updated': ConversationUpdated;
    'conversations.csat.recorded': CsatRecorded;
    'conversations.transcript.ready': TranscriptReady;
    /** A signal (platform/bus `signal`): never stored. */
    'conversations.typing': TypingChanged;
  }
}
