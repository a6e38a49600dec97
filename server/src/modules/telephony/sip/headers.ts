/**
 * Parsers and writers for the structured headers the stack reads: Via, the name-addr family
 * (From, To, Contact, Route, Record-Route), CSeq and the small scalar ones. Each parser takes one
 * header value (already unfolded and, for list headers, split) and throws SipParseError.
 */
import { clip, isToken, isWs, parseParams, quote, readQuoted, serializeParams, splitOutside } from './grammar';
import { SipParseError, sipParseError } from './sip.errors';
import { type AnyUri, formatHost, parseAnyUri, parseHostPort, serializeUri } from './uri';

export type Via = {
  /** Upper-cased: UDP, TCP, TLS, WS, WSS, SCTP. */
  transport: string;
  host: string;
  port?: number;
  branch?: string;
  /** RFC 3581: `true` when the client asks for it (bare `;rport`), the port once a server fills it in. */
  rport?: true | number;
  received?: string;
  /** Every other parameter, names lower-cased. */
  params: Map<string, string | null>;
};

export type NameAddr = {
  displayName?: string;
  uri: AnyUri;
  tag?: string;
  /** Header parameters other than tag (e.g. Contact `expires`, `q`), names lower-cased. */
  params: Map<string, string | null>;
};

/** A Contact value: an address, or `*` (only in a REGISTER that removes every binding). */
export type Contact = NameAddr | '*';

export type CSeq = { seq: number; method: string };

