import { describe, expect, it } from 'vitest';
import { COMPLAINT_STEPS, type ComplaintStepKey } from '../../../../../contracts/tickets';
import { completeStep, type StepState } from './complaint-flow';

const fresh = (current: ComplaintStepKey): StepState[] =>
  COMPLAINT_STEPS.map((key, i) => ({
    key,
    status: i < COMPLAINT_STEPS.indexOf(current) ? 'done' : key === current ? 'current' : 'pending',
  }));

describe('complaint flow', () => {
  it('only the current step can be completed', () => {
    expect(completeStep(fresh('record'), 'analyze', undefined)).toEqual({
      ok: false,
      reason: 'not_current',
      current: 'record',
    });
    expect(completeStep(fresh('record'), 'record', undefined)).toMatchObject({ ok: true, next: 'respond' });
  });

  it('a customer who disagrees sends the flow back to the solution', () => {
    expect(completeStep(fresh('agreement'), 'agreement', 'disagreed')).toEqual({
      ok: true,
      finished: { key: 'agreement', status: 'done' },
      reset: ['agreement'],
      next: 'solution',
    });
    expect(completeStep(fresh('agreement'), 'agreement', 'agreed')).toMatchObject({ next: 'follow_up' });
  });

  it('agreement and education need their outcome; other steps refuse one', () => {
    expect(completeStep(fresh('agreement'), 'agreement', undefined)).toMatchObject({ reason: 'outcome' });
    expect(completeStep(fresh('record'), 'record', 'agreed')).toMatchObject({ reason: 'outcome' });
    expect(completeStep(fresh('education'), 'education', 'not_needed')).toEqual({
      ok: true,
      finished: { key: 'education', status: 'skipped' },
      reset: [],
      next: null,
    });
  });
});
