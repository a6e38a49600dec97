import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock';
import { computeAccountHa1, createDigestAuth, DEFAULT_NONCE_TTL_MS, type DigestHash } from '../auth/digest';
import {
  findHeader,
  headerValues,
  parseContact,
  parseDatagram,
  parseDigestChallenge,
  type SipRequest,
  type SipResponse,
  type SipTarget,
} from '../sip';
import { type AuthFailure, type BindingChange, createRegistrar, type SipAccount } from './registrar';

const REALM = 'kefu.example.com';
const REQUEST_URI = 'sip:kefu.example.com';
const PASSWORD = 'correct horse';
const PHONE: SipTarget = { transport: 'UDP', host: '203.0.113.7', port: 40123 };

/** Both hashes offered unless `algorithms` says (KEFU_SIP_DIGEST=SHA-256,MD5), so both can be tested. */
function setup(opts: { maxAuthFailures?: number; algorithms?: DigestHash[] } = {}) {
  const { algorithms = ['SHA-256', 'MD5'], ...rest } = opts;
  const clock = fixedClock('2025-03-01T10:00:00Z');
  const digest = createDigestAuth({
    realm: REALM,
    secret: 'test-secret-of-at-least-thirty-two-bytes!',
    clock,
    algorithms,
  });
  const accounts = new Map<string, SipAccount>([
    ['1001', { username: '1001', agentUserId: 'agent-a', ha1: computeAccountHa1('1001', REALM, PASSWORD) }],
    ['1002', { username: '1002', agentUserId: 'agent-b', ha1: computeAccountHa1('1002', REALM, PASSWORD) }],
    [
      '1009',
      { username: '1009', agentUserId: 'agent-z', ha1: computeAccountHa1('1009', REALM, PASSWORD), disabled: true },
    ],
  ]);
  const changes: BindingChange[] = [];
  const authFailures: AuthFailure[] = [];
  const registrar = createRegistrar({
    digest,
    clock,
    accounts: { find: async (u) => accounts.get(u) },
    onChange: (c) => changes.push(c),
    onAuthFailure: (f) => authFailures.push(f),
    ...rest,
  });
  return { clock, registrar, changes, authFailures };
}

type RegisterOpts = {
  user?: string;
  toUser?: string;
  callId?: string;
  cseq?: number;
  contacts?: string[];
  expires?: number;
  authorization?: string;
  userAgent?: string;
};

