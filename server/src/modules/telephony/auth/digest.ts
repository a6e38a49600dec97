/**
 * Server side of HTTP Digest for SIP (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760): challenges in
 * the configured algorithms (MD5 alone by default, SHA-256 opt-in), stateless nonces, and
 * verification of the credentials a phone sends back. Parsing and writing the header values is the
 * SIP library's job (`../sip`).
 *
 * Why MD5 alone by default: most deployed phones (sipp, baresip 1.0, many desk phones) answer only
 * MD5, and several of them give up on a 401 that carries any other challenge, whatever its
 * position (baresip: "Register: Function not implemented"). Asterisk and FreeSWITCH challenge with
 * MD5 only too. SHA-256 is offered when KEFU_SIP_DIGEST names it; an answer in an algorithm that
 * was not offered is refused, so turning SHA-256 on alone also turns MD5 off.
 *
 * Stored secret: HA1 per hash, not the password. The database keeps, per account,
 * `H(username ":" realm ":" password)` once for MD5 and once for SHA-256 (`computeAccountHa1`).
 * Every variant we accept (plain, -sess, qop=auth or none) is computed from HA1 alone, so the
 * plain password never needs to be stored or decryptable. HA1 is still password-equivalent *for
 * this realm* — whoever reads it can answer our challenges — so it must be protected like a
 * password hash; but it does not reveal a password reused elsewhere, and it stops working if the
 * realm changes. The price: changing the realm or the SIP username means setting a new password,
 * and adding an algorithm (SHA-512-256) needs the password once more.
 *
 * Nonces are stateless: `<issued ms, base36>.<16 random bytes>.<HMAC-SHA-256(secret, issued.random.realm)>`.
 * Any server sharing the secret can check them, and a restart does not invalidate them. Since no
 * state is kept, nc is not tracked: within the nonce's lifetime the same request can be replayed
 * verbatim (the uri check below stops replays against another Request-URI). A short lifetime
 * bounds that window.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../platform/clock';
import { type DigestAlgorithm, type DigestCredentials, header, type SipHeader, serializeDigestChallenge } from '../sip';

/** The hash functions we support; each has a plain and a -sess algorithm. */
export type DigestHash = 'MD5' | 'SHA-256';

/** What the account store keeps instead of a password: HA1 for each hash, lower-case hex. */
export type AccountHa1 = Readonly<Record<DigestHash, string>>;

export type DigestVerdict =
  | { ok: true; username: string; algorithm: DigestAlgorithm }
  | {
      ok: false;
      reason: DigestFailure;
      /** Send a fresh challenge with stale=true: the credentials were right but the nonce is too old. */
      stale: boolean;
    };

export type DigestFailure =
  | 'wrong_realm'
  | 'bad_nonce'
  | 'stale_nonce'
  | 'unsupported_algorithm'
  /** A hash we support but did not offer (KEFU_SIP_DIGEST): refused, or SHA-256 alone would still allow MD5. */
  | 'algorithm_not_offered'
  | 'unsupported_qop'
  | 'uri_mismatch'
  | 'unknown_user'
  | 'wrong_response';

export type DigestAuthOptions = {
  realm: string;
  /** HMAC key for nonces; at least 32 bytes of randomness, shared by every server of the realm. */
  secret: Buffer | string;
  clock: Clock;
  /** How long a nonce stays valid; after that a correct answer gets stale=true. Default 5 min. */
  nonceTtlMs?: number;
  /**
   * The challenges to send, most preferred first (KEFU_SIP_DIGEST). Default MD5 alone, which every
   * phone answers; `['SHA-256', 'MD5']` offers SHA-256 first (RFC 8760) to phones that pick from
   * several challenges. Only answers in these algorithms are accepted.
   */
  algorithms?: readonly DigestHash[];
};

export type VerifyOptions = {
  credentials: DigestCredentials;
  /** The request's method (REGISTER, INVITE, …): part of HA2. */
  method: string;
  /** The request's Request-URI, as received; the credentials' uri must match it. */
  requestUri: string;
  /** HA1 of the account named by credentials.username, or undefined when there is none. */
  ha1: AccountHa1 | undefined;
};

export type DigestAuth = {
  readonly realm: string;
  /** The algorithms challenged with, most preferred first. */
  readonly offered: readonly DigestHash[];
  createNonce(): string;
  /** One challenge header per offered algorithm, most preferred first (RFC 8760 §2.4). */
  challengeHeaders(options?: { stale?: boolean; proxy?: boolean }): SipHeader[];
  verify(options: VerifyOptions): DigestVerdict;
};

export const DEFAULT_NONCE_TTL_MS = 5 * 60 * 1000;
/** A nonce issued by a server whose clock is slightly ahead is still accepted. */
const CLOCK_SKEW_MS = 30 * 1000;
export const DEFAULT_DIGEST_ALGORITHMS: readonly DigestHash[] = ['MD5'];
const NODE_HASH: Record<DigestHash, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

