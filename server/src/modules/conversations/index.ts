export type { ConversationUpdated, CsatRecorded, MessageCreated, TranscriptReady } from './conversations.events';
export {
  type ConversationsServices,
  type ConversationsSettings,
  createConversationsModule,
} from './conversations.module';
export type { ConversationsService, Inbound } from './conversations.service';
