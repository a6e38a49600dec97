import type {
  Answers,
  ItemAnswer,
  ScoreBreakdown,
  ScorecardContent,
  ScorecardItem,
} from '../../../../contracts/quality';
import { ApiError } from '../../app/api-client';

/**
 * The steps of an evaluation's score as the screen writes them (docs/quality.md):
 * base = 100 × earned ÷ possible (100 when every required item is N/A); capped = min(100, base +
 * bonus); score = max(0, capped − deductions); a failed fatal item makes it 0. The numbers are the
 * server's breakdown: the screen never scores on its own.
 */
export type ScoreSteps =
  | { fatal: true; score: 0 }
  | {
      fatal: false;
      earned: number;
      possible: number;
      /** Every required item answered N/A: the base is 100 by rule, not by division. */
      allNa: boolean;
      base: number;
      bonus: number;
      capped: number;
      /** Whether the cap of 100 took some of the bonus. */
      cut: boolean;
      deductions: number;
      score: number;
    };

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreSteps(b: ScoreBreakdown): ScoreSteps {
  if (b.fatal) return { fatal: true, score: 0 };
  const sum = round2(b.base + b.bonus);
  const capped = Math.min(100, sum);
  return {
    fatal: false,
    earned: b.earned,
    possible: b.possible,
    allNa: b.possible === 0,
    base: b.base,
    bonus: b.bonus,
    capped,
    cut: sum > 100,
    deductions: b.deductions,
    score: b.score,
  };
}

export const itemsOf = (content: ScorecardContent): ScorecardItem[] => content.sections.flatMap((s) => s.items);

/**
 * The items a refused save or submission names (`details.fields[].path` = `answers.<item>` or
 * `items.<item>`), with the server's words for each.
 */
export function itemErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'QUALITY.ANSWERS_INVALID') return {};
  const fields = (error.details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return {};
  const out: Record<string, string> = {};
  for (const f of fields as { path?: unknown; message?: unknown }[]) {
    const path = Array.isArray(f.path) ? f.path.map(String) : String(f.path ?? '').split('.');
    const [where, key] = path;
    if ((where === 'answers' || where === 'items') && key) out[key] = String(f.message ?? '');
  }
  return out;
}

/** The items whose answers differ between two revisions, in scorecard order. */
export function changedItems(content: ScorecardContent, before: Answers, after: Answers): string[] {
  return itemsOf(content)
    .map((i) => i.key)
    .filter((k) => before[k] !== after[k]);
}

/** Whether `a` is an answer this item accepts (the radio and number inputs only offer such). */
export function fits(item: ScorecardItem, a: ItemAnswer | undefined): boolean {
  if (a === undefined) return false;
  if (a === 'na') return item.allowNa;
  if (item.answerType === 'pass_fail') return a === 'pass' || a === 'fail';
  if (typeof a !== 'number') return false;
  return item.answerType === 'scale' ? a >= 1 && a <= item.scaleMax : a >= 0 && a <= item.weight;
}
