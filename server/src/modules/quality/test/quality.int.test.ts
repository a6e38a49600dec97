/**
 * Quality end to end through the API: a handled call's recording checked automatically (overtalk,
 * silence, a long hold), an evaluation pre-filled from the checks, saved, submitted; who sees what;
 * acknowledge and appeal, a second reviewer's change kept beside the first score; scorecard
 * versions; the rule authors' dry run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from '../../../../../test/acd';
import { encodeWav } from '../../telephony';
import type { SpeechToText } from '..';
import { stereoCall } from './stereo-call';

let acd: Acd;
let dir: string;
let shiftMs = 0;
const DAY = 86_400_000;

const handle = async (agent: string, attributes: Record<string, unknown> = {}, requestType = 'query') => {
  const c = await acd.create('qq', { attributes, customer: { id: `k-${randomUUID()}` } });
  await acd.ready(agent);
  await acd.call(agent, 'POST', `/api/v1/contacts/${c.id}/accept`);
  await acd.call(agent, 'POST', `/api/v1/contacts/${c.id}/complete`, {
    wrapUp: { disposition: 'resolved', requestType, notes: '' },
  });
  // Out of the way of the next contact, which goes to whoever the test makes ready.
  await acd.call(agent, 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
  await acd.t.kefu.bus.drain();
  return c.id as string;
};

const stage = <N extends 'voice.recording.stored' | 'voice.call.resumed'>(name: N, payload: Body) =>
  acd.t.kefu.bus.transaction((tx) => acd.t.kefu.bus.stage(tx, name, payload));

let callContact: string;

/**
 * The speech-to-text port's test double: what each speech turn of the generated call says, by
 * when the turn starts (the audio checks find the turns; the double only supplies their words).
 */
const SCRIPT = [
  { startMs: 1000, text: '您好，很高兴为您服务' },
  { startMs: 4500, text: '我的宽带坏了，一直断线' },
  { startMs: 7500, text: '这个不归我管，您找别人' },
  { startMs: 18_500, text: '那我该怎么办' },
  { startMs: 21_200, text: '感谢您的来电，再见' },
];
const speechToText: SpeechToText = {
  language: 'zh',
  async transcribe(_samples, _rate, segments) {
    return segments.map((seg) => SCRIPT.find((x) => Math.abs(x.startMs - seg.startMs) <= 200)?.text ?? '');
  },
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-quality-'));
  acd = await setupAcd({
    clock: { now: () => new Date(Date.now() + shiftMs) },
    app: { recordings: { dir, key: randomBytes(32), keyId: 'test', retentionDays: 180 }, speechToText },
    queues: [{ key: 'qq', offerTimeoutSeconds: 30, wrapUpSeconds: 60 }],
    users: [
      { name: 'ag1', memberships: [{ queue: 'qq' }] },
      { name: 'ag2', memberships: [{ queue: 'qq' }] },
      { name: 'lead1', roles: ['team_lead', 'agent'] },
      { name: 'eva', roles: ['qa', 'agent'], memberships: [{ queue: 'qq' }] },
      { name: 'rev', roles: ['qa'] },
    ],
  });
  const team = await acd.call('admin', 'POST', '/api/v1/teams', { name: '质检一组', leadUserId: acd.id('lead1') }, 201);
  await acd.call('admin', 'PATCH', `/api/v1/users/${acd.id('ag1')}`, { teamId: team.id });

  // A 30-second call: the agent talks over the caller for 1.5 s, then 6.5 s of silence.
  const callId = randomUUID();
  const wav = encodeWav({
    sampleRate: 8000,
    channels: 2,
    samples: stereoCall(30_000, [
      { party: 'agent', startMs: 1000, endMs: 4000 },
      { party: 'customer', startMs: 4500, endMs: 9000 },
      { party: 'agent', startMs: 7500, endMs: 12_000 },
      { party: 'customer', startMs: 18_500, endMs: 21_000 },
      { party: 'agent', startMs: 21_200, endMs: 25_000 },
    ]),
  });
  const store = acd.t.kefu.services.recordings!;
  const temp = store.tempPath(callId);
  writeFileSync(temp, wav);
  const recordingId = await store.store(callId, temp, 30_000);
  callContact = await handle('ag1', { callId });
  await stage('voice.call.resumed', {
    callId,
    contactId: callContact,
    agentId: acd.id('ag1'),
    by: 'desktop',
    // On hold from 30 s to 105 s of the call: after the recorded talk.
    at: new Date(Date.now() + 105_000).toISOString(),
    heldMs: 75_000,
  });
  await stage('voice.recording.stored', {
    callId,
    recordingId,
    kind: 'conversation',
    durationMs: 30_000,
    storedAt: new Date(Date.now() + 1000).toISOString(),
  });
  await acd.t.kefu.bus.drain();
  await acd.t.kefu.services.quality.autoChecks.scan();
}, 120_000);

