/**
 * Announcements (公告板) through the API: addressed to a team, a role or everyone (named at
 * publication), confirmed by each reader (a quiz must be answered right), followed up per team by
 * the sender and the team lead; team leads reach only their teams; handover notes stay in the team.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from '../../../../../test/acd';

let acd: Acd;
let east: string;
let west: string;

beforeAll(async () => {
  acd = await setupAcd({
    queues: [],
    users: [
      { name: 'boss', roles: ['supervisor'] },
      { name: 'qa1', roles: ['qa'] },
    ],
  });
  const lead = await acd.t.addUser('lead1', ['team_lead'], { password: 'Agent-pass-1' });
  acd.users.lead1 = { id: lead, token: await acd.t.login('lead1', 'Agent-pass-1') };
  east = (await acd.call('admin', 'POST', '/api/v1/teams', { name: '东区班组', leadUserId: lead }, 201)).id;
  west = (await acd.call('admin', 'POST', '/api/v1/teams', { name: '西区班组' }, 201)).id;
  for (const [name, teamId] of [
    ['e1', east],
    ['e2', east],
    ['w1', west],
  ] as const) {
    const id = await acd.t.addUser(name, ['agent'], { password: 'Agent-pass-1', teamId });
    acd.users[name] = { id, token: await acd.t.login(name, 'Agent-pass-1') };
  }
});
afterAll(() => acd.t.close());

const quiz = [
  { text: '新资费何时生效？', options: ['12月1日', '1月1日'], correct: 1 },
  { text: '老用户是否自动变更？', options: ['是', '否'], correct: 1 },
];

describe('an announcement with a quiz to two teams', () => {
  let id: string;

  it('names its readers at publication; each sees it as pending, without the answers', async () => {
    const a = await acd.call(
      'boss',
      'POST',
      '/api/v1/announcements',
      {
        title: '2027 年资费调整',
        body: '<p>自 1 月 1 日起新资费生效。</p><img src=x onerror=alert(1)>',
        audience: { kind: 'teams', teamIds: [east, west] },
        quiz,
      },
      201,
    );
    id = a.id;
    expect(a).toMatchObject({ readers: 3, read: 0, confirmed: 0, requireConfirmation: true });
    expect(a.body).not.toContain('onerror');
    const mine = await acd.call('e1', 'GET', '/api/v1/announcements/mine?pending=true');
    expect(mine.items.map((x: Body) => x.id)).toEqual([id]);
    expect(mine.items[0].quiz).toEqual(quiz.map(({ text, options }) => ({ text, options })));
    // Not addressed to the QA staff.
    expect((await acd.call('qa1', 'GET', '/api/v1/announcements/mine')).items).toEqual([]);
    expect(await acd.status('qa1', 'POST', `/api/v1/announcements/${id}/confirm`, { answers: [1, 1] })).toBe(404);
  });

  it('a wrong answer names the question and confirms nothing; the right answers confirm once', async () => {
    expect(await acd.status('e1', 'POST', `/api/v1/announcements/${id}/read`)).toBe(204);
    expect(await acd.call('e1', 'POST', `/api/v1/announcements/${id}/confirm`, { answers: [1, 0] })).toEqual({
      confirmed: false,
      wrong: [1],
    });
    const ok = await acd.call('e1', 'POST', `/api/v1/announcements/${id}/confirm`, { answers: [1, 1] });
    expect(ok.confirmed).toBe(true);
    expect((await acd.call('e1', 'POST', `/api/v1/announcements/${id}/confirm`, { answers: [] })).confirmedAt).toBe(
      ok.confirmedAt,
    );
    expect((await acd.call('e1', 'GET', '/api/v1/announcements/mine?pending=true')).items).toEqual([]);
    expect((await acd.call('e1', 'GET', '/api/v1/announcements/mine')).items[0].confirmedAt).toBe(ok.confirmedAt);
  });

  it('the sender sees who has not confirmed per team; the team lead only their team', async () => {
    const all = await acd.call('boss', 'GET', `/api/v1/announcements/${id}/status`);
    expect(
      all.teams.map((t: Body) => [t.teamName, t.readers, t.confirmed, t.pending.map((p: Body) => p.name)]),
    ).toEqual([
      ['东区班组', 2, 1, ['e2']],
      ['西区班组', 1, 0, ['w1']],
    ]);
    const led = await acd.call('lead1', 'GET', `/api/v1/announcements/${id}/status`);
    expect(led.teams.map((t: Body) => t.teamName)).toEqual(['东区班组']);
    const list = await acd.call('boss', 'GET', '/api/v1/announcements');
    expect(list.items[0]).toMatchObject({ id, readers: 3, read: 1, confirmed: 1 });
  });
});

describe('who may send', () => {
  it('a team lead reaches the teams they lead, not another team nor everyone', async () => {
    const ok = await acd.call(
      'lead1',
      'POST',
      '/api/v1/announcements',
      { title: '今晚班前会改到 18:30', audience: { kind: 'teams', teamIds: [east] }, requireConfirmation: false },
      201,
    );
    expect(ok.readers).toBe(2);
    expect(
      (await acd.call('e2', 'GET', '/api/v1/announcements/mine?pending=true')).items.map((x: Body) => x.id),
    ).not.toContain(ok.id);
    for (const audience of [{ kind: 'teams', teamIds: [west] }, { kind: 'everyone' }]) {
      expect(await acd.status('lead1', 'POST', '/api/v1/announcements', { title: 'x', audience })).toBe(403);
    }
    expect(
      await acd.status('e1', 'POST', '/api/v1/announcements', { title: 'x', audience: { kind: 'everyone' } }),
    ).toBe(403);
  });

  it('a quiz answer that names no option is refused with the field; a role audience reaches that role', async () => {
    const res = await acd.t.request('POST', '/api/v1/announcements', {
      token: acd.token('boss'),
      body: { title: 'x', audience: { kind: 'everyone' }, quiz: [{ text: 'q', options: ['a', 'b'], correct: 3 }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('quiz.0.correct');
    const qa = await acd.call(
      'boss',
      'POST',
      '/api/v1/announcements',
      { title: '质检标准更新', audience: { kind: 'roles', roles: ['qa'] } },
      201,
    );
    expect(qa.readers).toBe(1);
    expect((await acd.call('qa1', 'GET', '/api/v1/announcements/mine')).items[0].title).toBe('质检标准更新');
  });
});

describe('handover notes (交接班)', () => {
  it('stay within the team: members and the lead write and read them, others are refused', async () => {
    await acd.call('e1', 'POST', '/api/v1/handover-notes', { teamId: east, body: '3 号工单待客户回电' }, 201);
    await acd.call('lead1', 'POST', '/api/v1/handover-notes', { teamId: east, body: '系统 20:00 升级' }, 201);
    const notes = await acd.call('e2', 'GET', `/api/v1/handover-notes?teamId=${east}`);
    expect(notes.map((n: Body) => [n.body, n.author.name])).toEqual([
      ['系统 20:00 升级', 'lead1'],
      ['3 号工单待客户回电', 'e1'],
    ]);
    expect(await acd.status('w1', 'GET', `/api/v1/handover-notes?teamId=${east}`)).toBe(403);
    expect(await acd.status('w1', 'POST', '/api/v1/handover-notes', { teamId: east, body: 'x' })).toBe(403);
  });
});
