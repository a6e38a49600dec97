import { describe, expect, it } from 'vitest';
import { agent, center, queue, S } from './engine-fixture';

describe('a contact arrives', () => {
  it('goes to the agent who has been idle longest', () => {
    const e = center([queue('billing')], [agent('a1'), agent('a2')]);
    e.setPresence('a2', 'ready', 1 * S);
    e.setPresence('a1', 'ready', 2 * S);
    const [o] = e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, 10 * S);
    expect(o?.agentId).toBe('a2');
    expect(o?.explanation.rule).toBe('longest_idle');
    expect(e.agentState('a2', 10 * S)).toBe('reserved');
  });

  it('explains who was skipped and why', () => {
    const e = center(
      [queue('billing', { skills: [{ skill: 'billing', minLevel: 3 }] })],
      [
        agent('novice', { skills: { billing: 1 } }),
        agent('expert', { skills: { billing: 4 } }),
        agent('away', { skills: { billing: 5 } }),
      ],
    );
    e.setPresence('novice', 'ready', 0);
    e.setPresence('expert', 'ready', 0);
    e.setPresence('away', 'not_ready', 0, '就餐');
    const [o] = e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, S);
    expect(o?.agentId).toBe('expert');
    const byAgent = Object.fromEntries(o!.explanation.considered.map((v) => [v.agentId, v]));
    expect(byAgent.novice).toEqual({ agentId: 'novice', verdict: 'skipped', reason: 'billing 1 < 3' });
    expect(byAgent.away).toBeUndefined(); // not ready: counted, not listed
    expect(o!.explanation.unavailable).toBe(1);
    expect(byAgent.expert?.verdict).toBe('chosen');
  });

  it('most_skilled prefers the highest proficiency, then the longest idle', () => {
    const e = center(
      [queue('billing', { strategy: 'most_skilled', skills: [{ skill: 'b', minLevel: 1 }] })],
      [agent('a1', { skills: { b: 2 } }), agent('a2', { skills: { b: 5 } })],
    );
    e.setPresence('a1', 'ready', 0);
    e.setPresence('a2', 'ready', S);
    expect(e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, 2 * S)[0]?.agentId).toBe('a2');
  });

  it('waits for the preferred agent for a while, then routes normally', () => {
    const e = center(
      [queue('billing', { strategy: 'preferred_agent', preferredAgentSeconds: 20 })],
      [agent('mine'), agent('other')],
    );
    e.setPresence('other', 'ready', 0);
    expect(
      e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0, preferredAgentId: 'mine' }, S),
    ).toEqual([]);
    expect(e.nextWakeAt(S)).toBe(21 * S);
    const [o] = e.tick(21 * S);
    expect(o?.agentId).toBe('other');
  });
});

describe('an agent becomes free', () => {
  it('takes the VIP first, then the oldest', () => {
    const e = center([queue('billing')], [agent('a1')]);
    e.enqueue({ id: 'old', channel: 'voice', queueId: 'billing', priority: 0 }, 1 * S);
    e.enqueue({ id: 'older', channel: 'voice', queueId: 'billing', priority: 0 }, 0);
    e.enqueue({ id: 'vip', channel: 'voice', queueId: 'billing', priority: 5 }, 2 * S);
    expect(e.waiting('billing').map((c) => c.id)).toEqual(['vip', 'older', 'old']);
    expect(e.setPresence('a1', 'ready', 3 * S)[0]?.contactId).toBe('vip');
  });

  it('serves its first-priority queue before its second, unless the second waited past the delay', () => {
    const e = center(
      [queue('billing'), queue('fault')],
      [
        agent('a1', {
          memberships: [
            { queueId: 'billing', priority: 1, delaySeconds: 0 },
            { queueId: 'fault', priority: 2, delaySeconds: 0 },
          ],
        }),
      ],
    );
    e.enqueue({ id: 'f1', channel: 'voice', queueId: 'fault', priority: 0 }, 0);
    e.enqueue({ id: 'b1', channel: 'voice', queueId: 'billing', priority: 0 }, 5 * S);
    expect(e.setPresence('a1', 'ready', 6 * S)[0]?.contactId).toBe('b1');
  });

  it('a membership delay keeps an agent off a queue until its contacts waited that long', () => {
    const e = center(
      [queue('billing')],
      [agent('backup', { memberships: [{ queueId: 'billing', priority: 1, delaySeconds: 30 }] })],
    );
    e.setPresence('backup', 'ready', 0);
    expect(e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, S)).toEqual([]);
    expect(e.nextWakeAt(S)).toBe(31 * S);
    expect(e.tick(31 * S)[0]?.agentId).toBe('backup');
  });
});

describe('skill relaxation and overflow', () => {
  it('lowers the level after a wait, then lets the overflow group take it', () => {
    const e = center(
      [
        queue('vip', {
          skills: [{ skill: 'vip', minLevel: 4 }],
          relaxation: [
            { afterSeconds: 30, maxLevel: 2 },
            { afterSeconds: 90, anySkill: true, overflowQueues: ['general'] },
          ],
        }),
        queue('general'),
      ],
      [
        agent('mid', { skills: { vip: 2 }, memberships: [{ queueId: 'vip', priority: 1, delaySeconds: 0 }] }),
        agent('gen', { memberships: [{ queueId: 'general', priority: 1, delaySeconds: 0 }] }),
      ],
    );
    e.setPresence('gen', 'ready', 0);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'vip', priority: 0 }, 0);
    e.setPresence('mid', 'ready', 0);
    expect(e.tick(29 * S)).toEqual([]);
    const [at30] = e.tick(30 * S);
    expect(at30).toMatchObject({ agentId: 'mid', explanation: { step: 1 } });

    e.enqueue({ id: 'c2', channel: 'voice', queueId: 'vip', priority: 0 }, 40 * S);
    expect(e.tick(129 * S)).toEqual([]); // mid is busy with c1 (reserved); gen is not in the group yet
    expect(e.tick(130 * S)[0]).toMatchObject({ contactId: 'c2', agentId: 'gen', explanation: { step: 2 } });
  });
});

