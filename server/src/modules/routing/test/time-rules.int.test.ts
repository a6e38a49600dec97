import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, eventually, setupAcd } from './acd-fixture';

// Real timers with one-second rules: these tests prove the runtime's timer fires them by itself.
let acd: Acd;

beforeAll(async () => {
  acd = await setupAcd({
    queues: [
      { key: 'spill', offerTimeoutSeconds: 60 },
      { key: 'patient', maxWaitSeconds: 1, overflowAction: 'queue', overflowQueue: 'spill' },
      { key: 'dead-end', maxWaitSeconds: 1, overflowAction: 'none' },
      { key: 'small', maxLength: 1, overflowAction: 'queue', overflowQueue: 'spill' },
      { key: 'quick', wrapUpSeconds: 1, offerTimeoutSeconds: 1 },
      { key: 'roomy' },
    ],
    users: [
      { name: 'tr1', memberships: [{ queue: 'quick' }] },
      { name: 'trsup', roles: ['supervisor'] },
    ],
  });
});
afterAll(() => acd.t.close());

const childOf = async (parentId: string, queue: string) => {
  const list = await acd.call('admin', 'GET', `/api/v1/contacts?queue=${queue}`);
  return list.find((c: Body) => c.parentId === parentId);
};

describe('queue limits', () => {
  it('past the maximum wait, a contact overflows to the overflow queue as a new contact', async () => {
    const c = await acd.create('patient', { priority: 3, subject: '退费' });
    expect(c.state).toBe('queued');
    const after = await eventually(async () => {
      const x = await acd.contact(c.id);
      return x.state !== 'queued' && x;
    }, 4_000);
    expect(after).toMatchObject({ state: 'overflowed', position: null });
    expect(after.endedAt).not.toBeNull();
    const child = await childOf(c.id, 'spill');
    expect(child).toMatchObject({ state: 'queued', priority: 3, subject: '退费', queueKey: 'spill' });
    const log = await acd.call('admin', 'GET', `/api/v1/contacts/${c.id}/routing-log`);
    expect(log.map((e: Body) => e.toState)).toEqual(['queued', 'overflowed']);
    expect(log[1].note).toContain('waited 1s');
    const childLog = await acd.call('admin', 'GET', `/api/v1/contacts/${child.id}/routing-log`);
    expect(childLog[0]).toMatchObject({ toState: 'queued', note: expect.stringContaining('overflow from patient') });
    await acd.call('admin', 'POST', `/api/v1/contacts/${child.id}/abandon`);
  });

  it('past the maximum wait with no overflow queue, a contact times out', async () => {
    const c = await acd.create('dead-end');
    const after = await eventually(async () => {
      const x = await acd.contact(c.id);
      return x.state !== 'queued' && x;
    }, 4_000);
    expect(after.state).toBe('timed_out');
    expect(await acd.call('admin', 'GET', '/api/v1/contacts?state=queued&queue=spill')).toEqual([]);
  });

  it("a contact a supervisor moves to another queue waits by that queue's limit, not the old one's", async () => {
    const out = await acd.create('dead-end'); // 1 s, then timed out
    await acd.call('trsup', 'PATCH', `/api/v1/contacts/${out.id}`, { queue: 'roomy' });
    const into = await acd.create('roomy'); // no limit there …
    await acd.call('trsup', 'PATCH', `/api/v1/contacts/${into.id}`, { queue: 'patient' }); // … 1 s here
    await eventually(async () => (await acd.contact(into.id)).state === 'overflowed', 4_000);
    // The moved one would have timed out by now under its old queue's limit.
    expect(await acd.contact(out.id)).toMatchObject({ state: 'queued', queueKey: 'roomy' });
    for (const c of [out, await childOf(into.id, 'spill')])
      await acd.call('admin', 'POST', `/api/v1/contacts/${c.id}/abandon`);
  });

  it('a maximum wait set on a queue applies to the contacts already waiting there', async () => {
    await acd.call('admin', 'POST', '/api/v1/queues', { key: 'tighten', name: 'tighten' }, 201);
    const c = await acd.create('tighten');
    await acd.call('admin', 'PATCH', '/api/v1/queues/tighten', { maxWaitSeconds: 1, overflowAction: 'none' });
    await eventually(async () => (await acd.contact(c.id)).state === 'timed_out', 4_000);
  });

  it('a full queue overflows a new contact on arrival', async () => {
    const first = await acd.create('small');
    expect(first).toMatchObject({ state: 'queued', position: 1 });
    const second = await acd.create('small');
    expect(second.state).toBe('overflowed');
    expect(await childOf(second.id, 'spill')).toMatchObject({ state: 'queued', queueKey: 'spill' });
    expect(await acd.contact(first.id)).toMatchObject({ state: 'queued', position: 1 });
    const log = await acd.call('admin', 'GET', `/api/v1/contacts/${second.id}/routing-log`);
    expect(log[1]).toMatchObject({ toState: 'overflowed', note: 'queue small full (1)' });
  });
});

describe('agent timers', () => {
  it('when the wrap-up time runs out, the contact completes and the agent takes the next one', async () => {
    await acd.ready('tr1');
    const c = await acd.create('quick');
    await acd.call('tr1', 'POST', `/api/v1/contacts/${c.id}/accept`);
    expect((await acd.call('tr1', 'POST', `/api/v1/contacts/${c.id}/complete`, {})).state).toBe('wrap_up');
    const next = await acd.create('quick');
    expect(next.state).toBe('queued'); // the agent is in wrap-up

    const done = await eventually(async () => {
      const x = await acd.contact(c.id);
      return x.state === 'completed' && x;
    }, 4_000);
    expect(done.wrapUp).toBeNull();
    const log = await acd.call('admin', 'GET', `/api/v1/contacts/${c.id}/routing-log`);
    expect(log.at(-1)).toMatchObject({ fromState: 'wrap_up', toState: 'completed', note: 'wrap-up time ended' });
    expect(await acd.contact(next.id)).toMatchObject({ state: 'offered', agentId: acd.id('tr1') });
    await acd.call('tr1', 'POST', `/api/v1/contacts/${next.id}/accept`);
    await acd.call('tr1', 'POST', `/api/v1/contacts/${next.id}/complete`, {
      wrapUp: { disposition: 'resolved', requestType: 'query' },
    });
    expect(await acd.me('tr1')).toMatchObject({ state: 'ready' });
  });

  it("an offer nobody answers (RONA) is logged offered → queued with the reason, at the contact's place", async () => {
    const c = await acd.create('quick');
    expect(c).toMatchObject({ state: 'offered', agentId: acd.id('tr1') });
    await eventually(async () => (await acd.contact(c.id)).state === 'queued', 4_000);
    const log = await acd.call('admin', 'GET', `/api/v1/contacts/${c.id}/routing-log`);
    expect(log.map((e: Body) => [e.fromState, e.toState])).toEqual([
      [null, 'queued'],
      ['queued', 'offered'],
      ['offered', 'queued'],
    ]);
    expect(log[2]).toMatchObject({
      agentId: acd.id('tr1'),
      actorId: null,
      note: `rona: no answer from ${acd.id('tr1')}`,
    });
    expect(await acd.me('tr1')).toMatchObject({ state: 'not_ready', reason: 'no_answer' });
    expect((await acd.contact(c.id)).position).toBe(1);
  });
});
