import { describe, expect, it } from 'vitest';
import { agent, center, queue, S } from './engine-fixture';

describe('found by the property tests’ review', () => {
  it('relaxation is cumulative: a later overflow step keeps the lowered level', () => {
    const e = center(
      [
        queue('vip', {
          skills: [{ skill: 'vip', minLevel: 4 }],
          relaxation: [
            { afterSeconds: 30, maxLevel: 2 },
            { afterSeconds: 60, overflowQueues: ['general'] },
          ],
        }),
        queue('general'),
      ],
      [agent('mid', { skills: { vip: 2 }, memberships: [{ queueId: 'vip', priority: 1, delaySeconds: 0 }] })],
    );
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'vip', priority: 0 }, 0);
    e.setPresence('mid', 'not_ready', 0, '小休');
    // At 45 s and at 61 s only presence stands in the way: the level cap of step 1 still holds at step 2.
    expect(e.whyNot('mid', 'c1', 45 * S)).toBe('not ready (小休)');
    expect(e.whyNot('mid', 'c1', 61 * S)).toBe('not ready (小休)');
    expect(e.setPresence('mid', 'ready', 61 * S)[0]?.contactId).toBe('c1');
  });

  it('a contact relaxed on a tick is routed by its queue strategy (most skilled), not by idle time', () => {
    const e = center(
      [
        queue('billing', {
          strategy: 'most_skilled',
          skills: [{ skill: 'b', minLevel: 5 }],
          relaxation: [{ afterSeconds: 10, maxLevel: 1 }],
        }),
      ],
      [agent('novice', { skills: { b: 1 } }), agent('expert', { skills: { b: 4 } })],
    );
    e.setPresence('novice', 'ready', 0);
    e.setPresence('expert', 'ready', S);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, 2 * S);
    expect(e.tick(12 * S)[0]).toMatchObject({ agentId: 'expert', explanation: { rule: 'most_skilled', step: 1 } });
  });

  it('ending a second chat without wrap-up does not cut the first chat’s wrap-up short', () => {
    const e = center([queue('billing')], [agent('a1')]);
    e.setPresence('a1', 'ready', 0);
    for (const id of ['ch1', 'ch2'])
      for (const o of e.enqueue({ id, channel: 'chat', queueId: 'billing', priority: 0 }, 0)) e.accept(o.contactId, 0);
    e.end('ch1', 10 * S, 60);
    e.end('ch2', 20 * S, 0);
    expect(e.agentState('a1', 30 * S)).toBe('wrap_up');
    expect(e.nextWakeAt(30 * S)).toBe(70 * S);
  });

  it('an agent whose own membership is delayed may still take the contact through overflow', () => {
    const e = center(
      [queue('q1', { relaxation: [{ afterSeconds: 5, overflowQueues: ['q2'] }] }), queue('q2')],
      [
        agent('both', {
          memberships: [
            { queueId: 'q1', priority: 1, delaySeconds: 60 },
            { queueId: 'q2', priority: 1, delaySeconds: 0 },
          ],
        }),
      ],
    );
    e.setPresence('both', 'ready', 0);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'q1', priority: 0 }, 0);
    expect(e.tick(5 * S)[0]?.agentId).toBe('both');
  });

  it('going not ready with an offer pending withdraws it: the contact goes to the next agent', () => {
    const e = center([queue('billing')], [agent('a1'), agent('a2')]);
    e.setPresence('a1', 'ready', 0);
    e.setPresence('a2', 'ready', S);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, 2 * S);
    const [o] = e.setPresence('a1', 'logged_out', 3 * S);
    expect(o?.agentId).toBe('a2');
    expect(e.agentState('a1', 3 * S)).toBe('logged_out');
  });
});

