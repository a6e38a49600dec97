import type { Category, CategoryBody, SynonymBody, SynonymGroup } from '../../../../contracts/knowledge';
import type { Actor, AuditLog } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { categoryInUse, categoryNotFound, invalidArticle, synonymNotFound } from './knowledge.errors';
import type { KnowledgeRepo, SynonymRow } from './knowledge.repo';

export type CatalogDeps = {
  db: Database;
  repo: KnowledgeRepo;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  /** Told after a synonym changed: search forgets its copy. */
  onSynonymsChange: () => void;
};

const synonymOut = (r: SynonymRow): SynonymGroup => ({
  id: r.id,
  terms: r.terms,
  updatedAt: r.updatedAt.toISOString(),
});

/** Categories (分类) and synonyms (同义词) of the knowledge base. */
export function createKnowledgeCatalog(deps: CatalogDeps) {
  const { db, repo, audit, clock, ids } = deps;

  async function assertParent(id: string | null | undefined, self?: string) {
    if (!id) return;
    if (id === self) throw invalidArticle([{ path: 'parentId', message: 'a category cannot hold itself' }]);
    // Two levels are enough to browse (产品 / 宽带); deeper trees are hard to keep.
    const parent = await repo.findCategory(db, id);
    if (!parent) throw categoryNotFound(id, 'parentId');
    if (parent.parentId) throw invalidArticle([{ path: 'parentId', message: 'categories are two levels deep' }]);
  }

  return {
    async categories(): Promise<Category[]> {
      return (await repo.listCategories(db)).map((c) => ({
        id: c.id,
        name: c.name,
        parentId: c.parentId,
        sortOrder: c.sortOrder,
        articles: c.articles,
      }));
    },

    async createCategory(body: CategoryBody, actor: Actor): Promise<Category> {
      await assertParent(body.parentId);
      const now = clock.now();
      const id = ids.next();
      await db.transaction(async (tx) => {
        await repo.insertCategory(tx, {
          id,
          name: body.name,
          parentId: body.parentId ?? null,
          sortOrder: body.sortOrder ?? 0,
          createdAt: now,
          updatedAt: now,
        });
        await audit.append(tx, actor, {
          action: 'knowledge.category.created',
          entityType: 'knowledge_category',
          entityId: id,
          details: { name: body.name },
        });
      });
      return (await this.categories()).find((c) => c.id === id)!;
    },

    async updateCategory(id: string, body: CategoryBody, actor: Actor): Promise<Category> {
      if (!(await repo.findCategory(db, id))) throw categoryNotFound(id, 'id');
      await assertParent(body.parentId, id);
      await db.transaction(async (tx) => {
        await repo.updateCategory(tx, id, {
          name: body.name,
          ...(body.parentId !== undefined ? { parentId: body.parentId } : {}),
          ...(body.sortOrder !== undefined ? { sortOrder: body.sortOrder } : {}),
          updatedAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'knowledge.category.updated',
          entityType: 'knowledge_category',
          entityId: id,
          details: body,
        });
      });
      return (await this.categories()).find((c) => c.id === id)!;
    },

    async deleteCategory(id: string, actor: Actor): Promise<void> {
      const c = await repo.findCategory(db, id);
      if (!c) throw categoryNotFound(id, 'id');
      if (await repo.categoryInUse(db, id)) throw categoryInUse(id);
      await db.transaction(async (tx) => {
        await repo.deleteCategory(tx, id);
        await audit.append(tx, actor, {
          action: 'knowledge.category.deleted',
          entityType: 'knowledge_category',
          entityId: id,
          details: { name: c.name },
        });
      });
    },

    async synonyms(): Promise<SynonymGroup[]> {
      return (await repo.listSynonyms(db)).map(synonymOut);
    },

    async putSynonym(id: string | undefined, body: SynonymBody, actor: Actor): Promise<SynonymGroup> {
      const row = { id: id ?? ids.next(), terms: body.terms, updatedAt: clock.now() };
      await db.transaction(async (tx) => {
        if (id) {
          if (!(await repo.updateSynonym(tx, id, row))) throw synonymNotFound(id);
        } else await repo.insertSynonym(tx, row);
        await audit.append(tx, actor, {
          action: 'knowledge.synonyms.changed',
          entityType: 'knowledge_synonyms',
          entityId: row.id,
          details: { terms: body.terms },
        });
      });
      deps.onSynonymsChange();
      return synonymOut(row);
    },

    async deleteSynonym(id: string, actor: Actor): Promise<void> {
      await db.transaction(async (tx) => {
        if (!(await repo.deleteSynonym(tx, id))) throw synonymNotFound(id);
        await audit.append(tx, actor, {
          action: 'knowledge.synonyms.deleted',
          entityType: 'knowledge_synonyms',
          entityId: id,
          details: {},
        });
      });
      deps.onSynonymsChange();
    },
  };
}
export type KnowledgeCatalog = ReturnType<typeof createKnowledgeCatalog>;
