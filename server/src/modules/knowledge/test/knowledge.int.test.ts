/**
 * The knowledge base through the API on a real database and a fixed clock: a draft, its review
 * and publication (the reviewer recorded, never the author alone), search by two-character
 * Chinese words and synonyms with highlights, expiry, new versions beside the published one,
 * suggestions for an offered contact, feedback and the searches that found nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from '../../../../../test/acd';
import { fixedClock } from '../../../platform/clock';

const clock = fixedClock('2026-12-07T02:00:00Z');
let acd: Acd;

beforeAll(async () => {
  acd = await setupAcd({
    clock,
    app: { idleLockSeconds: 30 * 86_400, sessionSeconds: 60 * 86_400 },
    queues: [{ key: 'billing', offerTimeoutSeconds: 600 }],
    users: [
      { name: 'ag1', memberships: [{ queue: 'billing' }] },
      { name: 'author', roles: ['team_lead'] },
      { name: 'reviewer', roles: ['qa'] },
      { name: 'manager', roles: ['trainer'] },
    ],
  });
});
afterAll(() => acd.t.close());

const A = '/api/v1/knowledge/articles';
const search = (who: string, q: string) =>
  acd.call(who, 'GET', `/api/v1/knowledge/search?q=${encodeURIComponent(q)}`) as Promise<{
    items: Array<{
      id: string;
      title: string;
      snippet: string;
      highlights: [number, number][];
      titleHighlights: [number, number][];
    }>;
    words: string[];
  }>;
const ids = (r: { items: Array<{ id: string }> }) => r.items.map((i) => i.id);
const marked = (text: string, ranges: [number, number][]) => ranges.map(([s, e]) => text.slice(s, e));

async function published(body: Record<string, unknown>): Promise<Body> {
  const a = await acd.call('manager', 'POST', A, body, 201);
  return acd.call('manager', 'POST', `${A}/${a.id}/publish`, {});
}

describe('writing, reviewing and publishing', () => {
  let id: string;

  it('a draft is its author’s: agents neither find nor open it', async () => {
    const a = await acd.call(
      'author',
      'POST',
      A,
      {
        title: '宽带故障报修流程',
        body: '<p>客户反映宽带无法上网时，先核实地址。</p><script>alert(1)</script><p onclick="x()">再派单。</p>',
        tags: ['宽带', '报修'],
        expiresAt: '2026-12-31T16:00:00Z',
      },
      201,
    );
    id = a.id;
    expect(a).toMatchObject({ status: 'draft', validity: 'unpublished', published: null });
    expect(a.working).toMatchObject({ version: 1, state: 'draft', author: { id: acd.id('author') } });
    // The body is stored sanitised: no script, no handlers.
    expect(a.working.body).toBe('<p>客户反映宽带无法上网时，先核实地址。</p><p>再派单。</p>');
    expect(await acd.status('ag1', 'GET', `${A}/${id}`)).toBe(404);
    expect(ids(await search('ag1', '宽带'))).not.toContain(id);
    expect(await acd.status('ag1', 'POST', A, { title: 'x' })).toBe(403);
  });

  it('a reviewer cannot publish a draft nobody handed over; the author cannot publish their own', async () => {
    const r = await acd.t.request('POST', `${A}/${id}/publish`, { token: acd.token('reviewer'), body: {} });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('KNOWLEDGE.STATE');
    await acd.call('author', 'POST', `${A}/${id}/submit`);
    expect(await acd.status('author', 'POST', `${A}/${id}/publish`, {})).toBe(403);
  });

  it('sent back with a comment, corrected, handed over again and published by the reviewer, who is recorded', async () => {
    const back = await acd.call('reviewer', 'POST', `${A}/${id}/reject`, { comment: '请补充派单时限' });
    expect(back.working).toMatchObject({
      state: 'rejected',
      reviewComment: '请补充派单时限',
      reviewer: { id: acd.id('reviewer') },
    });
    expect(back.status).toBe('draft');
    await acd.call('author', 'PATCH', `${A}/${id}`, {
      body: '<p>客户反映宽带无法上网时，先核实装机地址，再派单，24 小时内上门。</p>',
      baseVersion: 1,
    });
    await acd.call('author', 'POST', `${A}/${id}/submit`);
    const queue = await acd.call('reviewer', 'GET', `${A}?needsReview=true`);
    expect(queue.items.map((i: Body) => i.id)).toContain(id);
    const done = await acd.call('reviewer', 'POST', `${A}/${id}/publish`, { comment: '可以' });
    expect(done).toMatchObject({ status: 'published', validity: 'current', working: null });
    expect(done.published).toMatchObject({
      version: 1,
      state: 'published',
      reviewer: { id: acd.id('reviewer') },
      author: { id: acd.id('author') },
      reviewComment: '可以',
    });
  });

  it('an agent finds it by a two-character word inside a sentence, highlighted', async () => {
    const r = await search('ag1', '宽带');
    expect(ids(r)).toEqual([id]);
    expect(marked(r.items[0]!.snippet, r.items[0]!.highlights)).toEqual(['宽带']);
    expect(marked(r.items[0]!.title, r.items[0]!.titleHighlights)).toEqual(['宽带']);
    // A question cut into words: 上网 and 派单 are both in it.
    expect(ids(await search('ag1', '无法上网怎么派单'))).toEqual([id]);
    expect(ids(await search('ag1', '上门'))).toEqual([id]);
  });

  it('a new version is written beside the published one, which agents keep reading until it is published', async () => {
    const v2 = await acd.call('author', 'PATCH', `${A}/${id}`, { title: '宽带故障报修流程（新版）', baseVersion: 1 });
    expect(v2.working).toMatchObject({ version: 2, state: 'draft' });
    expect(v2.published.title).toBe('宽带故障报修流程');
    // Someone saving over a version they did not open is refused, not lost.
    const stale = await acd.t.request('PATCH', `${A}/${id}`, {
      token: acd.token('manager'),
      body: { title: 'x', baseVersion: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('KNOWLEDGE.VERSION_CONFLICT');
    // Two editors on the same draft: the second save, opened before the first, is refused too.
    const opened = v2.updatedAt;
    const first = await acd.call('author', 'PATCH', `${A}/${id}`, {
      title: '宽带故障报修流程（新版）',
      baseUpdatedAt: opened,
    });
    const second = await acd.t.request('PATCH', `${A}/${id}`, {
      token: acd.token('manager'),
      body: { title: '覆盖', baseUpdatedAt: opened },
    });
    expect(second.statusCode).toBe(409);
    expect(first.working.title).toBe('宽带故障报修流程（新版）');
    const seen = await acd.call('ag1', 'GET', `${A}/${id}`);
    expect(seen.published.title).toBe('宽带故障报修流程');
    expect(seen.working).toBeNull();
    // The knowledge manager publishes directly; the first version is kept as superseded.
    await acd.call('manager', 'POST', `${A}/${id}/publish`, {});
    const versions = await acd.call('manager', 'GET', `${A}/${id}/versions`);
    expect(versions.map((v: Body) => [v.version, v.state])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    expect((await search('ag1', '新版')).items[0]?.id).toBe(id);
  });

  it('after its expiry it is gone from search, and opened it says expired', async () => {
    clock.set('2026-12-31T16:00:00Z');
    try {
      expect(ids(await search('ag1', '宽带'))).not.toContain(id);
      expect((await acd.call('ag1', 'GET', `${A}/${id}`)).validity).toBe('expired');
      const expired = await acd.call('manager', 'GET', `${A}?validity=expired`);
      expect(expired.items.map((i: Body) => i.id)).toEqual([id]);
    } finally {
      clock.set('2026-12-07T02:00:00Z');
    }
  });
});

describe('search', () => {
  it('synonyms the admin keeps find each other; title ranks above body; English by prefix', async () => {
    const fibre = await published({ title: '光纤入户办理', body: '<p>新装光纤需要预约。</p>' });
    const inBody = await published({ title: '装机须知', body: '<p>办理光纤前请确认地址。</p>' });
    await published({ title: 'VoLTE 高清通话开通', body: '<p>Refunds are not possible for VoLTE packages.</p>' });
    expect(ids(await search('ag1', '光纤')).slice(0, 2)).toEqual([fibre.id, inBody.id]);
    expect(ids(await search('ag1', '网络'))).toEqual([]);
    await acd.call('manager', 'POST', '/api/v1/knowledge/synonyms', { terms: ['宽带', '光纤', '网络'] }, 201);
    const r = await search('ag1', '网络');
    expect(r.words.sort()).toEqual(['光纤', '宽带', '网络'].sort());
    expect(ids(r)).toEqual(expect.arrayContaining([fibre.id, inBody.id]));
    expect((await search('ag1', 'refund')).items[0]?.title).toBe('VoLTE 高清通话开通');
    expect((await search('ag1', 'volte')).items[0]?.title).toBe('VoLTE 高清通话开通');
  });

  it('a troubleshooting tree is found by its steps; a broken one is refused with the step named', async () => {
    const bad = await acd.t.request('POST', A, {
      token: acd.token('manager'),
      body: {
        title: '树',
        kind: 'tree',
        tree: [{ id: 'a', text: '是否亮红灯？', answers: [{ label: '是', next: 'b' }] }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toEqual([
      { location: 'body', path: 'tree.0.answers.0.next', message: 'no step b' },
    ]);
    const dates = await acd.t.request('POST', A, {
      token: acd.token('manager'),
      body: { title: '日期', effectiveFrom: '2026-12-10T00:00:00Z', expiresAt: '2026-12-09T00:00:00Z' },
    });
    expect(dates.statusCode).toBe(400);
    const tree = await published({
      title: '光猫指示灯判断',
      kind: 'tree',
      tree: [
        { id: 'start', text: 'LOS 灯是否亮红灯？', answers: [{ label: '是', next: 'fiber' }] },
        { id: 'fiber', text: '光纤中断，派单上门', answers: [] },
      ],
    });
    expect(ids(await search('ag1', '亮红灯'))).toEqual([tree.id]);
  });

  it('a policy not yet effective is not found until its day', async () => {
    const later = await published({
      title: '春节资费调整',
      body: '<p>春节期间资费不变。</p>',
      effectiveFrom: '2027-01-20T00:00:00Z',
    });
    expect(later.validity).toBe('scheduled');
    expect(ids(await search('ag1', '春节'))).toEqual([]);
    clock.set('2027-01-20T00:00:00Z');
    try {
      expect(ids(await search('ag1', '春节'))).toEqual([later.id]);
    } finally {
      clock.set('2026-12-07T02:00:00Z');
    }
  });
});

describe('on the desktop', () => {
  it('an offered contact brings the articles of its queue and of its IVR choice, current ones only', async () => {
    const queueId = (await acd.call('admin', 'GET', '/api/v1/queues')).find((q: Body) => q.key === 'billing').id;
    const rule = await published({
      title: '账单查询',
      body: '<p>本月账单说明。</p>',
      suggest: { queueIds: [queueId] },
    });
    const keyword = await published({
      title: '停机保号办理',
      body: '<p>停机保号每月 5 元。</p>',
      suggest: { keywords: ['停机'] },
    });
    const gone = await published({
      title: '旧版停机政策',
      body: '<p>已废止。</p>',
      suggest: { keywords: ['停机'] },
      expiresAt: '2026-12-07T01:00:00Z',
    });
    await acd.ready('ag1');
    const c = await acd.create('billing', { attributes: { menu: '停机保号' } });
    const offer = await acd.me('ag1');
    expect(offer.offer).toBe(c.id);
    const s = await acd.call('ag1', 'GET', `/api/v1/knowledge/suggestions?contactId=${c.id}`);
    expect(s.items.map((i: Body) => [i.id, i.reason])).toEqual([
      [keyword.id, 'keyword'],
      [rule.id, 'queue'],
    ]);
    expect(s.items.map((i: Body) => i.id)).not.toContain(gone.id);
    // Another agent's contact is not theirs to read.
    await acd.t.addUser('ag2', ['agent'], { password: 'Agent-pass-2' });
    const other = await acd.t.login('ag2', 'Agent-pass-2');
    const res = await acd.t.request('GET', `/api/v1/knowledge/suggestions?contactId=${c.id}`, { token: other });
    expect(res.statusCode).toBe(404);
  });
});

describe('usage', () => {
  it('readings, helpfulness and the searches that found nothing reach the knowledge manager', async () => {
    const a = await published({ title: '携号转网', body: '<p>携号转网需满足在网时长。</p>' });
    await acd.call('ag1', 'GET', `${A}/${a.id}?from=search`);
    await acd.call('ag1', 'GET', `${A}/${a.id}?from=suggestion`);
    // An editor's load or an API read is not a reading.
    await acd.call('manager', 'GET', `${A}/${a.id}`);
    const rated = await acd.call('ag1', 'POST', `${A}/${a.id}/feedback`, { helpful: false, comment: '缺少办理地点' });
    expect(rated).toMatchObject({ views: 2, helpful: { yes: 0, no: 1 }, myFeedback: false });
    // A changed mind replaces the answer.
    expect((await acd.call('ag1', 'POST', `${A}/${a.id}/feedback`, { helpful: true })).helpful).toEqual({
      yes: 1,
      no: 0,
    });
    await search('ag1', '五星级会员权益');
    await search('ag1', '五星级会员权益');
    const u = await acd.call('manager', 'GET', '/api/v1/knowledge/analytics');
    expect(u.mostViewed[0]).toEqual({ id: a.id, title: '携号转网', views: 2 });
    expect(u.noResult[0]).toMatchObject({ q: '五星级会员权益', count: 2 });
    expect(u.searchesWithoutResult).toBeGreaterThanOrEqual(2);
    expect(await acd.status('ag1', 'GET', '/api/v1/knowledge/analytics')).toBe(403);
  });

  it('a category holding articles is not deleted', async () => {
    const c = await acd.call('manager', 'POST', '/api/v1/knowledge/categories', { name: '业务政策' }, 201);
    await published({ title: '分类文章', categoryId: c.id });
    const res = await acd.t.request('DELETE', `/api/v1/knowledge/categories/${c.id}`, { token: acd.token('manager') });
    expect(res.statusCode).toBe(409);
    const cats = await acd.call('ag1', 'GET', '/api/v1/knowledge/categories');
    expect(cats.find((x: Body) => x.id === c.id)?.articles).toBe(1);
  });
});
