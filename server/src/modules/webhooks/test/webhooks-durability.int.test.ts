import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu, createTestApp, type TestApp } from '../../../../../test/app';
import type { Kefu } from '../../../app';
import { fixedClock } from '../../../platform/clock';
import { type Receiver, startReceiver } from './receiver';

const clock = fixedClock('2026-12-01T02:00:00Z');
const key = randomBytes(32);
let t: TestApp;
let rx: Receiver;
let second: Kefu | undefined;

beforeAll(async () => {
  t = await createTestApp({ clock, webhookAllowCidrs: ['127.0.0.1/32'], webhookSecretKey: key });
  rx = await startReceiver();
});
afterAll(async () => {
  // The first app is closed by the test; the second runs on the same database.
  await second?.app.close();
  await t.handle.close();
  await t.db.drop();
  await rx.close();
});

describe('a pending delivery and a restart', () => {
  it('survives the restart and is delivered by the next Kefu when due', async () => {
    const token = await t.adminToken();
    const sub = await t.request('POST', '/api/v1/webhooks', {
      token,
      body: { url: rx.url, events: ['teams.team.created'] },
    });
    expect(sub.statusCode).toBe(201);
    rx.answer(500);
    expect((await t.request('POST', '/api/v1/teams', { token, body: { name: 'Restart Team' } })).statusCode).toBe(201);
    await t.kefu.bus.drain();
    await t.kefu.services.webhooks.runDue();
    expect(rx.received).toHaveLength(1);
    const before = (await t.kefu.services.webhooks.listDeliveries({ page: 1, pageSize: 10 })).items;
    expect(before).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, responseStatus: 500 })]);

    await t.kefu.app.close();
    clock.advance(60_000);
    second = await buildTestKefu(t.handle, { clock, webhookAllowCidrs: ['127.0.0.1/32'], webhookSecretKey: key });
    await second.app.ready();
    await second.services.webhooks.runDue();

    expect(rx.received).toHaveLength(2);
    expect(rx.received[1]!.headers['x-kefu-delivery']).toBe(before[0]!.id);
    expect(rx.received[1]!.body).toBe(rx.received[0]!.body);
    const after = (await second.services.webhooks.listDeliveries({ page: 1, pageSize: 10 })).items;
    expect(after).toEqual([expect.objectContaining({ id: before[0]!.id, status: 'succeeded', attempts: 2 })]);
  });

  it('a delivery claimed by a node that died is attempted again once its lease ends', async () => {
    const k = second!;
    // This node's worker stands still, so the test, not its timer, decides when attempts run.
    await k.services.webhooks.stop();
    const token = (
      await k.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: 'Admin-pass-1' },
      })
    ).json().token as string;
    const teams = await k.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Lease Team' },
    });
    expect(teams.statusCode).toBe(201);
    await k.bus.drain();
    // Claim the new delivery as a node would, then "die" before recording the attempt.
    const { rows: claimed } = await t.handle.pool.query(
      `update webhooks_deliveries set attempts = attempts + 1, next_attempt_at = $1
        where status = 'pending' returning id`,
      [new Date(clock.now().getTime() + 60_000)],
    );
    expect(claimed).toHaveLength(1);
    const sent = rx.received.length;
    await k.services.webhooks.runDue();
    expect(rx.received.length).toBe(sent);
    clock.advance(61_000);
    await k.services.webhooks.runDue();
    expect(rx.received.length).toBe(sent + 1);
    const [d] = (await k.services.webhooks.listDeliveries({ page: 1, pageSize: 1 })).items;
    expect(d).toMatchObject({ id: claimed[0].id, status: 'succeeded', attempts: 2 });
  });

  it('under another key nothing is sent unsigned: the attempt fails and is retried, and a rotated secret goes through', async () => {
    await second!.app.close();
    second = await buildTestKefu(t.handle, {
      clock,
      webhookAllowCidrs: ['127.0.0.1/32'],
      webhookSecretKey: randomBytes(32),
    });
    await second.app.ready();
    await second.services.webhooks.stop();
    const login = await second.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'Admin-pass-1' },
    });
    const headers = { authorization: `Bearer ${login.json().token}` };
    await second.app.inject({ method: 'POST', url: '/api/v1/teams', headers, payload: { name: 'Other Key Team' } });
    await second.bus.drain();
    const sent = rx.received.length;
    await second.services.webhooks.runDue();
    expect(rx.received.length).toBe(sent);
    let [d] = (await second.services.webhooks.listDeliveries({ page: 1, pageSize: 1 })).items;
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      responseStatus: null,
      error: expect.stringContaining('rotate'),
    });

    const [sub] = await second.services.webhooks.list();
    const rotated = await second.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${sub!.id}`,
      headers,
      payload: { rotateSecret: true },
    });
    expect(rotated.statusCode).toBe(200);
    clock.advance(40_000);
    await second.services.webhooks.runDue();
    expect(rx.received.length).toBe(sent + 1);
    [d] = (await second.services.webhooks.listDeliveries({ page: 1, pageSize: 1 })).items;
    expect(d).toMatchObject({ status: 'succeeded', attempts: 2 });
  });
});