describe('supervisor moves and restarts', () => {
  it('a contact assigned to a named agent waits for her, even without the skills', () => {
    const e = center(
      [queue('billing', { skills: [{ skill: 'b', minLevel: 5 }] })],
      [agent('a1', { skills: { b: 5 } }), agent('a2', { skills: {}, memberships: [] })],
    );
    e.setPresence('a1', 'ready', 0);
    expect(e.enqueue({ id: 'c1', channel: 'task', queueId: 'billing', priority: 0, targetAgentId: 'a2' }, S)).toEqual(
      [],
    );
    const [o] = e.setPresence('a2', 'ready', 2 * S);
    expect(o).toMatchObject({ contactId: 'c1', agentId: 'a2' });
    expect(o?.explanation.rule).toBe('assigned to a2');
  });

  it('a named agent who rejects hands the contact back to the queue, in its place', () => {
    const e = center([queue('billing')], [agent('a1'), agent('a2', { memberships: [] })]);
    e.setPresence('a2', 'ready', 0);
    e.enqueue({ id: 'c1', channel: 'task', queueId: 'billing', priority: 0, targetAgentId: 'a2' }, S);
    e.setPresence('a1', 'ready', 2 * S); // a1 may not take it: it is a2's
    expect(e.agentState('a1', 2 * S)).toBe('ready');
    const out = e.decline('c1', 3 * S, 'rejected');
    expect(out).toEqual([expect.objectContaining({ contactId: 'c1', agentId: 'a1' })]);
  });

  it('requeue moves a waiting contact to another queue and raises its priority, keeping its age', () => {
    const e = center(
      [queue('billing'), queue('vip')],
      [agent('v1', { memberships: [{ queueId: 'vip', priority: 1, delaySeconds: 0 }] })],
    );
    e.enqueue({ id: 'young', channel: 'voice', queueId: 'vip', priority: 0 }, 5 * S);
    e.enqueue({ id: 'old', channel: 'voice', queueId: 'billing', priority: 0 }, S);
    expect(e.requeue('old', { queueId: 'vip', priority: 9 }, 6 * S)).toEqual([]);
    expect(e.waiting('vip').map((c) => c.id)).toEqual(['old', 'young']);
    expect(e.waiting('vip')[0]?.enqueuedAt).toBe(S);
    expect(e.setPresence('v1', 'ready', 7 * S)[0]?.contactId).toBe('old');
  });

  it('requeue of an offered contact withdraws the offer; the agent stays ready for other work', () => {
    const e = center([queue('billing'), queue('other')], [agent('a1')]);
    e.setPresence('a1', 'ready', 0);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, S);
    e.enqueue({ id: 'c2', channel: 'voice', queueId: 'billing', priority: 0 }, 2 * S);
    const out = e.requeue('c1', { queueId: 'other' }, 3 * S);
    expect(out).toEqual([expect.objectContaining({ contactId: 'c2', agentId: 'a1' })]);
    expect(e.contact('c1')).toMatchObject({ state: 'queued', queueId: 'other' });
  });

  it('restores waiting and connected contacts, then agents, as before a restart', () => {
    const e = center([queue('billing')], [agent('a1'), agent('a2'), agent('a3')]);
    e.enqueue({ id: 'w2', channel: 'voice', queueId: 'billing', priority: 0 }, 20 * S, 12 * S);
    e.enqueue({ id: 'w1', channel: 'voice', queueId: 'billing', priority: 0 }, 20 * S, 10 * S);
    e.restoreConnected({ id: 'k', channel: 'voice', queueId: 'billing', priority: 0 }, 'a1', 5 * S, 6 * S);
    const none = { reason: null, wrapUpUntil: null, handleMs: 0 };
    expect(e.restoreAgent('a1', { ...none, presence: 'ready', idleSince: 0 }, 20 * S)).toEqual([]);
    expect(e.agentState('a1', 20 * S)).toBe('busy');
    expect(e.restoreAgent('a2', { ...none, presence: 'ready', wrapUpUntil: 25 * S, idleSince: 1 }, 20 * S)).toEqual([]);
    expect(e.agentState('a2', 20 * S)).toBe('wrap_up');
    const [o] = e.restoreAgent('a3', { ...none, presence: 'ready', idleSince: 2 }, 20 * S);
    expect(o?.contactId).toBe('w1'); // the older one, though restored second
    expect(e.tick(25 * S)).toEqual([expect.objectContaining({ contactId: 'w2', agentId: 'a2' })]);
    expect(e.agent('a3', 25 * S)).toMatchObject({ state: 'reserved', offer: 'w1' });
  });
});

