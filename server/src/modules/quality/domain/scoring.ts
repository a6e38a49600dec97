import type {
  Answers,
  ItemAnswer,
  ScoreBreakdown,
  ScorecardContent,
  ScorecardItem,
} from '../../../../../contracts/quality';

/** Scores are kept to two decimals (a weight of 7 of 30 is 23.33…). */
const round2 = (x: number) => Math.round(x * 100) / 100;

export type AnswerIssue = { item: string; message: string };

export const itemsOf = (card: ScorecardContent): ScorecardItem[] => card.sections.flatMap((s) => s.items);

/**
 * What is wrong with these answers for this scorecard: unknown items, values outside the item's
 * answer type, N/A where the item does not allow it, and — when `complete` — items left unanswered.
 * A draft is checked with `complete: false` (it may be half done), a submission with `true`.
 */
export function answerIssues(card: ScorecardContent, answers: Answers, complete: boolean): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const items = new Map(itemsOf(card).map((i) => [i.key, i]));
  for (const k of Object.keys(answers)) {
    if (!items.has(k)) issues.push({ item: k, message: 'not an item of this scorecard' });
  }
  for (const item of items.values()) {
    const a = answers[item.key];
    if (a === undefined) {
      if (complete) issues.push({ item: item.key, message: 'not answered' });
      continue;
    }
    const problem = valueProblem(item, a);
    if (problem) issues.push({ item: item.key, message: problem });
  }
  return issues;
}

function valueProblem(item: ScorecardItem, a: ItemAnswer): string | undefined {
  if (a === 'na') return item.allowNa ? undefined : 'N/A is not allowed for this item';
  switch (item.answerType) {
    case 'pass_fail':
      return a === 'pass' || a === 'fail' ? undefined : 'answer pass, fail or na';
    case 'scale':
      return typeof a === 'number' && a >= 1 && a <= item.scaleMax ? undefined : `answer 1 to ${item.scaleMax}`;
    case 'points':
      return typeof a === 'number' && a >= 0 && a <= item.weight ? undefined : `answer 0 to ${item.weight} points`;
  }
}

/** The share of an item's weight the agent earned (required, bonus) or lost (deduction): 0..1. */
function share(item: ScorecardItem, a: ItemAnswer): number {
  if (item.answerType === 'pass_fail') return a === 'pass' ? 1 : 0;
  if (typeof a !== 'number') return 0;
  // A scale of 1..max: 1 is nothing earned, max everything (a 3 of 5 earns half).
  if (item.answerType === 'scale') return (a - 1) / (item.scaleMax - 1);
  return a / item.weight;
}

/**
 * The evaluation's score, 0–100, with its parts (DOMAIN.md "Quality score"; docs/quality.md):
 * - base: the required items' earned weight ÷ their possible weight × 100; an item answered N/A
 *   leaves both (the others are renormalised); with every required item N/A the base is 100;
 * - bonus items passed add their weight (points answers add the points given), capped so that the
 *   score before deductions is at most 100;
 * - deduction items failed take their weight off (a points answer is the points taken off), and the
 *   score never goes below 0;
 * - any fatal item failed makes the score 0, whatever else.
 * Unanswered items count as nothing earned, nothing added and nothing deducted (a draft's preview).
 */
export function scoreOf(card: ScorecardContent, answers: Answers): ScoreBreakdown {
  let earned = 0;
  let possible = 0;
  let bonus = 0;
  let deductions = 0;
  let fatal = false;
  const failedItems: string[] = [];
  const naItems: string[] = [];
  for (const item of itemsOf(card)) {
    const a = answers[item.key];
    if (a === 'na') {
      if (item.kind === 'required') naItems.push(item.key);
      continue;
    }
    switch (item.kind) {
      case 'required': {
        possible += item.weight;
        const got = a === undefined ? 0 : item.weight * share(item, a);
        earned += got;
        if (a !== undefined && got < item.weight) failedItems.push(item.key);
        break;
      }
      case 'bonus':
        if (a !== undefined) bonus += item.weight * share(item, a);
        break;
      case 'deduction': {
        if (a === undefined) break;
        // A points answer is what is taken off; pass/fail takes the whole weight on a fail.
        const lost = item.answerType === 'points' && typeof a === 'number' ? a : a === 'fail' ? item.weight : 0;
        if (lost > 0) {
          deductions += lost;
          failedItems.push(item.key);
        }
        break;
      }
      case 'fatal':
        if (a === 'fail') {
          fatal = true;
          failedItems.push(item.key);
        }
        break;
    }
  }
  const base = possible === 0 ? 100 : (100 * earned) / possible;
  const score = fatal ? 0 : Math.max(0, Math.min(100, base + bonus) - deductions);
  return {
    score: round2(score),
    base: round2(base),
    earned: round2(earned),
    possible,
    bonus: round2(bonus),
    deductions: round2(deductions),
    fatal,
    failedItems,
    naItems,
  };
}

/** The formula as a line of text, e.g. `min(100, 85 + 5) − 3 = 87` or `fatal item failed → 0`. */
export function formulaOf(b: ScoreBreakdown): string {
  if (b.fatal) return 'fatal item failed → 0';
  const base = `100 × ${b.earned} / ${b.possible}`;
  return `max(0, min(100, ${b.possible === 0 ? '100' : base} + ${b.bonus}) − ${b.deductions}) = ${b.score}`;
}
