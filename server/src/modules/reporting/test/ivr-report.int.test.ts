import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../../../../test/acd';
import { createTestApp, type TestApp } from '../../../../../test/app';
import type { IvrFlowFinished } from '../../ivr';

let t: TestApp;
let admin: string;
const FLOW = '00000000-0000-4000-8000-000000000f10';
const call = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t.close());

const run = (n: number, nodes: Array<[string, string]>, outcome: IvrFlowFinished['outcome']): IvrFlowFinished => ({
  callId: call(n),
  flowId: FLOW,
  flowVersion: 1,
  path: nodes.map(([node, type]) => ({ at: '2026-12-06T02:00:00.000Z', node, type })),
  outcome,
  startedAt: '2026-12-06T02:00:00.000Z',
  endedAt: '2026-12-06T02:01:00.000Z',
});

describe('the IVR report', () => {
  it('counts how runs ended and where callers hung up in the menus', async () => {
    const welcome: [string, string] = ['welcome', 'play'];
    const menu: [string, string] = ['main', 'menu'];
    const billing: [string, string] = ['billing', 'menu'];
    const queue: [string, string] = ['to-agent', 'queue'];
    const events = [
      run(1, [welcome, menu, queue], 'queued'),
      run(2, [welcome, menu, billing, queue], 'queued'),
      run(3, [welcome, menu], 'hung_up'), // dropped out at the main menu
      run(4, [welcome, menu, menu], 'hung_up'), // heard the menu twice, then hung up there: counted once
      run(5, [welcome, menu, billing], 'hung_up'), // dropped out in the billing menu
      run(6, [welcome, menu, billing], 'ended'), // the flow played the balance and hung up: self-service
    ];
    await t.kefu.bus.transaction(async (tx) => {
      for (const e of events) await t.kefu.bus.stage(tx, 'ivr.flow.finished', e);
      await t.kefu.bus.stage(tx, 'ivr.flow.finished', events[0]!); // redelivered: still one run
    });
    await t.kefu.bus.drain();

    const r = ok(await t.request('GET', '/api/v1/reports/ivr?from=2026-12-06&to=2026-12-07', { token: admin }));
    expect(r.flows).toHaveLength(1);
    const f = r.flows[0];
    expect(f).toMatchObject({
      flowId: FLOW,
      runs: 6,
      outcomes: { queued: 2, hung_up: 3, ended: 1 },
      selfServiceRate: 0.6667, // (3 hung up + 1 ended) / 6
    });
    const node = (id: string) => f.nodes.find((n: { node: string }) => n.node === id);
    expect(node('welcome')).toMatchObject({ reached: 6, droppedOut: 0, dropRate: 0 });
    expect(node('main')).toMatchObject({ type: 'menu', reached: 6, droppedOut: 2, dropRate: 0.3333 });
    expect(node('billing')).toMatchObject({ reached: 3, droppedOut: 1, dropRate: 0.3333 });
    expect(node('to-agent')).toMatchObject({ reached: 2, droppedOut: 0 });
    expect(f.nodes[0].node).toBe('main'); // the worst drop-out first

    const other = ok(await t.request('GET', '/api/v1/reports/ivr?from=2026-12-07&to=2026-12-08', { token: admin }));
    expect(other.flows).toEqual([]);
    const bad = await t.request('GET', '/api/v1/reports/ivr?from=2026-12-08&to=2026-12-07', { token: admin });
    expect(bad.statusCode).toBe(400);
  });
});
