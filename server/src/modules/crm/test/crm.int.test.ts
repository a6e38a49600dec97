import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { seedDemo } from '../../../demo';

let t: TestApp;
let admin: string;
let agent: string;
let agentUserId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  agentUserId = await t.addUser('crm.agent', ['agent']);
  agent = await t.login('crm.agent', 'Passw0rd!');
});
afterAll(() => t.close());

const create = (body: unknown, token = admin) => t.request('POST', '/api/v1/customers', { token, body });
async function customerId(body: Record<string, unknown>): Promise<string> {
  const res = await create(body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const get = async (id: string, token = admin, query = '') =>
  (await t.request('GET', `/api/v1/customers/${id}${query}`, { token })).json();
const verify = (id: string, token: string, contactId: string | undefined, result = 'passed') =>
  t.request('POST', `/api/v1/customers/${id}/verifications`, {
    token,
    body: { contactId, method: 'id_last_digits', result },
  });

/** A new agent (own queue) with a task contact from `phone` offered to them: their own open contact. */
async function agentOnContact(name: string, phone: string): Promise<{ token: string; contactId: string }> {
  const userId = await t.addUser(name, ['agent']);
  const token = await t.login(name, 'Passw0rd!');
  const queue = name.replace(/\W/g, '_');
  const q = await t.request('POST', '/api/v1/queues', { token: admin, body: { key: queue, name: queue } });
  expect(q.statusCode, q.body).toBe(201);
  const routing = await t.request('PUT', `/api/v1/agents/${userId}/routing`, {
    token: admin,
    body: { skills: [], memberships: [{ queue, priority: 1, delaySeconds: 0 }] },
  });
  expect(routing.statusCode, routing.body).toBe(200);
  expect((await t.request('PUT', '/api/v1/agents/me/state', { token, body: { state: 'ready' } })).statusCode).toBe(200);
  const contact = await t.request('POST', '/api/v1/contacts', {
    token: admin,
    body: { channel: 'task', queue, customer: { phone } },
  });
  expect(contact.statusCode, contact.body).toBe(201);
  const contactId: string = contact.json().id;
  for (let i = 0; i < 100; i++) {
    const mine = (await t.request('GET', '/api/v1/agents/me/contacts', { token })).json();
    if (Array.isArray(mine) && mine.some((c: { id: string }) => c.id === contactId)) return { token, contactId };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`contact ${contactId} was never offered to ${name}`);
}

describe('creating a customer', () => {
  it('keeps phones as entered with their E.164, e-mails in lower case, and every field', async () => {
    const res = await create({
      name: '王建国',
      phones: ['+86 138 1234 5678', '010-8888 9999'],
      emails: ['Wang.JG@Example.CN'],
      accountNumbers: ['AC1001'],
      idNumber: '11010119900101123X',
      products: [{ kind: 'mobile', name: '畅享 5G', number: '13812345678', since: '2020-05-01' }],
      tags: ['VIP', '易投诉'],
      tier: 'vip',
      preferredLanguage: 'zh-CN',
      preferredChannel: 'voice',
      consent: { sms: true },
      note: '首次来电',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'person',
      name: '王建国',
      phones: [
        { number: '+86 138 1234 5678', e164: '+8613812345678' },
        { number: '010-8888 9999', e164: '+861088889999' },
      ],
      emails: ['wang.jg@example.cn'],
      idNumber: '11010119900101123X',
      tags: ['VIP', '易投诉'],
      tier: 'vip',
      consent: { marketingCalls: false, sms: true, email: false },
      notes: [{ text: '首次来电', by: 'admin' }],
      mergedInto: null,
    });
  });

  it('refuses a number that cannot be one, naming it', async () => {
    const res = await create({ name: 'Bad', phones: ['13812345678', '12'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('CRM.INVALID_PHONE');
    expect(res.json().error.details.fields).toEqual([
      { location: 'body', path: 'phones.1', message: expect.any(String) },
    ]);
  });

  it('is written to the audit log without personal data', async () => {
    const id = await customerId({ name: 'Audited', phones: ['13900001111'] });
    const res = await t.request('GET', `/api/v1/audit?action=crm.customer.created&entityId=${id}`, { token: admin });
    const entry = res.json().items[0];
    expect(entry).toMatchObject({ entityType: 'customer', details: { name: 'Audited' } });
    expect(JSON.stringify(entry)).not.toContain('13900001111');
  });
});

describe('finding customers by phone', () => {
  it("'+86 138…', '0138…', '138 1234 5678' all find one number", async () => {
    const id = await customerId({ name: '找号码', phones: ['138 7777 6666'] });
    for (const phone of ['+86 138 7777 6666', '0138 7777 6666', '13877776666', '+8613877776666']) {
      const list = await t.request('GET', `/api/v1/customers?phone=${encodeURIComponent(phone)}`, { token: admin });
      expect(
        list.json().items.map((c: { id: string }) => c.id),
        phone,
      ).toEqual([id]);
      const pop = await t.request('GET', `/api/v1/customers/lookup?phone=${encodeURIComponent(phone)}`, {
        token: admin,
      });
      expect(
        pop.json().matches.map((c: { id: string }) => c.id),
        phone,
      ).toEqual([id]);
    }
    const landline = await customerId({ name: '座机', phones: ['010-6666 1234'] });
    const pop = await t.request('GET', `/api/v1/customers/lookup?phone=${encodeURIComponent('01066661234')}`, {
      token: admin,
    });
    expect(pop.json().matches.map((c: { id: string }) => c.id)).toEqual([landline]);
  });

  it('the screen pop answers 0, 1 or several', async () => {
    const a = await customerId({ name: '家庭 A', phones: ['13866660000'] });
    const b = await customerId({ name: '家庭 B', phones: ['13866660000'] });
    const pop = async (phone: string) =>
      (await t.request('GET', `/api/v1/customers/lookup?phone=${phone}`, { token: agent })).json().matches;
    expect((await pop('13866660000')).map((c: { id: string }) => c.id)).toEqual([a, b]);
    expect(await pop('13866669999')).toEqual([]);
    const byMail = await customerId({ name: 'Mail', emails: ['Pop@Example.com'] });
    const res = await t.request('GET', '/api/v1/customers/lookup?email=pop@example.COM', { token: admin });
    expect(res.json().matches.map((c: { id: string }) => c.id)).toEqual([byMail]);
  });

  it('q searches the name, an account number and the digits of a phone; tag filters; idNumber is exact', async () => {
    const id = await customerId({
      name: '搜索测试',
      phones: ['13955554321'],
      accountNumbers: ['ZX-99881'],
      tags: ['搜索标签'],
      idNumber: '440101199001011234',
    });
    for (const q of ['搜索测试', 'zx-9988', '5554321']) {
      const res = await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}`, { token: admin });
      expect(
        res.json().items.map((c: { id: string }) => c.id),
        q,
      ).toContain(id);
    }
    const tagged = await t.request('GET', `/api/v1/customers?tag=${encodeURIComponent('搜索标签')}`, { token: admin });
    expect(tagged.json()).toMatchObject({ total: 1, items: [{ id }] });
    const byId = await t.request('GET', '/api/v1/customers?idNumber=440101199001011234', { token: admin });
    expect(byId.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
    const partial = await t.request('GET', '/api/v1/customers?idNumber=4401011990', { token: admin });
    expect(partial.json().total).toBe(0);
  });
});

describe('personal data', () => {
  it('an agent without pii.view sees phones, e-mails and the ID number masked', async () => {
    const id = await customerId({
      name: '隐私',
      phones: ['13812340000'],
      emails: ['privacy@example.cn'],
      idNumber: '110101199001011234',
    });
    await t.request('PATCH', `/api/v1/customers/${id}`, {
      token: admin,
      body: {
        products: [
          { kind: 'mobile', name: '5G', number: '13812340000' },
          { kind: 'broadband', name: 'BB', number: 'BB-77' },
        ],
      },
    });
    const c = await get(id, agent);
    expect(c.phones).toEqual([{ number: '138****0000', e164: '138****0000' }]);
    // A mobile line's number is a phone number too; a broadband account is not.
    expect(c.products.map((p: { number: string }) => p.number)).toEqual(['138****0000', 'BB-77']);
    expect(c.emails).toEqual(['p***@example.cn']);
    expect(c.idNumber).toBe('110101********1234');
    expect(c.name).toBe('隐私');
    // The admin (pii.view) reads them clear, and that read is audited.
    expect((await get(id)).idNumber).toBe('110101199001011234');
    const audit = await t.request('GET', `/api/v1/audit?action=platform.pii.viewed&entityId=${id}`, { token: admin });
    expect(audit.json().items.length).toBeGreaterThan(0);
  });

  it('the ID number is stored encrypted, with an HMAC for the exact search', async () => {
    const id = await customerId({ name: 'Enc', idNumber: '110101199001015555' });
    const { rows } = await t.handle.pool.query('select * from crm_customers where id = $1', [id]);
    expect(JSON.stringify(rows[0])).not.toContain('199001015555');
    expect(rows[0].id_number_hmac).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fields hidden until verified stay masked on the desktop read until that caller passes a check', async () => {
    const put = await t.request('PUT', '/api/v1/crm/settings', {
      token: admin,
      body: { hiddenUntilVerified: ['idNumber', 'accountNumbers'] },
    });
    expect(put.statusCode).toBe(200);
    const id = await customerId({ name: '核验', idNumber: '110101199001017777', accountNumbers: ['AC77778888'] });
    const { token, contactId } = await agentOnContact('crm.desk', '13877778888');
    const before = await get(id, token, `?contactId=${contactId}`);
    expect(before.verification).toEqual({ contactId, verified: false, hiddenFields: ['idNumber', 'accountNumbers'] });
    expect(before.idNumber).toBe('110101********7777');
    expect(before.accountNumbers).toEqual(['******8888']);

    expect((await verify(id, token, contactId, 'failed')).statusCode).toBe(201);
    expect((await get(id, token, `?contactId=${contactId}`)).verification.verified).toBe(false);
    const passed = await verify(id, token, contactId);
    expect(passed.statusCode).toBe(201);
    expect(passed.json()).toMatchObject({ customerId: id, contactId, method: 'id_last_digits', result: 'passed' });
    const after = await get(id, token, `?contactId=${contactId}`);
    expect(after.verification).toEqual({ contactId, verified: true, hiddenFields: [] });
    expect(after.accountNumbers).toEqual(['AC77778888']);
    // Verification lifts only this mask: the agent (no pii.view) sees the ID number masked either way.
    expect(after.idNumber).toBe('110101********7777');
    // Another contact (a later call) starts unverified.
    expect((await get(id, token, `?contactId=${randomUUID()}`)).verification.verified).toBe(false);
    // Even to pii.view holders, on a contact that is not their own.
    const other = await get(id, admin, `?contactId=${contactId}`);
    expect(other).toMatchObject({ idNumber: '110101********7777', verification: { verified: false } });
    await t.request('PUT', '/api/v1/crm/settings', { token: admin, body: { hiddenUntilVerified: [] } });
  });

  it("a check is recorded only on one of the agent's own open contacts: a made-up one is refused", async () => {
    const id = await customerId({ name: '编造联络', accountNumbers: ['AC12121212'] });
    for (const token of [agent, admin]) {
      const res = await verify(id, token, randomUUID());
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('CRM.VERIFICATION_CONTACT_INVALID');
      expect(res.json().error.details.fields).toEqual([
        { location: 'body', path: 'contactId', message: expect.any(String) },
      ]);
    }
    const { rows } = await t.handle.pool.query('select * from crm_verifications where customer_id = $1', [id]);
    expect(rows).toEqual([]);
  });

  it("another agent's contact does not unlock: not on the desktop read, not on the 360, not to record a check", async () => {
    await t.request('PUT', '/api/v1/crm/settings', { token: admin, body: { hiddenUntilVerified: ['accountNumbers'] } });
    const id = await customerId({ name: '别人的来电', phones: ['13834343434'], accountNumbers: ['AC34343434'] });
    const a = await agentOnContact('crm.owner', '13834343434');
    const b = await agentOnContact('crm.other', '13800003434');
    expect((await verify(id, a.token, a.contactId)).statusCode).toBe(201);
    expect((await get(id, a.token, `?contactId=${a.contactId}`)).accountNumbers).toEqual(['AC34343434']);

    const desk = await get(id, b.token, `?contactId=${a.contactId}`);
    expect(desk).toMatchObject({
      accountNumbers: ['******3434'],
      verification: { contactId: a.contactId, verified: false, hiddenFields: ['accountNumbers'] },
    });
    expect(await get(id, b.token)).toMatchObject({ accountNumbers: ['******3434'], verification: { verified: false } });
    const refused = await verify(id, b.token, a.contactId);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('CRM.VERIFICATION_CONTACT_INVALID');
    await t.request('PUT', '/api/v1/crm/settings', { token: admin, body: { hiddenUntilVerified: [] } });
  });

  it('a lookup by number or e-mail, a change and a merge answer with the hidden fields masked', async () => {
    await t.request('PUT', '/api/v1/crm/settings', {
      token: admin,
      body: { hiddenUntilVerified: ['accountNumbers', 'notes'] },
    });
    const id = await customerId({
      name: '查找',
      phones: ['13856567878'],
      emails: ['lookup.hidden@example.cn'],
      accountNumbers: ['AC56567878'],
      note: '隐藏备注',
    });
    const masked = { id, accountNumbers: ['******7878'], notes: [], verification: { verified: false } };
    for (const q of ['phone=13856567878', 'email=lookup.hidden@example.cn']) {
      const pop = await t.request('GET', `/api/v1/customers/lookup?${q}`, { token: agent });
      expect(pop.statusCode, pop.body).toBe(200);
      expect(pop.json().matches, q).toMatchObject([masked]);
      expect(pop.body).not.toContain('隐藏备注');
    }
    const patched = await t.request('PATCH', `/api/v1/customers/${id}`, { token: agent, body: { tier: 'gold' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ ...masked, tier: 'gold' });
    expect(patched.body).not.toContain('AC56567878');
    const dup = await customerId({ name: '查找副本', accountNumbers: ['AC56569999'] });
    const merged = await t.request('POST', `/api/v1/customers/${id}/merge`, { token: agent, body: { from: [dup] } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ id, accountNumbers: ['******7878', '******9999'], notes: [] });
    expect(merged.body).not.toContain('AC5656');
    // The administrator (customers.configure) reads them as before.
    const lookedUp = await t.request('GET', '/api/v1/customers/lookup?phone=13856567878', { token: admin });
    expect(lookedUp.json().matches[0]).toMatchObject({ accountNumbers: ['AC56567878', 'AC56569999'] });
    expect(lookedUp.json().matches[0].verification).toBeUndefined();
    await t.request('PUT', '/api/v1/crm/settings', { token: admin, body: { hiddenUntilVerified: [] } });
  });
});

describe('changing, deleting and merging', () => {
  it('PATCH changes fields, appends a note, and refuses an empty change', async () => {
    const id = await customerId({ name: 'Before', phones: ['13811112222'], note: 'one' });
    const res = await t.request('PATCH', `/api/v1/customers/${id}`, {
      token: agent,
      body: { name: 'After', phones: ['13811112222', '13911112222'], addNote: 'two', tier: 'gold' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'After', tier: 'gold' });
    expect(res.json().notes.map((n: { text: string }) => n.text)).toEqual(['one', 'two']);
    const found = await t.request('GET', '/api/v1/customers/lookup?phone=13911112222', { token: admin });
    expect(found.json().matches.map((c: { id: string }) => c.id)).toEqual([id]);
    const empty = await t.request('PATCH', `/api/v1/customers/${id}`, { token: admin, body: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('DELETE (an administrator only) removes the customer and the duplicates merged into it', async () => {
    const id = await customerId({ name: 'Gone', phones: ['13822223333'] });
    const dup = await customerId({ name: 'Gone too', phones: ['13822224444'], emails: ['gone@example.cn'] });
    const merged = await t.request('POST', `/api/v1/customers/${id}/merge`, { token: admin, body: { from: [dup] } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await t.request('DELETE', `/api/v1/customers/${id}`, { token: agent })).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/customers/${id}`, { token: admin })).statusCode).toBe(204);
    for (const x of [id, dup]) {
      const res = await t.request('GET', `/api/v1/customers/${x}`, { token: admin });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CRM.CUSTOMER_NOT_FOUND');
    }
  });

  it('two opposite merges at once: one wins, the other finds its target merged (409), neither is a 500', async () => {
    const a = await customerId({ name: 'A', phones: ['13822225555'] });
    const b = await customerId({ name: 'B', phones: ['13822226666'] });
    const both = await Promise.all([
      t.request('POST', `/api/v1/customers/${a}/merge`, { token: admin, body: { from: [b] } }),
      t.request('POST', `/api/v1/customers/${b}/merge`, { token: admin, body: { from: [a] } }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('merging keeps every phone, e-mail and note; the merged ones point at the kept one', async () => {
    const keep = await customerId({
      name: '张三',
      phones: ['13833330001'],
      emails: ['a@x.cn'],
      note: 'n1',
      tags: ['VIP'],
    });
    const dup1 = await customerId({ name: '张三 (重复)', phones: ['13833330002'], emails: ['b@x.cn'], note: 'n2' });
    const dup2 = await customerId({
      name: '张三 2',
      phones: ['13833330001', '13833330003'],
      idNumber: '110101199001019999',
    });
    const res = await t.request('POST', `/api/v1/customers/${keep}/merge`, {
      token: admin,
      body: { from: [dup1, dup2] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json();
    expect(merged.name).toBe('张三');
    expect(merged.phones.map((p: { e164: string }) => p.e164)).toEqual([
      '+8613833330001',
      '+8613833330002',
      '+8613833330003',
    ]);
    expect(merged.emails).toEqual(['a@x.cn', 'b@x.cn']);
    expect(merged.notes.map((n: { text: string }) => n.text)).toEqual(['n1', 'n2']);
    expect(merged.idNumber).toBe('110101199001019999');
    expect((await get(dup1)).mergedInto).toBe(keep);
    // Lookups find only the kept one; the merged ones cannot be changed or merged again.
    const pop = await t.request('GET', '/api/v1/customers/lookup?phone=13833330003', { token: admin });
    expect(pop.json().matches.map((c: { id: string }) => c.id)).toEqual([keep]);
    const patch = await t.request('PATCH', `/api/v1/customers/${dup1}`, { token: admin, body: { name: 'x' } });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().error).toMatchObject({ code: 'CRM.CUSTOMER_MERGED', details: { mergedInto: keep } });
    const again = await t.request('POST', `/api/v1/customers/${keep}/merge`, { token: admin, body: { from: [dup1] } });
    expect(again.statusCode).toBe(400);
    const self = await t.request('POST', `/api/v1/customers/${keep}/merge`, { token: admin, body: { from: [keep] } });
    expect(self.json().error.code).toBe('CRM.MERGE_INVALID');
  });

  it('publishes crm.customer.merged for other modules to re-point', async () => {
    const seen: unknown[] = [];
    const off = t.kefu.bus.subscribe('crm.customer.merged', (e) => {
      seen.push(e.payload);
    });
    const keep = await customerId({ name: 'K' });
    const dup = await customerId({ name: 'D' });
    await t.request('POST', `/api/v1/customers/${keep}/merge`, { token: admin, body: { from: [dup] } });
    await t.kefu.bus.drain();
    off();
    expect(seen).toEqual([{ customerId: keep, from: [dup] }]);
  });
});

describe('custom fields', () => {
  it('are defined by an admin and validated on write', async () => {
    const def = await t.request('POST', '/api/v1/crm/custom-fields', {
      token: admin,
      body: {
        key: 'segment',
        labelZh: '客户分群',
        labelEn: 'Segment',
        type: 'select',
        options: ['A', 'B'],
        required: true,
      },
    });
    expect(def.statusCode, def.body).toBe(201);
    const taken = await t.request('POST', '/api/v1/crm/custom-fields', {
      token: admin,
      body: { key: 'segment', labelZh: 'x', labelEn: 'x', type: 'text' },
    });
    expect(taken.statusCode).toBe(409);
    const missing = await create({ name: 'NoSegment' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({
      code: 'CRM.INVALID_CUSTOM_FIELD',
      details: { fields: [{ path: 'customFields.segment', message: 'required' }] },
    });
    const wrong = await create({ name: 'Wrong', customFields: { segment: 'C', nope: 1 } });
    expect(
      wrong
        .json()
        .error.details.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['customFields.nope', 'customFields.segment']);
    const ok = await create({ name: 'Ok', customFields: { segment: 'B' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().customFields).toEqual({ segment: 'B' });
    // Agents may not define fields.
    const denied = await t.request('POST', '/api/v1/crm/custom-fields', {
      token: agent,
      body: { key: 'x', labelZh: 'x', labelEn: 'x', type: 'text' },
    });
    expect(denied.statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/crm/custom-fields/${def.json().id}`, { token: admin })).statusCode).toBe(
      204,
    );
    expect((await create({ name: 'Free again' })).statusCode).toBe(201);
  });
});

describe('services for other modules', () => {
  it('findOrCreateByPhone finds the customer of a number, or creates one once', async () => {
    const { customers } = t.kefu.services;
    const actor = { userId: null, name: 'system', ip: null, requestId: null };
    const first = await customers.findOrCreateByPhone(undefined, '0138 4444 5555', actor);
    expect(first.created).toBe(true);
    const again = await customers.findOrCreateByPhone(undefined, '+86 13844445555', actor);
    expect(again).toMatchObject({ id: first.id, created: false, tier: 'standard' });
    const found = await customers.find(first.id);
    expect(found).toMatchObject({ name: '138****5555', tier: 'standard', tags: [] });
    expect((await customers.findByPhone('13844445555')).map((c) => c.id)).toEqual([first.id]);
  });
});

describe('the demo', () => {
  it('seeds 50 customers once', async () => {
    expect((await seedDemo(t.kefu)).byModule.crm).toBe(50);
    expect((await seedDemo(t.kefu)).byModule.crm).toBe(0);
    const vip = await t.request('GET', '/api/v1/customers?tag=VIP&pageSize=100', { token: admin });
    expect(vip.json().total).toBeGreaterThanOrEqual(10);
    const pop = await t.request('GET', '/api/v1/customers/lookup?phone=13800000007', { token: admin });
    expect(pop.json().matches).toHaveLength(1);
  });
});

describe('the screen pop of a contact', () => {
  it("finds the customer by the contact's caller, which the agent only sees masked", async () => {
    const id = await customerId({ name: '来电客户', phones: ['13812121212'] });
    const q = await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'crm_pop', name: 'crm_pop' } });
    expect(q.statusCode, q.body).toBe(201);
    const contact = await t.request('POST', '/api/v1/contacts', {
      token: admin,
      body: { channel: 'task', queue: 'crm_pop', customer: { phone: '+86 138 1212 1212' } },
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const pop = await t.request('GET', `/api/v1/customers/lookup?contactId=${contact.json().id}`, { token: admin });
    expect(pop.statusCode, pop.body).toBe(200);
    expect(pop.json().matches.map((c: { id: string }) => c.id)).toEqual([id]);
    // An agent the contact is not offered to may not look it up (routing decides who reads a contact).
    const other = await t.request('GET', `/api/v1/customers/lookup?contactId=${contact.json().id}`, { token: agent });
    expect(other.statusCode).toBe(404);
    // The pop is the desktop read: fields hidden until verified stay masked until the caller passed.
    await t.request('PUT', '/api/v1/crm/settings', { token: admin, body: { hiddenUntilVerified: ['phones'] } });
    const hidden = await t.request('GET', `/api/v1/customers/lookup?contactId=${contact.json().id}`, { token: admin });
    expect(hidden.json().matches[0]).toMatchObject({
      phones: [{ number: '138****1212' }],
      verification: { contactId: contact.json().id, verified: false, hiddenFields: ['phones'] },
    });
    // The admin reads the contact but is not on it: no check can be recorded there, none unlocks it.
    expect((await verify(id, admin, contact.json().id)).statusCode).toBe(400);
    // The agent on the contact verifies the caller and sees the fields.
    const mine = await agentOnContact('crm.popagent', '+86 138 1212 1212');
    const pop2 = async () =>
      (await t.request('GET', `/api/v1/customers/lookup?contactId=${mine.contactId}`, { token: mine.token })).json();
    expect((await pop2()).matches[0]).toMatchObject({ id, verification: { verified: false } });
    expect((await verify(id, mine.token, mine.contactId)).statusCode).toBe(201);
    expect((await pop2()).matches[0]).toMatchObject({
      phones: [{ number: '138****1212' }],
      verification: { contactId: mine.contactId, verified: true, hiddenFields: [] },
    });
    await t.request('PUT', '/api/v1/crm/settings', { token: admin, body: { hiddenUntilVerified: [] } });
  });
});

describe('the customer 360 outside a contact', () => {
  it('an agent sees hidden-until-verified fields masked until a caller on their own open contact passed a check', async () => {
    await t.request('PUT', '/api/v1/crm/settings', {
      token: admin,
      body: { hiddenUntilVerified: ['idNumber', 'accountNumbers', 'notes'] },
    });
    const id = await customerId({
      name: '三六零',
      phones: ['13856565656'],
      idNumber: '110101199001015656',
      accountNumbers: ['AC56565656'],
      note: '老客户',
    });
    // The supervisor (pii.view) and the admin (customers.configure) read them as before.
    await t.addUser('crm.sup360', ['supervisor']);
    const supToken = await t.login('crm.sup360', 'Passw0rd!');
    for (const token of [admin, supToken]) {
      const c = await get(id, token);
      expect(c).toMatchObject({ idNumber: '110101199001015656', accountNumbers: ['AC56565656'] });
      expect(c.verification).toBeUndefined();
    }
    // An agent without a contact: masked, and told why.
    const masked = await get(id, agent);
    expect(masked).toMatchObject({ idNumber: '110101********5656', accountNumbers: ['******5656'], notes: [] });
    expect(masked.verification).toEqual({
      contactId: null,
      verified: false,
      hiddenFields: ['idNumber', 'accountNumbers', 'notes'],
    });
    // Nor the timeline's notes, nor a search.
    const timeline = (await t.request('GET', `/api/v1/customers/${id}/timeline?kind=note`, { token: agent })).json();
    expect(timeline.items).toHaveLength(1);
    expect(timeline.items[0].summary).toEqual({ hidden: true });
    expect(JSON.stringify(timeline)).not.toContain('老客户');
    const listed = (await t.request('GET', '/api/v1/customers?q=三六零', { token: agent })).json();
    expect(listed.items[0]).toMatchObject({ id, idNumber: '110101********5656', verification: { verified: false } });

    // The agent takes a call from the customer; a check passed on another agent's contact does not count.
    const q = await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'crm_360', name: 'crm_360' } });
    expect(q.statusCode, q.body).toBe(201);
    const routing = await t.request('PUT', `/api/v1/agents/${agentUserId}/routing`, {
      token: admin,
      body: { skills: [], memberships: [{ queue: 'crm_360', priority: 1, delaySeconds: 0 }] },
    });
    expect(routing.statusCode, routing.body).toBe(200);
    expect(
      (await t.request('PUT', '/api/v1/agents/me/state', { token: agent, body: { state: 'ready' } })).statusCode,
    ).toBe(200);
    const contact = (
      await t.request('POST', '/api/v1/contacts', {
        token: admin,
        body: { channel: 'task', queue: 'crm_360', customer: { phone: '13856565656' } },
      })
    ).json();
    let offered = false;
    for (let i = 0; i < 100 && !offered; i++) {
      const mine = (await t.request('GET', '/api/v1/agents/me/contacts', { token: agent })).json();
      offered = Array.isArray(mine) && mine.some((c: { id: string }) => c.id === contact.id);
      if (!offered) await new Promise((r) => setTimeout(r, 50));
    }
    expect(offered).toBe(true);
    // A check on a made-up contact is refused (and would not count).
    expect((await verify(id, admin, randomUUID())).statusCode).toBe(400);
    expect((await get(id, agent)).verification).toMatchObject({ contactId: contact.id, verified: false });

    const verified = await t.request('POST', `/api/v1/customers/${id}/verifications`, {
      token: agent,
      body: { contactId: contact.id, method: 'id_last_digits', result: 'passed' },
    });
    expect(verified.statusCode, verified.body).toBe(201);
    const shown = await get(id, agent);
    // Verified: the hidden fields are back; the ID number is masked as any agent sees it (no pii.view).
    expect(shown).toMatchObject({ idNumber: '110101********5656', accountNumbers: ['AC56565656'] });
    expect(shown.notes.map((n: { text: string }) => n.text)).toEqual(['老客户']);
    expect(shown.verification).toEqual({ contactId: contact.id, verified: true, hiddenFields: [] });
    const notes = (await t.request('GET', `/api/v1/customers/${id}/timeline?kind=note`, { token: agent })).json();
    expect(notes.items[0].summary).toMatchObject({ text: '老客户' });
    await t.request('PUT', '/api/v1/crm/settings', { token: admin, body: { hiddenUntilVerified: [] } });
  });
});
