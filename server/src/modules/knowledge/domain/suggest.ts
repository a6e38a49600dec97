import type { ArticleKind, Suggestion } from '../../../../../contracts/knowledge';
import { fold } from './query-words';

/** A published article with the rule of where the desktop suggests it. */
export type SuggestCandidate = {
  id: string;
  title: string;
  kind: ArticleKind;
  queueIds: readonly string[];
  keywords: readonly string[];
  effectiveFrom: Date | null;
  expiresAt: Date | null;
};

/** What is known of a contact when it is offered: its queue and its words (IVR choices, subject, chat). */
export type SuggestContext = { queueId: string | null; text: string };

/**
 * The articles to suggest for a contact, best first: a keyword of the article found in the
 * contact's words weighs more than the queue alone (a queue holds many kinds of request). Only
 * articles current at `now` — an expired policy is never suggested.
 */
export function suggestFor(
  candidates: readonly SuggestCandidate[],
  ctx: SuggestContext,
  now: Date,
  limit = 5,
): Suggestion[] {
  const text = fold(ctx.text);
  const t = now.getTime();
  const scored: { s: Suggestion; score: number }[] = [];
  for (const c of candidates) {
    if (c.expiresAt && c.expiresAt.getTime() <= t) continue;
    if (c.effectiveFrom && c.effectiveFrom.getTime() > t) continue;
    const matched = text ? c.keywords.filter((k) => k.length > 0 && text.includes(fold(k))) : [];
    const inQueue = ctx.queueId !== null && c.queueIds.includes(ctx.queueId);
    if (matched.length === 0 && !inQueue) continue;
    scored.push({
      s: { id: c.id, title: c.title, kind: c.kind, reason: matched.length > 0 ? 'keyword' : 'queue', matched },
      score: matched.length * 2 + (inQueue ? 1 : 0),
    });
  }
  scored.sort((a, b) => b.score - a.score || a.s.title.localeCompare(b.s.title, 'zh-CN'));
  return scored.slice(0, limit).map((x) => x.s);
}
