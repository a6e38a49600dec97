import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemOverview } from '../../../../../contracts/system';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { seedDemo } from '../../../demo';
import { DEMO_PASSWORD } from '../../teams';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.kefu);
  admin = await t.adminToken();
});
afterAll(() => t.close());

const overview = async (token: string, query = '') => {
  const res = await t.request('GET', `/api/v1/system/overview${query}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SystemOverview;
};

describe('the system overview (系统概览)', () => {
  it("shows the demo center's phones (none registered without SIP), its trunk and its four queues", async () => {
    const o = await overview(admin);
    expect(o.phones).toEqual({ total: 24, enabled: 24, registered: 0, sipRunning: false });
    expect(o.trunks).toMatchObject([
      {
        name: 'demo-loopback',
        disabled: false,
        inboundAddresses: 2,
        outbound: false,
        callsLastDay: 0,
        lastCallAt: null,
      },
    ]);
    expect(o.queues.map((q) => q.key).sort()).toEqual(['billing', 'complaints', 'fault', 'general']);
    expect(o.queues.every((q) => q.waiting === 0 && q.agentsReady === 0)).toBe(true);
  });

  it('a call through the trunk counts as its use; an agent going ready counts in the queues it serves', async () => {
    const trunk = (await overview(admin)).trunks[0]!;
    const call = t.kefu.services.callLog.begin({
      direction: 'inbound',
      caller: '13812345678',
      called: '4008000000',
      sipCallId: randomUUID(),
      trunkId: trunk.id,
    });
    await call.end('caller_hangup');
    await t.kefu.services.callLog.flush();

    const agent = await t.login('agent01', DEMO_PASSWORD);
    const ready = await t.request('PUT', '/api/v1/agents/me/state', { token: agent, body: { state: 'ready' } });
    expect(ready.statusCode, ready.body).toBe(200);

    const o = await overview(admin);
    expect(o.trunks[0]).toMatchObject({ id: trunk.id, callsLastDay: 1 });
    expect(Date.parse(o.trunks[0]!.lastCallAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const serving = o.queues.filter((q) => q.agentsReady > 0);
    expect(serving.length).toBeGreaterThan(0);
    expect(serving.every((q) => q.agentsSignedIn >= q.agentsReady)).toBe(true);
  });

  // A real warning of the product: a change to a call record after it ended. The entry tells what
  // happened; the logged object (the call id) and the caller's number stay out of it.
  it('lists the warnings and errors the server logged, newest first, without the data logged with them', async () => {
    const before = await overview(admin);
    const call = t.kefu.services.callLog.begin({
      direction: 'inbound',
      caller: '13900001111',
      called: '4008000000',
      sipCallId: randomUUID(),
    });
    await call.end('caller_hangup');
    call.leg({ kind: 'caller', remote: '13900001111' });
    const o = await overview(admin, '?logLimit=5');
    expect(o.log.warnings).toBe(before.log.warnings + 1);
    expect(o.log.entries[0]).toMatchObject({
      level: 'warn',
      message: 'call record already ended: change ignored',
      error: null,
    });
    expect(o.log.entries.length).toBeLessThanOrEqual(5);
    const text = JSON.stringify(o.log);
    expect(text).not.toContain('13900001111');
    expect(text).not.toContain(call.id);
  });

  it('is for holders of system.view only: a supervisor is refused', async () => {
    const supervisor = await t.login('super01', DEMO_PASSWORD);
    const res = await t.request('GET', '/api/v1/system/overview', { token: supervisor });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'AUTH.FORBIDDEN', details: { permission: 'system.view' } });
  });
});
