import { describe, expect, it } from 'vitest';
import type { Question } from '../../../../../contracts/training';
import { accepts, deadlineOf, mayStart, secondsLeft } from './attempt-clock';
import { expiringSoon, grantedSkills, type Held, isActive, skillChange, unmetCriteria } from './certification';
import { grade, total } from './grading';
import { itemAnalysis, type ScoredPaper } from './item-analysis';
import { drawPaper, optionOrder, originalChoices } from './paper';

/** mulberry32, seeded: the same draws every run. */
function rng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const q = (over: Partial<Question> & Pick<Question, 'id' | 'type'>): Question => ({
  text: '题目',
  options: [],
  correct: [],
  accepted: [],
  rubric: null,
  tags: [],
  difficulty: 3,
  points: 10,
  ...over,
});

describe('grading', () => {
  const single = q({ id: 's', type: 'single', options: ['A', 'B', 'C'], correct: [1] });
  const multiple = q({ id: 'm', type: 'multiple', options: ['A', 'B', 'C', 'D'], correct: [0, 2] });
  const tf = q({ id: 't', type: 'true_false', correct: [0] });
  const fill = q({ id: 'f', type: 'fill_in', accepted: ['10086', '中国移动客服热线'] });
  const essay = q({ id: 'c', type: 'case', rubric: '安抚情绪、核实身份、给出方案' });

  it('a single choice earns its points only for the key', () => {
    expect(grade(single, { choices: [1] })).toMatchObject({ points: 10, correct: true });
    expect(grade(single, { choices: [2] })).toMatchObject({ points: 0, correct: false });
    expect(grade(single, undefined)).toMatchObject({ points: 0, correct: false });
  });
  it('a multiple choice is all or nothing: a missing or an extra option earns nothing', () => {
    expect(grade(multiple, { choices: [2, 0] }).points).toBe(10);
    expect(grade(multiple, { choices: [0] }).points).toBe(0);
    expect(grade(multiple, { choices: [0, 2, 3] }).points).toBe(0);
    expect(grade(multiple, { choices: [0, 0, 2] }).points).toBe(10);
  });
  it('true/false by its key; fill-in ignores case, width and spaces; a blank earns nothing', () => {
    expect(grade(tf, { choices: [0] }).points).toBe(10);
    expect(grade(tf, { choices: [1] }).points).toBe(0);
    expect(grade(fill, { text: ' １００８６ ' }).points).toBe(10);
    expect(grade(fill, { text: '中国移动客服热线' }).points).toBe(10);
    expect(grade(fill, { text: '' }).points).toBe(0);
    expect(grade(fill, { text: '10010' }).points).toBe(0);
  });
  it('a case analysis waits for a grader; the total says how many wait', () => {
    const g = [grade(single, { choices: [1] }), grade(multiple, { choices: [0] }), grade(essay, { text: '……' })];
    expect(g[2]).toMatchObject({ points: null, correct: null, max: 10 });
    expect(total(g)).toEqual({ points: 10, max: 30, pending: 1, percent: 33.3 });
  });
});

describe('item analysis', () => {
  /** Ten candidates: q1 the strong ones get right, q2 everyone, q3 only the weak ones (a wrong key?). */
  const papers: ScoredPaper[] = Array.from({ length: 10 }, (_, i) => {
    const strong = i < 5;
    const items = new Map([
      ['q1', strong ? 1 : 0],
      ['q2', 1],
      ['q3', strong ? 0 : 1],
      ['q4', i % 2],
    ]);
    return { total: (strong ? 80 : 40) + i, items };
  });

  it('difficulty is the share right; discrimination compares the best and worst 27 %', () => {
    const stats = itemAnalysis(papers, ['q1', 'q2', 'q3', 'q4']);
    expect(stats.map((s) => [s.questionId, s.difficulty, s.discrimination, s.verdict])).toEqual([
      ['q1', 0.5, 1, 'good'],
      ['q2', 1, 0, 'poor'],
      ['q3', 0.5, -1, 'revise'],
      // The top 3 (i = 4, 3, 2 → 0, 1, 0) against the bottom 3 (i = 7, 6, 5 → 1, 0, 1).
      ['q4', 0.5, -0.333, 'revise'],
    ]);
    expect(stats[0]!.n).toBe(10);
  });
  it('with fewer than four candidates there are no groups to compare', () => {
    expect(itemAnalysis(papers.slice(0, 3), ['q1'])[0]).toMatchObject({ discrimination: null, n: 3 });
  });
});

