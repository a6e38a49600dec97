import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock';
import { type DigestAlgorithm, type DigestCredentials, parseDigestChallenge } from '../sip';
import {
  type AccountHa1,
  computeAccountHa1,
  computeDigestResponse,
  computeHa1,
  createDigestAuth,
  DEFAULT_NONCE_TTL_MS,
} from './digest';

const REALM = 'kefu.example.com';
const URI = 'sip:kefu.example.com';
const SECRET = 'test-secret-of-at-least-thirty-two-bytes!';

/** Both hashes offered (KEFU_SIP_DIGEST=SHA-256,MD5), so every variant can be verified. */
function setup() {
  const clock = fixedClock('2025-03-01T10:00:00Z');
  const auth = createDigestAuth({ realm: REALM, secret: SECRET, clock, algorithms: ['SHA-256', 'MD5'] });
  const accounts = new Map<string, AccountHa1>([['1001', computeAccountHa1('1001', REALM, 'correct horse')]]);
  return { clock, auth, accounts };
}

/** What a phone sends after a challenge: the response computed from the password it knows. */
function answer(
  nonce: string,
  opts: { algorithm?: DigestAlgorithm; password?: string; realm?: string; uri?: string; qop?: boolean } = {},
): DigestCredentials {
  const algorithm = opts.algorithm ?? 'SHA-256';
  const realm = opts.realm ?? REALM;
  const uri = opts.uri ?? URI;
  const hash = algorithm.startsWith('MD5') ? 'MD5' : 'SHA-256';
  const qop = opts.qop ?? true;
  const cnonce = 'a1b2c3d4';
  const response = computeDigestResponse({
    algorithm,
    ha1: computeHa1(hash, '1001', realm, opts.password ?? 'correct horse'),
    nonce,
    method: 'REGISTER',
    uri,
    ...(qop ? { qop: 'auth' as const, nc: '00000001' } : {}),
    cnonce,
  })!;
  return {
    username: '1001',
    realm,
    nonce,
    uri,
    response,
    algorithm,
    ...(qop ? { qop: 'auth', nc: '00000001', cnonce } : algorithm.endsWith('-sess') ? { cnonce } : {}),
  };
}

