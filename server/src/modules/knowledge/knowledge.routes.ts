import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  AnalyticsQuery,
  Article,
  ArticlePage,
  ArticleVersion,
  Category,
  CategoryBody,
  CreateArticleBody,
  FeedbackBody,
  KnowledgeAnalytics,
  ListArticlesQuery,
  ReviewBody,
  SearchQuery,
  SearchResult,
  Suggestions,
  SuggestionsQuery,
  SynonymBody,
  SynonymGroup,
  UpdateArticleBody,
  ViewQuery,
} from '../../../../contracts/knowledge';
import { actorOf, principalOf } from '../../platform/guard';
import type { KnowledgeArticles } from './knowledge.articles';
import type { KnowledgeCatalog } from './knowledge.catalog';
import type { KnowledgeSearch } from './knowledge.search';

export function registerKnowledgeRoutes(
  app: FastifyInstance,
  deps: { articles: KnowledgeArticles; search: KnowledgeSearch; catalog: KnowledgeCatalog },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['knowledge'];
  const { articles, search, catalog } = deps;
  const view = { permission: 'knowledge.use' } as const;
  const edit = { permission: 'knowledge.edit' } as const;
  const manage = { permission: 'knowledge.manage' } as const;
  const review = ReviewBody.default({});
  const A = '/api/v1/knowledge/articles/:id';

  r.get(
    '/api/v1/knowledge/search',
    {
      config: view,
      schema: {
        tags,
        summary: 'Published articles current now, by words (Chinese two-character words, synonyms), best first',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    async (req) => search.search(req.query, actorOf(req)),
  );
  r.get(
    '/api/v1/knowledge/suggestions',
    {
      config: view,
      schema: {
        tags,
        summary: 'Articles for a contact offered to or handled by the caller (its queue, IVR choices, subject)',
        querystring: SuggestionsQuery,
        response: { 200: Suggestions },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return search.suggestions(req.query.contactId, { userId: p.userId, permissions: p.permissions });
    },
  );
  r.get(
    '/api/v1/knowledge/articles',
    {
      config: view,
      schema: {
        tags,
        summary: 'Articles, newest change first (readers: the published ones)',
        querystring: ListArticlesQuery,
        response: { 200: ArticlePage },
      },
    },
    async (req) => articles.list(req.query, actorOf(req)),
  );
  r.post(
    '/api/v1/knowledge/articles',
    {
      config: edit,
      schema: { tags, summary: 'Write a new article (a draft)', body: CreateArticleBody, response: { 201: Article } },
    },
    async (req, reply) => reply.status(201).send(await articles.create(req.body, actorOf(req))),
  );
  r.get(
    A,
    {
      config: view,
      schema: {
        tags,
        summary: 'One article: the published version, and for editors the one being written (the reading is counted)',
        params: IdParams,
        querystring: ViewQuery,
        response: { 200: Article },
      },
    },
    async (req) => articles.get(req.params.id, actorOf(req), req.query.from),
  );
  r.patch(
    A,
    {
      config: edit,
      schema: {
        tags,
        summary: 'Change the working version (a published article gets a new version; 409 when baseVersion is stale)',
        params: IdParams,
        body: UpdateArticleBody,
        response: { 200: Article },
      },
    },
    async (req) => articles.update(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    `${A}/versions`,
    {
      config: edit,
      schema: {
        tags,
        summary: 'Every version, newest first',
        params: IdParams,
        response: { 200: z.array(ArticleVersion) },
      },
    },
    async (req) => articles.versions(req.params.id),
  );
  r.post(
    `${A}/submit`,
    {
      config: edit,
      schema: { tags, summary: 'Hand the working version to a reviewer', params: IdParams, response: { 200: Article } },
    },
    async (req) => articles.submit(req.params.id, actorOf(req)),
  );
  r.post(
    `${A}/publish`,
    {
      config: { permission: ['knowledge.review', 'knowledge.manage'] },
      schema: {
        tags,
        summary: "Publish the working version (a reviewer: another author's version in review; knowledge.manage: any)",
        params: IdParams,
        body: review,
        response: { 200: Article },
      },
    },
    async (req) => articles.publish(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    `${A}/reject`,
    {
      config: { permission: 'knowledge.review' },
      schema: {
        tags,
        summary: 'Send a version in review back to its author with a comment',
        params: IdParams,
        body: review,
        response: { 200: Article },
      },
    },
    async (req) => articles.reject(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    `${A}/archive`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Withdraw an article from search and suggestions',
        params: IdParams,
        response: { 200: Article },
      },
    },
    async (req) => articles.setArchived(req.params.id, true, actorOf(req)),
  );
  r.post(
    `${A}/restore`,
    {
      config: manage,
      schema: { tags, summary: 'Bring an archived article back', params: IdParams, response: { 200: Article } },
    },
    async (req) => articles.setArchived(req.params.id, false, actorOf(req)),
  );
  r.post(
    `${A}/feedback`,
    {
      config: view,
      schema: {
        tags,
        summary: 'Was this helpful (one answer per reader, changeable)',
        params: IdParams,
        body: FeedbackBody,
        response: { 200: Article },
      },
    },
    async (req) => articles.feedback(req.params.id, req.body, actorOf(req)),
  );

  r.get(
    '/api/v1/knowledge/categories',
    {
      config: view,
      schema: { tags, summary: 'Categories with their article counts', response: { 200: z.array(Category) } },
    },
    async () => catalog.categories(),
  );
  r.post(
    '/api/v1/knowledge/categories',
    { config: manage, schema: { tags, summary: 'Add a category', body: CategoryBody, response: { 201: Category } } },
    async (req, reply) => reply.status(201).send(await catalog.createCategory(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/knowledge/categories/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Rename or move a category',
        params: IdParams,
        body: CategoryBody,
        response: { 200: Category },
      },
    },
    async (req) => catalog.updateCategory(req.params.id, req.body, actorOf(req)),
  );
  r.delete(
    '/api/v1/knowledge/categories/:id',
    { config: manage, schema: { tags, summary: 'Delete an empty category', params: IdParams } },
    async (req, reply) => {
      await catalog.deleteCategory(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/knowledge/synonyms',
    { config: edit, schema: { tags, summary: 'Synonym groups', response: { 200: z.array(SynonymGroup) } } },
    async () => catalog.synonyms(),
  );
  r.post(
    '/api/v1/knowledge/synonyms',
    {
      config: manage,
      schema: { tags, summary: 'Add a synonym group', body: SynonymBody, response: { 201: SynonymGroup } },
    },
    async (req, reply) => reply.status(201).send(await catalog.putSynonym(undefined, req.body, actorOf(req))),
  );
  r.put(
    '/api/v1/knowledge/synonyms/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a synonym group',
        params: IdParams,
        body: SynonymBody,
        response: { 200: SynonymGroup },
      },
    },
    async (req) => catalog.putSynonym(req.params.id, req.body, actorOf(req)),
  );
  r.delete(
    '/api/v1/knowledge/synonyms/:id',
    { config: manage, schema: { tags, summary: 'Delete a synonym group', params: IdParams } },
    async (req, reply) => {
      await catalog.deleteSynonym(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/knowledge/analytics',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Most viewed, searches that found nothing, least helpful (default: the last 30 days)',
        querystring: AnalyticsQuery,
        response: { 200: KnowledgeAnalytics },
      },
    },
    async (req) => search.analytics(req.query),
  );
}
