import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t.close());

const createTeam = (body: unknown, token = admin) => t.request('POST', '/api/v1/teams', { token, body });
const getTeam = async (id: string) => (await t.request('GET', `/api/v1/teams/${id}`, { token: admin })).json();

async function teamId(name: string, leadUserId?: string): Promise<string> {
  const res = await createTeam({ name, leadUserId });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

describe('creating a team', () => {
  it('answers 201 with the team, its lead and no members yet', async () => {
    const lead = await t.addUser('lead.one', ['team_lead']);
    const res = await createTeam({ name: ' 投诉组 ', leadUserId: lead });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: '投诉组',
      leadUserId: lead,
      leadName: 'lead.one',
      memberCount: 0,
      createdAt: expect.any(String),
    });
    expect(await getTeam(res.json().id)).toEqual(res.json());
  });

  it('a team without a lead is fine', async () => {
    const res = await createTeam({ name: 'No Lead' });
    expect(res.statusCode).toBe(201);
    expect(res.json().leadUserId).toBeNull();
    expect(res.json().leadName).toBeNull();
  });

  it("shows the lead's name to readers who may not list users (an analyst)", async () => {
    const lead = await t.addUser('lead.named', ['team_lead']);
    const id = await teamId('Named Lead', lead);
    await t.addUser('analyst.x', ['analyst'], { password: 'Analyst-pass-1' });
    const token = await t.login('analyst.x', 'Analyst-pass-1');
    expect((await t.request('GET', '/api/v1/users', { token })).statusCode).toBe(403);
    const teams = (await t.request('GET', '/api/v1/teams', { token })).json() as Array<{
      id: string;
      leadName: string | null;
    }>;
    expect(teams.find((x) => x.id === id)?.leadName).toBe('lead.named');
  });

  it('refuses a name already used, whatever its case or spacing', async () => {
    await teamId('Sales East');
    for (const name of ['Sales East', 'sales east', ' SALES EAST ']) {
      const res = await createTeam({ name });
      expect(res.statusCode, name).toBe(409);
      expect(res.json().error.code).toBe('TEAMS.NAME_TAKEN');
    }
  });

  it('refuses a lead who does not exist, naming the field', async () => {
    const res = await createTeam({ name: 'Ghost-led', leadUserId: randomUUID() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('TEAMS.LEAD_NOT_FOUND');
    expect(res.json().error.details.fields).toEqual([
      { location: 'body', path: 'leadUserId', message: expect.any(String) },
    ]);
    // Nothing was created: the name is still free.
    expect((await createTeam({ name: 'Ghost-led' })).statusCode).toBe(201);
  });

  it('refuses a blank or overlong name', async () => {
    for (const name of ['', '   ', 'x'.repeat(101)]) {
      const res = await createTeam({ name });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields[0]).toMatchObject({ location: 'body', path: 'name' });
    }
  });

  it('needs teams.manage: a supervisor may, a team lead may not', async () => {
    await t.addUser('team.super', ['supervisor']);
    await t.addUser('team.lead', ['team_lead']);
    const sup = await t.login('team.super', 'Passw0rd!');
    const lead = await t.login('team.lead', 'Passw0rd!');
    expect((await createTeam({ name: 'By supervisor' }, sup)).statusCode).toBe(201);
    const denied = await createTeam({ name: 'By lead' }, lead);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('AUTH.FORBIDDEN');
    // A team lead still reads teams.
    expect((await t.request('GET', '/api/v1/teams', { token: lead })).statusCode).toBe(200);
  });

  it('is written to the audit log', async () => {
    const id = await teamId('Audited Team');
    const res = await t.request('GET', `/api/v1/audit?action=teams.team.created&entityId=${id}`, { token: admin });
    expect(res.json().items[0]).toMatchObject({
      actorName: 'admin',
      entityType: 'team',
      details: { name: 'Audited Team', leadUserId: null },
    });
  });
});

