import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from './acd-fixture';

let acd: Acd;

beforeAll(async () => {
  acd = await setupAcd({
    queues: [
      { key: 'sales', wrapUpSeconds: 300, offerTimeoutSeconds: 60 },
      { key: 'support', wrapUpSeconds: 300, offerTimeoutSeconds: 60 },
      { key: 'unserved', offerTimeoutSeconds: 60 },
    ],
    users: [
      { name: 'ts1', memberships: [{ queue: 'sales' }] },
      { name: 'ts2', memberships: [{ queue: 'support' }] },
      // A specialist in no queue: reached only by name.
      { name: 'ts3', memberships: [] },
      { name: 'sup', roles: ['supervisor'] },
    ],
  });
});
afterAll(() => acd.t.close());

const wrapUp = { disposition: 'resolved', requestType: 'query', notes: '' };

async function connectedTo(agent: string, queue: string) {
  await acd.ready(agent);
  const c = await acd.create(queue);
  expect(c).toMatchObject({ state: 'offered', agentId: acd.id(agent) });
  await acd.call(agent, 'POST', `/api/v1/contacts/${c.id}/accept`);
  return c;
}

async function audited(action: string, entityId: string) {
  const page = await acd.call('admin', 'GET', `/api/v1/audit?action=${action}&entityId=${entityId}`);
  return page.items as Array<{ actorId: string; details: Record<string, unknown> }>;
}

