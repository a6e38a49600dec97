/**
 * HTTP Digest as SIP uses it (RFC 3261 §22.4, §25.1; RFC 8760 adds SHA-256 and SHA-512/256).
 * Only parsing and writing: hashing and nonce policy belong to the registrar.
 */
import { clip, isToken, quote, splitOutside, unquote } from './grammar';
import { sipParseError } from './sip.errors';

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

export type DigestChallenge = {
  realm: string;
  nonce: string;
  algorithm?: DigestAlgorithm;
  /** qop-options, e.g. ['auth'] or ['auth', 'auth-int']. */
  qop?: string[];
  opaque?: string;
  stale?: boolean;
  domain?: string;
};

export type DigestCredentials = {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm?: DigestAlgorithm;
  cnonce?: string;
  opaque?: string;
  qop?: string;
  /** nonce-count as sent: 8 hex digits. */
  nc?: string;
};

const ALGORITHMS: readonly DigestAlgorithm[] = [
  'MD5',
  'MD5-sess',
  'SHA-256',
  'SHA-256-sess',
  'SHA-512-256',
  'SHA-512-256-sess',
];

/** Scheme and auth-params of a WWW-Authenticate / Authorization value; names lower-cased, values unquoted. */
export function parseAuthParams(value: string): { scheme: string; params: Map<string, string> } {
  const v = value.trim();
  const sp = v.search(/[ \t]/);
  const scheme = sp < 0 ? v : v.slice(0, sp);
  if (!isToken(scheme)) throw bad(`bad auth scheme in "${clip(v)}"`);
  const params = new Map<string, string>();
  const parts = splitOutside(sp < 0 ? '' : v.slice(sp + 1), ',');
  if (!parts) throw bad('unterminated quoted string');
  for (const part of parts) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim().toLowerCase();
    const raw = part.slice(eq + 1).trim();
    if (eq < 0 || !isToken(name)) throw bad(`bad auth-param "${clip(part)}"`);
    const text = raw[0] === '"' ? unquote(raw) : isToken(raw) ? raw : undefined;
    if (text === undefined) throw bad(`bad value for "${clip(name)}"`);
    if (params.has(name)) throw bad(`"${clip(name)}" repeated`);
    params.set(name, text);
  }
  return { scheme, params };
}

export function parseDigestChallenge(value: string): DigestChallenge {
  const { scheme, params } = parseAuthParams(value);
  if (scheme.toLowerCase() !== 'digest') throw bad(`not a Digest challenge: ${clip(scheme)}`);
  const c: DigestChallenge = { realm: required(params, 'realm'), nonce: required(params, 'nonce') };
  const algorithm = params.get('algorithm');
  if (algorithm !== undefined) c.algorithm = toAlgorithm(algorithm);
  const qop = params.get('qop');
  if (qop !== undefined)
    c.qop = qop
      .split(',')
      .map((q) => q.trim())
      .filter((q) => q !== '');
  setIf(c, 'opaque', params.get('opaque'));
  setIf(c, 'domain', params.get('domain'));
  const stale = params.get('stale');
  if (stale !== undefined) c.stale = stale.toLowerCase() === 'true';
  return c;
}

export function parseDigestCredentials(value: string): DigestCredentials {
  const { scheme, params } = parseAuthParams(value);
  if (scheme.toLowerCase() !== 'digest') throw bad(`not Digest credentials: ${clip(scheme)}`);
  const c: DigestCredentials = {
    username: required(params, 'username'),
    realm: required(params, 'realm'),
    nonce: required(params, 'nonce'),
    uri: required(params, 'uri'),
    response: required(params, 'response'),
  };
  const algorithm = params.get('algorithm');
  if (algorithm !== undefined) c.algorithm = toAlgorithm(algorithm);
  setIf(c, 'cnonce', params.get('cnonce'));
  setIf(c, 'opaque', params.get('opaque'));
  setIf(c, 'qop', params.get('qop'));
  const nc = params.get('nc');
  if (nc !== undefined) {
    if (!/^[0-9a-fA-F]{8}$/.test(nc)) throw bad('bad nc');
    c.nc = nc;
  }
  // RFC 2617 §3.2.2: with qop the client must send cnonce and nc.
  if (c.qop !== undefined && (c.cnonce === undefined || c.nc === undefined)) throw bad('qop without cnonce or nc');
  return c;
}

export function serializeDigestChallenge(c: DigestChallenge): string {
  const out = [`realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`];
  if (c.domain !== undefined) out.push(`domain=${quote(c.domain)}`);
  if (c.opaque !== undefined) out.push(`opaque=${quote(c.opaque)}`);
  if (c.stale !== undefined) out.push(`stale=${c.stale ? 'TRUE' : 'FALSE'}`);
  if (c.algorithm !== undefined) out.push(`algorithm=${c.algorithm}`);
  if (c.qop !== undefined) out.push(`qop=${quote(c.qop.join(','))}`);
  return `Digest ${out.join(', ')}`;
}

export function serializeDigestCredentials(c: DigestCredentials): string {
  const out = [
    `username=${quote(c.username)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(c.uri)}`,
    `response=${quote(c.response)}`,
  ];
  if (c.algorithm !== undefined) out.push(`algorithm=${c.algorithm}`);
  if (c.cnonce !== undefined) out.push(`cnonce=${quote(c.cnonce)}`);
  if (c.opaque !== undefined) out.push(`opaque=${quote(c.opaque)}`);
  // qop and nc are unquoted tokens in credentials (RFC 2617 §3.2.2); some phones reject quotes.
  if (c.qop !== undefined) out.push(`qop=${c.qop}`);
  if (c.nc !== undefined) out.push(`nc=${c.nc}`);
  return `Digest ${out.join(', ')}`;
}

function toAlgorithm(text: string): DigestAlgorithm {
  const found = ALGORITHMS.find((a) => a.toLowerCase() === text.toLowerCase());
  if (!found) throw bad(`unsupported algorithm "${clip(text)}"`);
  return found;
}

function required(params: Map<string, string>, name: string): string {
  const v = params.get(name);
  if (v === undefined) throw bad(`missing ${name}`);
  return v;
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

const bad = (message: string) => sipParseError('bad_auth', message);
