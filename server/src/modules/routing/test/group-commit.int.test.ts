import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from './acd-fixture';

// Commands that arrive together are decided one by one in memory while one transaction writes a
// whole group of them: each contact and agent once (as its last copy, several in one multi-row
// update), every transition and state change in order. What the database holds afterwards must be
// what memory held: reloading the ACD from the tables changes nothing anybody sees.
let acd: Acd;
const AGENTS = ['gc1', 'gc2', 'gc3', 'gc4', 'gc5', 'gc6'];

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'main', wrapUpSeconds: 600, offerTimeoutSeconds: 600 }],
    users: AGENTS.map((name) => ({ name, memberships: [{ queue: 'main' }] })),
  });
});
afterAll(async () => {
  await acd.t.kefu.app.close();
  await acd.t.handle.close();
  await acd.t.db.drop();
});

const contactView = (c: Body) => ({
  id: c.id,
  state: c.state,
  agentId: c.agentId,
  position: c.position ?? null,
  offeredAt: c.offeredAt,
  connectedAt: c.connectedAt,
  endedAt: c.endedAt,
  completedAt: c.completedAt,
});
// Today's ready and not-ready seconds run on the wall clock (a loaded machine reads one second more
// after the reload): what must survive is the state, since when, and the counts.
const agentView = (a: Body) => {
  const { readySeconds: _r, notReadySeconds: _n, ...today } = (a.today ?? {}) as Record<string, unknown>;
  return { state: a.state, presence: a.presence, since: a.since, today };
};

describe('group commit', () => {
  it('commands sent together are stored as memory decided them: a reload from the tables shows the same', async () => {
    await Promise.all(AGENTS.map((n) => acd.ready(n)));
    const created: Body[] = await Promise.all(Array.from({ length: 10 }, () => acd.create('main')));
    const offered = await Promise.all(created.map((c) => acd.contact(c.id)));
    const byAgent = new Map(offered.filter((c) => c.state === 'offered').map((c) => [c.agentId as string, c.id]));
    expect(byAgent.size).toBe(AGENTS.length);
    const nameOf = (id: string) => AGENTS.find((n) => acd.id(n) === id)!;
    await Promise.all(
      [...byAgent].map(([agentId, id]) => acd.call(nameOf(agentId), 'POST', `/api/v1/contacts/${id}/accept`)),
    );
    // Half of them end the conversation (wrap-up), one hands its contact on, the others keep talking.
    const [handOn, ...rest] = [...byAgent];
    await Promise.all([
      acd.call(nameOf(handOn![0]), 'POST', `/api/v1/contacts/${handOn![1]}/transfer`, { queue: 'main' }),
      ...rest
        .slice(0, 3)
        .map(([agentId, id]) => acd.call(nameOf(agentId), 'POST', `/api/v1/contacts/${id}/complete`, {})),
    ]);
    await Promise.all([
      acd.call(nameOf(handOn![0]), 'POST', `/api/v1/contacts/${handOn![1]}/wrap-up`, {
        disposition: 'resolved',
        requestType: 'inquiry',
        notes: '',
      }),
      ...rest.slice(0, 2).map(([agentId, id]) =>
        acd.call(nameOf(agentId), 'POST', `/api/v1/contacts/${id}/wrap-up`, {
          disposition: 'resolved',
          requestType: 'query',
          notes: '',
        }),
      ),
    ]);

    // Everyone goes not ready together: the offers pending go back to the queue (a reload would offer
    // them again, perhaps to someone else).
    await Promise.all(
      AGENTS.map((n) => acd.call(n, 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'meeting' })),
    );
    const ids = [...created.map((c) => c.id)];
    const seen = async () => ({
      contacts: (await Promise.all(ids.map((id) => acd.contact(id)))).map(contactView),
      agents: (await Promise.all(AGENTS.map((n) => acd.me(n)))).map(agentView),
    });
    const before = await seen();
    expect(new Set(before.contacts.map((c) => c.state))).toEqual(
      new Set(['queued', 'connected', 'wrap_up', 'completed', 'transferred']),
    );
    await acd.t.kefu.services.routing.reload();
    expect(await seen()).toEqual(before);
  });
});