export function createDigestAuth(options: DigestAuthOptions): DigestAuth {
  const { realm, secret, clock } = options;
  const ttl = options.nonceTtlMs ?? DEFAULT_NONCE_TTL_MS;
  const offered = [...(options.algorithms ?? DEFAULT_DIGEST_ALGORITHMS)];
  if (offered.length === 0 || new Set(offered).size !== offered.length || offered.some((a) => !(a in NODE_HASH))) {
    throw new Error(`digest algorithms must be distinct values of SHA-256 and MD5, got ${JSON.stringify(offered)}`);
  }
  const mac = (payload: string) =>
    createHmac('sha256', secret).update(`${payload}.${realm}`).digest('base64url').slice(0, 32);

  const createNonce = () => {
    const payload = `${clock.now().getTime().toString(36)}.${randomBytes(16).toString('base64url')}`;
    return `${payload}.${mac(payload)}`;
  };

  /** 'fresh', 'stale' (genuine but expired) or 'bad' (not ours, tampered, or from the future). */
  const checkNonce = (nonce: string): 'fresh' | 'stale' | 'bad' => {
    const parts = nonce.split('.');
    if (parts.length !== 3 || !/^[0-9a-z]{1,12}$/.test(parts[0]!)) return 'bad';
    if (!safeEqual(mac(`${parts[0]}.${parts[1]}`), parts[2]!)) return 'bad';
    const age = clock.now().getTime() - Number.parseInt(parts[0]!, 36);
    if (age < -CLOCK_SKEW_MS) return 'bad';
    return age > ttl ? 'stale' : 'fresh';
  };

  const challengeHeaders = (opts: { stale?: boolean; proxy?: boolean } = {}): SipHeader[] => {
    const nonce = createNonce();
    const name = opts.proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    return offered.map((algorithm) =>
      header(
        name,
        serializeDigestChallenge({
          realm,
          nonce,
          algorithm,
          qop: ['auth'],
          ...(opts.stale ? { stale: true } : {}),
        }),
      ),
    );
  };

  const verify = ({ credentials: c, method, requestUri, ha1 }: VerifyOptions): DigestVerdict => {
    const fail = (reason: DigestFailure, stale = false): DigestVerdict => ({ ok: false, reason, stale });
    if (c.realm !== realm) return fail('wrong_realm');
    const algorithm = c.algorithm ?? 'MD5';
    const hash = hashOf(algorithm);
    if (!hash) return fail('unsupported_algorithm');
    if (!offered.includes(hash)) return fail('algorithm_not_offered');
    if (c.qop !== undefined && c.qop.toLowerCase() !== 'auth') return fail('unsupported_qop');
    // RFC 2617 §3.2.2.5: the digest covers the uri it names, so that uri must be this request's.
    if (c.uri !== requestUri) return fail('uri_mismatch');
    const nonce = checkNonce(c.nonce);
    if (nonce === 'bad') return fail('bad_nonce');
    if (!ha1) return fail('unknown_user');
    const expected = computeDigestResponse({
      algorithm,
      ha1: ha1[hash],
      nonce: c.nonce,
      method,
      uri: c.uri,
      qop: c.qop === undefined ? undefined : 'auth',
      nc: c.nc,
      cnonce: c.cnonce,
    });
    if (expected === undefined || !safeEqual(expected, c.response.toLowerCase())) return fail('wrong_response');
    // Only a correct answer earns stale=true (RFC 7616 §3.3); otherwise the phone would retry a wrong password.
    if (nonce === 'stale') return fail('stale_nonce', true);
    return { ok: true, username: c.username, algorithm };
  };

  return { realm, offered, createNonce, challengeHeaders, verify };
}

/** HA1 = H(username:realm:password) for one hash (RFC 7616 §3.4.2). */
export function computeHa1(hash: DigestHash, username: string, realm: string, password: string): string {
  return h(hash, `${username}:${realm}:${password}`);
}

/** What to store for an account when its SIP password is set. */
export function computeAccountHa1(username: string, realm: string, password: string): AccountHa1 {
  return {
    MD5: computeHa1('MD5', username, realm, password),
    'SHA-256': computeHa1('SHA-256', username, realm, password),
  };
}

/**
 * The expected `response` value, or undefined when the inputs are inconsistent (-sess or qop
 * without cnonce, qop without nc). `ha1` is the stored H(username:realm:password).
 */
export function computeDigestResponse(input: {
  algorithm: DigestAlgorithm;
  ha1: string;
  nonce: string;
  method: string;
  uri: string;
  qop?: 'auth';
  nc?: string;
  cnonce?: string;
}): string | undefined {
  const hash = hashOf(input.algorithm);
  if (!hash) return undefined;
  let ha1 = input.ha1.toLowerCase();
  if (input.algorithm.endsWith('-sess')) {
    if (input.cnonce === undefined) return undefined;
    ha1 = h(hash, `${ha1}:${input.nonce}:${input.cnonce}`);
  }
  const ha2 = h(hash, `${input.method}:${input.uri}`);
  if (input.qop === undefined) return h(hash, `${ha1}:${input.nonce}:${ha2}`);
  if (input.nc === undefined || input.cnonce === undefined) return undefined;
  return h(hash, `${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

function hashOf(algorithm: DigestAlgorithm): DigestHash | undefined {
  if (algorithm === 'MD5' || algorithm === 'MD5-sess') return 'MD5';
  if (algorithm === 'SHA-256' || algorithm === 'SHA-256-sess') return 'SHA-256';
  return undefined;
}

const h = (hash: DigestHash, text: string) => createHash(NODE_HASH[hash]).update(text, 'utf8').digest('hex');

/** Constant time for equal lengths; a length mismatch leaks only the length, which is public. */
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
