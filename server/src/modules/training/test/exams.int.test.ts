/**
 * Exams through the API on a fixed clock: a question bank, an exam drawn per candidate with shuffled
 * options, answers saved as given, grading by the server, the time limit kept by the server (a late
 * answer or submission does not count, whatever the browser's clock says), and item analysis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from '../../../../../test/acd';
import { fixedClock } from '../../../platform/clock';

const clock = fixedClock('2026-12-07T09:00:00Z');
let acd: Acd;
let examId: string;
const key = new Map<string, Body>();

beforeAll(async () => {
  acd = await setupAcd({
    clock,
    app: { idleLockSeconds: 30 * 86_400, sessionSeconds: 60 * 86_400 },
    queues: [],
    users: [
      { name: 'trainer', roles: ['trainer'] },
      ...Array.from({ length: 8 }, (_, i) => ({ name: `t${i}`, roles: ['agent' as const] })),
    ],
  });
  const add = async (body: Record<string, unknown>) => {
    const q = await acd.call('trainer', 'POST', '/api/v1/training/questions', { tags: ['billing'], ...body }, 201);
    key.set(q.id, q);
  };
  for (let i = 0; i < 4; i++) {
    await add({
      type: 'single',
      text: `话费题 ${i}`,
      options: ['甲', '乙', '丙', '丁'],
      correct: [i % 4],
      difficulty: 2,
    });
  }
  await add({ type: 'multiple', text: '哪些属于套餐费？', options: ['月租', '通话费', '违约金'], correct: [0, 1] });
  await add({ type: 'true_false', text: '欠费停机后可以接听电话', correct: [0] });
  await add({ type: 'fill_in', text: '客服热线号码是____', accepted: ['10086'] });
  await add({ type: 'case', text: '客户投诉扣费，如何处理？', rubric: '安抚、核实、解释、补偿', tags: ['complaint'] });
  examId = (
    await acd.call(
      'trainer',
      'POST',
      '/api/v1/training/exams',
      {
        title: '话费业务考试',
        rules: [{ tag: 'billing', count: 7 }],
        limitMinutes: 30,
        passPercent: 60,
        maxAttempts: 2,
      },
      201,
    )
  ).id;
});
afterAll(() => acd.t.close());

/** The right answer to a question as the candidate sees it (options shuffled for them). */
function rightAnswer(q: Body): Body {
  const k = key.get(q.id)!;
  if (k.type === 'fill_in') return { text: ` ${k.accepted[0]} ` };
  const shown = (i: number) => q.options.indexOf(k.type === 'true_false' ? i : k.options[i]);
  return { choices: k.type === 'true_false' ? k.correct : k.correct.map(shown) };
}
/** A wrong answer: another number, or the first option (as shown) that is not a right one. */
function wrongAnswer(q: Body): Body {
  const k = key.get(q.id)!;
  if (k.type === 'fill_in') return { text: '10010' };
  if (k.type === 'true_false') return { choices: [1 - k.correct[0]] };
  const right: number[] = rightAnswer(q).choices;
  return { choices: [q.options.findIndex((_: string, i: number) => !right.includes(i))] };
}

async function sit(who: string, right: (i: number) => boolean): Promise<Body> {
  const a = await acd.call(who, 'POST', `/api/v1/training/exams/${examId}/attempts`, undefined, 201);
  for (const [i, q] of (a.questions as Body[]).entries()) {
    await acd.call(
      who,
      'PUT',
      `/api/v1/training/attempts/${a.id}/answers/${q.id}`,
      right(i) ? rightAnswer(q) : wrongAnswer(q),
    );
  }
  return acd.call(who, 'POST', `/api/v1/training/attempts/${a.id}/submit`);
}

describe('an exam', () => {
  it('a refused exam names the rule the bank cannot fill', async () => {
    const res = await acd.t.request('POST', '/api/v1/training/exams', {
      token: acd.token('trainer'),
      body: { title: 'x', rules: [{ tag: 'complaint', count: 3 }], limitMinutes: 10 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0]).toMatchObject({ path: 'rules.0.count' });
  });

  it('each candidate gets the paper without keys, options in their own order; all right passes', async () => {
    const a = await acd.call('t0', 'POST', `/api/v1/training/exams/${examId}/attempts`, undefined, 201);
    expect(a.questions).toHaveLength(7);
    expect(a.secondsLeft).toBe(1800);
    expect(JSON.stringify(a.questions)).not.toMatch(/correct|accepted|rubric/);
    expect(a.questions.every((q: Body) => key.get(q.id)!.tags.includes('billing'))).toBe(true);
    for (const q of a.questions)
      await acd.call('t0', 'PUT', `/api/v1/training/attempts/${a.id}/answers/${q.id}`, rightAnswer(q));
    // Saved as given: reading the attempt back (a reopened tab) shows every answer.
    expect(Object.keys((await acd.call('t0', 'GET', `/api/v1/training/attempts/${a.id}`)).answers)).toHaveLength(7);
    const done = await acd.call('t0', 'POST', `/api/v1/training/attempts/${a.id}/submit`);
    expect(done.result).toEqual({ points: 70, max: 70, percent: 100, pending: 0, passed: true });
    // Nobody else reads it.
    expect(await acd.status('t1', 'GET', `/api/v1/training/attempts/${a.id}`)).toBe(404);
  });

  it('the time limit is the server’s: an answer after it is refused and the paper counts as it stood', async () => {
    const a = await acd.call('t1', 'POST', `/api/v1/training/exams/${examId}/attempts`, undefined, 201);
    const [first, second] = a.questions as Body[];
    await acd.call('t1', 'PUT', `/api/v1/training/attempts/${a.id}/answers/${first.id}`, rightAnswer(first));
    clock.advance(30 * 60_000 + 6_000);
    const late = await acd.t.request('PUT', `/api/v1/training/attempts/${a.id}/answers/${second.id}`, {
      token: acd.token('t1'),
      body: rightAnswer(second),
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('TRAINING.TIME_UP');
    const done = await acd.call('t1', 'POST', `/api/v1/training/attempts/${a.id}/submit`);
    expect(done.submittedAt).toBe(a.deadline);
    expect(done.result.points).toBe(10);
    expect(done.result.passed).toBe(false);
    expect(Object.keys(done.answers)).toEqual([first.id]);
  });

  it('attempts are limited', async () => {
    await sit('t1', () => true);
    const res = await acd.t.request('POST', `/api/v1/training/exams/${examId}/attempts`, { token: acd.token('t1') });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.reason).toBe('no_attempts_left');
  });

  it('item analysis shows which questions tell strong from weak candidates', async () => {
    // Candidates t2…t7 of decreasing strength: t2 answers all right, t7 only the first question.
    for (const [n, who] of ['t2', 't3', 't4', 't5', 't6', 't7'].entries()) await sit(who, (i) => i < 7 - n);
    const r = await acd.call('trainer', 'GET', `/api/v1/training/exams/${examId}/analysis`);
    expect(r.candidates).toBe(9);
    expect(r.items).toHaveLength(7);
    for (const item of r.items) {
      expect(item.difficulty).toBeGreaterThanOrEqual(0);
      expect(item.difficulty).toBeLessThanOrEqual(1);
    }
    // Every item is answered right at least as often by the strongest quarter as by the weakest.
    expect(r.items.every((i: Body) => i.discrimination >= 0)).toBe(true);
    expect(await acd.status('t2', 'GET', `/api/v1/training/exams/${examId}/analysis`)).toBe(403);
  });
});
