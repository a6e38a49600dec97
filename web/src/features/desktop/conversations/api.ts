import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import {
  CannedReply,
  Conversation,
  ConversationDetail,
  ConversationMessage,
  MessageAttachment,
  type SendMessageBody,
} from '../../../../../contracts/conversations';
import { Ticket } from '../../../../../contracts/tickets';
import { API_BASE, ApiError, contractApi, fetchBlob } from '../../../app/api-client';
import { mergeDetail, mergeMessages } from './messages';

export const conversationKeys = {
  all: ['conversations'] as const,
  mine: ['conversations', 'mine'] as const,
  detail: (id: string) => ['conversations', 'detail', id] as const,
  canned: ['conversations', 'canned'] as const,
  ticket: (id: string) => ['conversations', 'ticket', id] as const,
};

const enc = encodeURIComponent;
const base = (id: string) => `/conversations/${enc(id)}`;
const Page = z.object({ items: z.array(Conversation), total: z.number(), page: z.number(), pageSize: z.number() });
/** Messages per page of the pane: the last ones on opening, older ones on scrolling up. */
export const PAGE_SIZE = 50;
/** Realtime events keep the list current; this slow poll only covers a socket that is down. */
const FALLBACK_POLL_MS = 15_000;

/** The agent's open conversations (waiting and active), newest activity first as the server sorts. */
export function useMyConversations(enabled = true) {
  return useQuery({
    queryKey: conversationKeys.mine,
    queryFn: ({ signal }) => contractApi.get(Page, '/conversations', { scope: 'mine', pageSize: 200 }, signal),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
    enabled,
  });
}

/**
 * One conversation with its last page of messages. A refetch (after a reconnect, an update) merges
 * into what the pane holds, so the older pages loaded by scrolling stay.
 */
export function useConversationDetail(id: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: conversationKeys.detail(id ?? ''),
    queryFn: async ({ signal }) => {
      const fresh = await contractApi.get(ConversationDetail, base(id!), { limit: PAGE_SIZE }, signal);
      return mergeDetail(queryClient.getQueryData<ConversationDetail>(conversationKeys.detail(id!)), fresh);
    },
    enabled: !!id,
    staleTime: 30_000,
  });
}

/** Messages before the first one shown (scrolling up). */
export async function loadOlder(queryClient: QueryClient, id: string): Promise<void> {
  const key = conversationKeys.detail(id);
  const held = queryClient.getQueryData<ConversationDetail>(key);
  const first = held?.messages[0]?.seq;
  if (!held || first === undefined || !held.more) return;
  const page = await contractApi.get(ConversationDetail, base(id), { before: first, limit: PAGE_SIZE });
  queryClient.setQueryData<ConversationDetail>(key, (d) =>
    d ? { ...d, messages: mergeMessages(d.messages, page.messages), more: page.more } : d,
  );
}

/** What came after `afterSeq` (a live message skipped one, or an e-mail's HTML is wanted). */
export async function resync(queryClient: QueryClient, id: string, afterSeq: number): Promise<void> {
  const page = await contractApi.get(ConversationDetail, base(id), { after: afterSeq, limit: 500 });
  queryClient.setQueryData<ConversationDetail>(conversationKeys.detail(id), (d) => {
    if (!d) return d;
    const { messages, more: _more, ...header } = page;
    return { ...d, ...header, messages: mergeMessages(d.messages, messages) };
  });
}

export function addMessage(queryClient: QueryClient, id: string, message: ConversationMessage): void {
  queryClient.setQueryData<ConversationDetail>(conversationKeys.detail(id), (d) =>
    d ? { ...d, messages: mergeMessages(d.messages, [message]) } : d,
  );
}

export const sendMessage = (id: string, body: Partial<SendMessageBody>) =>
  contractApi.post(ConversationMessage, `${base(id)}/messages`, body);
export const markRead = (id: string, upToSeq: number) => contractApi.post(z.unknown(), `${base(id)}/read`, { upToSeq });
export const sendTyping = (id: string) => contractApi.post(z.unknown(), `${base(id)}/typing`);
export const endConversation = (id: string) => contractApi.post(z.unknown(), `${base(id)}/end`);

/** Sends the file itself as the body (the server sniffs its type); the reply names it for the message. */
export async function uploadFile(id: string, file: Blob, name: string): Promise<MessageAttachment> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${base(id)}/files?name=${enc(name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
      body: file,
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string; details?: unknown } }
    | undefined;
  if (response.ok) return MessageAttachment.parse(body);
  const e = body?.error;
  throw new ApiError(response.status, e?.code ?? 'INTERNAL', e?.message ?? response.statusText, e?.details);
}

export const filePath = (conversationId: string, fileId: string) => `${base(conversationId)}/files/${enc(fileId)}`;

/** A file of the conversation as an object URL (the request carries the session), revoked when unused. */
export function useFileUrl(conversationId: string, fileId: string): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const abort = new AbortController();
    let made: string | undefined;
    fetchBlob(filePath(conversationId, fileId), abort.signal).then(
      (blob) => {
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      () => undefined,
    );
    return () => {
      abort.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [conversationId, fileId]);
  return url;
}

export function useCannedReplies() {
  return useQuery({
    queryKey: conversationKeys.canned,
    queryFn: ({ signal }) => contractApi.get(z.array(CannedReply), '/canned-replies', undefined, signal),
    staleTime: 60_000,
  });
}

/** The work order's number for `{{ticket.number}}` and the customer panel's link. */
export function useTicket(id: string | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: conversationKeys.ticket(id ?? ''),
    queryFn: ({ signal }) => contractApi.get(Ticket, `/tickets/${enc(id!)}`, undefined, signal),
    enabled: enabled && !!id,
    staleTime: 60_000,
  });
}
