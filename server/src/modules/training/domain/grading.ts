import type { Answer, Question } from '../../../../../contracts/training';

/** One question's outcome: points earned, or waiting for a grader (case analysis). */
export type Graded =
  | { questionId: string; points: number; max: number; correct: boolean }
  | {
      questionId: string;
      points: null;
      max: number;
      correct: null;
    };

const fold = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
const sameSet = (a: readonly number[], b: readonly number[]) => {
  const x = new Set(a);
  return x.size === new Set(b).size && b.every((i) => x.has(i));
};

/**
 * Grades one answer against its question. Choice questions are all or nothing (a multiple choice
 * with one right option missing or one wrong option ticked earns nothing: the usual rule of
 * certification exams); a fill-in matches any accepted answer ignoring case, full/half width and
 * spaces; a case analysis waits for a grader. No answer earns nothing.
 */
export function grade(q: Question, a: Answer | undefined): Graded {
  if (q.type === 'case') return { questionId: q.id, points: null, max: q.points, correct: null };
  let correct = false;
  if (q.type === 'fill_in') {
    const given = a?.text === undefined ? '' : fold(a.text);
    correct = given.length > 0 && q.accepted.some((x) => fold(x) === given);
  } else {
    const choices = a?.choices ?? [];
    correct = choices.length > 0 && sameSet(choices, q.correct);
  }
  return { questionId: q.id, points: correct ? q.points : 0, max: q.points, correct };
}

/** A paper's total: the points earned so far, the maximum, and whether some answers wait for a grader. */
export function total(graded: readonly Graded[]): { points: number; max: number; pending: number; percent: number } {
  const max = graded.reduce((s, g) => s + g.max, 0);
  const points = graded.reduce((s, g) => s + (g.points ?? 0), 0);
  const pending = graded.filter((g) => g.points === null).length;
  return { points, max, pending, percent: max > 0 ? Math.round((points / max) * 1000) / 10 : 0 };
}