describe('capacity', () => {
  it('an agent holds up to three chats, but a voice call excludes everything else', () => {
    const e = center([queue('billing')], [agent('a1')]);
    e.setPresence('a1', 'ready', 0);
    for (const id of ['ch1', 'ch2', 'ch3', 'ch4']) {
      let offers = e.enqueue({ id, channel: 'chat', queueId: 'billing', priority: 0 }, S);
      while (offers.length) offers = offers.flatMap((o) => e.accept(o.contactId, S));
    }
    expect(e.inspect().agents[0]?.active.map(([id]) => id)).toEqual(['ch1', 'ch2', 'ch3']);
    expect(e.enqueue({ id: 'v1', channel: 'voice', queueId: 'billing', priority: 0 }, 2 * S)).toEqual([]);
    const next = e.end('ch1', 3 * S, 0);
    expect(next.map((o) => o.contactId)).toEqual(['ch4']); // a chat seat freed: the waiting chat, not the call
  });
});

describe('offers that end unanswered', () => {
  it('RONA: the contact keeps its place, the agent goes not ready (未应答), the next agent gets it', () => {
    const e = center([queue('billing')], [agent('a1'), agent('a2')]);
    e.setPresence('a1', 'ready', 0);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, S);
    e.enqueue({ id: 'c2', channel: 'voice', queueId: 'billing', priority: 0 }, 2 * S);
    const [o] = e.decline('c1', 20 * S, 'timeout');
    expect(e.agentState('a1', 20 * S)).toBe('not_ready');
    expect(o).toBeUndefined(); // nobody else is ready; c1 waits, still ahead of c2
    expect(e.waiting('billing').map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(e.setPresence('a2', 'ready', 21 * S)[0]?.contactId).toBe('c1');
  });

  it('a rejected task goes to the next agent and not back to the one who rejected it', () => {
    const e = center([queue('billing')], [agent('a1'), agent('a2')]);
    e.setPresence('a1', 'ready', 0);
    e.setPresence('a2', 'ready', S);
    e.enqueue({ id: 't1', channel: 'task', queueId: 'billing', priority: 0 }, 2 * S);
    const [o] = e.decline('t1', 3 * S, 'rejected');
    expect(o?.agentId).toBe('a2');
    expect(e.agentState('a1', 3 * S)).toBe('ready');
  });
});

describe('wrap-up', () => {
  it('holds the agent for the wrap-up time unless ended early', () => {
    const e = center([queue('billing')], [agent('a1')]);
    e.setPresence('a1', 'ready', 0);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, 0);
    e.accept('c1', S);
    e.enqueue({ id: 'c2', channel: 'voice', queueId: 'billing', priority: 0 }, 2 * S);
    expect(e.end('c1', 60 * S, 30)).toEqual([]);
    expect(e.agentState('a1', 61 * S)).toBe('wrap_up');
    expect(e.nextWakeAt(61 * S)).toBe(90 * S);
    expect(e.finishWrapUp('a1', 70 * S)[0]?.contactId).toBe('c2');
  });
});

describe('extending wrap-up', () => {
  it('keeps the agent in wrap-up until the new end, then routes', () => {
    const e = center([queue('billing')], [agent('a1')]);
    e.setPresence('a1', 'ready', 0);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, S);
    e.accept('c1', 2 * S);
    e.end('c1', 3 * S, 10);
    expect(e.extendWrapUp('a1', 40 * S, 5 * S)).toBe(true);
    e.enqueue({ id: 'c2', channel: 'voice', queueId: 'billing', priority: 0 }, 6 * S);
    expect(e.nextWakeAt(6 * S)).toBe(40 * S);
    expect(e.tick(13 * S)).toEqual([]); // the original end passed: still in wrap-up
    expect(e.agentState('a1', 13 * S)).toBe('wrap_up');
    expect(e.tick(40 * S)).toEqual([expect.objectContaining({ contactId: 'c2', agentId: 'a1' })]);
  });

  it('is refused when the agent is not in wrap-up', () => {
    const e = center([queue('billing')], [agent('a1')]);
    e.setPresence('a1', 'ready', 0);
    expect(e.extendWrapUp('a1', 10 * S, S)).toBe(false);
  });
});

describe('signing out with work in hand', () => {
  it('shows busy, then wrap-up, then logged out; nothing new is offered', () => {
    const e = center([queue('billing')], [agent('a1')]);
    e.setPresence('a1', 'ready', 0);
    e.enqueue({ id: 'c1', channel: 'voice', queueId: 'billing', priority: 0 }, S);
    e.accept('c1', 2 * S);
    e.setPresence('a1', 'logged_out', 3 * S);
    expect(e.agentState('a1', 3 * S)).toBe('busy');
    e.enqueue({ id: 'c2', channel: 'voice', queueId: 'billing', priority: 0 }, 4 * S);
    expect(e.end('c1', 5 * S, 10)).toEqual([]);
    expect(e.agentState('a1', 6 * S)).toBe('wrap_up');
    expect(e.tick(15 * S)).toEqual([]);
    expect(e.agentState('a1', 15 * S)).toBe('logged_out');
  });
});
