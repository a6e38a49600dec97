import { z } from 'zod';
import { pageOf } from './common';

/**
 * Knowledge base (知识库, issue 18): articles kept current — versions, a review before publication,
 * effective and expiry dates — found by words in Chinese and English and suggested on the desktop.
 */

/** 文章 (products, policies), 常见问题, 话术 (scripts), 故障树 (a decision flow clicked through on a call). */
export const ARTICLE_KINDS = ['article', 'faq', 'script', 'tree'] as const;
export const ArticleKind = z.enum(ARTICLE_KINDS);
export type ArticleKind = z.infer<typeof ArticleKind>;

/**
 * A version's life: written (draft), handed to a reviewer (review), sent back with a comment
 * (rejected, editable again), live (published), replaced by a later publication (superseded).
 */
export const REVISION_STATES = ['draft', 'review', 'rejected', 'published', 'superseded'] as const;
export const RevisionState = z.enum(REVISION_STATES);
export type RevisionState = z.infer<typeof RevisionState>;

/** An article as a list shows it: never published, waiting for review, live, or withdrawn. */
export const ARTICLE_STATUSES = ['draft', 'review', 'published', 'archived'] as const;
export const ArticleStatus = z.enum(ARTICLE_STATUSES);
export type ArticleStatus = z.infer<typeof ArticleStatus>;

/**
 * Whether the published text may be quoted now: current; scheduled (effective later); expired (a
 * policy past its date is never shown as current); or nothing is published.
 */
export const VALIDITIES = ['current', 'scheduled', 'expired', 'unpublished'] as const;
export const Validity = z.enum(VALIDITIES);
export type Validity = z.infer<typeof Validity>;

export const TITLE_MAX = 200;
/** The body is HTML, sanitised on the server to a small set of tags (docs/knowledge.md). */
export const BODY_MAX = 200_000;
export const TAGS_MAX = 20;
export const TREE_NODES_MAX = 200;

const tag = z.string().trim().min(1).max(30);
const isoTime = z.iso.datetime({ offset: true });

/** One step of a troubleshooting tree: a question with answers leading on, or (no answers) an outcome. */
export const TreeNode = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\w-]+$/, 'letters, digits, - and _'),
  text: z.string().trim().min(1).max(2000),
  answers: z
    .array(z.object({ label: z.string().trim().min(1).max(100), next: z.string().trim().min(1).max(40) }))
    .max(8)
    .default([]),
});
export type TreeNode = z.infer<typeof TreeNode>;

/** Where the desktop suggests the article: contacts of these queues, or whose words include these. */
export const SuggestRule = z.object({
  queueIds: z.array(z.uuid()).max(50).default([]),
  keywords: z.array(tag).max(50).default([]),
});
export type SuggestRule = z.infer<typeof SuggestRule>;

const content = {
  title: z.string().trim().min(1).max(TITLE_MAX),
  body: z.string().max(BODY_MAX),
  kind: ArticleKind,
  categoryId: z.uuid().nullable(),
  tags: z.array(tag).max(TAGS_MAX),
  effectiveFrom: isoTime.nullable(),
  expiresAt: isoTime.nullable(),
  /** The tree of a `tree` article (its first node is where the agent starts). */
  tree: z.array(TreeNode).min(1).max(TREE_NODES_MAX).nullable(),
  suggest: SuggestRule,
};

export const CreateArticleBody = z.object({
  title: content.title,
  body: content.body.default(''),
  kind: content.kind.default('article'),
  categoryId: content.categoryId.optional(),
  tags: content.tags.optional(),
  effectiveFrom: content.effectiveFrom.optional(),
  expiresAt: content.expiresAt.optional(),
  tree: content.tree.optional(),
  suggest: content.suggest.optional(),
});
export type CreateArticleBody = z.infer<typeof CreateArticleBody>;

/**
 * Changes to the working version. `baseVersion` is the version the editor opened: a save over a
 * version someone else has saved since is refused (409) rather than lost.
 */
