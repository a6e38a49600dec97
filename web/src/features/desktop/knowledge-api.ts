import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Article, SearchResult, Suggestions } from '../../../../contracts/knowledge';
import { contractApi } from '../../app/api-client';

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
    staleTime: 30_000,
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
