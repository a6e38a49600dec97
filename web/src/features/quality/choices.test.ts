import { describe, expect, it } from 'vitest';
import type { EvaluationDetail } from '../../../../contracts/quality';
import { agentChoices, openAppealFor } from './choices';

type Appeal = EvaluationDetail['appeals'][number];
const appeal = (a: Partial<Appeal>): Appeal => ({
  id: 'ap1',
  evaluationId: 'e1',
  agentId: 'agent',
  reason: 'r',
  items: [],
  status: 'open',
  reviewerId: null,
  decisionNote: null,
  scoreBefore: 80,
  scoreAfter: null,
  createdAt: '2026-03-02T10:00:00Z',
  decidedAt: null,
  ...a,
});

const base = {
  agentId: 'agent',
  evaluatorId: 'qa',
  calibrationId: null,
  status: 'submitted' as const,
  appealUntil: '2026-03-08T10:00:00Z',
  acknowledgedAt: null,
  appeals: [] as Appeal[],
};
const now = new Date('2026-03-03T10:00:00Z');

describe('what the agent may do with their evaluation', () => {
  it('confirms or appeals a submitted one within the window', () => {
    expect(agentChoices(base, 'agent', now)).toEqual({ acknowledge: true, appeal: true });
    expect(agentChoices(base, 'agent', new Date('2026-03-09T00:00:00Z'))).toEqual({ acknowledge: true, appeal: false });
  });

  it("nothing on someone else's or a calibration score", () => {
    expect(agentChoices(base, 'other', now)).toEqual({ acknowledge: false, appeal: false });
    expect(agentChoices({ ...base, calibrationId: 'c' }, 'agent', now)).toEqual({ acknowledge: false, appeal: false });
  });

  it('after confirming may still appeal; after the decision confirms again, once', () => {
    const acknowledged = { ...base, status: 'acknowledged' as const, acknowledgedAt: '2026-03-02T11:00:00Z' };
    expect(agentChoices(acknowledged, 'agent', now)).toEqual({ acknowledge: false, appeal: true });
    const decided = {
      ...acknowledged,
      status: 'revised' as const,
      appeals: [appeal({ status: 'changed', decidedAt: '2026-03-03T09:00:00Z' })],
    };
    expect(agentChoices(decided, 'agent', now)).toEqual({ acknowledge: true, appeal: false });
    expect(agentChoices({ ...decided, acknowledgedAt: '2026-03-03T09:30:00Z' }, 'agent', now).acknowledge).toBe(false);
  });

  it('a reviewer decides an open appeal unless they evaluated it', () => {
    const appealed = { ...base, status: 'appealed' as const, appeals: [appeal({})] };
    expect(openAppealFor(appealed, 'rev', true)?.id).toBe('ap1');
    expect(openAppealFor(appealed, 'qa', true)).toBeUndefined();
    expect(openAppealFor(appealed, 'rev', false)).toBeUndefined();
  });
});