export const UpdateArticleBody = z.object({
  title: content.title.optional(),
  body: content.body.optional(),
  kind: content.kind.optional(),
  categoryId: content.categoryId.optional(),
  tags: content.tags.optional(),
  effectiveFrom: content.effectiveFrom.optional(),
  expiresAt: content.expiresAt.optional(),
  tree: content.tree.optional(),
  suggest: content.suggest.optional(),
  baseVersion: z.number().int().min(1).optional(),
  /**
   * The article's `updatedAt` as the editor opened it: a save after anyone else's save, submission
   * or review since (on a draft too, whose version number does not move) is refused (409).
   */
  baseUpdatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type UpdateArticleBody = z.infer<typeof UpdateArticleBody>;

export const ReviewBody = z.object({ comment: z.string().trim().max(1000).optional() });
export type ReviewBody = z.infer<typeof ReviewBody>;

const person = z.object({ id: z.uuid(), name: z.string() });

/** One version of an article's text and settings, with who wrote and who reviewed it. */
export const ArticleVersion = z.object({
  version: z.number().int(),
  state: RevisionState,
  title: z.string(),
  body: z.string(),
  kind: ArticleKind,
  categoryId: z.uuid().nullable(),
  tags: z.array(z.string()),
  effectiveFrom: z.string().nullable(),
  expiresAt: z.string().nullable(),
  tree: z.array(TreeNode).nullable(),
  suggest: SuggestRule,
  author: person.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  reviewer: person.nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
});
export type ArticleVersion = z.infer<typeof ArticleVersion>;

export const Article = z.object({
  id: z.uuid(),
  status: ArticleStatus,
  validity: Validity,
  /** What agents read (null until first published). */
  published: ArticleVersion.nullable(),
  /** The version being written or reviewed, when it is not the published one (editors only). */
  working: ArticleVersion.nullable(),
  views: z.number().int(),
  helpful: z.object({ yes: z.number().int(), no: z.number().int() }),
  /** The reader's own answer to "was this helpful". */
  myFeedback: z.boolean().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Article = z.infer<typeof Article>;

export const ArticleSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: ArticleKind,
  categoryId: z.uuid().nullable(),
  tags: z.array(z.string()),
  status: ArticleStatus,
  validity: Validity,
  effectiveFrom: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** The working version's state when one is being written or reviewed. */
  workingState: RevisionState.nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  views: z.number().int(),
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;
export const ArticlePage = pageOf(ArticleSummary);
export type ArticlePage = z.infer<typeof ArticlePage>;

export const ListArticlesQuery = z.object({
  status: ArticleStatus.optional(),
  /** Articles with a version waiting for review (a reviewer's work list). */
  needsReview: z.stringbool().optional(),
  validity: Validity.optional(),
  categoryId: z.uuid().optional(),
  kind: ArticleKind.optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListArticlesQuery = z.infer<typeof ListArticlesQuery>;

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  categoryId: z.uuid().optional(),
  kind: ArticleKind.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** [start, end) offsets in UTF-16 code units of the words found. */
export const Highlight = z.tuple([z.number().int(), z.number().int()]);
export const SearchHit = z.object({
  id: z.uuid(),
  title: z.string(),
  /** A passage of the body around the words found (plain text). */
  snippet: z.string(),
  highlights: z.array(Highlight),
  titleHighlights: z.array(Highlight),
  kind: ArticleKind,
  categoryId: z.uuid().nullable(),
  tags: z.array(z.string()),
  expiresAt: z.string().nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;
export const SearchResult = z.object({
  items: z.array(SearchHit),
  /** The words searched for after synonyms (宽带 → 宽带, 光纤, 网络). */
  words: z.array(z.string()),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SuggestionsQuery = z.object({ contactId: z.uuid() });
export const SUGGESTION_REASONS = ['queue', 'keyword', 'text'] as const;
export const Suggestion = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: ArticleKind,
  /** Why: the contact's queue, a keyword of the article in the contact's words, or a text match. */
  reason: z.enum(SUGGESTION_REASONS),
  matched: z.array(z.string()),
});
export type Suggestion = z.infer<typeof Suggestion>;
export const Suggestions = z.object({ items: z.array(Suggestion) });
export type Suggestions = z.infer<typeof Suggestions>;

export const FeedbackBody = z.object({
  helpful: z.boolean(),
  comment: z.string().trim().max(1000).optional(),
});
export type FeedbackBody = z.infer<typeof FeedbackBody>;

export const ViewQuery = z.object({
  /**
   * Where the reader came from (usage analytics). Only a reading with `from` is counted: an
   * editor's load, a refetch or an API client's read are not readings.
   */
  from: z.enum(['search', 'suggestion', 'browse', 'link']).optional(),
});

export const Category = z.object({
  id: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  sortOrder: z.number().int(),
  articles: z.number().int(),
});
export type Category = z.infer<typeof Category>;
export const CategoryBody = z.object({
  name: z.string().trim().min(1).max(60),
  parentId: z.uuid().nullable().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type CategoryBody = z.infer<typeof CategoryBody>;

/** Words that mean the same to callers (宽带 = 光纤 = 网络): a search for one finds all. */
export const SynonymGroup = z.object({ id: z.uuid(), terms: z.array(z.string()), updatedAt: z.string() });
export type SynonymGroup = z.infer<typeof SynonymGroup>;
export const SynonymBody = z.object({
  terms: z
    .array(z.string().trim().min(1).max(30))
    .min(2)
    .max(20)
    .refine((t) => new Set(t.map((x) => x.toLowerCase())).size === t.length, 'terms must differ'),
});
export type SynonymBody = z.infer<typeof SynonymBody>;

export const AnalyticsQuery = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
});
export const KnowledgeAnalytics = z.object({
  from: z.string(),
  to: z.string(),
  searches: z.number().int(),
  searchesWithoutResult: z.number().int(),
  mostViewed: z.array(z.object({ id: z.uuid(), title: z.string(), views: z.number().int() })),
  /** What agents looked for and did not find: the knowledge manager's work list. */
  noResult: z.array(z.object({ q: z.string(), count: z.number().int(), lastAt: z.string() })),
  helpfulness: z.array(z.object({ id: z.uuid(), title: z.string(), yes: z.number().int(), no: z.number().int() })),
});
export type KnowledgeAnalytics = z.infer<typeof KnowledgeAnalytics>;
