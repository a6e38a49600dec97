import { describe, expect, it } from 'vitest';
import type { Calibration } from '../../../../contracts/quality';
import { agreedAnswers, answerChoices, differs } from './calibration';

type Contacts = NonNullable<Calibration['contacts']>;

const contacts: Contacts = [
  {
    contactId: 'c1',
    scores: { e1: 80, e2: 60 },
    spread: 20,
    consensusScore: 80,
    items: [
      { item: 'greeting', label: '开场', answers: { e1: 'pass', e2: 'fail' }, consensus: 'pass', disagree: 1 },
      { item: 'tone', label: '语气', answers: { e1: 4, e2: 4 }, consensus: 4, disagree: 0 },
      { item: 'unused', label: '未评', answers: {}, consensus: null, disagree: 0 },
    ],
  },
  { contactId: 'c2', scores: {}, spread: null, consensusScore: null, items: [] },
];

describe('closing a calibration session', () => {
  it('agrees on the consensus by default and leaves out items nobody answered and empty contacts', () => {
    expect(agreedAnswers(contacts, {})).toEqual({ c1: { greeting: 'pass', tone: 4 } });
  });

  it("takes the facilitator's choice over the consensus", () => {
    expect(agreedAnswers(contacts, { c1: { greeting: 'fail' } })).toEqual({ c1: { greeting: 'fail', tone: 4 } });
  });

  it('marks the answers that differ from the consensus and offers each distinct answer once', () => {
    expect(differs('pass', 'fail')).toBe(true);
    expect(differs('pass', 'pass')).toBe(false);
    expect(differs('pass', undefined)).toBe(false);
    expect(answerChoices(contacts[0]!.items[0]!)).toEqual(['pass', 'fail']);
  });
});
