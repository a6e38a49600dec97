import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu } from '../../../../../test/app';
import type { Kefu } from '../../../app';
import { type Acd, type Body, ok, setupAcd } from './acd-fixture';

// The ACD keeps its state in memory; a new process rebuilds it from the database. Here the "new
// process" is a second app built on the same database after the first one closed.
let acd: Acd;
let second: Kefu | undefined;

beforeAll(async () => {
  acd = await setupAcd({
    queues: [
      { key: 'main', wrapUpSeconds: 600, offerTimeoutSeconds: 600 },
      { key: 'backlog', offerTimeoutSeconds: 600 },
      { key: 'parking', offerTimeoutSeconds: 600 },
    ],
    users: ['rs1', 'rs2', 'rs3', 'rs4', 'rs5'].map((name) => ({ name, memberships: [{ queue: 'main' }] })),
  });
});
afterAll(async () => {
  await second?.app.close();
  await acd.t.handle.close();
  await acd.t.db.drop();
});

describe('a restart keeps the ACD where it was', () => {
  it('ready agents, waiting contacts (place and arrival), connected contacts and wrap-ups survive; an offer is made again', async () => {
    // rs2 talks (and will be not ready after it), rs3 wraps up, rs5 owes the notes of a contact it
    // transferred, rs4 has an offer pending, rs1 is ready with nothing to do.
    await acd.ready('rs2');
    const talking = await acd.create('main');
    await acd.call('rs2', 'POST', `/api/v1/contacts/${talking.id}/accept`);
    await acd.call('rs2', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'meeting' });
    await acd.ready('rs5');
    const handedOn = await acd.create('main');
    await acd.call('rs5', 'POST', `/api/v1/contacts/${handedOn.id}/accept`);
    const parked = await acd.call('rs5', 'POST', `/api/v1/contacts/${handedOn.id}/transfer`, { queue: 'parking' });
    await acd.ready('rs3');
    const wrapping = await acd.create('main');
    await acd.call('rs3', 'POST', `/api/v1/contacts/${wrapping.id}/accept`);
    await acd.call('rs3', 'POST', `/api/v1/contacts/${wrapping.id}/complete`, {});
    await acd.ready('rs4');
    const offered = await acd.create('main');
    expect(offered.agentId).toBe(acd.id('rs4'));
    await acd.ready('rs1');
    // Nobody serves the backlog queue: these wait, one of them a VIP.
    const waiting = [
      await acd.create('backlog'),
      await acd.create('backlog', { priority: 5 }),
      await acd.create('backlog'),
    ];
    const waitingBefore = await Promise.all(waiting.map((c: Body) => acd.contact(c.id)));
    expect(waitingBefore.map((c: Body) => c.position)).toEqual([2, 1, 3]);
    const before = Object.fromEntries(
      await Promise.all(['rs1', 'rs2', 'rs3', 'rs4', 'rs5'].map(async (n) => [n, await acd.me(n)])),
    );
    expect(before.rs3.state).toBe('wrap_up');

    await acd.t.kefu.app.close();
    second = await buildTestKefu(acd.t.handle);
    await second.app.ready();
    const kefu = second;
    const call = async (who: string, method: 'GET' | 'POST', url: string, body?: unknown) =>
      ok(
        await kefu.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${who === 'admin' ? acd.admin : acd.token(who)}` },
          ...(body !== undefined ? { payload: body as object } : {}),
        }),
      );

    expect(await call('rs1', 'GET', '/api/v1/agents/me')).toMatchObject({ state: 'ready', since: before.rs1.since });
    expect(await call('rs2', 'GET', '/api/v1/agents/me')).toMatchObject({
      state: 'busy',
      presence: 'not_ready',
      contacts: [talking.id],
    });
    expect(await call('admin', 'GET', `/api/v1/contacts/${talking.id}`)).toMatchObject({
      state: 'connected',
      agentId: acd.id('rs2'),
    });
    expect(await call('rs3', 'GET', '/api/v1/agents/me')).toMatchObject({
      state: 'wrap_up',
      wrapUpUntil: before.rs3.wrapUpUntil,
    });

    const waitingAfter = await Promise.all(waiting.map((c: Body) => call('admin', 'GET', `/api/v1/contacts/${c.id}`)));
    expect(waitingAfter.map((c: Body) => [c.state, c.position, c.queuedAt])).toEqual(
      waitingBefore.map((c: Body) => ['queued', c.position, c.queuedAt]),
    );

    // The desktop that showed the offer is gone: it was withdrawn and made again.
    const again = await call('admin', 'GET', `/api/v1/contacts/${offered.id}`);
    expect(again.state).toBe('offered');
    const log = await call('admin', 'GET', `/api/v1/contacts/${offered.id}/routing-log`);
    expect(log.map((e: Body) => e.toState)).toEqual(['queued', 'offered', 'queued', 'offered']);
    expect(log[2].note).toBe('system restart: offer withdrawn');
    expect(await call(again.agentId === acd.id('rs4') ? 'rs4' : 'rs1', 'GET', '/api/v1/agents/me')).toMatchObject({
      state: 'reserved',
      offer: offered.id,
    });

    expect(await call('rs5', 'GET', '/api/v1/agents/me')).toMatchObject({
      state: 'wrap_up',
      wrapUpUntil: before.rs5.wrapUpUntil,
    });
    expect(await call('admin', 'GET', `/api/v1/contacts/${parked.id}`)).toMatchObject({ state: 'queued', position: 1 });

    // Work carries on in the new process: the talk ends (rs2 is then not ready, as asked), the
    // notes are taken, the transferred contact's too.
    await call('rs2', 'POST', `/api/v1/contacts/${talking.id}/complete`, {
      wrapUp: { disposition: 'resolved', requestType: 'query' },
    });
    expect(await call('rs2', 'GET', '/api/v1/agents/me')).toMatchObject({ state: 'not_ready', reason: 'meeting' });
    const notes = await call('rs5', 'POST', `/api/v1/contacts/${handedOn.id}/wrap-up`, {
      disposition: 'resolved',
      requestType: 'service',
    });
    expect(notes).toMatchObject({ state: 'transferred', wrapUp: { requestType: 'service' } });
    expect((await call('rs5', 'GET', '/api/v1/agents/me')).state).toBe('ready');
    expect(
      await call('rs3', 'POST', `/api/v1/contacts/${wrapping.id}/wrap-up`, {
        disposition: 'follow_up',
        requestType: 'service',
      }),
    ).toMatchObject({ state: 'completed' });
    expect((await call('rs3', 'GET', '/api/v1/agents/me')).state).toBe('ready');
  });
});
