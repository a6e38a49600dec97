/**
 * Certification through the API on a fixed clock: passing the exam a certification names awards it
 * at once and sets the routing skill it grants — the ACD then offers the trainee contacts that need
 * that skill; when the certification expires the sweep takes the skill back and such contacts go
 * elsewhere. Skills given by hand stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from '../../../../../test/acd';
import { fixedClock } from '../../../platform/clock';

const clock = fixedClock('2026-12-07T09:00:00Z');
let acd: Acd;
let examId: string;
let certId: string;

beforeAll(async () => {
  acd = await setupAcd({
    clock,
    app: { idleLockSeconds: 400 * 86_400, sessionSeconds: 400 * 86_400 },
    skills: ['billing', 'general'],
    queues: [{ key: 'billing', skills: [{ skill: 'billing', minLevel: 2 }], offerTimeoutSeconds: 600 }],
    users: [
      { name: 'trainer', roles: ['trainer'] },
      { name: 'newhire', skills: [{ skill: 'general', level: 3 }], memberships: [{ queue: 'billing' }] },
    ],
  });
  for (let i = 0; i < 3; i++) {
    await acd.call(
      'trainer',
      'POST',
      '/api/v1/training/questions',
      { type: 'true_false', text: `话费判断题 ${i}`, correct: [1], tags: ['billing'] },
      201,
    );
  }
  examId = (
    await acd.call(
      'trainer',
      'POST',
      '/api/v1/training/exams',
      {
        title: '话费业务认证考试',
        rules: [{ tag: 'billing', count: 3 }],
        limitMinutes: 20,
        passPercent: 80,
        maxAttempts: 3,
      },
      201,
    )
  ).id;
});
afterAll(() => acd.t.close());

async function sit(right: boolean): Promise<Body> {
  const a = await acd.call('newhire', 'POST', `/api/v1/training/exams/${examId}/attempts`, undefined, 201);
  for (const q of a.questions) {
    await acd.call('newhire', 'PUT', `/api/v1/training/attempts/${a.id}/answers/${q.id}`, { choices: [right ? 1 : 0] });
  }
  return acd.call('newhire', 'POST', `/api/v1/training/attempts/${a.id}/submit`);
}
const skills = async () =>
  Object.fromEntries(
    ((await acd.call('admin', 'GET', `/api/v1/agents/${acd.id('newhire')}/routing`)).skills as Body[]).map((s) => [
      s.skill,
      s.level,
    ]),
  );

describe('certification', () => {
  it('an exam score needs its exam; a failed exam awards nothing', async () => {
    const bad = await acd.t.request('POST', '/api/v1/training/certifications', {
      token: acd.token('trainer'),
      body: { name: 'x', level: 'junior', skill: 'billing', skillLevel: 1, criteria: { minExamPercent: 80 } },
    });
    expect(bad.statusCode).toBe(400);
    certId = (
      await acd.call(
        'trainer',
        'POST',
        '/api/v1/training/certifications',
        {
          name: '话费业务中级认证',
          level: 'intermediate',
          skill: 'billing',
          skillLevel: 2,
          criteria: { examId, minExamPercent: 80 },
          validityDays: 180,
        },
        201,
      )
    ).id;
    expect((await sit(false)).result.passed).toBe(false);
    await acd.t.kefu.bus.drain();
    expect(await acd.call('newhire', 'GET', '/api/v1/training/me/awards')).toEqual([]);
    const evaluation = await acd.call('trainer', 'POST', `/api/v1/training/certifications/${certId}/evaluate`, {
      userId: acd.id('newhire'),
    });
    expect(evaluation).toEqual({ awarded: false, unmet: [{ criterion: 'minExamPercent', needed: 80, actual: 0 }] });
  });

  it('passing the exam certifies at once and grants billing at level 2: the ACD offers billing contacts', async () => {
    await acd.ready('newhire');
    const before = await acd.create('billing');
    // Not yet skilled: the contact waits.
    expect((await acd.me('newhire')).offer).toBeNull();
    await acd.call('admin', 'POST', `/api/v1/contacts/${before.id}/abandon`);

    expect((await sit(true)).result).toMatchObject({ percent: 100, passed: true });
    await acd.t.kefu.bus.drain();
    const awards = await acd.call('newhire', 'GET', '/api/v1/training/me/awards');
    expect(awards).toMatchObject([
      { certificationName: '话费业务中级认证', level: 'intermediate', skill: 'billing', skillLevel: 2, active: true },
    ]);
    expect(awards[0].verificationCode).toMatch(/^[A-Z2-9]{10}$/);
    expect(awards[0].expiresAt).toBe('2027-06-05T09:00:00.000Z');
    expect(await skills()).toEqual({ general: 3, billing: 2 });
    const c = await acd.create('billing');
    expect((await acd.me('newhire')).offer).toBe(c.id);
    await acd.call('newhire', 'POST', `/api/v1/contacts/${c.id}/accept`);
    await acd.call('newhire', 'POST', `/api/v1/contacts/${c.id}/complete`, {
      wrapUp: { disposition: 'resolved', requestType: 'inquiry', notes: '' },
    });
  });

  it('when the certification expires the skill is taken back; the hand-given skill stays', async () => {
    clock.advance(179 * 86_400_000);
    expect(await acd.t.kefu.services.training.certifications.sweep()).toBe(0);
    expect(await skills()).toEqual({ general: 3, billing: 2 });
    clock.advance(86_400_000);
    expect(await acd.t.kefu.services.training.certifications.sweep()).toBe(1);
    expect(await skills()).toEqual({ general: 3 });
    expect((await acd.call('newhire', 'GET', '/api/v1/training/me/awards'))[0].active).toBe(false);
    await acd.ready('newhire');
    await acd.create('billing');
    expect((await acd.me('newhire')).offer).toBeNull();
  });
});
