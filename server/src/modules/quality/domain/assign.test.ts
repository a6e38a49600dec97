import { describe, expect, it } from 'vitest';
import { agentRate, assignEvaluators, seededUnit } from './assign';

const picks = (n: number, agents: string[]) =>
  Array.from({ length: n }, (_, i) => ({ contactId: `c${i}`, agentId: agents[i % agents.length]! }));

describe('handing sampled contacts to evaluators', () => {
  it('evens out the work lists, counting what each already has', () => {
    const { assigned } = assignEvaluators(picks(30, ['a1', 'a2']), ['q1', 'q2', 'q3'], new Map([['q1', 6]]), 's');
    const count = (e: string) => assigned.filter((x) => x.evaluatorId === e).length;
    // 36 in all: 12 each, q1 had 6 already.
    expect([count('q1'), count('q2'), count('q3')]).toEqual([6, 12, 12]);
  });

  it('never gives an evaluator their own contacts', () => {
    const { assigned, unassigned } = assignEvaluators(picks(20, ['q1', 'a2']), ['q1', 'q2'], new Map(), 's');
    expect(assigned.every((x) => x.evaluatorId !== x.agentId)).toBe(true);
    expect(unassigned).toEqual([]);
    const alone = assignEvaluators(picks(4, ['q1']), ['q1'], new Map(), 's');
    expect(alone.assigned).toEqual([]);
    expect(alone.unassigned).toHaveLength(4);
  });

  it('assigns the same way for the same seed', () => {
    const a = assignEvaluators(picks(25, ['a1', 'a2', 'a3']), ['q1', 'q2'], new Map(), 'plan:2026-12-01');
    const b = assignEvaluators(picks(25, ['a1', 'a2', 'a3']).reverse(), ['q1', 'q2'], new Map(), 'plan:2026-12-01');
    const key = (x: { contactId: string; evaluatorId: string }) => `${x.contactId}>${x.evaluatorId}`;
    expect(a.assigned.map(key).sort()).toEqual(b.assigned.map(key).sort());
    expect(seededUnit('x', 'y')).toBe(seededUnit('x', 'y'));
    expect(seededUnit('x', 'y')).not.toBe(seededUnit('x', 'z'));
  });
});

describe('an agent’s random share', () => {
  const plan = { randomPercent: 5, newHireDays: 90, newHireFactor: 2, lowScoreBelow: 80, lowScoreFactor: 3 };
  it('multiplies for new hires and low scores, capped at 100', () => {
    expect(agentRate(plan, { tenureDays: 400, meanScore: 92 })).toBe(5);
    expect(agentRate(plan, { tenureDays: 30, meanScore: null })).toBe(10);
    expect(agentRate(plan, { tenureDays: 30, meanScore: 70 })).toBe(30);
    expect(agentRate({ ...plan, randomPercent: 50 }, { tenureDays: 1, meanScore: 1 })).toBe(100);
  });
});
