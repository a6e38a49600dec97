import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { z } from 'zod';
import {
  CannedReply,
  ChannelConfig,
  Conversation,
  ConversationDetail,
  ConversationMessage,
  type CreateCannedReplyBody,
  type CreateChannelBody,
  type UpdateCannedReplyBody,
  type UpdateChannelBody,
} from '../../../../contracts/conversations';
import { contractApi } from '../../app/api-client';
import { useRealtime } from '../../app/realtime';

export { calendarKeys, teamKeys, useCalendars, useQueues, useTeams } from '../../app/lookups';

export const channelKeys = {
  all: ['channels'] as const,
  list: ['channels', 'list'] as const,
};

export const cannedKeys = { all: ['canned-replies'] as const };

export const conversationKeys = {
  all: ['conversations'] as const,
  live: ['conversations', 'live'] as const,
  one: (id: string) => ['conversations', 'one', id] as const,
};

const channelPath = (id: string) => `/channels/${encodeURIComponent(id)}`;

export function useChannels() {
  return useQuery({
    queryKey: channelKeys.list,
    queryFn: ({ signal }) => contractApi.get(z.array(ChannelConfig), '/channels', undefined, signal),
  });
}

export const createChannel = (body: CreateChannelBody) => contractApi.post(ChannelConfig, '/channels', body);
export const updateChannel = (id: string, body: UpdateChannelBody) =>
  contractApi.patch(ChannelConfig, channelPath(id), body);

const ConnectionCheck = z.object({ ok: z.boolean(), error: z.string().optional() });
/** `POST /channels/:id/test` (e-mail): each configured side tried with the stored settings. */
export const ChannelTestResult = z.object({ imap: ConnectionCheck.optional(), smtp: ConnectionCheck.optional() });
export type ChannelTestResult = z.infer<typeof ChannelTestResult>;
export const testChannel = (id: string) => contractApi.post(ChannelTestResult, `${channelPath(id)}/test`);

export function useInvalidateChannels(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: channelKeys.all }), [queryClient]);
}

// ---- canned replies ----

export function useCannedReplies() {
  return useQuery({
    queryKey: cannedKeys.all,
    queryFn: ({ signal }) => contractApi.get(z.array(CannedReply), '/canned-replies', undefined, signal),
  });
}

const cannedPath = (id: string) => `/canned-replies/${encodeURIComponent(id)}`;
export const createCannedReply = (body: CreateCannedReplyBody) =>
  contractApi.post(CannedReply, '/canned-replies', body);
export const updateCannedReply = (id: string, body: UpdateCannedReplyBody) =>
  contractApi.patch(CannedReply, cannedPath(id), body);
export const deleteCannedReply = (id: string) => contractApi.delete(z.unknown(), cannedPath(id));

export function useInvalidateCanned(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: cannedKeys.all }), [queryClient]);
}

// ---- live conversations (supervisors) ----

const ConversationPage = z.object({
  items: z.array(Conversation),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

/**
 * Supervisors receive `conversations.conversation.updated` (status, agent, unread) but not each
 * message, which goes to the serving agent only: a slow poll keeps the last message and the open
 * transcript current, and covers a socket that is down.
 */
const LIST_POLL_MS = 10_000;
const TRANSCRIPT_POLL_MS = 3_000;
/** At most one refetch per this many ms however many events arrive. */
const THROTTLE_MS = 500;

/** Every conversation waiting for or with an agent, waiting ones first (the longest waiting on top). */
export function useLiveConversations() {
  return useQuery({
    queryKey: conversationKeys.live,
    queryFn: async ({ signal }) => {
      const page = (status: 'waiting' | 'active') =>
        contractApi.get(ConversationPage, '/conversations', { scope: 'all', status, pageSize: 200 }, signal);
      const [waiting, active] = await Promise.all([page('waiting'), page('active')]);
      const byAge = (a: Conversation, b: Conversation) => a.createdAt.localeCompare(b.createdAt);
      return {
        items: [...waiting.items.sort(byAge), ...active.items.sort(byAge)],
        truncated: waiting.total > waiting.items.length || active.total > active.items.length,
      };
    },
    refetchInterval: LIST_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: conversationKeys.one(id ?? ''),
    queryFn: ({ signal }) =>
      contractApi.get(ConversationDetail, `/conversations/${encodeURIComponent(id ?? '')}`, { limit: 200 }, signal),
    enabled: Boolean(id),
    refetchInterval: TRANSCRIPT_POLL_MS,
  });
}

export const whisper = (id: string, text: string) =>
  contractApi.post(ConversationMessage, `/conversations/${encodeURIComponent(id)}/whisper`, { text });

/** A file of a conversation, as the browser fetches it with the session cookie. */
export const conversationFileUrl = (conversationId: string, fileId: string) =>
  `/api/v1/conversations/${encodeURIComponent(conversationId)}/files/${encodeURIComponent(fileId)}`;

/** Refetches the live list (and an open transcript) when a conversation changes, throttled. */
export function useConversationUpdates(): void {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useRealtime((message) => {
    if (message.type !== 'event' || message.name !== 'conversations.conversation.updated') return;
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
    }, THROTTLE_MS);
  });
}
