import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import {
  challengeParams,
  digestAnswer,
  registerWithPassword,
  type SipReply,
  type SipRequestOptions,
  sipRequest,
  withSipSocket,
} from '../../../../../test/sip-phone';
import { DEMO_PASSWORD, seedDemo } from '../../../demo';

const REALM = 'kefu.test';
let t: TestApp;
let admin: string;
let agentId: string;
let sipPort: number;

beforeAll(async () => {
  t = await createTestApp({ sip: { host: '127.0.0.1', port: 0 }, sipRealm: REALM });
  admin = await t.adminToken();
  agentId = await t.addUser('agent.sip', ['agent']);
  sipPort = t.kefu.sipAddress()!.port;
});
afterAll(() => t.close());

const createPhone = (body: unknown, token = admin) => t.request('POST', '/api/v1/telephony/phones', { token, body });
const listPhones = async () => (await t.request('GET', '/api/v1/telephony/phones', { token: admin })).json();

describe('agent phones through the API', () => {
  it('creates a SIP account for an agent, lowercasing the username, without echoing the password', async () => {
    const res = await createPhone({ username: 'Agent.Sip', password: 'phone-pass-1', agentUserId: agentId });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'agent.sip',
      agentUserId: agentId,
      agentName: 'agent.sip',
      disabled: false,
      registered: false,
      bindings: [],
      createdAt: expect.any(String),
    });
    expect(res.body).not.toContain('phone-pass-1');
  });

  it('refuses a username already taken with 409', async () => {
    await createPhone({ username: 'taken', password: 'phone-pass-1', agentUserId: agentId });
    const res = await createPhone({ username: 'TAKEN', password: 'other-pass-2', agentUserId: agentId });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TELEPHONY.USERNAME_TAKEN');
  });

  it('refuses an agent who does not exist, naming the field, and creates nothing', async () => {
    const res = await createPhone({ username: 'ghost', password: 'phone-pass-1', agentUserId: randomUUID() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('TELEPHONY.AGENT_NOT_FOUND');
    expect(res.json().error.details.fields).toEqual([
      { location: 'body', path: 'agentUserId', message: expect.any(String) },
    ]);
    expect((await listPhones()).map((p: { username: string }) => p.username)).not.toContain('ghost');
  });

  it('refuses bad usernames and passwords with field details', async () => {
    for (const body of [
      { username: 'has space', password: 'phone-pass-1', agentUserId: agentId },
      { username: 'x'.repeat(41), password: 'phone-pass-1', agentUserId: agentId },
      { username: 'short.pw', password: 'short', agentUserId: agentId },
      { username: 'long.pw', password: 'p'.repeat(65), agentUserId: agentId },
    ]) {
      const res = await createPhone(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION.FAILED');
    }
  });

  it('is for holders of telephony.manage only', async () => {
    await t.addUser('sup.sip', ['supervisor'], { password: 'Super-pass-1' });
    const token = await t.login('sup.sip', 'Super-pass-1');
    expect((await t.request('GET', '/api/v1/telephony/phones', { token })).statusCode).toBe(403);
    expect(
      (await createPhone({ username: 'nope', password: 'phone-pass-1', agentUserId: agentId }, token)).statusCode,
    ).toBe(403);
  });

  it('audits creation and password changes without the password', async () => {
    const res = await createPhone({ username: 'audited', password: 'secret-pass-9', agentUserId: agentId });
    const id = res.json().id;
    const patch = await t.request('PATCH', `/api/v1/telephony/phones/${id}`, {
      token: admin,
      body: { password: 'secret-pass-10' },
    });
    expect(patch.statusCode).toBe(200);
    const audit = await t.request('GET', '/api/v1/audit?entityType=phone', { token: admin });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('telephony.phone.created');
    expect(audit.body).toContain('telephony.phone.updated');
    expect(audit.body).not.toContain('secret-pass');
  });

  it('answers 404 for a phone that does not exist', async () => {
    const res = await t.request('PATCH', `/api/v1/telephony/phones/${randomUUID()}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(res.statusCode).toBe(404);
  });
});

const sip = () => ({ host: '127.0.0.1', port: sipPort });
const withSocket = <T>(fn: (send: (msg: string) => Promise<SipReply>, localPort: number) => Promise<T>) =>
  withSipSocket(sip(), fn);
const request = (method: string, o: Omit<SipRequestOptions, 'realm'>) => sipRequest(method, { ...o, realm: REALM });
const answer = (challenge: string, user: string, password: string, method: string) =>
  digestAnswer(challenge, { user, password, method, uri: `sip:${REALM}` });

describe('a phone registering over UDP', () => {
  beforeAll(async () => {
    const res = await createPhone({ username: 'desk1', password: 'desk-pass-1', agentUserId: agentId });
    expect(res.statusCode).toBe(201);
  });

  it('is challenged with MD5 (the default), then registered with the right password and listed with its binding', async () => {
    await withSocket(async (send, localPort) => {
      const callId = randomUUID();
      const first = await send(request('REGISTER', { user: 'desk1', localPort, callId, cseq: 1 }));
      expect(first.status).toBe(401);
      const challenges = first.headers.get('www-authenticate') ?? [];
      expect(challenges.map((c) => challengeParams(c).algorithm)).toEqual(['MD5']);
      expect(challenges.every((c) => challengeParams(c).realm === REALM)).toBe(true);

      for (const [i, challenge] of challenges.entries()) {
        const ok = await send(
          request('REGISTER', {
            user: 'desk1',
            localPort,
            callId,
            cseq: 2 + i,
            authorization: answer(challenge, 'desk1', 'desk-pass-1', 'REGISTER'),
          }),
        );
        expect(ok.status, challengeParams(challenge).algorithm).toBe(200);
        expect(ok.headers.get('contact')?.[0]).toMatch(new RegExp(`<sip:desk1@127.0.0.1:${localPort}>;expires=\\d+`));
      }

      const phone = (await listPhones()).find((p: { username: string }) => p.username === 'desk1');
      expect(phone.registered).toBe(true);
      expect(phone.bindings).toEqual([
        {
          contact: `sip:desk1@127.0.0.1:${localPort}`,
          source: { transport: 'UDP', host: '127.0.0.1', port: localPort },
          expiresAt: expect.any(String),
          userAgent: 'kefu-test-phone',
        },
      ]);
      const left = Date.parse(phone.bindings[0].expiresAt) - Date.now();
      expect(left).toBeGreaterThan(250_000);
      expect(left).toBeLessThanOrEqual(300_000);
    });
  });

  it('refuses a wrong password with 403 and registers nothing', async () => {
    await createPhone({ username: 'desk2', password: 'desk-pass-2', agentUserId: agentId });
    await withSocket(async (send, localPort) => {
      const callId = randomUUID();
      const first = await send(request('REGISTER', { user: 'desk2', localPort, callId, cseq: 1 }));
      const challenge = first.headers.get('www-authenticate')![0]!;
      const refused = await send(
        request('REGISTER', {
          user: 'desk2',
          localPort,
          callId,
          cseq: 2,
          authorization: answer(challenge, 'desk2', 'wrong-password', 'REGISTER'),
        }),
      );
      expect(refused.status).toBe(403);
    });
    const phone = (await listPhones()).find((p: { username: string }) => p.username === 'desk2');
    expect(phone.registered).toBe(false);
    expect(phone.bindings).toEqual([]);
  });

  it('refuses a disabled phone with 403, and takes the new password after a change', async () => {
    const created = await createPhone({ username: 'desk3', password: 'desk-pass-3', agentUserId: agentId });
    const id = created.json().id;
    const patch = (body: unknown) => t.request('PATCH', `/api/v1/telephony/phones/${id}`, { token: admin, body });
    const tryRegister = (password: string) => registerWithPassword(sip(), { realm: REALM, user: 'desk3', password });

    expect((await patch({ disabled: true })).json().disabled).toBe(true);
    expect(await tryRegister('desk-pass-3')).toBe(403);
    expect((await patch({ disabled: false, password: 'desk-pass-new' })).statusCode).toBe(200);
    expect(await tryRegister('desk-pass-3')).toBe(403);
    expect(await tryRegister('desk-pass-new')).toBe(200);
  });

  it('answers OPTIONS with 200 and what it allows', async () => {
    await withSocket(async (send, localPort) => {
      const res = await send(request('OPTIONS', { user: 'desk1', localPort, callId: randomUUID(), cseq: 1 }));
      expect(res.status).toBe(200);
      expect(res.headers.get('allow')?.[0]).toContain('REGISTER');
      expect(res.headers.get('accept')?.[0]).toBe('application/sdp');
    });
  });

  it('answers methods it cannot handle yet with 501', async () => {
    await withSocket(async (send, localPort) => {
      const res = await send(request('SUBSCRIBE', { user: 'desk1', localPort, callId: randomUUID(), cseq: 1 }));
      expect(res.status).toBe(501);
    });
  });

  it('answers a malformed request with 400', async () => {
    await withSocket(async (send, localPort) => {
      // Readable enough to answer (Via, From, To, Call-ID), but the CSeq number is not a number.
      const bad = request('REGISTER', { user: 'desk1', localPort, callId: randomUUID(), cseq: 1 }).replace(
        'CSeq: 1 REGISTER',
        'CSeq: one REGISTER',
      );
      const res = await send(bad);
      expect(res.status).toBe(400);
    });
  });
});

describe('the demo hotline', () => {
  it('gives agent01…agent20 a SIP account of the same name and password demo1234, once', async () => {
    await seedDemo(t.kefu);
    await seedDemo(t.kefu);
    const demo = (await listPhones()).filter((p: { username: string }) => /^agent\d\d$/.test(p.username));
    expect(demo.map((p: { username: string }) => p.username)).toEqual(
      Array.from({ length: 20 }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`),
    );
    const { rows: users } = await t.kefu.services.users.list({ q: 'agent', page: 1, pageSize: 50 });
    for (const p of demo) expect(p.agentUserId).toBe(users.find((u) => u.username === p.username)?.id);

    await withSocket(async (send, localPort) => {
      const callId = randomUUID();
      const first = await send(request('REGISTER', { user: 'agent07', localPort, callId, cseq: 1 }));
      const authorization = answer(first.headers.get('www-authenticate')![0]!, 'agent07', DEMO_PASSWORD, 'REGISTER');
      const ok = await send(request('REGISTER', { user: 'agent07', localPort, callId, cseq: 2, authorization }));
      expect(ok.status).toBe(200);
    });
  });
});