describe('drawing a paper', () => {
  const bank = [
    ...Array.from({ length: 6 }, (_, i) =>
      q({
        id: `b${i}`,
        type: 'single',
        tags: ['billing'],
        difficulty: 1 + (i % 3),
        options: ['a', 'b', 'c', 'd'],
        correct: [0],
      }),
    ),
    ...Array.from({ length: 4 }, (_, i) => q({ id: `s${i}`, type: 'true_false', tags: ['service'], difficulty: 2 })),
  ];
  it('draws by tag and difficulty without repeating a question, the same for the same seed', () => {
    const rules = [{ tag: 'billing', minDifficulty: 2, count: 3 }, { tag: 'service', count: 2 }, { count: 2 }];
    const a = drawPaper(bank, rules, rng(7));
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.questionIds).toHaveLength(7);
    expect(new Set(a.questionIds).size).toBe(7);
    const hard = a.questionIds.filter((id) => id.startsWith('b') && bank.find((x) => x.id === id)!.difficulty >= 2);
    expect(hard.length).toBeGreaterThanOrEqual(3);
    expect(drawPaper(bank, rules, rng(7))).toEqual(a);
    expect(drawPaper(bank, rules, rng(8))).not.toEqual(a);
  });
  it('a rule the bank cannot fill is named, not drawn short', () => {
    expect(drawPaper(bank, [{ tag: 'billing', minDifficulty: 3, count: 3 }], rng(1))).toEqual({
      ok: false,
      rule: 0,
      wanted: 3,
      available: 2,
    });
  });
  it('options are shuffled per candidate and answers map back to the key', () => {
    const question = bank[0]!;
    const order = optionOrder(question, rng(3));
    expect([...order].sort()).toEqual([0, 1, 2, 3]);
    const shownRight = order.indexOf(0);
    expect(grade(question, { choices: originalChoices(order, [shownRight]) }).correct).toBe(true);
    expect(optionOrder(bank[6]!, rng(3))).toEqual([]);
  });
});

describe('the attempt clock is the server’s', () => {
  const started = new Date('2026-12-07T09:00:00Z');
  const a = { startedAt: started, limitSeconds: 1800, windowClosesAt: null };
  const at = (s: number) => new Date(started.getTime() + s * 1000);
  it('answers count until the deadline and its short grace, never after', () => {
    expect(deadlineOf(a).toISOString()).toBe('2026-12-07T09:30:00.000Z');
    expect(accepts(a, at(1800))).toBe(true);
    expect(accepts(a, at(1805))).toBe(true);
    expect(accepts(a, at(1806))).toBe(false);
    expect(secondsLeft(a, at(1799.2))).toBe(1);
    expect(secondsLeft(a, at(4000))).toBe(0);
  });
  it('the exam window closing ends the attempt earlier', () => {
    expect(deadlineOf({ ...a, windowClosesAt: at(600) })).toEqual(at(600));
  });
  it('a start needs the window open and an attempt left', () => {
    const w = { opensAt: at(0), closesAt: at(3600), maxAttempts: 2 };
    expect(mayStart(w, 0, at(-1))).toBe('not_open');
    expect(mayStart(w, 1, at(10))).toBe('ok');
    expect(mayStart(w, 2, at(10))).toBe('no_attempts_left');
    expect(mayStart(w, 0, at(3600))).toBe('closed');
  });
});

describe('certification (fixed clock)', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
  const criteria = { minExamPercent: 80, minQualityAverage: 85, qualityEvaluations: 3, minTenureDays: 90 };

  it('names each criterion not met, and none when all are', () => {
    expect(
      unmetCriteria(
        criteria,
        { bestExamPercent: 75, bestPracticalPercent: null, qualityScores: [90, 80], hiredAt: days(-30) },
        now,
      ),
    ).toEqual([
      { criterion: 'minExamPercent', needed: 80, actual: 75 },
      { criterion: 'qualityEvaluations', needed: 3, actual: 2 },
      { criterion: 'minTenureDays', needed: 90, actual: 30 },
    ]);
    expect(
      unmetCriteria(
        criteria,
        { bestExamPercent: 80, bestPracticalPercent: null, qualityScores: [90, 80, 86, 40], hiredAt: days(-90) },
        now,
      ),
    ).toEqual([]);
    // Only the last three evaluations count: 80, 86, 40 average 68.7.
    expect(
      unmetCriteria(
        criteria,
        { bestExamPercent: 95, bestPracticalPercent: null, qualityScores: [80, 86, 40, 100], hiredAt: days(-90) },
        now,
      ),
    ).toEqual([{ criterion: 'minQualityAverage', needed: 85, actual: 68.7 }]);
  });

  const billing2: Held = {
    level: 'intermediate',
    skill: 'billing',
    skillLevel: 2,
    awardedAt: days(-10),
    expiresAt: days(355),
    revokedAt: null,
  };
  const billing1: Held = {
    level: 'junior',
    skill: 'billing',
    skillLevel: 1,
    awardedAt: days(-400),
    expiresAt: days(330),
    revokedAt: null,
  };

  it('grants the highest active level per skill; expiry removes the skill', () => {
    expect(grantedSkills([billing2, billing1], now)).toEqual(new Map([['billing', 2]]));
    expect(grantedSkills([billing2], days(355))).toEqual(new Map());
    expect(isActive(billing2, days(354))).toBe(true);
    // After the level-2 certificate lapses, the still-valid junior one keeps level 1.
    expect(grantedSkills([{ ...billing2, expiresAt: days(100) }, billing1], days(100))).toEqual(
      new Map([['billing', 1]]),
    );
  });
  it('changes only the skills certification manages; hand-given skills stay', () => {
    const current = new Map([
      ['billing', 2],
      ['general', 3],
    ]);
    expect(skillChange(current, new Map([['billing', 2]]), new Map())).toEqual(new Map([['general', 3]]));
    expect(skillChange(new Map([['general', 3]]), new Map(), new Map([['billing', 2]]))).toEqual(
      new Map([
        ['general', 3],
        ['billing', 2],
      ]),
    );
  });
  it('reminds of re-certification due within the window', () => {
    expect(expiringSoon([billing2, billing1], days(300), 30)).toEqual([billing1]);
  });
});
