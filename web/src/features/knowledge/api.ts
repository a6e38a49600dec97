import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import {
  Article,
  ArticlePage,
  ArticleVersion,
  Category,
  type CategoryBody,
  type CreateArticleBody,
  type FeedbackBody,
  KnowledgeAnalytics,
  type ReviewBody,
  SearchResult,
  type SynonymBody,
  SynonymGroup,
  type UpdateArticleBody,
} from '../../../../contracts/knowledge';
import { contractApi, type QueryParams } from '../../app/api-client';

export const knowledgeKeys = {
  all: ['knowledge'] as const,
  search: (q: QueryParams) => ['knowledge', 'search', q] as const,
  list: (q: QueryParams) => ['knowledge', 'articles', q] as const,
  article: (id: string) => ['knowledge', 'article', id] as const,
  versions: (id: string) => ['knowledge', 'article', id, 'versions'] as const,
  categories: ['knowledge', 'categories'] as const,
  synonyms: ['knowledge', 'synonyms'] as const,
  analytics: (q: QueryParams) => ['knowledge', 'analytics', q] as const,
};

const A = (id: string) => `/knowledge/articles/${encodeURIComponent(id)}`;

export function useSearch(q: QueryParams, enabled: boolean) {
  return useQuery({
    queryKey: knowledgeKeys.search(q),
    queryFn: ({ signal }) => contractApi.get(SearchResult, '/knowledge/search', q, signal),
    enabled,
  });
}

export function useArticles(q: QueryParams, enabled = true) {
  return useQuery({
    queryKey: knowledgeKeys.list(q),
    queryFn: ({ signal }) => contractApi.get(ArticlePage, '/knowledge/articles', q, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** One article; `from` says where the reader came from (counted once per opening, not per refetch). */
export function useArticle(id: string | undefined, from?: string) {
  return useQuery({
    queryKey: knowledgeKeys.article(id ?? ''),
    queryFn: ({ signal }) => contractApi.get(Article, A(id ?? ''), from ? { from } : undefined, signal),
    enabled: Boolean(id),
    refetchOnWindowFocus: false,
  });
}

export function useVersions(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: knowledgeKeys.versions(id ?? ''),
    queryFn: ({ signal }) => contractApi.get(z.array(ArticleVersion), `${A(id ?? '')}/versions`, undefined, signal),
    enabled: Boolean(id) && enabled,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: knowledgeKeys.categories,
    queryFn: ({ signal }) => contractApi.get(z.array(Category), '/knowledge/categories', undefined, signal),
    staleTime: 30_000,
  });
}

export function useSynonyms(enabled = true) {
  return useQuery({
    queryKey: knowledgeKeys.synonyms,
    queryFn: ({ signal }) => contractApi.get(z.array(SynonymGroup), '/knowledge/synonyms', undefined, signal),
    enabled,
  });
}

export function useAnalytics(q: QueryParams) {
  return useQuery({
    queryKey: knowledgeKeys.analytics(q),
    queryFn: ({ signal }) => contractApi.get(KnowledgeAnalytics, '/knowledge/analytics', q, signal),
  });
}

export const createArticle = (body: CreateArticleBody) => contractApi.post(Article, '/knowledge/articles', body);
export const updateArticle = (id: string, body: UpdateArticleBody) => contractApi.patch(Article, A(id), body);
export const submitArticle = (id: string) => contractApi.post(Article, `${A(id)}/submit`);
export const publishArticle = (id: string, body: ReviewBody = {}) =>
  contractApi.post(Article, `${A(id)}/publish`, body);
export const rejectArticle = (id: string, body: ReviewBody) => contractApi.post(Article, `${A(id)}/reject`, body);
export const archiveArticle = (id: string) => contractApi.post(Article, `${A(id)}/archive`);
export const restoreArticle = (id: string) => contractApi.post(Article, `${A(id)}/restore`);
export const sendFeedback = (id: string, body: FeedbackBody) => contractApi.post(Article, `${A(id)}/feedback`, body);

export const createCategory = (body: CategoryBody) => contractApi.post(Category, '/knowledge/categories', body);
export const updateCategory = (id: string, body: CategoryBody) =>
  contractApi.patch(Category, `/knowledge/categories/${encodeURIComponent(id)}`, body);
export const deleteCategory = (id: string) =>
  contractApi.delete(z.unknown(), `/knowledge/categories/${encodeURIComponent(id)}`);
export const createSynonym = (body: SynonymBody) => contractApi.post(SynonymGroup, '/knowledge/synonyms', body);
export const updateSynonym = (id: string, body: SynonymBody) =>
  contractApi.put(SynonymGroup, `/knowledge/synonyms/${encodeURIComponent(id)}`, body);
export const deleteSynonym = (id: string) =>
  contractApi.delete(z.unknown(), `/knowledge/synonyms/${encodeURIComponent(id)}`);

export function useInvalidateKnowledge(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all }), [queryClient]);
}