describe('transfer', () => {
  it('to a queue: the old contact is transferred, a new one continues it there, the agent owes the wrap-up', async () => {
    await acd.ready('ts2');
    const c = await connectedTo('ts1', 'sales');
    const child = await acd.call('ts1', 'POST', `/api/v1/contacts/${c.id}/transfer`, {
      queue: 'support',
      note: '转账单',
    });
    expect(child).toMatchObject({
      parentId: c.id,
      queueKey: 'support',
      state: 'offered',
      agentId: acd.id('ts2'),
      attributes: { transferNote: '转账单' },
    });
    expect(child.id).not.toBe(c.id);
    expect(await acd.contact(c.id)).toMatchObject({ state: 'transferred', wrapUp: null, completedAt: null });
    expect(await acd.me('ts1')).toMatchObject({ state: 'wrap_up' });

    const done = await acd.call('ts1', 'POST', `/api/v1/contacts/${c.id}/wrap-up`, wrapUp);
    expect(done).toMatchObject({ state: 'transferred', wrapUp: { disposition: 'resolved' } });
    expect(done.completedAt).not.toBeNull();
    expect(await acd.me('ts1')).toMatchObject({ state: 'ready' });
    // The notes are given once.
    expect(await acd.status('ts1', 'POST', `/api/v1/contacts/${c.id}/wrap-up`, wrapUp)).toBe(409);

    await acd.call('ts2', 'POST', `/api/v1/contacts/${child.id}/accept`);
    await acd.call('ts2', 'POST', `/api/v1/contacts/${child.id}/complete`, { wrapUp });
  });

  it('to a named agent: only that agent gets it, even while others of the queue are ready', async () => {
    await acd.call('ts3', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
    const c = await connectedTo('ts1', 'sales');
    const child = await acd.call('ts1', 'POST', `/api/v1/contacts/${c.id}/transfer`, { agentId: acd.id('ts3') });
    expect(child).toMatchObject({ parentId: c.id, queueKey: 'sales', state: 'queued', targetAgentId: acd.id('ts3') });
    expect(await acd.contact(c.id)).toMatchObject({ state: 'transferred' });

    // ts1 (a sales member) is free again after the notes, yet the contact waits for ts3.
    await acd.call('ts1', 'POST', `/api/v1/contacts/${c.id}/wrap-up`, wrapUp);
    expect(await acd.me('ts1')).toMatchObject({ state: 'ready', offer: null });
    expect(await acd.contact(child.id)).toMatchObject({ state: 'queued' });

    const st = await acd.ready('ts3');
    expect(st).toMatchObject({ state: 'reserved', offer: child.id });
    // The named agent sees it (it was transferred to them) and takes it.
    expect((await acd.call('ts3', 'GET', `/api/v1/contacts/${child.id}`)).state).toBe('offered');
    await acd.call('ts3', 'POST', `/api/v1/contacts/${child.id}/accept`);
    await acd.call('ts3', 'POST', `/api/v1/contacts/${child.id}/complete`, { wrapUp });
    await acd.call('ts3', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
  });

  it('refuses a transfer of a contact one does not hold', async () => {
    const c = await connectedTo('ts1', 'sales');
    expect(await acd.status('ts2', 'POST', `/api/v1/contacts/${c.id}/transfer`, { queue: 'support' })).toBe(403);
    await acd.call('ts1', 'POST', `/api/v1/contacts/${c.id}/complete`, { wrapUp });
  });
});

describe('supervisor actions on a waiting contact, each audited and refused to agents', () => {
  it('moves a contact to another queue', async () => {
    await acd.call('ts1', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
    await acd.call('ts2', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
    const c = await acd.create('unserved');
    expect(await acd.status('ts1', 'PATCH', `/api/v1/contacts/${c.id}`, { queue: 'support' })).toBe(403);
    expect((await acd.contact(c.id)).queueKey).toBe('unserved');

    const moved = await acd.call('sup', 'PATCH', `/api/v1/contacts/${c.id}`, { queue: 'support' });
    expect(moved).toMatchObject({ queueKey: 'support', state: 'queued', position: 1 });
    const entries = await audited('routing.contact.updated', c.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: acd.id('sup'), details: { after: { queue: 'support' } } });

    // In its new queue a member going ready takes it.
    expect(await acd.ready('ts2')).toMatchObject({ state: 'reserved', offer: c.id });
    await acd.call('ts2', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
    await acd.call('admin', 'POST', `/api/v1/contacts/${c.id}/abandon`);
  });

  it('raises a priority: the contact moves ahead of older ones', async () => {
    const older = await acd.create('unserved');
    const younger = await acd.create('unserved');
    expect((await acd.contact(younger.id)).position).toBe(2);
    expect(await acd.status('ts1', 'PATCH', `/api/v1/contacts/${younger.id}`, { priority: 10 })).toBe(403);
    expect((await acd.contact(younger.id)).position).toBe(2);

    const raised = await acd.call('sup', 'PATCH', `/api/v1/contacts/${younger.id}`, { priority: 10 });
    expect(raised).toMatchObject({ priority: 10, position: 1 });
    expect((await acd.contact(older.id)).position).toBe(2);
    expect(await audited('routing.contact.updated', younger.id)).toEqual([
      expect.objectContaining({
        actorId: acd.id('sup'),
        details: expect.objectContaining({ after: { priority: 10 } }),
      }),
    ]);
    for (const c of [older, younger]) await acd.call('admin', 'POST', `/api/v1/contacts/${c.id}/abandon`);
  });

  it('assigns a contact to a named agent outside its queue', async () => {
    await acd.ready('ts3');
    const c = await acd.create('unserved');
    expect(c.state).toBe('queued'); // ts3 serves no queue
    expect(await acd.status('ts3', 'PATCH', `/api/v1/contacts/${c.id}`, { assignTo: acd.id('ts3') })).toBe(403);
    expect((await acd.contact(c.id)).state).toBe('queued');

    const assigned = await acd.call('sup', 'PATCH', `/api/v1/contacts/${c.id}`, { assignTo: acd.id('ts3') });
    expect(assigned).toMatchObject({ state: 'offered', agentId: acd.id('ts3'), targetAgentId: acd.id('ts3') });
    expect(await audited('routing.contact.updated', c.id)).toHaveLength(1);
    const log = await acd.call('admin', 'GET', `/api/v1/contacts/${c.id}/routing-log`);
    expect(log.map((e: Body) => e.toState)).toEqual(['queued', 'queued', 'offered']);
    expect(log[1]).toMatchObject({ actorId: acd.id('sup'), note: expect.stringContaining('supervisor') });
    await acd.call('ts3', 'POST', `/api/v1/contacts/${c.id}/accept`);
    await acd.call('ts3', 'POST', `/api/v1/contacts/${c.id}/complete`, { wrapUp });
  });

  it("changes an agent's state: the supervisor may, an agent may not, and it is audited", async () => {
    expect(await acd.me('ts3')).toMatchObject({ state: 'ready' });
    expect(
      await acd.status('ts1', 'PUT', `/api/v1/agents/${acd.id('ts3')}/state`, { state: 'not_ready', reason: 'meal' }),
    ).toBe(403);
    expect(await acd.me('ts3')).toMatchObject({ state: 'ready' });

    const st = await acd.call('sup', 'PUT', `/api/v1/agents/${acd.id('ts3')}/state`, {
      state: 'not_ready',
      reason: 'meal',
    });
    expect(st).toMatchObject({ state: 'not_ready', reason: 'meal' });
    expect(await acd.me('ts3')).toMatchObject({ state: 'not_ready', reason: 'meal' });
    expect(await audited('routing.agent.state_set', acd.id('ts3'))).toEqual([
      expect.objectContaining({ actorId: acd.id('sup'), details: { state: 'not_ready', reason: 'meal' } }),
    ]);

    await acd.call('sup', 'PUT', `/api/v1/agents/${acd.id('ts3')}/state`, { state: 'logged_out' });
    expect(await acd.me('ts3')).toMatchObject({ state: 'logged_out' });
    expect(await audited('routing.agent.state_set', acd.id('ts3'))).toHaveLength(2);
    // Agents' own changes are theirs to make and are not audit entries.
    await acd.ready('ts1');
    expect(await audited('routing.agent.state_set', acd.id('ts1'))).toHaveLength(0);
  });
});
