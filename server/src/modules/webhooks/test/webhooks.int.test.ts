import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { fixedClock } from '../../../platform/clock';
import { verifySignature } from '../domain/rules';
import { type Receiver, startReceiver } from './receiver';

const clock = fixedClock('2026-12-01T02:00:00Z');
let t: TestApp;
let rx: Receiver;

beforeAll(async () => {
  t = await createTestApp({ clock, webhookAllowCidrs: ['127.0.0.1/32'], webhookSecretKey: randomBytes(32) });
  rx = await startReceiver();
});
afterAll(async () => {
  await t.close();
  await rx.close();
});
beforeEach(() => {
  rx.received.length = 0;
});

const admin = () => t.adminToken();
const req = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  t.request(method, url, { token: await admin(), body });

async function subscribe(events: string[], extra: Record<string, unknown> = {}) {
  const res = await req('POST', '/api/v1/webhooks', { url: rx.url, events, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
}

/** Delivers what the outbox holds, then every webhook delivery due now. */
async function flush() {
  await t.kefu.bus.drain();
  await t.kefu.services.webhooks.runDue();
}

async function createTeam(name: string) {
  const res = await req('POST', '/api/v1/teams', { name });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

async function deliveries(query: string) {
  const res = await req('GET', `/api/v1/webhooks/deliveries?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Array<Record<string, unknown>>; total: number };
}

const verifies = (secret: string, r: Receiver['received'][number]) =>
  verifySignature({
    secret,
    timestamp: r.headers['x-kefu-timestamp'] as string,
    body: r.body,
    signature: r.headers['x-kefu-signature'] as string,
    nowSeconds: Math.floor(clock.now().getTime() / 1000),
  });

describe('subscriptions', () => {
  it('answers the secret once, then only its hint', async () => {
    const created = await subscribe(['teams.team.*'], { description: 'CRM sync' });
    expect(created.secret).toMatch(/^whsec_[\w-]{43}$/);
    const one = (await req('GET', `/api/v1/webhooks/${created.id}`)).json();
    expect(one).toEqual({
      id: created.id,
      url: rx.url,
      events: ['teams.team.*'],
      active: true,
      description: 'CRM sync',
      secretHint: `whsec_…${created.secret.slice(-4)}`,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // At rest the secret is sealed: a database dump alone cannot sign.
    const { rows } = await t.handle.pool.query('select secret from webhooks_subscriptions where id = $1', [created.id]);
    expect(rows[0].secret).toMatch(/^v1\./);
    expect(rows[0].secret).not.toContain(created.secret.slice(6));
    const list = (await req('GET', '/api/v1/webhooks')).body;
    expect(list).toContain(created.id);
    expect(list).not.toContain(created.secret);
    await req('DELETE', `/api/v1/webhooks/${created.id}`);
  });

  it('refuses a URL that is not http(s) and a malformed event pattern, naming the fields', async () => {
    const res = await req('POST', '/api/v1/webhooks', { url: 'ftp://example.com/x', events: ['teams..x', 'Tickets'] });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['url', 'events.0', 'events.1']));
  });

  it('needs webhooks.manage: a supervisor may not see or create webhooks', async () => {
    await t.addUser('hooks.super', ['supervisor']);
    const token = await t.login('hooks.super', 'Passw0rd!');
    expect((await t.request('GET', '/api/v1/webhooks', { token })).statusCode).toBe(403);
    const post = await t.request('POST', '/api/v1/webhooks', { token, body: { url: rx.url, events: ['*'] } });
    expect(post.statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/webhooks/deliveries', { token })).statusCode).toBe(403);
  });

  it('creating, changing and deleting are audited, without the secret', async () => {
    const { id, secret } = await subscribe(['teams.*']);
    await req('PATCH', `/api/v1/webhooks/${id}`, { active: false, rotateSecret: true });
    expect((await req('DELETE', `/api/v1/webhooks/${id}`)).statusCode).toBe(204);
    expect((await req('GET', `/api/v1/webhooks/${id}`)).statusCode).toBe(404);
    const audit = await req('GET', `/api/v1/audit?entityType=webhook&entityId=${id}`);
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'webhooks.subscription.deleted',
      'webhooks.subscription.updated',
      'webhooks.subscription.created',
    ]);
    expect(audit.body).not.toContain(secret);
  });

  it('answers 404 for a webhook or delivery that does not exist', async () => {
    const id = randomUUID();
    expect((await req('GET', `/api/v1/webhooks/${id}`)).json().error.code).toBe('WEBHOOKS.NOT_FOUND');
    expect((await req('PATCH', `/api/v1/webhooks/${id}`, { active: true })).statusCode).toBe(404);
    expect((await req('POST', `/api/v1/webhooks/${id}/test`)).statusCode).toBe(404);
    const redeliver = await req('POST', `/api/v1/webhooks/deliveries/${id}/redeliver`);
    expect(redeliver.json().error.code).toBe('WEBHOOKS.DELIVERY_NOT_FOUND');
  });
});

describe('delivering events', () => {
  it('POSTs a matching event, signed so that the receiver verifies it', async () => {
    const { id, secret } = await subscribe(['teams.team.*']);
    const other = await subscribe(['routing.*']);
    const off = await subscribe(['teams.team.created'], { active: false });
    const teamId = await createTeam('Webhook Team');
    await flush();

    expect(rx.received).toHaveLength(1);
    const [r] = rx.received;
    expect(r!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-kefu-event': 'teams.team.created',
      'x-kefu-delivery': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'x-kefu-timestamp': String(Math.floor(clock.now().getTime() / 1000)),
      'x-kefu-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
    });
    expect(JSON.parse(r!.body)).toEqual({
      id: expect.any(String),
      event: 'teams.team.created',
      occurredAt: clock.now().toISOString(),
      data: { teamId, name: 'Webhook Team', leadUserId: null },
    });
    expect(verifies(secret, r!)).toBe(true);
    expect(verifies(`${secret}x`, r!)).toBe(false);
    // A changed body or a replayed old timestamp no longer verifies.
    expect(verifies(secret, { ...r!, body: r!.body.replace('Webhook Team', 'Other Team') })).toBe(false);
    clock.advance(301_000);
    expect(verifies(secret, r!)).toBe(false);

    const log = await deliveries(`webhookId=${id}`);
    expect(log.items).toEqual([
      expect.objectContaining({
        id: r!.headers['x-kefu-delivery'],
        event: 'teams.team.created',
        status: 'succeeded',
        attempts: 1,
        responseStatus: 200,
        responseBody: '{"ok":true}',
        durationMs: expect.any(Number),
        nextAttemptAt: null,
      }),
    ]);
    expect((await deliveries(`webhookId=${other.id}`)).total).toBe(0);
    expect((await deliveries(`webhookId=${off.id}`)).total).toBe(0);
    for (const s of [id, other.id, off.id]) await req('DELETE', `/api/v1/webhooks/${s}`);
  });

  it('retries a 500 with backoff and succeeds on the next attempt, with the same delivery id', async () => {
    const { id } = await subscribe(['teams.team.created']);
    rx.answer(500);
    await createTeam('Retry Team');
    await flush();
    expect(rx.received).toHaveLength(1);
    let [d] = (await deliveries(`webhookId=${id}`)).items;
    expect(d).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500, responseBody: 'status 500' });
    const wait = new Date(d!.nextAttemptAt as string).getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(24_000); // 30 s ± 20 %
    expect(wait).toBeLessThanOrEqual(36_000);

    // Not before its time.
    clock.advance(20_000);
    await t.kefu.services.webhooks.runDue();
    expect(rx.received).toHaveLength(1);

    clock.advance(20_000);
    await t.kefu.services.webhooks.runDue();
    expect(rx.received).toHaveLength(2);
    [d] = (await deliveries(`webhookId=${id}`)).items;
    expect(d).toMatchObject({ status: 'succeeded', attempts: 2, responseStatus: 200, nextAttemptAt: null });
    expect(rx.received[1]!.headers['x-kefu-delivery']).toBe(rx.received[0]!.headers['x-kefu-delivery']);
    expect(JSON.parse(rx.received[1]!.body).id).toBe(JSON.parse(rx.received[0]!.body).id);
    await req('DELETE', `/api/v1/webhooks/${id}`);
  });

  it('gives up after six attempts over about seven hours', async () => {
    const { id } = await subscribe(['teams.team.created']);
    rx.answer(503, 503, 503, 503, 503, 503);
    await createTeam('Failing Team');
    await flush();
    for (let i = 0; i < 5; i++) {
      clock.advance(8 * 3_600_000);
      await t.kefu.services.webhooks.runDue();
    }
    expect(rx.received).toHaveLength(6);
    const failed = await deliveries(`webhookId=${id}&status=failed`);
    expect(failed.items).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 6, responseStatus: 503, nextAttemptAt: null }),
    ]);
    expect((await deliveries(`webhookId=${id}&status=pending`)).total).toBe(0);

    // Redeliver: a new delivery of the same event, linked to the failed one, sent at once.
    const original = failed.items[0]!;
    const res = await req('POST', `/api/v1/webhooks/deliveries/${original.id}/redeliver`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      eventId: original.eventId,
      redeliveryOf: original.id,
    });
    expect(JSON.parse(rx.received[6]!.body).id).toBe(original.eventId);
    const audit = await req('GET', `/api/v1/audit?action=webhooks.delivery.redelivered&entityId=${id}`);
    expect(audit.json().items[0].details).toMatchObject({ deliveryId: original.id });
    await req('DELETE', `/api/v1/webhooks/${id}`);
  });

  it('a failed connection is logged with its reason and retried', async () => {
    const { id } = await subscribe(['teams.team.created']);
    await req('PATCH', `/api/v1/webhooks/${id}`, { url: 'http://127.0.0.1:9/closed' });
    await createTeam('Unreachable Team');
    await flush();
    const [d] = (await deliveries(`webhookId=${id}`)).items;
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      responseStatus: null,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    await req('DELETE', `/api/v1/webhooks/${id}`);
  });

  it('"send test event" delivers webhooks.test now, even to a webhook that is off', async () => {
    const { id, secret } = await subscribe(['teams.team.created'], { active: false });
    const res = await req('POST', `/api/v1/webhooks/${id}/test`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ event: 'webhooks.test', status: 'succeeded', responseStatus: 200 });
    expect(rx.received).toHaveLength(1);
    expect(verifies(secret, rx.received[0]!)).toBe(true);
    expect(JSON.parse(rx.received[0]!.body)).toMatchObject({ event: 'webhooks.test', data: { webhookId: id } });
    const detail = (await req('GET', `/api/v1/webhooks/deliveries/${res.json().id}`)).json();
    expect(detail.payload).toEqual(JSON.parse(rx.received[0]!.body));
    await req('DELETE', `/api/v1/webhooks/${id}`);
  });

  it('a rotated secret signs from the next delivery on', async () => {
    const { id, secret } = await subscribe(['teams.team.created']);
    const rotated = (await req('PATCH', `/api/v1/webhooks/${id}`, { rotateSecret: true })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect((await req('PATCH', `/api/v1/webhooks/${id}`, { description: 'x' })).json().secret).toBeUndefined();
    await createTeam('Rotated Team');
    await flush();
    expect(verifies(rotated.secret, rx.received[0]!)).toBe(true);
    expect(verifies(secret, rx.received[0]!)).toBe(false);
    await req('DELETE', `/api/v1/webhooks/${id}`);
  });

  it('the delivery log filters by status and event name prefix, newest first', async () => {
    const { id } = await subscribe(['teams.team.*']);
    rx.answer(500);
    const teamId = await createTeam('Log Team A');
    await req('PATCH', `/api/v1/teams/${teamId}`, { name: 'Log Team B' });
    await flush();
    const all = await deliveries(`webhookId=${id}`);
    expect(all.items.map((d) => d.event)).toEqual(['teams.team.updated', 'teams.team.created']);
    expect((await deliveries(`webhookId=${id}&status=pending`)).items.map((d) => d.event)).toEqual([
      'teams.team.created',
    ]);
    expect((await deliveries(`webhookId=${id}&event=teams.team.upd`)).total).toBe(1);
    expect((await deliveries(`webhookId=${id}&event=routing`)).total).toBe(0);
    await req('DELETE', `/api/v1/webhooks/${id}`);
  });

  it('the log keeps finished deliveries for 30 days, and pending ones until they finish', async () => {
    const { id } = await subscribe(['teams.team.created']);
    rx.answer(500);
    await createTeam('Old Log Team A');
    await flush();
    await createTeam('Old Log Team B');
    await flush();
    expect((await deliveries(`webhookId=${id}`)).items.map((d) => d.status).sort()).toEqual(['pending', 'succeeded']);
    // Past the retention, with the pending one not yet due again (it waits 30 s at most 36 s).
    const pending = (await deliveries(`webhookId=${id}&status=pending`)).items[0]!;
    await t.handle.pool.query(`update webhooks_deliveries set next_attempt_at = $1 where id = $2`, [
      new Date(clock.now().getTime() + 40 * 86_400_000),
      pending.id,
    ]);
    clock.advance(31 * 86_400_000);
    await t.kefu.services.webhooks.runDue();
    expect((await deliveries(`webhookId=${id}`)).items.map((d) => d.status)).toEqual(['pending']);
    await req('DELETE', `/api/v1/webhooks/${id}`);
  });
});