describe('decisions that use the per-queue index of open agents', () => {
  const call = (id: string, queueId = 'billing') => ({ id, channel: 'voice' as const, queueId, priority: 0 });

  it('ties on idle time go to the smaller id, whatever order the agents became ready in', () => {
    const e = center([queue('billing')], [agent('b'), agent('a'), agent('c')]);
    for (const id of ['c', 'b', 'a']) e.setPresence(id, 'ready', S);
    expect(e.enqueue(call('c1'), 2 * S)[0]?.agentId).toBe('a');
    expect(e.enqueue(call('c2'), 2 * S)[0]?.agentId).toBe('b');
  });

  it('an agent restored with an earlier idle time goes ahead of agents idle since later', () => {
    const e = center([queue('billing')], [agent('a1'), agent('a2'), agent('a3')]);
    e.setPresence('a1', 'ready', 10 * S);
    e.setPresence('a2', 'ready', 20 * S);
    const none = { reason: null, wrapUpUntil: null, handleMs: 0 };
    e.restoreAgent('a3', { ...none, presence: 'ready', idleSince: 15 * S }, 30 * S);
    e.restoreAgent('a1', { ...none, presence: 'ready', idleSince: 25 * S }, 30 * S); // moves back
    expect([call('c1'), call('c2'), call('c3')].map((c) => e.enqueue(c, 40 * S)[0]?.agentId)).toEqual([
      'a3',
      'a2',
      'a1',
    ]);
  });

  it('agents whose wrap-up ends on the same tick pick waiting work in the order they were added', () => {
    const e = center([queue('billing')], [agent('b'), agent('a')]);
    e.setPresence('b', 'ready', 0);
    e.setPresence('a', 'ready', 0);
    for (const o of [...e.enqueue(call('c1'), S), ...e.enqueue(call('c2'), S)]) e.accept(o.contactId, S);
    e.end('c2', 2 * S, 5);
    e.end('c1', 2 * S, 5);
    e.enqueue(call('c3'), 3 * S);
    expect(e.nextWakeAt(3 * S)).toBe(7 * S);
    expect(e.tick(7 * S)).toEqual([expect.objectContaining({ contactId: 'c3', agentId: 'b' })]);
  });

  it('a wrap-up cut short or extended wakes the caller at its current end only', () => {
    const e = center([queue('billing')], [agent('a1', { capacity: { chat: 2 } })]);
    e.setPresence('a1', 'ready', 0);
    const chat = (id: string) => ({ ...call(id), channel: 'chat' as const });
    for (const id of ['k1', 'k2']) e.accept(e.enqueue(chat(id), 0)[0]!.contactId, 0);
    e.end('k1', S, 10); // wrap-up until 11 s
    e.end('k2', 2 * S, 20); // extended to 22 s
    expect(e.nextWakeAt(2 * S)).toBe(22 * S);
    e.finishWrapUp('a1', 5 * S);
    expect(e.nextWakeAt(5 * S)).toBeNull();
    expect(e.tick(22 * S)).toEqual([]);
    expect(e.agentState('a1', 22 * S)).toBe('ready');
  });

  it('lists the agents skipped ahead of the choice and at most ten entries after it; busy members are counted', () => {
    const members = Array.from({ length: 30 }, (_, i) => agent(`a${String(i).padStart(2, '0')}`, { skills: { b: 3 } }));
    const e = center(
      [queue('billing', { skills: [{ skill: 'b', minLevel: 3 }] })],
      [agent('novice', { skills: { b: 1 } }), ...members],
    );
    e.setPresence('novice', 'ready', 0);
    for (const [i, m] of members.entries()) e.setPresence(m.id, 'ready', (i + 1) * S);
    for (let i = 0; i < 5; i++) e.accept(e.enqueue(call(`busy${i}`), 100 * S)[0]!.contactId, 100 * S);
    e.setPresence('a29', 'not_ready', 100 * S, '小休');
    const [o] = e.enqueue(call('c1'), 101 * S);
    expect(o?.agentId).toBe('a05'); // a00–a04 are on calls
    expect(o?.explanation.considered).toEqual([
      { agentId: 'novice', verdict: 'skipped', reason: 'b 1 < 3' },
      { agentId: 'a05', verdict: 'chosen' },
      ...['a06', 'a07', 'a08', 'a09', 'a10', 'a11', 'a12', 'a13', 'a14'].map((agentId) => ({
        agentId,
        verdict: 'eligible',
      })),
    ]);
    expect(o?.explanation.unavailable).toBe(6); // five on calls, one not ready
  });

  it('after an overflow step, the longest idle of both groups gets the contact, and a member of both is looked at once', () => {
    const inQueues = (...ids: string[]) => ids.map((queueId) => ({ queueId, priority: 1, delaySeconds: 0 }));
    const e = center(
      [
        queue('billing', {
          skills: [{ skill: 'b', minLevel: 5 }],
          relaxation: [{ afterSeconds: 10, anySkill: true, overflowQueues: ['general'] }],
        }),
        queue('general'),
      ],
      [
        agent('g1', { memberships: inQueues('general') }),
        agent('both', { memberships: inQueues('billing', 'general') }),
        agent('g2', { memberships: inQueues('general') }),
      ],
    );
    e.setPresence('g2', 'ready', 1 * S);
    e.setPresence('both', 'ready', 2 * S);
    e.setPresence('g1', 'ready', 3 * S);
    expect(e.enqueue(call('c1'), 5 * S)).toEqual([]);
    const [o] = e.tick(15 * S);
    expect(o).toMatchObject({ agentId: 'g2', explanation: { step: 1 } });
    expect(o?.explanation.considered.map((v) => v.agentId)).toEqual(['g2', 'both', 'g1']);
  });

  it('an agent with a chat in hand is still offered chats up to capacity, but never a call', () => {
    const e = center([queue('billing')], [agent('a1'), agent('a2')]);
    e.setPresence('a1', 'ready', 0);
    e.setPresence('a2', 'ready', S);
    const chat = (id: string) => ({ ...call(id), channel: 'chat' as const });
    e.accept(e.enqueue(chat('k1'), 2 * S)[0]!.contactId, 2 * S); // to a1, the longest idle
    const [voice] = e.enqueue(call('v1'), 3 * S);
    expect(voice?.agentId).toBe('a2');
    e.accept('v1', 3 * S);
    expect(e.enqueue(chat('k2'), 4 * S)[0]?.agentId).toBe('a1');
    e.accept('k2', 4 * S);
    expect(e.enqueue(chat('k3'), 5 * S)[0]?.agentId).toBe('a1');
    e.accept('k3', 5 * S);
    expect(e.enqueue(chat('k4'), 6 * S)).toEqual([]); // a1 is at three chats, a2 on a call
  });
});