afterAll(async () => {
  await acd?.t.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('automatic checks on every handled call', () => {
  it('measures overtalk and silence from the stereo recording and finds the long hold', async () => {
    const c = await acd.call('eva', 'GET', `/api/v1/quality/contacts/${callContact}`);
    expect(c).toMatchObject({ agentId: acd.id('ag1'), holdMs: 75_000, recordingMs: 30_000 });
    expect(c.autoCheckedAt).not.toBeNull();
    const byRule = Object.fromEntries(c.findings.map((f: Body) => [f.rule, f]));
    expect(Object.keys(byRule).sort()).toEqual(['forbidden', 'long-hold', 'overtalk', 'silence']);
    // The transcript (speech to text per turn, each party from its own channel) and its phrase rules.
    expect(c.transcript.map((l: Body) => [l.speaker, l.text])).toEqual([
      ['agent', '您好，很高兴为您服务'],
      ['customer', '我的宽带坏了，一直断线'],
      ['agent', '这个不归我管，您找别人'],
      ['customer', '那我该怎么办'],
      ['agent', '感谢您的来电，再见'],
    ]);
    expect(byRule.forbidden).toMatchObject({ speaker: 'agent', text: '不归我管' });
    expect(Math.abs(byRule.forbidden.atMs - 7500)).toBeLessThanOrEqual(40);
    expect(Math.abs(byRule.overtalk.durationMs - 1500)).toBeLessThanOrEqual(80);
    expect(Math.abs(byRule.overtalk.atMs - 7500)).toBeLessThanOrEqual(40);
    expect(Math.abs(byRule.silence.durationMs - 6500)).toBeLessThanOrEqual(80);
    expect(byRule['long-hold'].durationMs).toBe(75_000);
    expect(Math.abs(c.overtalkMs - 1500)).toBeLessThanOrEqual(80);
  });

  it('answers a rule author’s dry run on a sample transcript', async () => {
    const res = await acd.call('eva', 'POST', '/api/v1/quality/auto-check', {
      language: 'zh-CN',
      transcript: [
        { speaker: 'agent', text: '喂？', startMs: 0 },
        { speaker: 'customer', text: '我的宽带坏了' },
        { speaker: 'agent', text: '这个不归我管，我不能够理解你说的', startMs: 5000 },
      ],
    });
    expect(res.findings).toEqual([
      { rule: 'greeting', kind: 'required_missing', speaker: 'agent' },
      { rule: 'closing', kind: 'required_missing', speaker: 'agent' },
      { rule: 'forbidden', kind: 'forbidden_phrase', speaker: 'agent', text: '不归我管', atMs: 5000 },
    ]);
    const bad = await acd.t.request('POST', '/api/v1/quality/auto-check', {
      token: acd.token('eva'),
      body: { language: 'zh', transcript: [{ speaker: 'robot', text: 'x' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(await acd.status('ag1', 'POST', '/api/v1/quality/auto-check', { language: 'zh', transcript: [] })).toBe(403);
  });
});

describe('evaluating a contact', () => {
  let evaluation: Body;

  it('opens a draft with the default scorecard, pre-filled from the automatic checks', async () => {
    evaluation = await acd.call('eva', 'POST', '/api/v1/quality/evaluations', { contactId: callContact }, 201);
    expect(evaluation).toMatchObject({ status: 'draft', agentId: acd.id('ag1'), scorecardVersion: 1 });
    expect(evaluation.autoSuggestions).toMatchObject({
      'no-dead-air': 'fail',
      hold: 'fail',
      interrupting: 'fail',
      greeting: 'pass',
      closing: 'pass',
      forbidden: 'fail',
    });
    expect(evaluation.answers).toEqual(evaluation.autoSuggestions);
    // Starting again returns the same draft.
    const again = await acd.call('eva', 'POST', '/api/v1/quality/evaluations', { contactId: callContact }, 201);
    expect(again.id).toBe(evaluation.id);
  });

  it('saves partial answers, refuses wrong ones by item, and submits only when complete', async () => {
    const bad = await acd.t.request('PATCH', `/api/v1/quality/evaluations/${evaluation.id}`, {
      token: acd.token('eva'),
      body: { answers: { ...evaluation.answers, listening: 9 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'QUALITY.ANSWERS_INVALID',
      details: { fields: [{ location: 'body', path: 'answers.listening', message: 'answer 1 to 5' }] },
    });
    const early = await acd.t.request('POST', `/api/v1/quality/evaluations/${evaluation.id}/submit`, {
      token: acd.token('eva'),
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.fields.map((f: Body) => f.path)).toContain('answers.verification');

    const answers = {
      ...evaluation.answers,
      verification: 'na',
      listening: 4,
      clarity: 5,
      accuracy: 'pass',
      solution: 'pass',
      closing: 'pass',
      beyond: 'fail',
      'data-protection': 'pass',
      abuse: 'pass',
      // The evaluator overrules a suggestion: on listening, the phrase was a quote of the customer.
      forbidden: 'pass',
    };
    const saved = await acd.call('eva', 'PATCH', `/api/v1/quality/evaluations/${evaluation.id}`, {
      answers,
      summary: '抢话一次，冷场 6 秒',
    });
    // Required: greeting 10 + listening 15×¾ + clarity 10 + accuracy 20 + solution 15 + closing 5
    // = 71.25 of 85 (verification N/A; no-dead-air and hold failed) → 83.82; −5 for interrupting.
    expect(saved.breakdown).toMatchObject({ possible: 85, earned: 71.25, deductions: 5, naItems: ['verification'] });
    expect(saved.score).toBe(78.82);
    await acd.call('eva', 'POST', `/api/v1/quality/evaluations/${evaluation.id}/comments`, {
      text: '这里打断了客户',
      atMs: 7500,
    });
    evaluation = await acd.call('eva', 'POST', `/api/v1/quality/evaluations/${evaluation.id}/submit`);
    expect(evaluation).toMatchObject({ status: 'submitted', score: 78.82, revision: 1 });
    expect(evaluation.history).toHaveLength(1);
    expect(evaluation.comments).toMatchObject([{ atMs: 7500, text: '这里打断了客户', authorName: 'eva' }]);
  });

  it('opens one draft when "start" is clicked twice at once, also in a calibration session', async () => {
    for (let i = 0; i < 3; i++) {
      const contactId = await handle('ag2');
      const both = await Promise.all(
        [0, 1].map(() =>
          acd.t.request('POST', '/api/v1/quality/evaluations', { token: acd.token('rev'), body: { contactId } }),
        ),
      );
      expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
      const [a, b] = both.map((r) => r.json());
      expect(a.id).toBe(b.id);
    }
    const contact = await handle('ag2');
    const session = await acd.call(
      'admin',
      'POST',
      '/api/v1/quality/calibrations',
      { title: '双击', contactIds: [contact], evaluatorIds: [acd.id('rev'), acd.id('eva')] },
      201,
    );
    const both = await Promise.all(
      [0, 1].map(() =>
        acd.t.request('POST', `/api/v1/quality/calibrations/${session.id}/evaluations`, {
          token: acd.token('rev'),
          body: { contactId: contact },
        }),
      ),
    );
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(both[0]!.json().id).toBe(both[1]!.json().id);
  });

  it('keeps both of two rule sets saved at once, as consecutive versions', async () => {
    const { rules } = await acd.call('eva', 'GET', '/api/v1/quality/rules');
    const both = await Promise.all(
      [0, 1].map(() => acd.t.request('PUT', '/api/v1/quality/rules', { token: acd.token('eva'), body: { rules } })),
    );
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    const versions = both.map((r) => r.json().version as number).sort((x, y) => x - y);
    expect(versions[1]).toBe(versions[0]! + 1);
  });

  it('lets nobody evaluate their own contact', async () => {
    const own = await handle('eva');
    const res = await acd.t.request('POST', '/api/v1/quality/evaluations', {
      token: acd.token('eva'),
      body: { contactId: own },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('QUALITY.OWN_CONTACT');
  });

  it('shows the agent their own, the team lead the team’s, and nobody else', async () => {
    expect((await acd.call('ag1', 'GET', '/api/v1/quality/evaluations')).items.map((e: Body) => e.id)).toEqual([
      evaluation.id,
    ]);
    expect((await acd.call('lead1', 'GET', '/api/v1/quality/evaluations')).total).toBe(1);
    expect((await acd.call('ag2', 'GET', '/api/v1/quality/evaluations')).total).toBe(0);
    expect(await acd.status('ag2', 'GET', `/api/v1/quality/evaluations/${evaluation.id}`)).toBe(404);
    expect(await acd.status('ag2', 'GET', `/api/v1/quality/contacts/${callContact}`)).toBe(404);
    expect(await acd.status('ag1', 'POST', '/api/v1/quality/evaluations', { contactId: callContact })).toBe(403);
  });

  it('takes the agent’s appeal to a second reviewer, whose change is kept beside the first score', async () => {
    const appealed = await acd.call('ag1', 'POST', `/api/v1/quality/evaluations/${evaluation.id}/appeal`, {
      reason: '那次是客户在等待时的背景音，不是冷场',
      items: ['no-dead-air'],
    });
    expect(appealed.status).toBe('appealed');
    const [appeal] = await acd.call('rev', 'GET', '/api/v1/quality/appeals?status=open');
    expect(appeal).toMatchObject({ evaluationId: evaluation.id, items: ['no-dead-air'], scoreBefore: 78.82 });

    const byEvaluator = await acd.t.request('POST', `/api/v1/quality/appeals/${appeal.id}/decision`, {
      token: acd.token('eva'),
      body: { outcome: 'upheld', note: '维持' },
    });
    expect(byEvaluator.statusCode).toBe(403);
    expect(byEvaluator.json().error.code).toBe('QUALITY.REVIEWER_IS_EVALUATOR');

    const decided = await acd.call('rev', 'POST', `/api/v1/quality/appeals/${appeal.id}/decision`, {
      outcome: 'changed',
      note: '复听确认为客户侧噪声，改为达标',
      answers: { 'no-dead-air': 'pass' },
    });
    expect(decided).toMatchObject({ status: 'revised', revision: 2 });
    expect(decided.score).toBeCloseTo((76.25 / 85) * 100 - 5, 2);
    expect(decided.history.map((h: Body) => [h.reason, h.score])).toEqual([
      ['submitted', 78.82],
      ['appeal_changed', decided.score],
    ]);
    expect(decided.appeals).toMatchObject([
      { status: 'changed', scoreAfter: decided.score, reviewerId: acd.id('rev') },
    ]);
    // The agent sees the outcome and acknowledges it.
    const seen = await acd.call('ag1', 'POST', `/api/v1/quality/evaluations/${evaluation.id}/acknowledge`);
    expect(seen.acknowledgedAt).not.toBeNull();

    // The inboxes: the agent heard of the evaluation and of the decision, the evaluator of the appeal
    // and of the decision; nobody of their own act, nobody of the acknowledgement.
    await acd.t.kefu.bus.drain();
    const inbox = async (user: string) =>
      (await acd.call(user, 'GET', '/api/v1/notifications/inbox')).items
        .filter((i: Body) => i.details.evaluationId === evaluation.id)
        .map((i: Body) => [i.kind, i.actorName, i.details.status, i.details.score])
        .reverse();
    expect(await inbox('ag1')).toEqual([
      ['quality.evaluated', 'eva', 'submitted', 78.82],
      ['quality.decided', 'rev', 'revised', decided.score],
    ]);
    expect(await inbox('eva')).toEqual([
      ['quality.appealed', 'ag1', 'appealed', 78.82],
      ['quality.decided', 'rev', 'revised', decided.score],
    ]);
    expect(await inbox('rev')).toEqual([]);
  });

  it('closes the appeal window after 7 days', async () => {
    const other = await handle('ag1');
    const e = await acd.call('eva', 'POST', '/api/v1/quality/evaluations', { contactId: other }, 201);
    const answers = Object.fromEntries(
      e.scorecard.content.sections.flatMap((s: Body) =>
        s.items.map((i: Body) => [i.key, i.answerType === 'scale' ? 5 : 'pass']),
      ),
    );
    await acd.call('eva', 'PATCH', `/api/v1/quality/evaluations/${e.id}`, { answers });
    const done = await acd.call('eva', 'POST', `/api/v1/quality/evaluations/${e.id}/submit`);
    expect(done.score).toBe(100);
    shiftMs = 8 * DAY;
    try {
      acd.users.ag1!.token = await acd.t.login('ag1', 'Agent-pass-1');
      const late = await acd.t.request('POST', `/api/v1/quality/evaluations/${e.id}/appeal`, {
        token: acd.token('ag1'),
        body: { reason: '太晚了' },
      });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('QUALITY.APPEAL_WINDOW_CLOSED');
    } finally {
      shiftMs = 0;
    }
  });
});

describe('scorecard versions', () => {
  it('keeps a published version unchanged while the draft moves on', async () => {
    const [card] = await acd.call('eva', 'GET', '/api/v1/quality/scorecards');
    expect(card).toMatchObject({ isDefault: true, version: 1, draft: null });
    const content = structuredClone(card.content);
    content.sections[0].items[0].weight = 20;
    const edited = await acd.call('eva', 'PATCH', `/api/v1/quality/scorecards/${card.id}`, { content });
    expect(edited).toMatchObject({ version: 1 });
    expect(edited.draft.sections[0].items[0].weight).toBe(20);
    expect(edited.content.sections[0].items[0].weight).toBe(10);
    const published = await acd.call('eva', 'POST', `/api/v1/quality/scorecards/${card.id}/publish`);
    expect(published).toMatchObject({ version: 2, draft: null });
    const v1 = await acd.call('eva', 'GET', `/api/v1/quality/scorecards/${card.id}/versions/1`);
    expect(v1.content.sections[0].items[0].weight).toBe(10);
    const again = await acd.t.request('POST', `/api/v1/quality/scorecards/${card.id}/publish`, {
      token: acd.token('eva'),
    });
    expect(again.json().error.code).toBe('QUALITY.NOTHING_TO_PUBLISH');
    // Evaluations keep the version they were started with.
    const list = await acd.call('rev', 'GET', '/api/v1/quality/evaluations');
    expect(list.items.every((e: Body) => e.scorecardVersion === 1)).toBe(true);
  });

  it('refuses an invalid scorecard with the field that is wrong', async () => {
    const res = await acd.t.request('POST', '/api/v1/quality/scorecards', {
      token: acd.token('eva'),
      body: {
        name: '坏的',
        content: { sections: [{ key: 's', title: 'S', items: [{ key: 'a', label: 'a', kind: 'bonus', weight: 5 }] }] },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toContain('a scorecard needs at least one required item');
    expect(await acd.status('ag1', 'GET', '/api/v1/quality/scorecards')).toBe(403);
  });
});

describe('reports, gaps and findings', () => {
  const range = () => {
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  };

  it('scores each agent with the appeal outcome counted, and the lead sees the team only', async () => {
    const report = await acd.call('rev', 'GET', `/api/v1/quality/reports?groupBy=agent&${range()}`);
    const ag1 = report.rows.find((r: Body) => r.key === acd.id('ag1'));
    expect(ag1).toMatchObject({ evaluations: 2, appeals: 1, appealsChanged: 1, fatal: 0, maxScore: 100 });
    expect(ag1.meanScore).toBeCloseTo((84.71 + 100) / 2, 1);
    expect(report.total.evaluations).toBe(2);
    const mine = await acd.call('ag2', 'GET', `/api/v1/quality/reports?groupBy=agent&${range()}`);
    expect(mine.total.evaluations).toBe(0);
  });

  it('shows the quality score in the agent performance report, with the contacts behind it', async () => {
    const q = `groupBy=agent&agent=${acd.id('ag1')}&${range()}`;
    const report = await acd.call('admin', 'GET', `/api/v1/reports/kpis?${q}`);
    const [ag1] = report.rows;
    expect(ag1).toMatchObject({ key: acd.id('ag1'), qualityEvaluations: 2, handled: expect.any(Number) });
    // The appeal's changed score counts, not the first one (78.82).
    expect(ag1.qualityScore).toBe(Math.round(((84.71 + 100) / 2) * 10) / 10);
    const drill = await acd.call('admin', 'GET', `/api/v1/reports/contacts?figure=evaluated&key=${acd.id('ag1')}&${q}`);
    expect(drill.total).toBe(2);
    expect(drill.items.map((c: Body) => c.id)).toContain(callContact);
  });

  it('lists the items that fail most', async () => {
    const gaps = await acd.call('rev', 'GET', `/api/v1/quality/gaps?agentId=${acd.id('ag1')}&${range()}`);
    expect(gaps.map((g: Body) => [g.item, g.failed, g.evaluated])).toEqual([
      ['hold', 1, 2],
      ['interrupting', 1, 2],
      // A scale item below full marks counts as a miss (4 of 5 for listening).
      ['listening', 1, 2],
    ]);
    expect(gaps[0]).toMatchObject({ label: '保持规范', kind: 'required', failRate: 0.5 });
  });

  it('leaves an item answered N/A out of the evaluated count of the gap analysis', async () => {
    const evaluate = async (hold: 'fail' | 'na') => {
      const e = await acd.call('eva', 'POST', '/api/v1/quality/evaluations', { contactId: await handle('ag1') }, 201);
      const answers = Object.fromEntries(
        e.scorecard.content.sections.flatMap((s: Body) =>
          s.items.map((i: Body) => [i.key, i.answerType === 'scale' ? 5 : i.kind === 'bonus' ? 'fail' : 'pass']),
        ),
      );
      await acd.call('eva', 'PATCH', `/api/v1/quality/evaluations/${e.id}`, { answers: { ...answers, hold } });
      await acd.call('eva', 'POST', `/api/v1/quality/evaluations/${e.id}/submit`);
    };
    await evaluate('fail');
    await evaluate('na');
    // The contacts are handled on the test's clock (a week ahead by now): a range that holds both.
    const from = encodeURIComponent(new Date(Date.now() - DAY).toISOString());
    const to = encodeURIComponent(new Date(Date.now() + 10 * DAY).toISOString());
    const gaps = await acd.call('rev', 'GET', `/api/v1/quality/gaps?agentId=${acd.id('ag1')}&from=${from}&to=${to}`);
    // hold: failed in the first evaluation and now once more; of four evaluations one answered N/A.
    expect(gaps.find((g: Body) => g.item === 'hold')).toMatchObject({ failed: 2, evaluated: 3 });
  });

  it('finds every call with overtalk this week', async () => {
    const found = await acd.call('rev', 'GET', `/api/v1/quality/findings?kind=overtalk&${range()}`);
    expect(found.items).toMatchObject([{ contactId: callContact, rule: 'overtalk', agentName: 'ag1' }]);
    expect((await acd.call('ag2', 'GET', `/api/v1/quality/findings?${range()}`)).total).toBe(0);
  });
});

describe('calibration, coaching and examples', () => {
  it('shows two evaluators’ disagreement per item and each one’s deviation, blind until closed', async () => {
    const contact = await handle('ag2');
    // The QA lead (admin here) runs the session and does not score; eva and rev score.
    const session = await acd.call(
      'admin',
      'POST',
      '/api/v1/quality/calibrations',
      { title: '十二月校准', contactIds: [contact], evaluatorIds: [acd.id('eva'), acd.id('rev')] },
      201,
    );
    const score = async (who: string, listening: number, accuracy: 'pass' | 'fail') => {
      const e = await acd.call(who, 'POST', `/api/v1/quality/calibrations/${session.id}/evaluations`, {
        contactId: contact,
      });
      const answers = Object.fromEntries(
        e.scorecard.content.sections.flatMap((s: Body) =>
          s.items.map((i: Body) => [i.key, i.answerType === 'scale' ? 5 : 'pass']),
        ),
      );
      await acd.call(who, 'PATCH', `/api/v1/quality/evaluations/${e.id}`, {
        answers: { ...answers, listening, accuracy, beyond: 'fail' },
      });
      return acd.call(who, 'POST', `/api/v1/quality/evaluations/${e.id}/submit`);
    };
    const a = await score('eva', 5, 'pass');
    const b = await score('rev', 3, 'fail');
    // Blind while open: an evaluator sees only their own (though the qa role holds qa.manage); the
    // agent sees none of it.
    const blind = await acd.call('eva', 'GET', `/api/v1/quality/calibrations/${session.id}`);
    expect(blind.contacts).toBeNull();
    expect(Object.keys(blind.mine)).toEqual([contact]);
    expect(await acd.status('eva', 'GET', `/api/v1/quality/evaluations/${b.id}`)).toBe(404);
    expect((await acd.call('ag2', 'GET', '/api/v1/quality/evaluations')).total).toBe(0);
    // Version 2 of the default scorecard (the greeting weighs 20): 110 points of required items.
    expect(a.score).toBe(100);
    expect(b.score).toBeCloseTo(((110 - 7.5 - 20) / 110) * 100, 2);
    const view = await acd.call('admin', 'GET', `/api/v1/quality/calibrations/${session.id}`);
    const items = Object.fromEntries(view.contacts[0].items.map((i: Body) => [i.item, i]));
    expect(items.listening.answers).toEqual({ [acd.id('eva')]: 5, [acd.id('rev')]: 3 });
    expect(items.listening.disagree).toBe(1);
    expect(items.accuracy.disagree).toBe(1);
    expect(items.greeting.disagree).toBe(0);
    expect(view.contacts[0].spread).toBeCloseTo(25, 2);
    // Split 1–1, nobody is declared right: no consensus on those items, the mean score stands in.
    expect([items.listening.consensus, items.accuracy.consensus, items.greeting.consensus]).toEqual([
      null,
      null,
      'pass',
    ]);
    expect(view.contacts[0].consensusScore).toBeCloseTo(87.5, 2);
    expect(view.deviation[acd.id('eva')]).toBeCloseTo(12.5, 2);
    expect(view.deviation[acd.id('rev')]).toBeCloseTo(12.5, 2);
    const badAgreed = await acd.t.request('POST', `/api/v1/quality/calibrations/${session.id}/close`, {
      token: acd.admin,
      body: { agreed: { [contact]: { listening: 9 } } },
    });
    expect(badAgreed.statusCode).toBe(400);
    const closed = await acd.call('admin', 'POST', `/api/v1/quality/calibrations/${session.id}/close`, {
      agreed: { [contact]: { listening: 4, accuracy: 'pass' } },
    });
    expect(closed.status).toBe('closed');
    const consensus = ((110 - 3.75) / 110) * 100;
    expect(closed.contacts[0].consensusScore).toBeCloseTo(consensus, 2);
    expect(closed.deviation[acd.id('eva')]).toBeCloseTo(100 - consensus, 1);
    expect(closed.deviation[acd.id('rev')]).toBeCloseTo(consensus - 75, 1);
  });

  it('lets the team lead coach their agent and nobody else’s', async () => {
    const due = new Date(Date.now() + 3 * DAY).toISOString();
    const task = await acd.call(
      'lead1',
      'POST',
      '/api/v1/quality/coaching',
      { agentId: acd.id('ag1'), goal: '练习不打断客户', items: ['interrupting'], dueAt: due },
      201,
    );
    expect(task).toMatchObject({ agentName: 'ag1', coachName: 'lead1', status: 'open' });
    expect(
      await acd.status('lead1', 'POST', '/api/v1/quality/coaching', { agentId: acd.id('ag2'), goal: 'x', dueAt: due }),
    ).toBe(403);
    expect((await acd.call('ag1', 'GET', '/api/v1/quality/coaching')).map((c: Body) => c.id)).toEqual([task.id]);
    const done = await acd.call('lead1', 'PATCH', `/api/v1/quality/coaching/${task.id}`, {
      status: 'done',
      notes: '已练习',
    });
    expect(done.doneAt).not.toBeNull();
  });

  it('shows an example to the audience it was shared with', async () => {
    const ex = await acd.call(
      'rev',
      'POST',
      '/api/v1/quality/examples',
      { contactId: callContact, title: '耐心解释宽带故障', audience: 'leads' },
      201,
    );
    expect(ex.agentName).toBe('ag1');
    expect((await acd.call('lead1', 'GET', '/api/v1/quality/examples')).map((e: Body) => e.id)).toContain(ex.id);
    expect((await acd.call('ag2', 'GET', '/api/v1/quality/examples')).map((e: Body) => e.id)).not.toContain(ex.id);
  });

  it('plays an example’s recording to its audience only, and audits each playback', async () => {
    const ex = await acd.call(
      'rev',
      'POST',
      '/api/v1/quality/examples',
      { contactId: callContact, title: '冷场处理示范', audience: 'leads' },
      201,
    );
    expect(ex.hasRecording).toBe(true);
    const url = `/api/v1/quality/examples/${ex.id}/recording`;
    const played = await acd.t.request('GET', url, { token: acd.token('lead1') });
    expect(played.statusCode).toBe(200);
    expect(played.headers['content-type']).toBe('audio/wav');
    expect(played.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    // An agent is outside a 'leads' example's audience: as if it did not exist.
    const refused = await acd.t.request('GET', url, { token: acd.token('ag2') });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('QUALITY.EXAMPLE_NOT_FOUND');
    // Shared with everyone, the agent listens — though the evaluated contact is not theirs to open.
    const open = await acd.call(
      'rev',
      'POST',
      '/api/v1/quality/examples',
      { contactId: callContact, title: '标准开场白', audience: 'everyone' },
      201,
    );
    expect(await acd.status('ag2', 'GET', `/api/v1/quality/examples/${open.id}/recording`)).toBe(200);
    const audit = await acd.call('admin', 'GET', '/api/v1/audit?action=telephony.recording.played');
    const byExample = audit.items.filter((a: Body) => a.details?.exampleId);
    expect(byExample.map((a: Body) => [a.actorName, a.details.exampleId]).sort()).toEqual(
      [
        ['ag2', open.id],
        ['lead1', ex.id],
      ].sort(),
    );
  });
});
