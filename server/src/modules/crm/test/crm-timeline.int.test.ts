import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t.close());

/** The call record's end, as voice publishes it. */
async function callEnded(o: { caller: string; called?: string; direction?: 'inbound' | 'outbound'; at: string }) {
  const callId = randomUUID();
  const contactId = randomUUID();
  await t.kefu.bus.transaction((tx) =>
    t.kefu.bus.stage(tx, 'voice.call.ended', {
      callId,
      direction: o.direction ?? 'inbound',
      caller: o.caller,
      called: o.called ?? '4008001000',
      trunkId: null,
      flowId: null,
      flowVersion: null,
      queueId: null,
      contactId,
      agentId: null,
      agentIds: [],
      startedAt: o.at,
      answeredAt: o.at,
      endedAt: o.at,
      ivrMs: null,
      queueMs: 1000,
      ringMs: 2000,
      talkMs: 60_000,
      holdMs: 0,
      transfers: 0,
      endReason: 'caller_hangup',
      sipCode: null,
      recordingId: null,
    }),
  );
  await t.kefu.bus.drain();
  return { callId, contactId };
}

const timeline = async (id: string, q = '') =>
  (await t.request('GET', `/api/v1/customers/${id}/timeline${q}`, { token: admin })).json();

describe('the timeline', () => {
  it('records calls of the customer by normalised number, and notes, newest first', async () => {
    const made = await t.request('POST', '/api/v1/customers', {
      token: admin,
      body: { name: '时间线', phones: ['138 0707 0001'], note: '开户' },
    });
    const id = made.json().id;
    const first = await callEnded({ caller: '013807070001', at: '2026-12-01T09:00:00.000Z' });
    const second = await callEnded({ caller: '+8613807070001', at: '2026-12-02T09:00:00.000Z' });
    await callEnded({ caller: '13899999999', at: '2026-12-02T10:00:00.000Z' });
    // An outbound call matches the called number.
    await callEnded({ caller: '1001', called: '13807070001', direction: 'outbound', at: '2026-12-03T09:00:00.000Z' });

    const all = await timeline(id);
    expect(all.total).toBe(4);
    expect(all.items.map((e: { kind: string }) => e.kind)).toEqual(['note', 'call', 'call', 'call']);
    const calls = await timeline(id, '?kind=call');
    expect(calls.items.map((e: { at: string }) => e.at)).toEqual([
      '2026-12-03T09:00:00.000Z',
      '2026-12-02T09:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
    ]);
    expect(calls.items[1]).toMatchObject({
      customerId: id,
      refs: { callId: second.callId, contactId: second.contactId },
      summary: { direction: 'inbound', endReason: 'caller_hangup', answered: true, talkMs: 60_000 },
    });
    expect(calls.items[2].refs.callId).toBe(first.callId);
    const paged = await timeline(id, '?kind=call&page=2&pageSize=2');
    expect(paged).toMatchObject({ total: 3, page: 2, items: [{ refs: { callId: first.callId } }] });
  });

  it('a redelivered event adds nothing', async () => {
    const id = (
      await t.request('POST', '/api/v1/customers', { token: admin, body: { name: 'R', phones: ['13807070002'] } })
    ).json().id;
    const { callId } = await callEnded({ caller: '13807070002', at: '2026-12-01T09:00:00.000Z' });
    const facts = t.kefu.services.crmTimeline;
    const fact = {
      match: { phone: '13807070002' },
      kind: 'call' as const,
      at: '2026-12-01T09:00:00.000Z',
      refs: { callId },
      summary: {},
      source: `voice.call.ended:${callId}`,
    };
    await facts.record(t.handle.db, [fact]);
    expect((await timeline(id)).total).toBe(1);
  });

  it('a merge moves the history to the customer kept', async () => {
    const a = (
      await t.request('POST', '/api/v1/customers', { token: admin, body: { name: 'A', phones: ['13807070003'] } })
    ).json().id;
    const b = (
      await t.request('POST', '/api/v1/customers', { token: admin, body: { name: 'B', phones: ['13807070004'] } })
    ).json().id;
    await callEnded({ caller: '13807070003', at: '2026-12-01T09:00:00.000Z' });
    await callEnded({ caller: '13807070004', at: '2026-12-01T10:00:00.000Z' });
    await t.request('POST', `/api/v1/customers/${a}/merge`, { token: admin, body: { from: [b] } });
    expect((await timeline(a)).total).toBe(2);
    expect((await timeline(b)).total).toBe(0);
  });

  it('answers 404 for a customer that does not exist', async () => {
    const res = await t.request('GET', `/api/v1/customers/${randomUUID()}/timeline`, { token: admin });
    expect(res.statusCode).toBe(404);
  });
});
