import { describe, expect, it } from 'vitest';
import type { ScoreBreakdown, ScorecardContent, ScorecardItem } from '../../../../contracts/quality';
import { ApiError } from '../../app/api-client';
import { changedItems, fits, itemErrors, scoreSteps } from './score';

const breakdown = (b: Partial<ScoreBreakdown>): ScoreBreakdown => ({
  score: 0,
  base: 0,
  earned: 0,
  possible: 0,
  bonus: 0,
  deductions: 0,
  fatal: false,
  failedItems: [],
  naItems: [],
  ...b,
});

const item = (i: Partial<ScorecardItem> & { key: string }): ScorecardItem => ({
  label: i.key,
  guidance: '',
  kind: 'required',
  answerType: 'pass_fail',
  weight: 10,
  scaleMax: 5,
  allowNa: false,
  autoCheck: null,
  ...i,
});

describe('the score formula shown beside the scorecard', () => {
  it('base from earned of possible, the bonus capped at 100, then deductions', () => {
    const steps = scoreSteps(breakdown({ earned: 45, possible: 50, base: 90, bonus: 15, deductions: 5, score: 95 }));
    expect(steps).toMatchObject({ fatal: false, base: 90, capped: 100, cut: true, deductions: 5, score: 95 });
  });

  it('a bonus under the cap is added whole', () => {
    const steps = scoreSteps(breakdown({ earned: 30, possible: 60, base: 50, bonus: 5, deductions: 0, score: 55 }));
    expect(steps).toMatchObject({ capped: 55, cut: false, allNa: false });
  });

  it('every required item N/A: the base is 100 by rule', () => {
    expect(scoreSteps(breakdown({ possible: 0, base: 100, score: 100 }))).toMatchObject({ allNa: true, base: 100 });
  });

  it('a failed fatal item makes it 0 whatever else', () => {
    expect(scoreSteps(breakdown({ fatal: true, base: 100, score: 0 }))).toEqual({ fatal: true, score: 0 });
  });
});

describe('answers and their errors', () => {
  it('reads the items a refused submission names', () => {
    const error = new ApiError(400, 'QUALITY.ANSWERS_INVALID', 'x', {
      fields: [
        { location: 'body', path: 'answers.greeting', message: 'not answered' },
        { location: 'body', path: 'items.empathy', message: 'not an item of this scorecard' },
      ],
    });
    expect(itemErrors(error)).toEqual({ greeting: 'not answered', empathy: 'not an item of this scorecard' });
    expect(itemErrors(new ApiError(409, 'QUALITY.EVALUATION_STATE', 'x'))).toEqual({});
  });

  it('lists the items an appeal changed, in scorecard order', () => {
    const content: ScorecardContent = {
      sections: [{ key: 's', title: 'S', items: [item({ key: 'a' }), item({ key: 'b' }), item({ key: 'c' })] }],
    };
    expect(changedItems(content, { a: 'pass', b: 'fail', c: 3 }, { a: 'pass', b: 'pass', c: 4 })).toEqual(['b', 'c']);
  });

  it('accepts only what the item offers', () => {
    expect(fits(item({ key: 'a' }), 'na')).toBe(false);
    expect(fits(item({ key: 'a', allowNa: true }), 'na')).toBe(true);
    expect(fits(item({ key: 's', answerType: 'scale', scaleMax: 4 }), 5)).toBe(false);
    expect(fits(item({ key: 'p', answerType: 'points', weight: 8 }), 8)).toBe(true);
    expect(fits(item({ key: 'a' }), undefined)).toBe(false);
  });
});
