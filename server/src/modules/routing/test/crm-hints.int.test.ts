import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock';
import { type Acd, eventually, setupAcd } from './acd-fixture';

// The ACD reads the CRM only through its own read model (routing_customer_hints), fed by crm's
// events: every test drains the outbox before it looks.
const clock = fixedClock(new Date());
let acd: Acd;

beforeAll(async () => {
  acd = await setupAcd({
    clock,
    queues: [
      { key: 'vipq', vipPriorityBoost: 10 },
      { key: 'plain' },
      { key: 'pref', strategy: 'preferred_agent', preferredAgentSeconds: 60 },
    ],
    users: [
      { name: 'v1', memberships: [{ queue: 'vipq' }, { queue: 'plain' }] },
      { name: 'p1', memberships: [{ queue: 'pref' }] },
      { name: 'p2', memberships: [{ queue: 'pref' }] },
    ],
  });
});
afterAll(() => acd.t.close());

const drain = () => acd.t.kefu.bus.drain();
async function customer(body: Record<string, unknown>): Promise<string> {
  const c = await acd.call('admin', 'POST', '/api/v1/customers', body, 201);
  await drain();
  return c.id;
}
async function hints(): Promise<Array<Record<string, unknown>>> {
  const r = await acd.t.handle.pool.query(
    'select customer_id as "customerId", phones, vip, tier, preferred_agent_id as "preferredAgentId" from routing_customer_hints order by customer_id',
  );
  return r.rows;
}
const hintOf = async (id: string) => (await hints()).find((h) => h.customerId === id);

describe("routing's read model of CRM customers", () => {
  it('holds each customer with their E.164 numbers, VIP standing and preferred agent, and follows changes', async () => {
    const id = await customer({ name: '钱多多', phones: ['138 0013 0001', '010-6555 0001'], tags: ['vip'] });
    expect(await hintOf(id)).toEqual({
      customerId: id,
      phones: ['+8613800130001', '+861065550001'],
      vip: true,
      tier: 'standard',
      preferredAgentId: null,
    });
    await acd.call('admin', 'PATCH', `/api/v1/customers/${id}`, { tags: [], preferredAgentId: acd.id('p1') });
    await drain();
    expect(await hintOf(id)).toMatchObject({ vip: false, preferredAgentId: acd.id('p1') });
    await acd.call('admin', 'PATCH', `/api/v1/customers/${id}`, { tier: 'vip' });
    await drain();
    expect(await hintOf(id)).toMatchObject({ vip: true });
  });

  it('ignores an older version of a customer delivered late', async () => {
    const id = await customer({ name: '孙迟到', phones: ['13800130002'], tier: 'vip' });
    await acd.t.kefu.bus.transaction((tx) =>
      acd.t.kefu.bus.stage(tx, 'crm.customer.updated', {
        customerId: id,
        tier: 'standard',
        tags: [],
        phones: [],
        preferredAgentId: null,
        updatedAt: new Date(0).toISOString(),
      }),
    );
    await drain();
    expect(await hintOf(id)).toMatchObject({ vip: true, phones: ['+8613800130002'] });
  });

  it("moves a merged duplicate's numbers, VIP standing and preferred agent to the survivor", async () => {
    const keep = await customer({ name: '周留下', phones: ['13800130003'] });
    const dup = await customer({
      name: '周重复',
      phones: ['13800130004'],
      tags: ['VIP'],
      preferredAgentId: acd.id('p2'),
    });
    await acd.call('admin', 'POST', `/api/v1/customers/${keep}/merge`, { from: [dup] });
    await drain();
    expect(await hintOf(dup)).toBeUndefined();
    expect(await hintOf(keep)).toMatchObject({
      phones: ['+8613800130003', '+8613800130004'],
      vip: true,
      preferredAgentId: acd.id('p2'),
    });
  });

  it('drops a deleted customer', async () => {
    const id = await customer({ name: '吴删除', phones: ['13800130005'] });
    expect(await hintOf(id)).toBeDefined();
    const res = await acd.t.request('DELETE', `/api/v1/customers/${id}`, { token: acd.admin });
    expect(res.statusCode, res.body).toBeLessThan(300);
    await drain();
    expect(await hintOf(id)).toBeUndefined();
  });

  it('is rebuilt from the CRM after an import (one event for many customers), and its lost rows come back', async () => {
    const id = await customer({ name: '郑导入', phones: ['13800130006'], tier: 'vip' });
    await acd.t.handle.pool.query('delete from routing_customer_hints');
    const res = await acd.t.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/customers/import',
      headers: { authorization: `Bearer ${acd.admin}`, 'content-type': 'text/csv' },
      payload: 'name,phones,tags\n冯导入,13800130007,VIP\n',
    });
    expect(res.statusCode, res.body).toBe(202);
    await eventually(async () => {
      const job = await acd.call('admin', 'GET', `/api/v1/customers/imports/${res.json().id}`);
      return job.state === 'done';
    });
    await drain();
    const all = await hints();
    expect(all.find((h) => h.customerId === id)).toMatchObject({ vip: true });
    expect(all.find((h) => (h.phones as string[]).includes('+8613800130007'))).toMatchObject({ vip: true });
  });
});

