import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ConfirmReply, MyAnnouncements } from '../../../../contracts/announcements';
import { Article, SearchResult, Suggestions } from '../../../../contracts/knowledge';
import { contractApi } from '../../app/api-client';
import { useRealtime } from '../../app/realtime';

/** Where a reading came from, for the knowledge base's usage figures. */
export type ReadFrom = 'search' | 'suggestion';

const keys = {
  suggestions: (contactId: string) => ['knowledge', 'suggestions', contactId] as const,
  search: (q: string) => ['knowledge', 'search', q] as const,
  article: (id: string) => ['knowledge', 'article', id] as const,
};

/** Articles for the contact ringing or in hand (its queue, IVR choices, subject). */
export function useSuggestions(contactId: string | undefined) {
  return useQuery({
    queryKey: keys.suggestions(contactId ?? ''),
    queryFn: ({ signal }) => contractApi.get(Suggestions, '/knowledge/suggestions', { contactId: contactId! }, signal),
    enabled: !!contactId,
    staleTime: 30_000,
  });
}

export function useKnowledgeSearch(q: string) {
  return useQuery({
    queryKey: keys.search(q),
    queryFn: ({ signal }) => contractApi.get(SearchResult, '/knowledge/search', { q, limit: 10 }, signal),
    enabled: q.length > 0,
    // Each search asks again: an article may have expired or been published since.
    staleTime: 0,
  });
}

/** One article as the agent reads it (the reading is counted once per opening). */
export function useArticle(id: string, from: ReadFrom) {
  return useQuery({
    queryKey: keys.article(id),
    queryFn: ({ signal }) => contractApi.get(Article, `/knowledge/articles/${id}`, { from }, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
}

export function useArticleFeedback(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (helpful: boolean) => contractApi.post(Article, `/knowledge/articles/${id}/feedback`, { helpful }),
    onSuccess: (a) => qc.setQueryData(keys.article(id), a),
  });
}

const announcementKeys = { pending: ['announcements', 'mine', 'pending'] as const };

/** The announcements waiting for the agent's confirmation; a new one arrives by the socket at once. */
export function usePendingAnnouncements() {
  const qc = useQueryClient();
  useRealtime((message) => {
    if (message.type === 'event' && message.name === 'knowledge.announcement.published') {
      void qc.invalidateQueries({ queryKey: announcementKeys.pending });
    }
  });
  return useQuery({
    queryKey: announcementKeys.pending,
    queryFn: ({ signal }) => contractApi.get(MyAnnouncements, '/announcements/mine', { pending: 'true' }, signal),
    refetchInterval: 5 * 60_000,
  });
}

export function useMarkRead() {
  return useMutation({ mutationFn: (id: string) => contractApi.post(z.unknown(), `/announcements/${id}/read`) });
}

export function useConfirmAnnouncement(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (answers: number[]) => contractApi.post(ConfirmReply, `/announcements/${id}/confirm`, { answers }),
    onSuccess: (r) => {
      if (r.confirmed) void qc.invalidateQueries({ queryKey: announcementKeys.pending });
    },
  });
}
