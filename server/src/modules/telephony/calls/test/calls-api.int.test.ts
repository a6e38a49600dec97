import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../../test/app';
import { fixedClock } from '../../../../platform/clock';

const T0 = new Date('2026-05-04T01:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const clock = fixedClock(at(-60));
let t: TestApp;
let admin: string;
let supervisor: string;
let qa: string;
let agentToken: string;
let billingId: string;
let agentA: string;
let agentB: string;
const ids: Record<string, string> = {};

/** Five calls, one minute apart: c1 (oldest) … c5 (newest). */
async function seed() {
  const log = t.kefu.services.callLog;
  const make = async (
    name: string,
    minute: number,
    o: {
      caller: string;
      called?: string;
      queue?: string;
      agent?: string;
      reason: 'caller_hangup' | 'abandoned_queue' | 'agent_hangup';
    },
  ) => {
    const call = log.begin({
      direction: 'inbound',
      caller: o.caller,
      called: o.called ?? '4008001234',
      sipCallId: randomUUID(),
      startedAt: at(minute),
    });
    ids[name] = call.id;
    call.step({ node: 'menu', type: 'menu', input: '1' });
    call.step({ node: 'account', type: 'collect', input: '6222020012345678' });
    const callerLeg = call.leg({ kind: 'caller', remote: o.caller, startedAt: at(minute) });
    callerLeg.answered(at(minute));
    if (o.queue) call.set({ queueId: o.queue, queuedAt: new Date(at(minute).getTime() + 5000) });
    if (o.agent) {
      const leg = call.leg({
        kind: 'agent',
        remote: 'sip:agent@10.0.0.9',
        agentUserId: o.agent,
        startedAt: new Date(at(minute).getTime() + 8000),
      });
      leg.answered(new Date(at(minute).getTime() + 11_000));
    }
    await call.end(o.reason, undefined, new Date(at(minute).getTime() + 40_000));
  };
  await make('c1', 0, { caller: '13812345678', queue: billingId, agent: agentA, reason: 'caller_hangup' });
  await make('c2', 1, { caller: '13912340000', queue: billingId, reason: 'abandoned_queue' });
  await make('c3', 2, { caller: '+8615011112222', agent: agentB, reason: 'agent_hangup' });
  await make('c4', 3, { caller: '02087654321', called: '13812345678', reason: 'caller_hangup' });
  await make('c5', 4, { caller: '13700005678', queue: billingId, agent: agentB, reason: 'caller_hangup' });
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.adminToken();
  const q = await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'billing', name: '话费查询' } });
  billingId = q.json().id;
  agentA = await t.addUser('call.agent.a', ['agent'], { password: 'Agent-pass-1' });
  agentB = await t.addUser('call.agent.b', ['agent']);
  await t.addUser('call.sup', ['supervisor'], { password: 'Super-pass-1' });
  await t.addUser('call.qa', ['qa'], { password: 'Quali-pass-1' });
  supervisor = await t.login('call.sup', 'Super-pass-1');
  qa = await t.login('call.qa', 'Quali-pass-1');
  agentToken = await t.login('call.agent.a', 'Agent-pass-1');
  await seed();
});
afterAll(() => t.close());

