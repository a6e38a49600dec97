import { toSearchVector } from '../../platform/text-search';
import { textOf } from './knowledge.content';
import type { RevisionRow } from './knowledge.repo';

/** What the search row is made of: the published version's title, tags, body and tree. */
export type SearchedContent = Pick<RevisionRow, 'title' | 'body' | 'tags' | 'tree'>;

/**
 * The plain text search and snippets read (the article row's `body_text`): the body, and a tree's
 * steps and answers.
 */
export function articlePlainText(c: Pick<SearchedContent, 'body' | 'tree'>): string {
  const steps = (c.tree ?? []).map((n) => [n.text, ...n.answers.map((a) => a.label)].join(' '));
  return [textOf(c.body), ...steps].filter(Boolean).join('\n');
}

/**
 * The article row's `search` vector: title and tags rank above the body (docs/knowledge.md,
 * "Search"). The one maker of it — publishing writes it, the benchmark (bench/knowledge.ts) too.
 */
export function articleSearchVector(c: SearchedContent): string {
  return toSearchVector([
    { text: c.title, weight: 'A', digitSuffixes: false },
    { text: c.tags.join(', '), weight: 'B', digitSuffixes: false },
    { text: articlePlainText(c), weight: 'D', digitSuffixes: false },
  ]);
}
