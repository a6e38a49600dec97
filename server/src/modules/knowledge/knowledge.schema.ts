import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Audience, QuizQuestion } from '../../../../contracts/announcements';
import type { SuggestRule, TreeNode } from '../../../../contracts/knowledge';

const ts = (name: string) => timestamp(name, { withTimezone: true });
/** A tsvector written as the literal platform/text-search.ts makes (`toSearchVector`); see docs/search.md. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const knowledgeCategories = pgTable('knowledge_categories', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  parentId: uuid('parent_id'),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * One row per article: its state and, copied from the published version, what search, suggestions
 * and lists read (so a search never joins the versions). The versions keep every text.
 */
export const knowledgeArticles = pgTable(
  'knowledge_articles',
  {
    id: uuid('id').primaryKey(),
    /** draft (never published) | review | published | archived */
    status: text('status').notNull(),
    /** The version agents read (null until first published) and the one being written, when newer. */
    publishedVersion: integer('published_version'),
    workingVersion: integer('working_version'),
    latestVersion: integer('latest_version').notNull(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    categoryId: uuid('category_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    effectiveFrom: ts('effective_from'),
    expiresAt: ts('expires_at'),
    /** The published body as plain text: snippets are cut from it. */
    bodyText: text('body_text').notNull().default(''),
    suggest: jsonb('suggest').$type<SuggestRule>().notNull(),
    /** Title, tags and body of the published version, as bigrams and words (derived, rebuildable). */
    search: tsvector('search').notNull().default(sql`''::tsvector`),
    publishedAt: ts('published_at'),
    views: integer('views').notNull().default(0),
    helpfulYes: integer('helpful_yes').notNull().default(0),
    helpfulNo: integer('helpful_no').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('knowledge_articles_search_idx').using('gin', t.search),
    index('knowledge_articles_status_idx').on(t.status, t.updatedAt),
    // A search for a common word walks the newest live articles instead of fetching every match
    // (knowledge.repo.ts `search`, bench/knowledge.ts).
    index('knowledge_articles_live_idx')
      .on(t.publishedAt.desc())
      .where(sql`published_version is not null and status <> 'archived'`),
  ],
);

export const knowledgeRevisions = pgTable(
  'knowledge_revisions',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => knowledgeArticles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** draft | review | rejected | published | superseded */
    state: text('state').notNull(),
    title: text('title').notNull(),
    /** Sanitised HTML. */
    body: text('body').notNull(),
    kind: text('kind').notNull(),
    categoryId: uuid('category_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    effectiveFrom: ts('effective_from'),
    expiresAt: ts('expires_at'),
    tree: jsonb('tree').$type<TreeNode[]>(),
    suggest: jsonb('suggest').$type<SuggestRule>().notNull(),
    authorId: uuid('author_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    submittedAt: ts('submitted_at'),
    reviewerId: uuid('reviewer_id'),
    reviewedAt: ts('reviewed_at'),
    reviewComment: text('review_comment'),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.version] })],
);

/** "Was this helpful": one answer per reader and article, changeable. */
export const knowledgeFeedback = pgTable(
  'knowledge_feedback',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => knowledgeArticles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    helpful: boolean('helpful').notNull(),
    comment: text('comment'),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] })],
);

/** Each reading of an article, for "most viewed" over a period and where readers came from. */
export const knowledgeViews = pgTable(
  'knowledge_views',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => knowledgeArticles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id'),
    source: text('source').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('knowledge_views_at_idx').on(t.at)],
);

/** Each search with its result count: the searches that found nothing are the work list. */
export const knowledgeSearches = pgTable(
  'knowledge_searches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The query as typed, trimmed, lower-cased (so 宽带 and 宽带 count together). */
    q: text('q').notNull(),
    results: integer('results').notNull(),
    userId: uuid('user_id'),
    at: ts('at').notNull(),
  },
  (t) => [index('knowledge_searches_at_idx').on(t.at)],
);

export const knowledgeSynonyms = pgTable('knowledge_synonyms', {
  id: uuid('id').primaryKey(),
  terms: text('terms').array().notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Announcements (公告板): the notice, its audience as asked, its quiz. */
export const knowledgeAnnouncements = pgTable('knowledge_announcements', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  audience: jsonb('audience').$type<Audience>().notNull(),
  requireConfirmation: boolean('require_confirmation').notNull(),
  quiz: jsonb('quiz').$type<QuizQuestion[]>().notNull(),
  expiresAt: ts('expires_at'),
  senderId: uuid('sender_id'),
  publishedAt: ts('published_at').notNull(),
});

/**
 * The readers an announcement was addressed to, named at publication (someone joining a team later
 * is not asked to confirm an older notice), with their team then and their reading.
 */
export const knowledgeAnnouncementReaders = pgTable(
  'knowledge_announcement_readers',
  {
    announcementId: uuid('announcement_id')
      .notNull()
      .references(() => knowledgeAnnouncements.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    teamId: uuid('team_id'),
    readAt: ts('read_at'),
    confirmedAt: ts('confirmed_at'),
    /** Quiz answers sent that were not all right. */
    failedAttempts: integer('failed_attempts').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.announcementId, t.userId] }),
    index('knowledge_announcement_readers_user_idx').on(t.userId, t.confirmedAt),
  ],
);

/** 交接班: what the outgoing shift of a team tells the next one. */
export const knowledgeHandoverNotes = pgTable(
  'knowledge_handover_notes',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull(),
    authorId: uuid('author_id'),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('knowledge_handover_notes_team_idx').on(t.teamId, t.createdAt)],
);