const list = async (query: string, token = supervisor) => {
  const res = await t.request('GET', `/api/v1/calls${query}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Array<Record<string, unknown>>; total: number; nextCursor: string | null };
};
const names = (items: Array<Record<string, unknown>>) =>
  items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);

describe('call records API', () => {
  it('lists calls newest first with queue, agents and durations', async () => {
    const page = await list('');
    expect(names(page.items)).toEqual(['c5', 'c4', 'c3', 'c2', 'c1']);
    expect(page.total).toBe(5);
    expect(page.items[4]).toMatchObject({
      caller: '13812345678',
      queue: { id: billingId, key: 'billing', name: '话费查询' },
      agents: [{ userId: agentA, name: 'call.agent.a' }],
      endReason: 'caller_hangup',
      queueMs: 6_000,
      ringMs: 3_000,
      talkMs: 29_000,
      startedAt: at(0).toISOString(),
    });
  });

  it('filters by time range, queue key or id, agent, number suffix and end reason', async () => {
    expect(names((await list(`?from=${at(1).toISOString()}&to=${at(3).toISOString()}`)).items)).toEqual([
      'c4',
      'c3',
      'c2',
    ]);
    expect(names((await list('?queue=billing')).items)).toEqual(['c5', 'c2', 'c1']);
    expect(names((await list(`?queue=${billingId}`)).items)).toEqual(['c5', 'c2', 'c1']);
    expect((await list('?queue=no-such-queue')).items).toEqual([]);
    expect(names((await list(`?agent=${agentB}`)).items)).toEqual(['c5', 'c3']);
    // Caller or called, whole number or its last digits.
    expect(names((await list('?number=13812345678')).items)).toEqual(['c4', 'c1']);
    expect(names((await list('?number=5678')).items)).toEqual(['c5', 'c4', 'c1']);
    expect(names((await list('?endReason=abandoned_queue')).items)).toEqual(['c2']);
    expect(names((await list('?endReason=agent_hangup&queue=billing')).items)).toEqual([]);
  });

  it('pages with limit and offset, and with a cursor', async () => {
    const first = await list('?limit=2');
    expect(names(first.items)).toEqual(['c5', 'c4']);
    expect(first.total).toBe(5);
    expect(names((await list('?limit=2&offset=2')).items)).toEqual(['c3', 'c2']);
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(names(second.items)).toEqual(['c3', 'c2']);
    const third = await list(`?limit=2&cursor=${second.nextCursor}`);
    expect(names(third.items)).toEqual(['c1']);
    expect(third.nextCursor).toBeNull();
  });

  it('refuses bad filters with 400', async () => {
    for (const q of [
      '?limit=501',
      '?from=yesterday',
      '?endReason=hung_up',
      '?number=12a',
      '?agent=x',
      '?cursor=bm9wZQ',
    ]) {
      const res = await t.request('GET', `/api/v1/calls${q}`, { token: supervisor });
      expect(res.statusCode, q).toBe(400);
    }
  });

  it('masks numbers for viewers without pii.view, in the list and the detail', async () => {
    const masked = await list('?number=13812345678', qa);
    expect(masked.items.map((i) => [i.caller, i.called])).toEqual([
      ['020****4321', '138****5678'],
      ['138****5678', '******1234'],
    ]);
    const detail = (await t.request('GET', `/api/v1/calls/${ids.c1}`, { token: qa })).json();
    expect(detail.caller).toBe('138****5678');
    expect(detail.legs.find((l: { kind: string }) => l.kind === 'caller').remote).toBe('138****5678');
    // A menu choice stays readable, a collected account number does not.
    expect(detail.ivrPath.map((s: { input: string }) => s.input)).toEqual(['1', '622*********5678']);
    expect(JSON.stringify(detail)).not.toContain('13812345678');
  });

  it('shows one call with its legs, IVR path and recording; 404 for an unknown one', async () => {
    const res = await t.request('GET', `/api/v1/calls/${ids.c1}`, { token: supervisor });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      id: ids.c1,
      caller: '13812345678',
      recording: null,
      recordings: [],
      recordingId: null,
      ivrPath: [
        { node: 'menu', type: 'menu', input: '1' },
        { node: 'account', type: 'collect', input: '6222020012345678' },
      ],
    });
    expect(d.legs.map((l: { kind: string; agentName: string | null }) => [l.kind, l.agentName])).toEqual([
      ['caller', null],
      ['agent', 'call.agent.a'],
    ]);
    const missing = await t.request('GET', `/api/v1/calls/${randomUUID()}`, { token: supervisor });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('CALLS.NOT_FOUND');
  });

  it('is for holders of calls.view: an agent gets 403', async () => {
    for (const url of ['/api/v1/calls', `/api/v1/calls/${ids.c1}`]) {
      const res = await t.request('GET', url, { token: agentToken });
      expect(res.statusCode, url).toBe(403);
    }
    expect((await t.request('GET', '/api/v1/calls')).statusCode).toBe(401);
  });
});
