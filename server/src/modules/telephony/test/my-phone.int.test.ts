import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { digestAnswer, sipRequest, withSipSocket } from '../../../../../test/sip-phone';
import type { PhoneRegistrationChanged } from '../telephony.events';

const REALM = 'kefu.my-phone';
let t: TestApp;
let agentId: string;
let agentToken: string;
const events: PhoneRegistrationChanged[] = [];

beforeAll(async () => {
  t = await createTestApp({ sip: { host: '127.0.0.1', port: 0 }, sipRealm: REALM });
  agentId = await t.addUser('agent.desk', ['agent'], { password: 'Agent-pass-1' });
  agentToken = await t.login('agent.desk', 'Agent-pass-1');
  const res = await t.request('POST', '/api/v1/telephony/phones', {
    token: await t.adminToken(),
    body: { username: 'desk.mine', password: 'desk-pass-1', agentUserId: agentId },
  });
  expect(res.statusCode).toBe(201);
  t.kefu.bus.subscribe('telephony.phone.registration_changed', (e) => {
    events.push(e.payload);
  });
});
afterAll(() => t.close());

const myPhone = async (token = agentToken) => t.request('GET', '/api/v1/telephony/my-phone', { token });

/** REGISTER (or unregister with expires 0) desk.mine from one UDP socket, answering the MD5 challenge. */
function register(localPortOf: (port: number) => void, expires: number, callId: string) {
  const sip = t.kefu.sipAddress()!;
  return withSipSocket(sip, async (send, localPort) => {
    localPortOf(localPort);
    const base = { realm: REALM, user: 'desk.mine', localPort, callId };
    const withExpires = (msg: string) => msg.replace('Expires: 300', `Expires: ${expires}`);
    const first = await send(withExpires(sipRequest('REGISTER', { ...base, cseq: 1 })));
    const authorization = digestAnswer(first.headers.get('www-authenticate')![0]!, {
      user: 'desk.mine',
      password: 'desk-pass-1',
      method: 'REGISTER',
      uri: `sip:${REALM}`,
    });
    return (await send(withExpires(sipRequest('REGISTER', { ...base, cseq: 2, authorization })))).status;
  });
}

describe("GET /api/v1/telephony/my-phone: the agent's own phone on the desktop", () => {
  it('says the phone is not registered before it registers', async () => {
    const res = await myPhone();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      registered: false,
      phones: [{ username: 'desk.mine', disabled: false, registered: false, bindings: [] }],
    });
  });

  it('shows where the phone registered from once it registers, and pushes the change to the agent', async () => {
    let port = 0;
    expect(await register((p) => (port = p), 300, 'mine-1')).toBe(200);
    await expect
      .poll(async () => {
        await t.kefu.bus.drain();
        return events;
      })
      .toEqual([{ agentUserId: agentId, username: 'desk.mine', registered: true, cause: 'register' }]);
    const body = (await myPhone()).json();
    expect(body.registered).toBe(true);
    expect(body.phones[0].bindings).toEqual([
      {
        contact: `sip:desk.mine@127.0.0.1:${port}`,
        source: { transport: 'UDP', host: '127.0.0.1', port },
        expiresAt: expect.any(String),
        userAgent: 'kefu-test-phone',
      },
    ]);
  });

  it('goes back to not registered when the phone unregisters, with a push', async () => {
    // A new socket has another port: the unregister names the registered contact explicitly.
    const contact = (await myPhone()).json().phones[0].bindings[0].contact as string;
    const sip = t.kefu.sipAddress()!;
    const status = await withSipSocket(sip, async (send, localPort) => {
      const base = { realm: REALM, user: 'desk.mine', localPort, callId: 'mine-2' };
      const unregister = (msg: string) =>
        msg.replace(/Contact: <[^>]*>/, `Contact: <${contact}>`).replace('Expires: 300', 'Expires: 0');
      const first = await send(unregister(sipRequest('REGISTER', { ...base, cseq: 1 })));
      const authorization = digestAnswer(first.headers.get('www-authenticate')![0]!, {
        user: 'desk.mine',
        password: 'desk-pass-1',
        method: 'REGISTER',
        uri: `sip:${REALM}`,
      });
      return (await send(unregister(sipRequest('REGISTER', { ...base, cseq: 2, authorization })))).status;
    });
    expect(status).toBe(200);
    await expect
      .poll(async () => {
        await t.kefu.bus.drain();
        return events.at(-1);
      })
      .toEqual({ agentUserId: agentId, username: 'desk.mine', registered: false, cause: 'register' });
    expect((await myPhone()).json()).toMatchObject({
      registered: false,
      phones: [{ registered: false, bindings: [] }],
    });
  });

  it('shows an agent only their own phones: none for an agent without a SIP account', async () => {
    await t.addUser('agent.nophone', ['agent'], { password: 'Agent-pass-2' });
    const res = await myPhone(await t.login('agent.nophone', 'Agent-pass-2'));
    expect(res.json()).toEqual({ registered: false, phones: [] });
  });

  it('is for users of the desktop (desktop.use): QA gets 403', async () => {
    await t.addUser('qa.user', ['qa'], { password: 'Qa-pass-123' });
    const res = await myPhone(await t.login('qa.user', 'Qa-pass-123'));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.FORBIDDEN');
  });

  it('a disabled phone does not count as registered', async () => {
    const phones = (await t.request('GET', '/api/v1/telephony/phones', { token: await t.adminToken() })).json();
    const id = phones.find((p: { username: string }) => p.username === 'desk.mine').id;
    expect(await register(() => undefined, 300, randomUUID())).toBe(200);
    expect((await myPhone()).json().registered).toBe(true);
    await t.request('PATCH', `/api/v1/telephony/phones/${id}`, {
      token: await t.adminToken(),
      body: { disabled: true },
    });
    expect((await myPhone()).json()).toMatchObject({
      registered: false,
      phones: [{ username: 'desk.mine', disabled: true, registered: false, bindings: [] }],
    });
  });
});
