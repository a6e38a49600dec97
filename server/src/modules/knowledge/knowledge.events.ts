import type { ArticleStatus } from '../../../../contracts/knowledge';

/** An article's state changed: a version written, handed to review, published, sent back or archived. */
export type ArticleChanged = {
  articleId: string;
  title: string;
  status: ArticleStatus;
  version: number;
  publishedVersion: number | null;
  /** The author of the version (told when it is published or sent back). */
  authorId: string | null;
};

/** A notice reached its readers (named at publication). */
export type AnnouncementPublished = { announcementId: string; title: string; readerIds: string[] };

declare module '../../platform/bus' {
  interface EventMap {
    'knowledge.article.changed': ArticleChanged;
    'knowledge.article.submitted': ArticleChanged;
    'knowledge.article.published': ArticleChanged;
    'knowledge.article.rejected': ArticleChanged;
    'knowledge.announcement.published': AnnouncementPublished;
  }
}
