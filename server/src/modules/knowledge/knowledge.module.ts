import { jiebaWords } from '../../platform/jieba';
import type { KefuModule, Platform } from '../../platform/module';
import type { UsersService } from '../auth';
import type { RoutingService } from '../routing';
import type { TeamsService } from '../teams';
import { createAnnouncementsRepo } from './announcements.repo';
import { registerAnnouncementRoutes } from './announcements.routes';
import { createAnnouncements } from './announcements.service';
import { createKnowledgeArticles, type KnowledgeArticles } from './knowledge.articles';
import { createKnowledgeCatalog } from './knowledge.catalog';
import { seedDemoKnowledge } from './knowledge.demo';
import { createKnowledgeRepo } from './knowledge.repo';
import { registerKnowledgeRoutes } from './knowledge.routes';
import { createKnowledgeSearch, type KnowledgeSearch } from './knowledge.search';

export type KnowledgeServices = { knowledge: { articles: KnowledgeArticles; search: KnowledgeSearch } };

/**
 * Knowledge base (知识库, docs/knowledge.md): articles with review and dates, search, desktop
 * suggestions; announcements with read confirmation (公告板) and handover notes (交接班).
 */
export function createKnowledgeModule(
  p: Platform,
  s: { users: UsersService; routing: RoutingService; teams: TeamsService },
): KefuModule<KnowledgeServices> {
  const repo = createKnowledgeRepo();
  const search = createKnowledgeSearch({
    ...p,
    repo,
    segment: jiebaWords,
    contact: async (id, reader) => {
      const c = await s.routing.getContact(id, reader);
      return { queueId: c.queueId, subject: c.subject, attributes: c.attributes };
    },
  });
  const articles = createKnowledgeArticles({ ...p, repo, users: s.users, onPublishedChange: () => search.forget() });
  const catalog = createKnowledgeCatalog({ ...p, repo, onSynonymsChange: () => search.forget() });
  const announcements = createAnnouncements({ ...p, repo: createAnnouncementsRepo(), users: s.users, teams: s.teams });
  return {
    name: 'knowledge',
    services: { knowledge: { articles, search } },
    routes: async (app) => {
      registerKnowledgeRoutes(app, { articles, search, catalog });
      registerAnnouncementRoutes(app, { announcements });
    },
    audiences: {
      // Editors' lists move; authors learn their version was published or sent back.
      'knowledge.article.changed': { permissions: ['knowledge.edit'] },
      'knowledge.article.submitted': { permissions: ['knowledge.review'] },
      'knowledge.article.published': { permissions: ['knowledge.use'] },
      'knowledge.article.rejected': {
        permissions: ['knowledge.review'],
        users: (e) => (e.authorId ? [e.authorId] : []),
      },
      // The desktop's banner appears at once for the readers named.
      'knowledge.announcement.published': { users: (e) => e.readerIds },
    },
    seedDemo: (demo) =>
      seedDemoKnowledge(
        {
          articles,
          catalog,
          announcements,
          queueId: (key) => s.routing.queueId(key),
          firstTeamId: async () => (await s.teams.list()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))[0]?.id,
        },
        demo,
      ),
  };
}
