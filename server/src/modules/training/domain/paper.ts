import type { Question } from '../../../../../contracts/training';

/** How a paper is drawn: so many questions with this tag (any, when absent) in this difficulty range. */
export type DrawRule = { tag?: string; minDifficulty?: number; maxDifficulty?: number; count: number };

/** A random number in [0, 1) (seeded in tests and per attempt). */
export type Rng = () => number;

export type Draw = { ok: true; questionIds: string[] } | { ok: false; rule: number; wanted: number; available: number };

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Draws a paper from the bank rule by rule, never the same question twice; a rule the bank cannot
 * fill is named (which rule, how many it wanted and found) rather than drawn short.
 */
export function drawPaper(bank: readonly Question[], rules: readonly DrawRule[], rng: Rng): Draw {
  const taken = new Set<string>();
  const ids: string[] = [];
  for (const [i, r] of rules.entries()) {
    const pool = bank.filter(
      (q) =>
        !taken.has(q.id) &&
        (r.tag === undefined || q.tags.includes(r.tag)) &&
        q.difficulty >= (r.minDifficulty ?? 1) &&
        q.difficulty <= (r.maxDifficulty ?? 5),
    );
    if (pool.length < r.count) return { ok: false, rule: i, wanted: r.count, available: pool.length };
    for (const q of shuffled(pool, rng).slice(0, r.count)) {
      taken.add(q.id);
      ids.push(q.id);
    }
  }
  return { ok: true, questionIds: shuffled(ids, rng) };
}

/**
 * The order a candidate sees a question's options in: `order[shown] = original`. True/false keeps
 * its order (true, false); so does a question of one option.
 */
export function optionOrder(q: Pick<Question, 'type' | 'options'>, rng: Rng): number[] {
  const identity = q.options.map((_, i) => i);
  if (q.type !== 'single' && q.type !== 'multiple') return identity;
  return shuffled(identity, rng);
}

/** The candidate's choices (as shown) in the question's own indexes, for grading. */
export function originalChoices(order: readonly number[], shown: readonly number[]): number[] {
  return shown.flatMap((s) => (order[s] === undefined ? [] : [order[s]!]));
}