describe('Digest known vectors', () => {
  it('reproduces the RFC 2617 §3.5 MD5 example', () => {
    const ha1 = computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1,
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('reproduces the RFC 7616 §3.9.1 SHA-256 and MD5 examples', () => {
    const common = {
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      method: 'GET',
      uri: '/dir/index.html',
      qop: 'auth' as const,
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    };
    const ha1 = computeAccountHa1('Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(computeDigestResponse({ ...common, algorithm: 'SHA-256', ha1: ha1['SHA-256'] })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
    expect(computeDigestResponse({ ...common, algorithm: 'MD5', ha1: ha1.MD5 })).toBe(
      '8ca523f5e9506fed4657c9700eebdbec',
    );
  });

  it('computes the legacy (no qop) form as H(HA1:nonce:HA2)', () => {
    // RFC 2069 form of the RFC 2617 example: MD5(939e7578ed9e3c518a452acee763bce9:nonce:39aff3a2bab6126f332b942af96d3366).
    const ha1 = computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    expect(ha1).toBe('939e7578ed9e3c518a452acee763bce9');
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1,
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
    });
    expect(response).toBe('670fd8c2df070c60b045671b8b24ff02');
  });
});

describe('Digest challenges', () => {
  it('by default offers MD5 alone, which every phone answers, and refuses a SHA-256 answer it did not offer', () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const auth = createDigestAuth({ realm: REALM, secret: SECRET, clock });
    expect(auth.offered).toEqual(['MD5']);
    const headers = auth.challengeHeaders();
    expect(headers.map((h) => parseDigestChallenge(h.value))).toEqual([
      expect.objectContaining({ realm: REALM, algorithm: 'MD5', qop: ['auth'] }),
    ]);
    const ha1 = computeAccountHa1('1001', REALM, 'correct horse');
    const check = (algorithm: DigestAlgorithm) =>
      auth.verify({ credentials: answer(auth.createNonce(), { algorithm }), method: 'REGISTER', requestUri: URI, ha1 });
    expect(check('MD5')).toEqual({ ok: true, username: '1001', algorithm: 'MD5' });
    expect(check('SHA-256')).toEqual({ ok: false, reason: 'algorithm_not_offered', stale: false });
  });

  it('with SHA-256 alone (opt-in), an MD5 answer is refused: no downgrade', () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const auth = createDigestAuth({ realm: REALM, secret: SECRET, clock, algorithms: ['SHA-256'] });
    const ha1 = computeAccountHa1('1001', REALM, 'correct horse');
    const check = (algorithm: DigestAlgorithm) =>
      auth.verify({ credentials: answer(auth.createNonce(), { algorithm }), method: 'REGISTER', requestUri: URI, ha1 });
    expect(check('SHA-256').ok).toBe(true);
    expect(check('MD5')).toMatchObject({ ok: false, reason: 'algorithm_not_offered' });
    expect(check('MD5-sess')).toMatchObject({ ok: false, reason: 'algorithm_not_offered' });
  });

  it('with SHA-256,MD5 (opt-in) offers SHA-256 first and MD5 second, both with qop="auth" and the same nonce', () => {
    const { auth } = setup();
    const headers = auth.challengeHeaders();
    expect(headers.map((h) => h.name)).toEqual(['WWW-Authenticate', 'WWW-Authenticate']);
    const [sha, md5] = headers.map((h) => parseDigestChallenge(h.value));
    expect(sha).toMatchObject({ realm: REALM, algorithm: 'SHA-256', qop: ['auth'] });
    expect(md5).toMatchObject({ realm: REALM, algorithm: 'MD5', qop: ['auth'] });
    expect(sha!.nonce).toBe(md5!.nonce);
    expect(sha!.stale).toBeUndefined();
  });

  it('offers the configured order instead (KEFU_SIP_DIGEST): MD5 first for phones that answer only the first', () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const md5First = createDigestAuth({ realm: REALM, secret: SECRET, clock, algorithms: ['MD5', 'SHA-256'] });
    const [first, second] = md5First.challengeHeaders().map((h) => parseDigestChallenge(h.value));
    expect(first).toMatchObject({ algorithm: 'MD5', qop: ['auth'] });
    expect(second).toMatchObject({ algorithm: 'SHA-256', qop: ['auth'] });
    expect(first!.nonce).toBe(second!.nonce);
    const md5Only = createDigestAuth({ realm: REALM, secret: SECRET, clock, algorithms: ['MD5'] });
    expect(md5Only.challengeHeaders().map((h) => parseDigestChallenge(h.value).algorithm)).toEqual(['MD5']);
    expect(() => createDigestAuth({ realm: REALM, secret: SECRET, clock, algorithms: [] })).toThrow(/distinct/);
    expect(() => createDigestAuth({ realm: REALM, secret: SECRET, clock, algorithms: ['MD5', 'MD5'] })).toThrow(
      /distinct/,
    );
  });

  it('marks a re-challenge stale and can address a proxy challenge', () => {
    const { auth } = setup();
    const headers = auth.challengeHeaders({ stale: true, proxy: true });
    expect(headers[0]!.name).toBe('Proxy-Authenticate');
    expect(parseDigestChallenge(headers[0]!.value).stale).toBe(true);
  });

  it('never hands out the same nonce twice', () => {
    const { auth } = setup();
    expect(auth.createNonce()).not.toBe(auth.createNonce());
  });
});

