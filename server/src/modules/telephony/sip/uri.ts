/**
 * SIP and SIPS URIs (RFC 3261 §19.1). Values are kept as written, %-escapes included, so a URI we
 * relay or echo is byte-for-byte the peer's; comparison rules (§19.1.4) belong to the code that
 * compares.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { clip } from './grammar';
import { sipParseError } from './sip.errors';

export type SipUri = {
  kind: 'sip';
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  /** Without brackets for IPv6; the serializer adds them back. */
  host: string;
  port?: number;
  /** uri-parameters, names lower-cased (`transport`, `lr`, `maddr`, …); null for a flag. */
  params: Map<string, string | null>;
  /** `?name=value&…` headers, as written. */
  headers: Map<string, string>;
};

/** Any other absoluteURI (tel:, urn:, http:) — carried, not interpreted. */
export type AbsoluteUri = { kind: 'absolute'; text: string };

export type AnyUri = SipUri | AbsoluteUri;

// §25.1: user = 1*( unreserved / escaped / user-unreserved ), password likewise without ; ? /
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const PASSWORD = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,]|%[0-9A-Fa-f]{2})*$/;
const PARAM_CHARS = /^(?:[A-Za-z0-9\-_.!~*'()[\]/:&+$]|%[0-9A-Fa-f]{2})+$/;
const HEADER_CHARS = /^(?:[A-Za-z0-9\-_.!~*'()[\]/?:+$]|%[0-9A-Fa-f]{2})*$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9\-.]*[A-Za-z0-9.])?$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
const PORT = /^\d{1,5}$/;

export function isValidHost(host: string): boolean {
  if (/^[\d.]+$/.test(host)) return isIPv4(host);
  return HOSTNAME.test(host) && !host.includes('..');
}

/** Parses `host[:port]` or `[v6][:port]`; undefined when malformed. */
export function parseHostPort(text: string): { host: string; port?: number } | undefined {
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    host = text.slice(1, close);
    if (!isIPv6(host)) return undefined;
    rest = text.slice(close + 1);
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? '' : text.slice(colon);
    if (!isValidHost(host)) return undefined;
  }
  if (rest === '') return { host };
  const port = rest.slice(1);
  if (rest[0] !== ':' || !PORT.test(port) || Number(port) > 65535) return undefined;
  return { host, port: Number(port) };
}

export const formatHost = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

export function parseSipUri(text: string): SipUri {
  const colon = text.indexOf(':');
  const scheme = text.slice(0, colon).toLowerCase();
  if (colon < 0 || (scheme !== 'sip' && scheme !== 'sips')) throw badUri(text, 'not a sip: or sips: URI');
  let rest = text.slice(colon + 1);

  const uri: SipUri = { kind: 'sip', scheme, host: '', params: new Map(), headers: new Map() };
  const at = rest.indexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const pw = userinfo.indexOf(':');
    const user = pw < 0 ? userinfo : userinfo.slice(0, pw);
    if (!USER.test(user)) throw badUri(text, 'bad user part');
    uri.user = user;
    if (pw >= 0) {
      const password = userinfo.slice(pw + 1);
      if (!PASSWORD.test(password)) throw badUri(text, 'bad password');
      uri.password = password;
    }
  }

  const q = rest.indexOf('?');
  const headersText = q < 0 ? undefined : rest.slice(q + 1);
  if (q >= 0) rest = rest.slice(0, q);
  const [hostport = '', ...paramParts] = rest.split(';');
  const hp = parseHostPort(hostport);
  if (!hp) throw badUri(text, 'bad host or port');
  uri.host = hp.host;
  if (hp.port !== undefined) uri.port = hp.port;

  for (const part of paramParts) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? null : part.slice(eq + 1);
    if (!PARAM_CHARS.test(name) || (value !== null && !PARAM_CHARS.test(value))) throw badUri(text, 'bad parameter');
    if (uri.params.has(name)) throw badUri(text, `parameter "${clip(name)}" repeated`);
    uri.params.set(name, value);
  }
  if (headersText !== undefined) {
    for (const part of headersText.split('&')) {
      const eq = part.indexOf('=');
      const name = eq < 0 ? '' : part.slice(0, eq);
      const value = part.slice(eq + 1);
      if (name === '' || !HEADER_CHARS.test(name) || !HEADER_CHARS.test(value)) throw badUri(text, 'bad header');
      uri.headers.set(name, value);
    }
  }
  return uri;
}

/** A Request-URI or name-addr URI: sip/sips parsed, any other absoluteURI carried as text. */
export function parseAnyUri(text: string): AnyUri {
  const colon = text.indexOf(':');
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(text);
  if (colon < 1 || !SCHEME.test(scheme) || colon === text.length - 1 || /[\s<>"]/.test(text)) {
    throw badUri(text, 'not an absolute URI');
  }
  return { kind: 'absolute', text };
}

export function serializeUri(uri: AnyUri): string {
  if (uri.kind === 'absolute') return uri.text;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) out += uri.password === undefined ? `${uri.user}@` : `${uri.user}:${uri.password}@`;
  out += formatHost(uri.host);
  if (uri.port !== undefined) out += `:${uri.port}`;
  for (const [name, value] of uri.params) out += value === null ? `;${name}` : `;${name}=${value}`;
  let sep = '?';
  for (const [name, value] of uri.headers) {
    out += `${sep}${name}=${value}`;
    sep = '&';
  }
  return out;
}

const badUri = (text: string, why: string) => sipParseError('bad_uri', `${why}: "${clip(text)}"`);
