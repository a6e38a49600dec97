import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { addressPolicy } from '../domain/address-policy';
import { createHttpSender } from '../webhooks.sender';
import { type Receiver, startReceiver } from './receiver';

// A Kefu as installed by default: no private range allowed.
let t: TestApp;
let rx: Receiver;

beforeAll(async () => {
  t = await createTestApp();
  rx = await startReceiver();
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

describe('where webhooks may go (SSRF)', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://api.localhost/hook',
    'http://10.1.2.3/hook',
    'http://172.20.0.5/hook',
    'http://192.168.1.10/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/hook',
    'http://[fd00::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s when it is created or changed', async (url) => {
    const token = await t.adminToken();
    const res = await t.request('POST', '/api/v1/webhooks', { token, body: { url, events: ['*'] } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'WEBHOOKS.URL_REFUSED',
      details: { fields: [{ location: 'body', path: 'url', message: expect.any(String) }] },
    });
  });

  it('accepts a public address, and refuses to change it to a private one', async () => {
    const token = await t.adminToken();
    const res = await t.request('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'https://hooks.example.com/kefu', events: ['tickets.ticket.*'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const patch = await t.request('PATCH', `/api/v1/webhooks/${res.json().id}`, {
      token,
      body: { url: 'http://192.168.0.1/' },
    });
    expect(patch.json().error.code).toBe('WEBHOOKS.URL_REFUSED');
  });

  it('a name that resolves to a private address is refused when it connects, and nothing is sent', async () => {
    const sender = createHttpSender({ policy: addressPolicy([]) });
    const result = await sender.send(`http://localhost:${rx.port}/hook`, {}, '{}');
    expect(result).toMatchObject({ status: null, error: expect.stringContaining('is not allowed') });
    expect(rx.received).toHaveLength(0);
    // With the range allowed, the same request goes through.
    const allowed = createHttpSender({ policy: addressPolicy(['127.0.0.0/8', '::1']) });
    expect((await allowed.send(`http://localhost:${rx.port}/hook`, {}, '{}')).status).toBe(200);
    expect(rx.received).toHaveLength(1);
  });

  it('a receiver that does not answer in time is cut off at the timeout', async () => {
    const net = await import('node:net');
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const sender = createHttpSender({ policy: addressPolicy(['127.0.0.1']), timeoutMs: 300 });
    const result = await sender.send(`http://127.0.0.1:${port}/`, {}, '{}');
    expect(result).toMatchObject({ status: null, error: 'no answer within 300 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    silent.close();
  });
});