describe('Digest verification', () => {
  const verify = (s: ReturnType<typeof setup>, c: DigestCredentials, requestUri = URI) =>
    s.auth.verify({ credentials: c, method: 'REGISTER', requestUri, ha1: s.accounts.get(c.username) });

  it.each<DigestAlgorithm>(['SHA-256', 'MD5', 'SHA-256-sess', 'MD5-sess'])(
    'accepts a correct %s answer',
    (algorithm) => {
      const s = setup();
      expect(verify(s, answer(s.auth.createNonce(), { algorithm }))).toEqual({ ok: true, username: '1001', algorithm });
    },
  );

  it('accepts the legacy form without qop, and no algorithm meaning MD5', () => {
    const s = setup();
    const c = answer(s.auth.createNonce(), { algorithm: 'MD5', qop: false });
    delete c.algorithm;
    expect(verify(s, c)).toMatchObject({ ok: true, algorithm: 'MD5' });
  });

  it('accepts an upper-case hex response', () => {
    const s = setup();
    const c = answer(s.auth.createNonce());
    expect(verify(s, { ...c, response: c.response.toUpperCase() }).ok).toBe(true);
  });

  it('refuses a wrong password, without stale', () => {
    const s = setup();
    expect(verify(s, answer(s.auth.createNonce(), { password: 'wrong' }))).toEqual({
      ok: false,
      reason: 'wrong_response',
      stale: false,
    });
  });

  it('refuses credentials for another realm, even when computed correctly for it', () => {
    const s = setup();
    expect(verify(s, answer(s.auth.createNonce(), { realm: 'other.example.com' }))).toMatchObject({
      ok: false,
      reason: 'wrong_realm',
    });
  });

  it('refuses an unknown user', () => {
    const s = setup();
    const c = { ...answer(s.auth.createNonce()), username: '9999' };
    expect(verify(s, c)).toMatchObject({ ok: false, reason: 'unknown_user' });
  });

  it('after the nonce lifetime, a correct answer is stale and a wrong one is simply wrong', () => {
    const s = setup();
    const nonce = s.auth.createNonce();
    s.clock.advance(DEFAULT_NONCE_TTL_MS - 1000);
    expect(verify(s, answer(nonce)).ok).toBe(true);
    s.clock.advance(2000);
    expect(verify(s, answer(nonce))).toEqual({ ok: false, reason: 'stale_nonce', stale: true });
    expect(verify(s, answer(nonce, { password: 'wrong' }))).toEqual({
      ok: false,
      reason: 'wrong_response',
      stale: false,
    });
  });

  it('refuses a nonce we did not issue or that was tampered with', () => {
    const s = setup();
    const other = createDigestAuth({ realm: REALM, secret: 'another secret', clock: s.clock });
    expect(verify(s, answer(other.createNonce()))).toMatchObject({ ok: false, reason: 'bad_nonce' });
    const nonce = s.auth.createNonce();
    // Moving the timestamp forward to extend the lifetime breaks the MAC.
    const [ts, rest] = [nonce.slice(0, nonce.indexOf('.')), nonce.slice(nonce.indexOf('.'))];
    const forged = (Number.parseInt(ts, 36) + 3_600_000).toString(36) + rest;
    expect(verify(s, answer(forged))).toMatchObject({ ok: false, reason: 'bad_nonce' });
    expect(verify(s, answer('dcd98b7102dd2f0e8b11d0f600bfb0c093'))).toMatchObject({ ok: false, reason: 'bad_nonce' });
  });

  it('refuses a captured answer replayed against another Request-URI', () => {
    const s = setup();
    const captured = answer(s.auth.createNonce(), { uri: 'sip:1001@kefu.example.com' });
    expect(verify(s, captured, 'sip:1001@kefu.example.com').ok).toBe(true);
    // Replayed as is on a request to another URI…
    expect(verify(s, captured, 'sip:2002@kefu.example.com')).toMatchObject({ ok: false, reason: 'uri_mismatch' });
    // …or with its uri rewritten to match: the digest no longer covers it.
    expect(verify(s, { ...captured, uri: 'sip:2002@kefu.example.com' }, 'sip:2002@kefu.example.com')).toMatchObject({
      ok: false,
      reason: 'wrong_response',
    });
  });

  it('refuses qop=auth-int and algorithms it did not offer', () => {
    const s = setup();
    const c = answer(s.auth.createNonce());
    expect(verify(s, { ...c, qop: 'auth-int' })).toMatchObject({ ok: false, reason: 'unsupported_qop' });
    expect(verify(s, { ...c, algorithm: 'SHA-512-256' })).toMatchObject({ ok: false, reason: 'unsupported_algorithm' });
  });

  it('refuses a -sess answer without cnonce', () => {
    const s = setup();
    const c = answer(s.auth.createNonce(), { algorithm: 'MD5-sess', qop: false });
    delete c.cnonce;
    expect(verify(s, c)).toMatchObject({ ok: false, reason: 'wrong_response' });
  });
});