describe('members', () => {
  it('creating a user with a team puts the agent in that team', async () => {
    const team = await teamId('Hotline');
    const agent = await t.addUser('hotline.agent', ['agent'], { teamId: team });
    expect((await t.request('GET', `/api/v1/users/${agent}`, { token: admin })).json().teamId).toBe(team);
    const members = await t.request('GET', `/api/v1/users?teamId=${team}`, { token: admin });
    expect(members.json().items.map((u: { id: string }) => u.id)).toEqual([agent]);
    expect((await getTeam(team)).memberCount).toBe(1);
  });

  it('the member count follows joins, moves and disabled accounts', async () => {
    const a = await teamId('Count A');
    const b = await teamId('Count B');
    const u1 = await t.addUser('count.1', ['agent'], { teamId: a });
    await t.addUser('count.2', ['agent'], { teamId: a });
    const u3 = await t.addUser('count.3', ['agent'], { teamId: a });
    expect((await getTeam(a)).memberCount).toBe(3);

    await t.request('PATCH', `/api/v1/users/${u1}`, { token: admin, body: { disabled: true } });
    await t.request('PATCH', `/api/v1/users/${u3}`, { token: admin, body: { teamId: b } });
    expect((await getTeam(a)).memberCount).toBe(1);
    expect((await getTeam(b)).memberCount).toBe(1);

    const list = await t.request('GET', '/api/v1/teams', { token: admin });
    const byName = Object.fromEntries(
      list.json().map((x: { name: string; memberCount: number }) => [x.name, x.memberCount]),
    );
    expect(byName).toMatchObject({ 'Count A': 1, 'Count B': 1 });

    await t.request('PATCH', `/api/v1/users/${u1}`, { token: admin, body: { disabled: false } });
    expect((await getTeam(a)).memberCount).toBe(2);
  });

  it('lists teams by name', async () => {
    for (const name of ['Order B', 'Order C', 'Order A']) await teamId(name);
    const res = await t.request('GET', '/api/v1/teams', { token: admin });
    const names: string[] = res.json().map((x: { name: string }) => x.name);
    expect(names.filter((n) => n.startsWith('Order '))).toEqual(['Order A', 'Order B', 'Order C']);
  });
});

describe('changing a team', () => {
  it('renames a team, keeping its lead and members', async () => {
    const lead = await t.addUser('rename.lead', ['team_lead']);
    const id = await teamId('Old Name', lead);
    await t.addUser('rename.member', ['agent'], { teamId: id });
    const res = await t.request('PATCH', `/api/v1/teams/${id}`, { token: admin, body: { name: 'New Name' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, name: 'New Name', leadUserId: lead, memberCount: 1 });
    // The old name is free again.
    expect((await createTeam({ name: 'Old Name' })).statusCode).toBe(201);
  });

  it('may change only the case of its own name', async () => {
    const id = await teamId('night shift');
    const res = await t.request('PATCH', `/api/v1/teams/${id}`, { token: admin, body: { name: 'Night Shift' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('Night Shift');
  });

  it('refuses a name another team has', async () => {
    await teamId('Taken Name');
    const id = await teamId('Free Name');
    const res = await t.request('PATCH', `/api/v1/teams/${id}`, { token: admin, body: { name: 'TAKEN name' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TEAMS.NAME_TAKEN');
    expect((await getTeam(id)).name).toBe('Free Name');
  });

  it('sets, changes and removes the lead', async () => {
    const id = await teamId('Lead Changes');
    const first = await t.addUser('lead.first', ['team_lead']);
    const second = await t.addUser('lead.second', ['team_lead']);
    const patch = (body: unknown) => t.request('PATCH', `/api/v1/teams/${id}`, { token: admin, body });
    expect((await patch({ leadUserId: first })).json().leadUserId).toBe(first);
    expect((await patch({ leadUserId: second })).json().leadUserId).toBe(second);
    const bad = await patch({ leadUserId: randomUUID() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('TEAMS.LEAD_NOT_FOUND');
    expect((await getTeam(id)).leadUserId).toBe(second);
    expect((await patch({ leadUserId: null })).json().leadUserId).toBeNull();
  });

  it('records before and after in the audit log', async () => {
    const id = await teamId('Before Name');
    const lead = await t.addUser('audit.lead', ['team_lead']);
    await t.request('PATCH', `/api/v1/teams/${id}`, {
      token: admin,
      body: { name: 'After Name', leadUserId: lead },
    });
    const res = await t.request('GET', `/api/v1/audit?action=teams.team.updated&entityId=${id}`, { token: admin });
    expect(res.json().items[0].details).toEqual({
      before: { name: 'Before Name', leadUserId: null },
      after: { name: 'After Name', leadUserId: lead },
    });
  });

  it('refuses an empty change', async () => {
    const id = await teamId('Unchanged');
    const res = await t.request('PATCH', `/api/v1/teams/${id}`, { token: admin, body: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION.FAILED');
  });

  it('answers 404 for a team that does not exist', async () => {
    const missing = randomUUID();
    const get = await t.request('GET', `/api/v1/teams/${missing}`, { token: admin });
    expect(get.statusCode).toBe(404);
    expect(get.json().error.code).toBe('TEAMS.NOT_FOUND');
    const patch = await t.request('PATCH', `/api/v1/teams/${missing}`, { token: admin, body: { name: 'Nope' } });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().error.code).toBe('TEAMS.NOT_FOUND');
  });
});
