import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, setupAcd } from './acd-fixture';

let acd: Acd;

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'web', wrapUpSeconds: 300, offerTimeoutSeconds: 60 }],
    users: [
      { name: 'cp1', memberships: [{ queue: 'web' }] },
      { name: 'cp2', memberships: [{ queue: 'web' }] },
    ],
  });
});
afterAll(() => acd.t.close());

const wrapUp = { disposition: 'resolved', requestType: 'inquiry', notes: '' };

describe('chat capacity', () => {
  it('an agent holds three chats at once; the fourth waits until one ends', async () => {
    await acd.ready('cp1');
    const chats = [];
    for (let i = 0; i < 4; i++)
      chats.push(await acd.call('admin', 'POST', '/api/v1/contacts', { channel: 'chat', queue: 'web' }, 201));
    // One offer at a time: the next comes when the agent accepts.
    expect(chats.map((c) => c.state)).toEqual(['offered', 'queued', 'queued', 'queued']);
    for (let i = 0; i < 3; i++) {
      expect(await acd.contact(chats[i].id)).toMatchObject({ state: 'offered', agentId: acd.id('cp1') });
      await acd.call('cp1', 'POST', `/api/v1/contacts/${chats[i].id}/accept`);
    }
    const me = await acd.me('cp1');
    expect(me).toMatchObject({ state: 'busy', offer: null });
    expect([...me.contacts].sort()).toEqual(
      chats
        .slice(0, 3)
        .map((c) => c.id)
        .sort(),
    );
    expect(await acd.contact(chats[3].id)).toMatchObject({ state: 'queued', position: 1 });

    // Ending one chat with its notes frees a place: the fourth is offered at once.
    await acd.call('cp1', 'POST', `/api/v1/contacts/${chats[0].id}/complete`, { wrapUp });
    expect(await acd.contact(chats[3].id)).toMatchObject({ state: 'offered', agentId: acd.id('cp1') });
    await acd.call('cp1', 'POST', `/api/v1/contacts/${chats[3].id}/accept`);
    for (const c of chats.slice(1)) await acd.call('cp1', 'POST', `/api/v1/contacts/${c.id}/complete`, { wrapUp });
    expect(await acd.me('cp1')).toMatchObject({ state: 'ready', contacts: [] });
  });

  it('a task (capacity one) is not offered to an agent who holds one', async () => {
    const a = await acd.create('web');
    await acd.call('cp1', 'POST', `/api/v1/contacts/${a.id}/accept`);
    const b = await acd.create('web');
    expect(b.state).toBe('queued');
    await acd.call('cp1', 'POST', `/api/v1/contacts/${a.id}/complete`, { wrapUp });
    expect(await acd.contact(b.id)).toMatchObject({ state: 'offered', agentId: acd.id('cp1') });
    await acd.call('cp1', 'POST', `/api/v1/contacts/${b.id}/accept`);
    await acd.call('cp1', 'POST', `/api/v1/contacts/${b.id}/complete`, { wrapUp });
  });
});

describe('"not ready after this contact"', () => {
  it('while busy the agent stays busy; after the contact and its wrap-up the agent is not ready', async () => {
    const c = await acd.create('web');
    expect(c.agentId).toBe(acd.id('cp1'));
    await acd.call('cp1', 'POST', `/api/v1/contacts/${c.id}/accept`);

    const st = await acd.call('cp1', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: '培训' });
    expect(st).toMatchObject({ state: 'busy', presence: 'not_ready', contacts: [c.id] });
    // The contact is still in hand.
    expect(await acd.contact(c.id)).toMatchObject({ state: 'connected', agentId: acd.id('cp1') });

    expect((await acd.call('cp1', 'POST', `/api/v1/contacts/${c.id}/complete`, {})).state).toBe('wrap_up');
    expect(await acd.me('cp1')).toMatchObject({ state: 'wrap_up', presence: 'not_ready' });
    const waiting = await acd.create('web');
    expect(waiting.state).toBe('queued');

    await acd.call('cp1', 'POST', `/api/v1/contacts/${c.id}/wrap-up`, wrapUp);
    expect(await acd.me('cp1')).toMatchObject({ state: 'not_ready', reason: 'training', offer: null });
    // Not ready: the waiting contact is not offered to cp1, but to the next agent who goes ready.
    expect(await acd.contact(waiting.id)).toMatchObject({ state: 'queued' });
    expect(await acd.ready('cp2')).toMatchObject({ state: 'reserved', offer: waiting.id });
  });
});
