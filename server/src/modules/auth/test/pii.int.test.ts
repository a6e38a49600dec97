import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS } from '../../../../../contracts/permissions';
import { createTestApp, type TestApp } from '../../../../../test/app';

const PHONE = '13812345678';
const MASKED = '138****5678';

let t: TestApp;
let admin: string;
let lead: string;
let supervisor: string;
let withPhone: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  withPhone = await t.addUser('phone.owner', ['agent'], { phone: PHONE });
  await t.addUser('pii.lead', ['team_lead']);
  await t.addUser('pii.super', ['supervisor']);
  await t.addUser('nophone.a', ['agent']);
  await t.addUser('nophone.b', ['agent']);
  lead = await t.login('pii.lead', 'Passw0rd!');
  supervisor = await t.login('pii.super', 'Passw0rd!');
});
afterAll(() => t.close());

type AuditItem = { actorName: string; entityId: string | null; details: { userIds?: string[]; fields?: string[] } };

async function piiViews(): Promise<AuditItem[]> {
  const res = await t.request('GET', '/api/v1/audit?action=platform.pii.viewed&pageSize=200', { token: admin });
  return res.json().items;
}

describe('a caller without pii.view sees phone numbers masked', () => {
  it('in the user list and a single user', async () => {
    const list = await t.request('GET', '/api/v1/users?q=phone.owner', { token: lead });
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0].phone).toBe(MASKED);
    const one = await t.request('GET', `/api/v1/users/${withPhone}`, { token: lead });
    expect(one.json().phone).toBe(MASKED);
    expect(list.body + one.body).not.toContain(PHONE);
  });

  it('in the reply to creating or changing a user', async () => {
    // Team leads may manage users here, still without pii.view.
    const put = await t.request('PUT', '/api/v1/roles/team_lead', {
      token: admin,
      body: { permissions: [...DEFAULT_ROLE_PERMISSIONS.team_lead, 'users.manage'] },
    });
    expect(put.statusCode).toBe(200);
    try {
      const created = await t.request('POST', '/api/v1/users', {
        token: lead,
        body: { username: 'lead.made', password: 'Passw0rd!', displayName: 'x', roles: ['agent'], phone: PHONE },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().phone).toBe(MASKED);
      const changed = await t.request('PATCH', `/api/v1/users/${created.json().id}`, {
        token: lead,
        body: { phone: '13987654321' },
      });
      expect(changed.json().phone).toBe('139****4321');
    } finally {
      await t.request('PUT', '/api/v1/roles/team_lead', {
        token: admin,
        body: { permissions: DEFAULT_ROLE_PERMISSIONS.team_lead },
      });
    }
  });

  it('and the number is stored whole: a caller with pii.view reads it back', async () => {
    const res = await t.request('GET', '/api/v1/users?q=lead.made', { token: supervisor });
    expect(res.json().items[0].phone).toBe('13987654321');
  });

  it('masked views are not recorded as personal data access', async () => {
    const before = (await piiViews()).length;
    await t.request('GET', '/api/v1/users', { token: lead });
    await t.request('GET', `/api/v1/users/${withPhone}`, { token: lead });
    expect((await piiViews()).length).toBe(before);
  });
});

describe('a caller with pii.view sees the number, and the access is audited', () => {
  it('the list shows the full number and records which users were seen', async () => {
    const res = await t.request('GET', '/api/v1/users?q=phone.owner', { token: supervisor });
    expect(res.json().items[0].phone).toBe(PHONE);
    const [latest] = await piiViews();
    expect(latest).toMatchObject({
      actorName: 'pii.super',
      details: { fields: ['phone'], userIds: [withPhone] },
    });
  });

  it('a full list names only the users that have a phone number', async () => {
    const res = await t.request('GET', '/api/v1/users?pageSize=200', { token: supervisor });
    const shown = res
      .json()
      .items.filter((u: { phone: string | null }) => u.phone)
      .map((u: { id: string }) => u.id);
    expect(shown).toContain(withPhone);
    const [latest] = await piiViews();
    expect([...(latest?.details.userIds ?? [])].sort()).toEqual([...shown].sort());
  });

  it('a single user is recorded by id', async () => {
    const res = await t.request('GET', `/api/v1/users/${withPhone}`, { token: supervisor });
    expect(res.json().phone).toBe(PHONE);
    const [latest] = await piiViews();
    expect(latest).toMatchObject({ actorName: 'pii.super', entityId: withPhone, details: { userIds: [withPhone] } });
  });

  it('listing users without phone numbers records nothing', async () => {
    const before = (await piiViews()).length;
    const res = await t.request('GET', '/api/v1/users?q=nophone', { token: supervisor });
    expect(res.json().total).toBe(2);
    const none = await t.request('GET', `/api/v1/users?q=nobody-matches-this`, { token: supervisor });
    expect(none.json().total).toBe(0);
    expect((await piiViews()).length).toBe(before);
  });

  it('a change that answers with a number the caller did not send is recorded', async () => {
    const before = (await piiViews()).length;
    const res = await t.request('PATCH', `/api/v1/users/${withPhone}`, {
      token: admin,
      body: { displayName: '改名' },
    });
    expect(res.json().phone).toBe(PHONE);
    const views = await piiViews();
    expect(views.length).toBe(before + 1);
    expect(views[0]).toMatchObject({ actorName: 'admin', entityId: withPhone });
  });
});