describe('a VIP in a queue that boosts VIPs', () => {
  it('is routed before a normal contact that arrived earlier, found by the caller number or the customer id', async () => {
    const vip = await customer({ name: '王贵宾', phones: ['+86 138 0013 0010'], tags: ['VIP'] });
    await customer({ name: '李普通', phones: ['13800130011'] });
    const normal = await acd.create('vipq', { customer: { phone: '13800130011' } });
    clock.advance(1_000);
    const byPhone = await acd.create('vipq', { customer: { phone: '013800130010' } });
    clock.advance(1_000);
    const byId = await acd.create('vipq', { customer: { id: vip } });
    expect(normal).toMatchObject({ priority: 0 });
    expect(normal.attributes.vip).toBeUndefined();
    // The number named one customer: the contact now carries who it is.
    expect(byPhone).toMatchObject({ priority: 10, attributes: { vip: true }, customer: { id: vip } });
    expect(byId).toMatchObject({ priority: 10, attributes: { vip: true } });

    await acd.ready('v1');
    expect(await acd.me('v1')).toMatchObject({ offer: byPhone.id });
    const waiting = await acd.call('admin', 'GET', '/api/v1/contacts?queue=vipq&state=queued');
    expect(waiting.map((c: { id: string }) => c.id).sort()).toEqual([normal.id, byId.id].sort());
    await acd.call('v1', 'POST', `/api/v1/contacts/${byPhone.id}/reject`);
  });

  it('keeps its priority in a queue that does not boost', async () => {
    await customer({ name: '赵贵宾', phones: ['13800130012'], tier: 'vip' });
    const c = await acd.create('plain', { customer: { phone: '13800130012' }, priority: 3 });
    expect(c).toMatchObject({ priority: 3 });
    expect(c.attributes.vip).toBeUndefined();
  });
});

describe('preferred_agent with a preferred agent in the CRM', () => {
  it("offers the customer's contact to that agent first, though another has been idle longer", async () => {
    await acd.ready('p2');
    clock.advance(5_000);
    await acd.ready('p1');
    const id = await customer({ name: '陈专属', phones: ['13800130020'], preferredAgentId: acd.id('p1') });
    const c = await acd.create('pref', { customer: { phone: '13800130020' } });
    expect(c.preferredAgentId).toBe(acd.id('p1'));
    expect(c.customer).toMatchObject({ id });
    expect(await acd.me('p1')).toMatchObject({ offer: c.id });
    expect(await acd.me('p2')).toMatchObject({ offer: null });
    // The caller hangs up: both agents are free for the next test.
    await acd.call('admin', 'POST', `/api/v1/contacts/${c.id}/abandon`);
  });

  it('waits for that agent within preferredAgentSeconds rather than the free one', async () => {
    await acd.call('p1', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
    await acd.ready('p2');
    await customer({ name: '林等待', phones: ['13800130021'], preferredAgentId: acd.id('p1') });
    expect(await acd.me('p2')).toMatchObject({ state: 'ready', offer: null });
    const c = await acd.create('pref', { customer: { phone: '13800130021' } });
    expect((await acd.contact(c.id)).state).toBe('queued');
    expect(await acd.me('p2')).toMatchObject({ offer: null });
    await acd.ready('p1');
    expect(await acd.me('p1')).toMatchObject({ offer: c.id });
  });
});

describe('the queue setting', () => {
  it('is refused with the field named when it is not a whole number from 0 to 100', async () => {
    for (const bad of [-1, 101, 2.5, 'high']) {
      const res = await acd.t.request('PATCH', '/api/v1/queues/plain', {
        token: acd.admin,
        body: { vipPriorityBoost: bad },
      });
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json().error.details)).toContain('vipPriorityBoost');
    }
    const created = await acd.t.request('POST', '/api/v1/queues', {
      token: acd.admin,
      body: { key: 'badboost', name: 'x', vipPriorityBoost: 1000 },
    });
    expect(created.statusCode).toBe(400);
    const ok = await acd.call('admin', 'PATCH', '/api/v1/queues/plain', { vipPriorityBoost: 5 });
    expect(ok.vipPriorityBoost).toBe(5);
    expect((await acd.call('admin', 'GET', '/api/v1/queues/vipq')).vipPriorityBoost).toBe(10);
  });
});
