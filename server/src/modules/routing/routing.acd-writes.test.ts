import { describe, expect, it } from 'vitest';
import { type AgentRow, type ContactRow, type ContactsAndAgents, mergeChanges } from './routing.acd-writes';

const T0 = new Date('2026-12-07T08:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function contact(id: string, state: string, s: number): ContactRow {
  return {
    id,
    channel: 'voice',
    direction: 'inbound',
    queueId: 'q',
    state,
    priority: 0,
    skills: null,
    attributes: {},
    customer: null,
    subject: null,
    agentId: state === 'queued' ? null : 'a1',
    targetAgentId: null,
    preferredAgentId: null,
    parentId: null,
    createdBy: null,
    createdAt: T0,
    queuedAt: T0,
    offeredAt: state === 'queued' ? null : at(s),
    connectedAt: null,
    endedAt: null,
    completedAt: null,
    wrapUp: null,
    updatedAt: at(s),
  };
}

function agent(userId: string, state: string, s: number): AgentRow {
  return {
    userId,
    skills: {},
    capacity: { voice: 1 },
    presence: 'ready',
    reason: null,
    state,
    stateSince: at(s),
    wrapUpUntil: null,
    idleSince: T0,
    updatedAt: at(s),
  };
}

const none = (): ContactsAndAgents => ({
  insertContacts: [],
  updateContacts: [],
  contactEvents: [],
  updateAgents: [],
  agentEvents: [],
});

describe('mergeChanges (one write for a group of ACD commands)', () => {
  it('inserts a contact created and moved on in the same group as it ended, and keeps every event in order', () => {
    const merged = mergeChanges([
      {
        ...none(),
        insertContacts: [contact('c1', 'queued', 0)],
        contactEvents: [{ contactId: 'c1', at: at(0), fromState: null, toState: 'queued', queueId: 'q' }],
      },
      {
        ...none(),
        updateContacts: [contact('c1', 'offered', 1)],
        contactEvents: [{ contactId: 'c1', at: at(1), fromState: 'queued', toState: 'offered', queueId: 'q' }],
        updateAgents: [agent('a1', 'offered', 1)],
        agentEvents: [{ userId: 'a1', at: at(1), state: 'offered' }],
      },
    ]);
    expect(merged.insertContacts).toEqual([contact('c1', 'offered', 1)]);
    expect(merged.updateContacts).toEqual([]);
    expect(merged.contactEvents.map((e) => e.toState)).toEqual(['queued', 'offered']);
    expect(merged.updateAgents).toEqual([agent('a1', 'offered', 1)]);
    expect(merged.agentEvents).toHaveLength(1);
  });

  it('writes each existing contact and agent once, as its last copy', () => {
    const merged = mergeChanges([
      { ...none(), updateContacts: [contact('c1', 'offered', 1)], updateAgents: [agent('a1', 'offered', 1)] },
      { ...none(), updateContacts: [contact('c2', 'offered', 2)], updateAgents: [agent('a2', 'offered', 2)] },
      {
        ...none(),
        updateContacts: [{ ...contact('c1', 'connected', 3), connectedAt: at(3) }],
        updateAgents: [agent('a1', 'busy', 3)],
        agentEvents: [
          { userId: 'a1', at: at(1), state: 'offered' },
          { userId: 'a1', at: at(3), state: 'busy' },
        ],
      },
    ]);
    expect(merged.updateContacts.map((r) => [r.id, r.state])).toEqual([
      ['c2', 'offered'],
      ['c1', 'connected'],
    ]);
    expect(merged.updateAgents.map((r) => [r.userId, r.state])).toEqual([
      ['a2', 'offered'],
      ['a1', 'busy'],
    ]);
    expect(merged.agentEvents.map((e) => e.state)).toEqual(['offered', 'busy']);
  });

  it('hands a single command through as it is', () => {
    const one = { ...none(), updateContacts: [contact('c1', 'offered', 1)] };
    expect(mergeChanges([one])).toBe(one);
  });
});
