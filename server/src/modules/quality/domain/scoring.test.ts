import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Answers,
  ScorecardContent,
  type ScorecardContentInput,
  type ScorecardItemInput,
} from '../../../../../contracts/quality';
import { answerIssues, formulaOf, scoreOf } from './scoring';

const card = (items: ScorecardItemInput[]) =>
  ScorecardContent.parse({ sections: [{ key: 's', title: 'S', items }] } satisfies ScorecardContentInput);

const required = (key: string, weight: number, extra: Partial<ScorecardItemInput> = {}): ScorecardItemInput => ({
  key,
  label: key,
  kind: 'required',
  weight,
  ...extra,
});

describe('scoring an evaluation', () => {
  it('weights the required items: 30 of 50 passed is 60', () => {
    const c = card([required('a', 30), required('b', 20)]);
    const b = scoreOf(c, { a: 'pass', b: 'fail' });
    expect(b).toMatchObject({ score: 60, base: 60, earned: 30, possible: 50, failedItems: ['b'] });
    expect(formulaOf(b)).toBe('max(0, min(100, 100 × 30 / 50 + 0) − 0) = 60');
  });

  it('leaves N/A items out and renormalises the others', () => {
    const c = card([required('a', 30), required('b', 20, { allowNa: true }), required('c', 50)]);
    // Without b: 30 + 50 possible, 30 earned → 37.5.
    expect(scoreOf(c, { a: 'pass', b: 'na', c: 'fail' })).toMatchObject({
      score: 37.5,
      possible: 80,
      naItems: ['b'],
    });
    // Every required item N/A: nothing could be failed, the base is 100.
    const allNa = card([required('a', 10, { allowNa: true })]);
    expect(scoreOf(allNa, { a: 'na' }).score).toBe(100);
  });

  it('counts a scale from its bottom (3 of 5 is half) and points as given', () => {
    const c = card([
      required('scale', 40, { answerType: 'scale', scaleMax: 5 }),
      required('pts', 60, { answerType: 'points' }),
    ]);
    expect(scoreOf(c, { scale: 3, pts: 45 })).toMatchObject({ earned: 65, score: 65 });
    expect(scoreOf(c, { scale: 1, pts: 0 }).score).toBe(0);
    expect(scoreOf(c, { scale: 5, pts: 60 }).score).toBe(100);
  });

  it('adds bonus points but never above 100', () => {
    const c = card([required('a', 50), required('b', 50), { key: 'extra', label: 'x', kind: 'bonus', weight: 10 }]);
    expect(scoreOf(c, { a: 'pass', b: 'fail', extra: 'pass' }).score).toBe(60);
    expect(scoreOf(c, { a: 'pass', b: 'pass', extra: 'pass' })).toMatchObject({ score: 100, bonus: 10 });
  });

  it('takes deductions off after the cap and floors at 0', () => {
    const c = card([
      required('a', 100),
      { key: 'bonus', label: 'b', kind: 'bonus', weight: 10 },
      { key: 'rude', label: 'r', kind: 'deduction', weight: 15 },
      { key: 'pts', label: 'p', kind: 'deduction', weight: 100, answerType: 'points' },
    ]);
    // min(100, 100 + 10) − 15 = 85: a bonus does not buy back a deduction above a perfect base.
    expect(scoreOf(c, { a: 'pass', bonus: 'pass', rude: 'fail', pts: 0 }).score).toBe(85);
    expect(scoreOf(c, { a: 'fail', bonus: 'fail', rude: 'fail', pts: 0 })).toMatchObject({
      score: 0,
      deductions: 15,
      failedItems: ['a', 'rude'],
    });
    expect(scoreOf(c, { a: 'pass', bonus: 'fail', rude: 'pass', pts: 30 })).toMatchObject({
      score: 70,
      failedItems: ['pts'],
    });
  });

  it('makes the whole evaluation 0 when a fatal item fails', () => {
    const c = card([required('a', 100), { key: 'leak', label: 'data', kind: 'fatal' }]);
    expect(scoreOf(c, { a: 'pass', leak: 'pass' }).score).toBe(100);
    const b = scoreOf(c, { a: 'pass', leak: 'fail' });
    expect(b).toMatchObject({ score: 0, fatal: true, base: 100, failedItems: ['leak'] });
    expect(formulaOf(b)).toBe('fatal item failed → 0');
  });

  it('keeps two decimals (one third of the weight)', () => {
    const c = card([required('a', 1), required('b', 1), required('c', 1)]);
    expect(scoreOf(c, { a: 'pass', b: 'fail', c: 'fail' }).score).toBe(33.33);
  });

  it('stays within 0..100 for any answers', () => {
    const items: ScorecardItemInput[] = [
      required('r1', 30, { allowNa: true }),
      required('r2', 70, { answerType: 'scale', scaleMax: 4 }),
      { key: 'b1', label: 'b', kind: 'bonus', weight: 20 },
      { key: 'd1', label: 'd', kind: 'deduction', weight: 40, answerType: 'points' },
      { key: 'f1', label: 'f', kind: 'fatal' },
    ];
    const c = card(items);
    fc.assert(
      fc.property(
        fc.constantFrom<'pass' | 'fail' | 'na'>('pass', 'fail', 'na'),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<'pass' | 'fail'>('pass', 'fail'),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom<'pass' | 'fail'>('pass', 'fail'),
        (r1, r2, b1, d1, f1) => {
          const answers: Answers = { r1, r2, b1, d1, f1 };
          expect(answerIssues(c, answers, true)).toEqual([]);
          const b = scoreOf(c, answers);
          expect(b.score).toBeGreaterThanOrEqual(0);
          expect(b.score).toBeLessThanOrEqual(100);
          if (f1 === 'fail') expect(b.score).toBe(0);
        },
      ),
    );
  });
});

describe('checking answers', () => {
  const c = card([
    required('a', 50),
    required('s', 30, { answerType: 'scale', scaleMax: 5 }),
    { key: 'd', label: 'd', kind: 'deduction', weight: 10, answerType: 'points' },
  ]);

  it('accepts a half-done draft but not a half-done submission', () => {
    expect(answerIssues(c, { a: 'pass' }, false)).toEqual([]);
    expect(answerIssues(c, { a: 'pass' }, true)).toEqual([
      { item: 's', message: 'not answered' },
      { item: 'd', message: 'not answered' },
    ]);
  });

  it('names every wrong value', () => {
    expect(answerIssues(c, { a: 3, s: 6, d: 11, x: 'pass' }, false)).toEqual([
      { item: 'x', message: 'not an item of this scorecard' },
      { item: 'a', message: 'answer pass, fail or na' },
      { item: 's', message: 'answer 1 to 5' },
      { item: 'd', message: 'answer 0 to 10 points' },
    ]);
    expect(answerIssues(c, { a: 'na' }, false)).toEqual([{ item: 'a', message: 'N/A is not allowed for this item' }]);
  });
});

describe('a scorecard', () => {
  it('refuses item keys used twice, a fatal scale and a card without required items', () => {
    const r = ScorecardContent.safeParse({
      sections: [
        { key: 's', title: 'S', items: [{ key: 'a', label: 'a', kind: 'bonus', weight: 5 }] },
        {
          key: 't',
          title: 'T',
          items: [
            { key: 'a', label: 'a', kind: 'bonus', weight: 5 },
            { key: 'f', label: 'f', kind: 'fatal', answerType: 'scale' },
          ],
        },
      ],
    });
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'sections.1.items.1.answerType: a fatal item is answered pass or fail',
      'sections.1.items.0.key: used twice (s)',
      'sections: a scorecard needs at least one required item',
    ]);
  });
});