/** A REGISTER as a phone writes it, through the real parser. */
function register(o: RegisterOpts = {}): SipRequest {
  const user = o.user ?? '1001';
  const lines = [
    `REGISTER ${REQUEST_URI} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-reg1;rport',
    'Max-Forwards: 70',
    `From: <sip:${user}@${REALM}>;tag=ph1`,
    `To: <sip:${o.toUser ?? user}@${REALM}>`,
    `Call-ID: ${o.callId ?? 'call-1@192.168.1.20'}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    ...(o.contacts ?? ['<sip:1001@192.168.1.20:5060>']).map((c) => `Contact: ${c}`),
    ...(o.expires === undefined ? [] : [`Expires: ${o.expires}`]),
    ...(o.authorization === undefined ? [] : [`Authorization: ${o.authorization}`]),
    `User-Agent: ${o.userAgent ?? 'Yealink T46U'}`,
  ];
  const msg = parseDatagram(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`));
  if (msg.kind !== 'request') throw new Error('not a request');
  return msg;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** What a phone computes from a challenge and its password (RFC 2617/7616 with qop=auth). */
function answerChallenge(
  challenge: string,
  o: { user?: string; password?: string; uri?: string; cnonce?: string } = {},
): string {
  const c = parseDigestChallenge(challenge);
  const H = c.algorithm === 'SHA-256' ? sha256 : md5;
  const user = o.user ?? '1001';
  const uri = o.uri ?? REQUEST_URI;
  const cnonce = o.cnonce ?? '0a4f113b';
  const nc = '00000001';
  const ha1 = H(`${user}:${c.realm}:${o.password ?? PASSWORD}`);
  const ha2 = H(`REGISTER:${uri}`);
  const response = H(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return (
    `Digest username="${user}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", ` +
    `response="${response}", algorithm=${c.algorithm}, cnonce="${cnonce}", qop=auth, nc=${nc}`
  );
}

/** Challenge then answer with SHA-256 (the first challenge offered with SHA-256,MD5), or `algorithm`. */
async function registerWithAuth(
  registrar: ReturnType<typeof setup>['registrar'],
  o: RegisterOpts & { password?: string; source?: SipTarget; algorithm?: 'MD5' | 'SHA-256' } = {},
): Promise<SipResponse> {
  const source = o.source ?? PHONE;
  const challenge = await registrar.handleRegister(register({ ...o, cseq: o.cseq ?? 1 }), source);
  expect(challenge.status).toBe(401);
  const offered = headerValues(challenge, 'WWW-Authenticate');
  const chosen = offered.find((v) => parseDigestChallenge(v).algorithm === (o.algorithm ?? 'SHA-256'))!;
  const authorization = answerChallenge(chosen, { user: o.user, password: o.password });
  return registrar.handleRegister(register({ ...o, cseq: (o.cseq ?? 1) + 1, authorization }), source);
}

const contactsOf = (res: SipResponse) =>
  headerValues(res, 'Contact').map((v) => {
    const c = parseContact(v);
    if (c === '*' || c.uri.kind !== 'sip') throw new Error('unexpected contact');
    return { host: c.uri.host, port: c.uri.port, expires: c.params.get('expires') };
  });

describe('registrar: authentication', () => {
  it('with the default digest (MD5 alone), a phone is challenged once, in MD5, and registers', async () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const digest = createDigestAuth({ realm: REALM, secret: 'test-secret-of-at-least-thirty-two-bytes!', clock });
    const ha1 = computeAccountHa1('1001', REALM, PASSWORD);
    const registrar = createRegistrar({
      digest,
      clock,
      accounts: { find: async (u) => (u === '1001' ? { username: '1001', agentUserId: 'agent-a', ha1 } : undefined) },
    });
    const challenge = await registrar.handleRegister(register(), PHONE);
    expect(challenge.status).toBe(401);
    const offered = headerValues(challenge, 'WWW-Authenticate');
    expect(offered.map((v) => parseDigestChallenge(v).algorithm)).toEqual(['MD5']);
    const authorization = answerChallenge(offered[0]!);
    expect((await registrar.handleRegister(register({ cseq: 2, authorization }), PHONE)).status).toBe(200);
  });

  it('with SHA-256,MD5 (opt-in), a phone registering without credentials is challenged with SHA-256 first, then MD5', async () => {
    const { registrar, changes } = setup();
    const res = await registrar.handleRegister(register(), PHONE);
    expect(res.status).toBe(401);
    const challenges = headerValues(res, 'WWW-Authenticate').map(parseDigestChallenge);
    expect(challenges.map((c) => c.algorithm)).toEqual(['SHA-256', 'MD5']);
    expect(challenges.every((c) => c.realm === REALM && c.qop?.includes('auth') && !c.stale)).toBe(true);
    expect(registrar.bindingsOf('1001')).toEqual([]);
    expect(changes).toEqual([]);
  });

  it.each(['SHA-256', 'MD5'] as const)(
    'a phone answering the %s challenge with the right password is registered',
    async (algorithm) => {
      const { registrar, changes } = setup();
      const res = await registerWithAuth(registrar, { algorithm });
      expect(res.status).toBe(200);
      expect(contactsOf(res)).toEqual([{ host: '192.168.1.20', port: 5060, expires: '3600' }]);
      expect(findHeader(res, 'Date')).toBe('Sat, 01 Mar 2025 10:00:00 GMT');
      expect(registrar.bindingsOf('1001')).toHaveLength(1);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ username: '1001', agentUserId: 'agent-a', cause: 'register' });
      expect(changes[0]!.added).toHaveLength(1);
    },
  );

  it('credentials that are not Digest or are garbled get a fresh challenge', async () => {
    const { registrar } = setup();
    for (const authorization of ['Basic MTAwMTpwdw==', 'Digest username="1001"']) {
      const res = await registrar.handleRegister(register({ authorization }), PHONE);
      expect(res.status).toBe(401);
      expect(headerValues(res, 'WWW-Authenticate')).toHaveLength(2);
    }
  });

  it('a nonce we never issued gets a fresh challenge, not a 403', async () => {
    const { registrar } = setup();
    const forged = answerChallenge(`Digest realm="${REALM}", nonce="abc.def.ghi", algorithm=MD5, qop="auth"`);
    const res = await registrar.handleRegister(register({ authorization: forged }), PHONE);
    expect(res.status).toBe(401);
  });

  it('a wrong password is refused with 403, nothing is bound, and the failure is reported with what was offered and answered', async () => {
    const { registrar, changes, authFailures } = setup();
    const res = await registerWithAuth(registrar, { password: 'wrong' });
    expect(res.status).toBe(403);
    expect(registrar.bindingsOf('1001')).toEqual([]);
    expect(changes).toEqual([]);
    expect(authFailures).toEqual([
      { username: '1001', source: PHONE, offered: ['SHA-256', 'MD5'], answered: 'SHA-256', reason: 'wrong_response' },
    ]);
  });

  it('an answer in an algorithm that was not offered gets a fresh challenge and is reported', async () => {
    const { registrar, authFailures } = setup({ algorithms: ['MD5'] });
    const challenge = await registrar.handleRegister(register(), PHONE);
    const md5Challenge = headerValues(challenge, 'WWW-Authenticate')[0]!;
    // The phone computes SHA-256 over our nonce although only MD5 was offered.
    const authorization = answerChallenge(md5Challenge.replace('algorithm=MD5', 'algorithm=SHA-256'));
    const res = await registrar.handleRegister(register({ cseq: 2, authorization }), PHONE);
    expect(res.status).toBe(401);
    expect(registrar.bindingsOf('1001')).toEqual([]);
    expect(authFailures).toEqual([
      { username: '1001', source: PHONE, offered: ['MD5'], answered: 'SHA-256', reason: 'algorithm_not_offered' },
    ]);
  });

  it('a phone that never answers its challenge is reported by the sweep once, naming the algorithms offered', async () => {
    const { registrar, clock, authFailures } = setup({ algorithms: ['SHA-256', 'MD5'] });
    // Like baresip 1.0 facing a SHA-256 challenge: it gives up silently.
    await registrar.handleRegister(register({ callId: 'gives-up' }), PHONE);
    // Another phone answers within the time and is not reported.
    await registerWithAuth(registrar, { user: '1002', callId: 'answers', contacts: ['<sip:1002@192.168.1.21>'] });
    clock.advance(5_000);
    registrar.purgeExpired();
    expect(authFailures).toEqual([]);
    clock.advance(30_000);
    registrar.purgeExpired();
    registrar.purgeExpired();
    expect(authFailures).toEqual([
      { username: '1001', source: PHONE, offered: ['SHA-256', 'MD5'], answered: null, reason: 'no_answer' },
    ]);
  });

  it('a scanner sending REGISTERs it never answers gets one log line per window, then 403 without a challenge', async () => {
    const { registrar, clock, authFailures } = setup();
    for (let i = 0; i < 50; i++) {
      await registrar.handleRegister(register({ callId: `scan-${i}`, toUser: `please%20call%20400-${i}` }), PHONE);
    }
    clock.advance(31_000);
    registrar.purgeExpired();
    expect(authFailures).toHaveLength(1);
    expect(authFailures[0]?.reason).toBe('no_answer');
    // The unanswered challenges count as failed attempts of that address.
    const blocked = await registrar.handleRegister(register({ callId: 'scan-more' }), PHONE);
    expect(blocked.status).toBe(403);
    // A phone elsewhere is still challenged.
    const other = await registrar.handleRegister(register({ callId: 'other' }), { ...PHONE, host: '203.0.113.8' });
    expect(other.status).toBe(401);
  });

  it('an unknown or disabled account is refused with 403', async () => {
    const { registrar } = setup();
    expect((await registerWithAuth(registrar, { user: 'nobody' })).status).toBe(403);
    expect((await registerWithAuth(registrar, { user: '1009' })).status).toBe(403);
  });

  it('a correct answer to an expired nonce gets 401 with stale=true, and the new nonce works', async () => {
    const { registrar, clock } = setup();
    const challenge = await registrar.handleRegister(register(), PHONE);
    const authorization = answerChallenge(headerValues(challenge, 'WWW-Authenticate')[0]!);
    clock.advance(DEFAULT_NONCE_TTL_MS + 1000);
    const stale = await registrar.handleRegister(register({ cseq: 2, authorization }), PHONE);
    expect(stale.status).toBe(401);
    const again = headerValues(stale, 'WWW-Authenticate').map(parseDigestChallenge);
    expect(again.map((c) => [c.algorithm, c.stale])).toEqual([
      ['SHA-256', true],
      ['MD5', true],
    ]);
    const retry = answerChallenge(headerValues(stale, 'WWW-Authenticate')[0]!);
    expect((await registrar.handleRegister(register({ cseq: 3, authorization: retry }), PHONE)).status).toBe(200);
  });

  it('credentials computed for another Request-URI are refused with 400', async () => {
    const { registrar } = setup();
    const challenge = await registrar.handleRegister(register(), PHONE);
    const authorization = answerChallenge(headerValues(challenge, 'WWW-Authenticate')[0]!, {
      uri: 'sip:other.example',
    });
    expect((await registrar.handleRegister(register({ cseq: 2, authorization }), PHONE)).status).toBe(400);
  });

  it('when the account store fails, the phone is told to retry later (503) rather than refused', async () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const digest = createDigestAuth({ realm: REALM, secret: 'test-secret-of-at-least-thirty-two-bytes!', clock });
    const registrar = createRegistrar({
      digest,
      clock,
      accounts: {
        find: async () => {
          throw new Error('db down');
        },
      },
    });
    const challenge = await registrar.handleRegister(register(), PHONE);
    const authorization = answerChallenge(headerValues(challenge, 'WWW-Authenticate')[0]!);
    const res = await registrar.handleRegister(register({ cseq: 2, authorization }), PHONE);
    expect(res.status).toBe(503);
    expect(findHeader(res, 'Retry-After')).toBe('30');
  });

  it('a phone may register only its own address of record (To user = authenticated user)', async () => {
    const { registrar } = setup();
    const res = await registerWithAuth(registrar, { toUser: '1002' });
    expect(res.status).toBe(403);
    expect(registrar.bindingsOf('1002')).toEqual([]);
    expect(registrar.bindingsOf('1001')).toEqual([]);
  });
});

describe('registrar: brute-force brake', () => {
  it('after N failed attempts from an address, it answers 403 without verifying, until the window passes', async () => {
    const { registrar, clock } = setup({ maxAuthFailures: 3 });
    for (let i = 0; i < 3; i++) expect((await registerWithAuth(registrar, { password: `guess${i}` })).status).toBe(403);

    // Even without credentials (no new nonce) and from another port, and even with the right password.
    const blocked = await registrar.handleRegister(register(), { ...PHONE, port: 40999 });
    expect(blocked.status).toBe(403);
    expect(headerValues(blocked, 'WWW-Authenticate')).toEqual([]);

    // Another address is not affected.
    const other = { ...PHONE, host: '198.51.100.9' };
    expect((await registerWithAuth(registrar, { user: '1002', source: other })).status).toBe(200);

    clock.advance(5 * 60 * 1000 + 1);
    expect((await registerWithAuth(registrar)).status).toBe(200);
  });
});

describe('registrar: bindings (RFC 3261 §10.3)', () => {
  async function registered(o: RegisterOpts = {}) {
    const ctx = setup();
    const res = await registerWithAuth(ctx.registrar, o);
    expect(res.status).toBe(200);
    return { ...ctx, res };
  }

  /** An authenticated REGISTER reusing a valid nonce, for follow-up requests in the same test. */
  async function send(ctx: ReturnType<typeof setup>, o: RegisterOpts, source: SipTarget = PHONE) {
    const challenge = await ctx.registrar.handleRegister(register({ ...o, cseq: 1, callId: 'probe@x' }), source);
    const authorization = answerChallenge(headerValues(challenge, 'WWW-Authenticate')[0]!, { user: o.user });
    return ctx.registrar.handleRegister(register({ ...o, authorization }), source);
  }

  it('keeps where the REGISTER came from and the User-Agent with the binding, so INVITEs cross the NAT', async () => {
    const { registrar } = await registered({ userAgent: 'Zoiper 5' });
    const [b] = registrar.bindingsOf('1001');
    expect(b).toMatchObject({
      source: PHONE,
      userAgent: 'Zoiper 5',
      callId: 'call-1@192.168.1.20',
      cseq: 2,
      contactText: 'sip:1001@192.168.1.20:5060',
    });
    expect(b!.contact.host).toBe('192.168.1.20');
  });

  it('uses the Contact expires parameter, else the Expires header, else the default', async () => {
    const ctx = setup();
    const res = await registerWithAuth(ctx.registrar, {
      contacts: ['<sip:1001@10.0.0.1>;expires=120', '<sip:1001@10.0.0.2>'],
      expires: 300,
    });
    expect(contactsOf(res)).toEqual([
      { host: '10.0.0.1', port: undefined, expires: '120' },
      { host: '10.0.0.2', port: undefined, expires: '300' },
    ]);
    const def = await send(ctx, { contacts: ['<sip:1001@10.0.0.3>'], cseq: 5 });
    expect(contactsOf(def).find((c) => c.host === '10.0.0.3')?.expires).toBe('3600');
  });

  it('an expiry below the minimum gets 423 with Min-Expires and binds nothing', async () => {
    const { registrar } = setup();
    const res = await registerWithAuth(registrar, { contacts: ['<sip:1001@10.0.0.1>;expires=30'] });
    expect(res.status).toBe(423);
    expect(findHeader(res, 'Min-Expires')).toBe('60');
    expect(registrar.bindingsOf('1001')).toEqual([]);
  });

  it('an expiry above the maximum is shortened to it', async () => {
    const { res } = await registered({ expires: 86400 });
    expect(contactsOf(res)[0]!.expires).toBe('3600');
  });

  it('a binding expires after its time: 200 lists the remaining seconds, then lookups forget it and report it', async () => {
    const ctx = await registered({ expires: 120 });
    ctx.clock.advance(50_000);
    const query = await send(ctx, { contacts: [], cseq: 3 });
    expect(query.status).toBe(200);
    expect(contactsOf(query)).toEqual([{ host: '192.168.1.20', port: 5060, expires: '70' }]);
    ctx.clock.advance(70_000);
    expect(ctx.registrar.bindingsOf('1001')).toEqual([]);
    expect(ctx.registrar.contactsForAgent('agent-a')).toEqual([]);
    expect(ctx.changes.at(-1)).toMatchObject({ cause: 'expire', username: '1001', bindings: [] });
    expect(ctx.changes.at(-1)!.removed).toHaveLength(1);
  });

  it('purgeExpired sweeps every account and reports each', async () => {
    const ctx = await registered({ expires: 120 });
    await send(ctx, { user: '1002', contacts: ['<sip:1002@10.0.0.9>'], expires: 600, cseq: 2 });
    expect(ctx.registrar.purgeExpired(new Date('2025-03-01T10:03:00Z'))).toBe(1);
    expect(ctx.changes.filter((c) => c.cause === 'expire').map((c) => c.username)).toEqual(['1001']);
    expect(ctx.registrar.bindingsOf('1002')).toHaveLength(1);
  });

  it('a refresh from the same phone updates the binding instead of adding one', async () => {
    const ctx = await registered({ expires: 600 });
    ctx.clock.advance(100_000);
    const res = await send(ctx, { cseq: 3, expires: 600 });
    expect(contactsOf(res)).toEqual([{ host: '192.168.1.20', port: 5060, expires: '600' }]);
    expect(ctx.changes.at(-1)!.refreshed).toHaveLength(1);
    expect(ctx.changes.at(-1)!.added).toHaveLength(0);
    // Only its expiry moved: the desktop need not hear of it.
    expect(ctx.changes.at(-1)!.onlyExpiryMoved).toBe(true);
  });

  it('Expires: 0 on a contact removes that binding only', async () => {
    const ctx = await registered({ contacts: ['<sip:1001@10.0.0.1>', '<sip:1001@10.0.0.2>'] });
    const res = await send(ctx, { cseq: 3, contacts: ['<sip:1001@10.0.0.1>;expires=0'] });
    expect(res.status).toBe(200);
    expect(contactsOf(res).map((c) => c.host)).toEqual(['10.0.0.2']);
    expect(ctx.changes.at(-1)!.removed.map((b) => b.contact.host)).toEqual(['10.0.0.1']);
  });

  it('Contact: * with Expires: 0 removes every binding of the account', async () => {
    const ctx = await registered({ contacts: ['<sip:1001@10.0.0.1>', '<sip:1001@10.0.0.2>'] });
    const res = await send(ctx, { cseq: 3, contacts: ['*'], expires: 0 });
    expect(res.status).toBe(200);
    expect(headerValues(res, 'Contact')).toEqual([]);
    expect(ctx.registrar.bindingsOf('1001')).toEqual([]);
    expect(ctx.changes.at(-1)).toMatchObject({ cause: 'register', bindings: [] });
    expect(ctx.changes.at(-1)!.removed).toHaveLength(2);
  });

  it('Contact: * without Expires: 0 is a 400 and changes nothing', async () => {
    const ctx = await registered();
    expect((await send(ctx, { cseq: 3, contacts: ['*'], expires: 60 })).status).toBe(400);
    expect((await send(ctx, { cseq: 4, contacts: ['*'] })).status).toBe(400);
    expect(ctx.registrar.bindingsOf('1001')).toHaveLength(1);
  });

  it('Contact: * mixed with other contacts is a 400', async () => {
    const ctx = await registered();
    // The parser already refuses it on the wire; a request built by hand must meet the same rule.
    const req = register({ cseq: 3, expires: 0 });
    req.headers.push({ name: 'Contact', value: '*' });
    const challenge = await ctx.registrar.handleRegister(register({ callId: 'probe@x' }), PHONE);
    req.headers.push({
      name: 'Authorization',
      value: answerChallenge(headerValues(challenge, 'WWW-Authenticate')[0]!),
    });
    expect((await ctx.registrar.handleRegister(req, PHONE)).status).toBe(400);
    expect(ctx.registrar.bindingsOf('1001')).toHaveLength(1);
  });

  it('a delayed REGISTER (same Call-ID, CSeq not higher) is ignored: no binding changes', async () => {
    const ctx = await registered({ expires: 600 }); // stored CSeq 2
    const before = ctx.registrar.bindingsOf('1001');
    const changesBefore = ctx.changes.length;
    for (const cseq of [1, 2]) {
      const res = await send(ctx, { cseq, contacts: ['<sip:1001@192.168.1.20:5060>;expires=0'] });
      expect(res.status).toBe(500);
    }
    expect(ctx.registrar.bindingsOf('1001')).toEqual(before);
    expect(ctx.changes).toHaveLength(changesBefore);
    // A newer CSeq, or another Call-ID (the phone rebooted), does update it.
    expect((await send(ctx, { cseq: 3, expires: 900 })).status).toBe(200);
    expect((await send(ctx, { cseq: 1, callId: 'reboot@192.168.1.20', expires: 0 })).status).toBe(200);
    expect(ctx.registrar.bindingsOf('1001')).toEqual([]);
  });

  it('contactsForAgent returns every live binding of the agent, best q first, with where to send', async () => {
    const ctx = await registered({ contacts: ['<sip:1001@10.0.0.1>;q=0.5', '<sip:1001@10.0.0.2>;q=0.9'] });
    await send(ctx, { user: '1002', contacts: ['<sip:1002@10.0.0.9>'], cseq: 2 });
    const ring = ctx.registrar.contactsForAgent('agent-a');
    expect(ring.map((b) => [b.contact.host, b.q, b.source.host])).toEqual([
      ['10.0.0.2', 0.9, PHONE.host],
      ['10.0.0.1', 0.5, PHONE.host],
    ]);
    expect(ctx.registrar.contactsForAgent('agent-b').map((b) => b.username)).toEqual(['1002']);
    expect(ctx.registrar.contactsForAgent('agent-nobody')).toEqual([]);
  });

  it('a registration from a new address moves the binding there (NAT rebinding)', async () => {
    const ctx = await registered();
    const moved = { transport: 'TCP', host: '203.0.113.50', port: 51000 };
    await send(ctx, { cseq: 3 }, moved);
    expect(ctx.registrar.contactsForAgent('agent-a').map((b) => b.source)).toEqual([moved]);
    // Where the phone is changed: the desktop must hear of it.
    expect(ctx.changes.at(-1)!.onlyExpiryMoved).toBeUndefined();
  });

  it('an onChange that throws does not lose the response', async () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const digest = createDigestAuth({ realm: REALM, secret: 'test-secret-of-at-least-thirty-two-bytes!', clock });
    const errors: unknown[] = [];
    const registrar = createRegistrar({
      digest,
      clock,
      accounts: {
        find: async () => ({ username: '1001', agentUserId: 'a', ha1: computeAccountHa1('1001', REALM, PASSWORD) }),
      },
      onChange: () => {
        throw new Error('db down');
      },
      onChangeError: (e) => errors.push(e),
    });
    expect((await registerWithAuth(registrar, { algorithm: 'MD5' })).status).toBe(200);
    expect(errors).toHaveLength(1);
  });
});
