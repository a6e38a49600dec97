import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../../contracts/audit';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t.close());

const entries = async (query: string) => {
  const res = await t.request('GET', `/api/v1/audit?pageSize=200&${query}`, { token: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as AuditEntry[];
};

describe('the audit log names the objects beside their ids', () => {
  it("gives a team's, a queue's and a user's current name; a renamed team shows its new name", async () => {
    const team = await t.request('POST', '/api/v1/teams', { token: admin, body: { name: '投诉组' } });
    expect(team.statusCode, team.body).toBe(201);
    const queue = await t.request('POST', '/api/v1/queues', {
      token: admin,
      body: { key: 'billing', name: '话费查询' },
    });
    expect(queue.statusCode, queue.body).toBe(201);
    const user = await t.addUser('agent.named', ['agent']);

    const teamEntries = await entries('entityType=team');
    expect(teamEntries.find((e) => e.entityId === team.json().id)?.entityName).toBe('投诉组');
    expect((await entries('entityType=queue')).find((e) => e.entityId === queue.json().id)?.entityName).toBe(
      '话费查询',
    );
    expect((await entries('action=auth.user.created')).find((e) => e.entityId === user)?.entityName).toBe(
      'agent.named (agent.named)',
    );

    const renamed = await t.request('PATCH', `/api/v1/teams/${team.json().id}`, {
      token: admin,
      body: { name: '投诉一组' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = (await entries('entityType=team')).filter((e) => e.entityId === team.json().id);
    expect(after.map((e) => e.entityName)).toEqual(['投诉一组', '投诉一组']);
  });

  it('leaves the name empty for a type no module names (a role: the web names it by its code)', async () => {
    const role = await t.request('PUT', '/api/v1/roles/qa', {
      token: admin,
      body: { permissions: ['users.view', 'teams.view', 'qa.evaluate', 'recordings.listen', 'calls.view'] },
    });
    expect(role.statusCode, role.body).toBe(200);
    const [updated] = await entries('action=auth.role.updated');
    expect(updated).toMatchObject({ entityType: 'role', entityId: 'qa', entityName: null });
    const [login] = await entries('action=auth.session.started');
    expect(login?.entityName).toEqual(expect.any(String)); // the admin, a user
  });
});
