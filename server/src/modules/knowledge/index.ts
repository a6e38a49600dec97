export type { ArticleChanged } from './knowledge.events';
export { createKnowledgeModule, type KnowledgeServices } from './knowledge.module';
