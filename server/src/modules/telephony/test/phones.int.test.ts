import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
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

// --- a phone on the wire ---------------------------------------------------------------------

type Reply = { status: number; headers: Map<string, string[]>; text: string };

function parseReply(buf: Buffer): Reply {
  const text = buf.toString('utf8');
  const [head = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(i + 1).trim()]);
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text };
}

async function withSocket<T>(fn: (send: (msg: string) => Promise<Reply>, port: number) => Promise<T>): Promise<T> {
  const sock: Socket = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  const port = sock.address().port;
  const send = (msg: string) =>
    new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no SIP answer in 3 s')), 3000);
      const onMessage = (b: Buffer) => {
        const reply = parseReply(b);
        if (reply.status === 100) return;
        clearTimeout(timer);
        sock.off('message', onMessage);
        resolve(reply);
      };
      sock.on('message', onMessage);
      sock.send(msg, sipPort, '127.0.0.1');
    });
  try {
    return await fn(send, port);
  } finally {
    sock.close();
  }
}

const branch = () => `z9hG4bK${randomBytes(6).toString('hex')}`;

function request(
  method: string,
  o: { user: string; localPort: number; callId: string; cseq: number; authorization?: string },
): string {
  const lines = [
    `${method} sip:${REALM} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${o.localPort};branch=${branch()};rport`,
    'Max-Forwards: 70',
    `From: <sip:${o.user}@${REALM}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:${o.user}@${REALM}>`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${o.cseq} ${method}`,
    `Contact: <sip:${o.user}@127.0.0.1:${o.localPort}>`,
    'Expires: 300',
    'User-Agent: kefu-test-phone',
    ...(o.authorization ? [`Authorization: ${o.authorization}`] : []),
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function challengeParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) {
    out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  }
  return out;
}

/** RFC 7616 digest answer for a challenge, computed independently of Kefu's code. */
function answer(challenge: string, user: string, password: string, method: string): string {
  const c = challengeParams(challenge);
  const algo = c.algorithm ?? 'MD5';
  const h = (s: string) =>
    createHash(algo === 'SHA-256' ? 'sha256' : 'md5')
      .update(s)
      .digest('hex');
  const uri = `sip:${REALM}`;
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const ha1 = h(`${user}:${c.realm}:${password}`);
  const ha2 = h(`${method}:${uri}`);
  const response = h(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${user}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", response="${response}", algorithm=${algo}, cnonce="${cnonce}", qop=auth, nc=${nc}`;
}

describe('a phone registering over UDP', () => {
  beforeAll(async () => {
    const res = await createPhone({ username: 'desk1', password: 'desk-pass-1', agentUserId: agentId });
    expect(res.statusCode).toBe(201);
  });

  it('is challenged with SHA-256 and MD5, then registered with the right password and listed with its binding', async () => {
    await withSocket(async (send, localPort) => {
      const callId = randomUUID();
      const first = await send(request('REGISTER', { user: 'desk1', localPort, callId, cseq: 1 }));
      expect(first.status).toBe(401);
      const challenges = first.headers.get('www-authenticate') ?? [];
      expect(challenges.map((c) => challengeParams(c).algorithm)).toEqual(['SHA-256', 'MD5']);
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
    const tryRegister = (password: string) =>
      withSocket(async (send, localPort) => {
        const callId = randomUUID();
        const first = await send(request('REGISTER', { user: 'desk3', localPort, callId, cseq: 1 }));
        const challenge = first.headers.get('www-authenticate')![0]!;
        const authorization = answer(challenge, 'desk3', password, 'REGISTER');
        return (await send(request('REGISTER', { user: 'desk3', localPort, callId, cseq: 2, authorization }))).status;
      });

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