const MAX_UINT32 = 2 ** 32 - 1;
const DIGITS = /^\d{1,10}$/;
const SENT_PROTOCOL = /^([^\s/]+)[ \t]*\/[ \t]*([^\s/]+)[ \t]*\/[ \t]*([^\s/]+)[ \t]+(.+)$/;
// Call-ID = word [ "@" word ]; word is token plus separators (§25.1).
const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+(?:@[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+)?$/;

export function parseVia(value: string): Via {
  const parts = splitOutside(value, ';');
  if (!parts) throw sipParseError('bad_via', 'unterminated quote in Via');
  const m = SENT_PROTOCOL.exec(parts[0]!.trim());
  if (!m || m[1]!.toUpperCase() !== 'SIP' || m[2] !== '2.0' || !isToken(m[3]!)) {
    throw sipParseError('bad_via', `bad sent-protocol or sent-by in Via "${clip(value)}"`);
  }
  // LWS may surround the port's colon (RFC 4475 §3.1.1.1); none may sit inside host or port.
  const sentBy = m[4]!;
  const colon = sentBy.lastIndexOf(':');
  const hp =
    colon < 0 || sentBy.includes(']', colon)
      ? parseHostPort(sentBy)
      : parseHostPort(`${sentBy.slice(0, colon).trimEnd()}:${sentBy.slice(colon + 1).trimStart()}`);
  if (!hp) throw sipParseError('bad_via', `bad sent-by in Via "${clip(value)}"`);
  const params = parseParams(parts.slice(1), 'bad_via');
  const via: Via = { transport: m[3]!.toUpperCase(), host: hp.host, params };
  if (hp.port !== undefined) via.port = hp.port;

  const branch = take(params, 'branch');
  if (branch !== undefined) {
    if (branch === null || !isToken(branch)) throw sipParseError('bad_via', 'bad branch');
    via.branch = branch;
  }
  const rport = take(params, 'rport');
  if (rport === null) via.rport = true;
  else if (rport !== undefined) {
    if (!DIGITS.test(rport) || Number(rport) > 65535) throw sipParseError('bad_via', 'bad rport');
    via.rport = Number(rport);
  }
  const received = take(params, 'received');
  if (received !== undefined) {
    // received is an IP address (no brackets for IPv6, §18.2.1), but be liberal: any host.
    const r = received === null ? undefined : parseHostPort(received.includes(':') ? `[${received}]` : received);
    if (!r) throw sipParseError('bad_via', 'bad received');
    via.received = received!;
  }
  return via;
}

export function serializeVia(via: Via): string {
  let out = `SIP/2.0/${via.transport} ${formatHost(via.host)}`;
  if (via.port !== undefined) out += `:${via.port}`;
  if (via.branch !== undefined) out += `;branch=${via.branch}`;
  if (via.received !== undefined) out += `;received=${via.received}`;
  if (via.rport === true) out += ';rport';
  else if (via.rport !== undefined) out += `;rport=${via.rport}`;
  return out + serializeParams(via.params);
}

/** From, To, Route, Record-Route, Reply-To and Contact values (name-addr or addr-spec, §20.10). */
export function parseNameAddr(value: string): NameAddr {
  const s = value.trim();
  let displayName: string | undefined;
  let uriText: string;
  let rest: string;
  let i = 0;
  if (s[0] === '"') {
    const q = readQuoted(s, 0);
    if (!q) throw sipParseError('bad_name_addr', `unterminated quoted display name in "${clip(s)}"`);
    displayName = q.text;
    i = q.end;
    while (isWs(s[i])) i++;
    if (s[i] !== '<') throw sipParseError('bad_name_addr', `display name without <URI> in "${clip(s)}"`);
  } else {
    const lt = s.indexOf('<');
    if (lt >= 0) {
      const words = s.slice(0, lt).trim();
      if (words !== '' && !words.split(/[ \t]+/).every(isToken)) {
        throw sipParseError('bad_name_addr', `bad display name in "${clip(s)}"`);
      }
      if (words !== '') displayName = words;
      i = lt;
    } else i = -1;
  }
  if (i >= 0) {
    const gt = s.indexOf('>', i);
    if (gt < 0) throw sipParseError('bad_name_addr', `unterminated <URI> in "${clip(s)}"`);
    uriText = s.slice(i + 1, gt);
    rest = s.slice(gt + 1);
  } else {
    // addr-spec: any ;param after the URI belongs to the header, not to the URI (§20.10).
    const semi = s.indexOf(';');
    uriText = semi < 0 ? s : s.slice(0, semi);
    rest = semi < 0 ? '' : s.slice(semi);
    uriText = uriText.trimEnd();
  }
  let uri: AnyUri;
  try {
    uri = parseAnyUri(uriText);
  } catch (e) {
    throw e instanceof SipParseError ? sipParseError('bad_name_addr', e.message) : e;
  }
  const tail = rest.trim();
  if (tail !== '' && tail[0] !== ';') throw sipParseError('bad_name_addr', `junk after URI in "${clip(s)}"`);
  const parts = splitOutside(tail, ';');
  if (!parts) throw sipParseError('bad_name_addr', `unterminated quote in "${clip(s)}"`);
  const params = parseParams(parts.slice(1), 'bad_name_addr');
  const addr: NameAddr = { uri, params };
  if (displayName !== undefined) addr.displayName = displayName;
  const tag = take(params, 'tag');
  if (tag !== undefined) {
    if (tag === null || !isToken(tag)) throw sipParseError('bad_name_addr', 'bad tag');
    addr.tag = tag;
  }
  return addr;
}

/** Always writes the <URI> form: it keeps URI parameters apart from header parameters. */
export function serializeNameAddr(addr: NameAddr): string {
  const name = addr.displayName === undefined ? '' : `${quote(addr.displayName)} `;
  const tag = addr.tag === undefined ? '' : `;tag=${addr.tag}`;
  return `${name}<${serializeUri(addr.uri)}>${tag}${serializeParams(addr.params)}`;
}

export function parseContact(value: string): Contact {
  return value.trim() === '*' ? '*' : parseNameAddr(value);
}

export const serializeContact = (contact: Contact): string => (contact === '*' ? '*' : serializeNameAddr(contact));

/** The Contact `expires` parameter in seconds, or undefined when absent. */
export function contactExpires(contact: Contact): number | undefined {
  if (contact === '*') return undefined;
  const v = contact.params.get('expires');
  if (v === undefined) return undefined;
  if (v === null || !DIGITS.test(v) || Number(v) > MAX_UINT32) throw sipParseError('bad_expires', 'bad expires');
  return Number(v);
}

export function parseCSeq(value: string): CSeq {
  const m = /^(\d{1,10})[ \t]+(\S+)$/.exec(value.trim());
  if (!m || Number(m[1]) > MAX_UINT32 || !isToken(m[2]!)) throw sipParseError('bad_cseq', `bad CSeq "${clip(value)}"`);
  return { seq: Number(m[1]), method: m[2]! };
}

export const serializeCSeq = (cseq: CSeq): string => `${cseq.seq} ${cseq.method}`;

export function parseCallId(value: string): string {
  const v = value.trim();
  if (!CALL_ID.test(v)) throw sipParseError('bad_call_id', `bad Call-ID "${clip(v)}"`);
  return v;
}

export function parseMaxForwards(value: string): number {
  const v = value.trim();
  if (!DIGITS.test(v) || Number(v) > 255) throw sipParseError('bad_max_forwards', `bad Max-Forwards "${clip(v)}"`);
  return Number(v);
}

export function parseContentLength(value: string): number {
  const v = value.trim();
  if (!DIGITS.test(v)) throw sipParseError('bad_content_length', `bad Content-Length "${clip(v)}"`);
  return Number(v);
}

/** Expires header: delta-seconds only (the SIP-date form is obsolete since RFC 3261). */
export function parseExpires(value: string): number {
  const v = value.trim();
  if (!DIGITS.test(v) || Number(v) > MAX_UINT32) throw sipParseError('bad_expires', `bad Expires "${clip(v)}"`);
  return Number(v);
}

export type ContentType = { type: string; subtype: string; params: Map<string, string | null> };

export function parseContentType(value: string): ContentType {
  const parts = splitOutside(value, ';');
  const m = parts && /^([^\s/]+)[ \t]*\/[ \t]*([^\s/]+)$/.exec(parts[0]!.trim());
  if (!parts || !m || !isToken(m[1]!) || !isToken(m[2]!)) {
    throw sipParseError('bad_header', `bad Content-Type "${clip(value)}"`);
  }
  return { type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), params: parseParams(parts.slice(1), 'bad_header') };
}

/** Removes a parameter the type models as its own field, so it is written exactly once. */
function take(params: Map<string, string | null>, name: string): string | null | undefined {
  const v = params.get(name);
  params.delete(name);
  return v;
}
