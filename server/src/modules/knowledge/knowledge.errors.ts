import type { RevisionState } from '../../../../contracts/knowledge';
import { AppError } from '../../platform/errors';

export const articleNotFound = (id: string) => new AppError('KNOWLEDGE.ARTICLE_NOT_FOUND', `No article ${id}`);
export const categoryNotFound = (id: string, path = 'categoryId') =>
  new AppError('KNOWLEDGE.CATEGORY_NOT_FOUND', `No category ${id}`, {
    fields: [{ location: 'body', path, message: 'no such category' }],
  });
export const synonymNotFound = (id: string) => new AppError('KNOWLEDGE.SYNONYM_NOT_FOUND', `No synonym group ${id}`);
export const articleState = (state: RevisionState | 'archived' | 'none', step: string) =>
  new AppError('KNOWLEDGE.STATE', `Cannot ${step} a version that is ${state}`, { state, step });
export const versionConflict = (base: number, latest: number) =>
  new AppError('KNOWLEDGE.VERSION_CONFLICT', `Version ${latest} was saved since version ${base} was opened`, {
    base,
    latest,
  });
export const ownReview = () =>
  new AppError('KNOWLEDGE.OWN_REVIEW', 'A version is published by a reviewer other than its author');
export const invalidArticle = (fields: { path: string; message: string }[]) =>
  new AppError('KNOWLEDGE.INVALID', fields.map((f) => `${f.path}: ${f.message}`).join('; '), {
    fields: fields.map((f) => ({ location: 'body', ...f })),
  });
export const categoryInUse = (id: string) =>
  new AppError('KNOWLEDGE.STATE', `Category ${id} still holds articles or categories`, {
    state: 'in_use',
    step: 'delete',
  });
export const contactNotFound = (id: string) => new AppError('KNOWLEDGE.CONTACT_NOT_FOUND', `No contact ${id} of yours`);
