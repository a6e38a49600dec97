/**
 * Bytes → SipMessage, with the strict checks of RFC 3261 §8.2 / RFC 4475 §3.1.2. Anything the
 * parser refuses surfaces as a SipParseError; a request whose start line and top Via were readable
 * carries a `basis` so the transport can answer 400 (or 505) instead of dropping it.
 */
import { clip, isToken, splitOutside } from './grammar';
import { canonicalHeaderName, headerKey, isListHeader } from './header-names';
import {
  parseCallId,
  parseContact,
  parseContentLength,
  parseContentType,
  parseCSeq,
  parseExpires,
  parseMaxForwards,
  parseNameAddr,
  parseVia,
} from './headers';
import { MAX_HEADER_LINE, MAX_HEADERS, MAX_MESSAGE_BYTES, type SipHeader, type SipMessage } from './message';
import { type ResponseBasis, SipParseError, type SipParseReason, sipParseError } from './sip.errors';
import { parseAnyUri } from './uri';

const CRLF = 0x0d0a;
const HEADER_END = Buffer.from('\r\n\r\n');
const REQUEST_LINE = /^(\S+) (\S+) (\S+)$/;
const RESPONSE_LINE = /^(SIP\/\d+\.\d+) (\d{3})(?: ([^\r\n]*))?$/i;
const VERSION = /^SIP\/(\d+)\.(\d+)$/i;
// A fast pre-check for hasBareControl below.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Index of the first byte after any CRLFs at `from` (§7.5: ignore CRLFs before a start line). */
export function skipCrlf(buf: Buffer, from: number): number {
  let i = from;
  while (i + 1 < buf.length && buf.readUInt16BE(i) === CRLF) i += 2;
  return i;
}

/**
 * One UDP datagram. Without Content-Length the body is the rest of the datagram; with it, extra
 * bytes are cut off and missing ones are an error (§18.3).
 */
export function parseDatagram(datagram: Buffer): SipMessage {
  if (datagram.length > MAX_MESSAGE_BYTES) throw sipParseError('too_large', `${datagram.length} bytes`);
  const start = skipCrlf(datagram, 0);
  if (start >= datagram.length - 1) throw sipParseError('empty', 'no message in datagram');
  const headerEnd = datagram.indexOf(HEADER_END, start);
  if (headerEnd < 0) throw sipParseError('no_header_end', 'header section not terminated by an empty line');
  return parseFramed(datagram, start, headerEnd, false);
}

/**
 * Parses the message whose header section is buf[start, headerEnd) and whose body follows the
 * empty line. `exactLength` is set by the stream framer, which has already cut the buffer at the
 * end of the body.
 */
export function parseFramed(buf: Buffer, start: number, headerEnd: number, exactLength: boolean): SipMessage {
  const text = buf.toString('utf8', start, headerEnd);
  const lines = text.split('\r\n');
  const startLine = lines[0]!;
  const entries: SipHeader[] = [];
  let method: string | undefined;
  const fail = (reason: SipParseReason, message: string): SipParseError =>
    new SipParseError(reason, message, method === undefined ? undefined : responseBasisOf(method, entries));

  let msg: SipMessage;
  const rl = RESPONSE_LINE.exec(startLine);
  if (/^SIP\//i.test(startLine)) {
    if (!rl) throw sipParseError('bad_start_line', `bad status line "${clip(startLine)}"`);
    if (rl[1]!.toUpperCase() !== 'SIP/2.0') throw sipParseError('unsupported_version', clip(rl[1]!));
    const status = Number(rl[2]);
    const reason = rl[3] ?? '';
    if (status < 100 || CONTROL.test(reason))
      throw sipParseError('bad_start_line', `bad status line "${clip(startLine)}"`);
    msg = { kind: 'response', status, reason, headers: entries, body: Buffer.alloc(0) };
  } else {
    const m = REQUEST_LINE.exec(startLine);
    if (!m || !isToken(m[1]!) || !VERSION.test(m[3]!)) {
      throw sipParseError('bad_start_line', `bad request line "${clip(startLine)}"`);
    }
    method = m[1]!;
    msg = { kind: 'request', method, uri: m[2]!, headers: entries, body: Buffer.alloc(0) };
  }

  // Headers first, so that even a bad Request-URI or version can be answered.
  let firstError: SipParseError | undefined;
  let fields = 0;
  for (let i = 1; i < lines.length; ) {
    let line = lines[i++]!;
    // Line folding (§7.3.1): a line that starts with whitespace continues the previous one.
    while (i < lines.length && (lines[i]![0] === ' ' || lines[i]![0] === '\t')) {
      line += ` ${lines[i++]!.trimStart()}`;
      if (line.length > MAX_HEADER_LINE) break;
    }
    if (line.length > MAX_HEADER_LINE) throw fail('header_too_long', `header line over ${MAX_HEADER_LINE} bytes`);
    if (++fields > MAX_HEADERS) throw fail('too_many_headers', `more than ${MAX_HEADERS} headers`);
    const error = addHeader(line, entries);
    firstError ??= error;
  }
  if (firstError) throw fail(firstError.reason, firstError.message);

  if (msg.kind === 'request') {
    const version = VERSION.exec(lines[0]!.slice(lines[0]!.lastIndexOf(' ') + 1))!;
    if (version[1] !== '2' || version[2] !== '0') throw fail('unsupported_version', `SIP/${version[1]}.${version[2]}`);
    try {
      parseAnyUri(msg.uri);
    } catch (e) {
      throw fail('bad_request_uri', e instanceof Error ? e.message : 'bad Request-URI');
    }
  }
  let contentLength: number | undefined;
  try {
    contentLength = validateHeaders(msg);
  } catch (e) {
    throw e instanceof SipParseError ? fail(e.reason, e.message) : e;
  }

  const bodyStart = headerEnd + HEADER_END.length;
  const available = Math.max(0, buf.length - bodyStart);
  if (contentLength !== undefined && contentLength > available) {
    throw fail('body_truncated', `Content-Length ${contentLength} but ${available} body bytes`);
  }
  const length = exactLength || contentLength === undefined ? available : contentLength;
  // A copy, so the message never pins a large datagram or a connection's growing buffer.
  msg.body = Buffer.from(buf.subarray(bodyStart, bodyStart + length));
  // Content-Length is framing, not data: the serializer writes it from the body.
  msg.headers = entries.filter((h) => headerKey(h.name) !== 'content-length');
  return msg;
}

/** Adds one unfolded header line; returns the error instead of throwing so the loop can go on. */
function addHeader(line: string, entries: SipHeader[]): SipParseError | undefined {
  const colon = line.indexOf(':');
  const name = colon < 0 ? '' : line.slice(0, colon).trimEnd();
  if (!isToken(name)) return sipParseError('bad_header', `bad header line "${clip(line)}"`);
  const value = line.slice(colon + 1).trim();
  if (CONTROL.test(value) && hasBareControl(value))
    return sipParseError('bad_header', `control character in ${clip(name)}`);
  const key = headerKey(name);
  const canonical = canonicalHeaderName(name);
  if (!isListHeader(key)) {
    entries.push({ name: canonical, value });
    return undefined;
  }
  const parts = splitOutside(value, ',');
  if (!parts) return sipParseError('bad_header', `unterminated quote or <URI> in ${canonical}`);
  const values = parts.map((p) => p.trim()).filter((p) => p !== '');
  if (values.length === 0) values.push('');
  for (const v of values) entries.push({ name: canonical, value: v });
  return undefined;
}

/**
 * Header text allows HT as its only control character, except that a quoted-pair inside a
 * quoted string may escape any of them but CR and LF (§25.1; RFC 4475 §3.1.1.2 sends NUL and BEL).
 */
function hasBareControl(value: string): boolean {
  let inQuote = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote && c === 0x5c) {
      const next = value.charCodeAt(i + 1);
      if (next === 0x0d || next === 0x0a) return true;
      i++;
    } else if (c === 0x22) inQuote = !inQuote;
    else if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/** Checks the headers every transaction depends on; returns Content-Length if present. */
function validateHeaders(msg: SipMessage): number | undefined {
  const byKey = new Map<string, string[]>();
  for (const h of msg.headers) {
    const key = headerKey(h.name);
    const list = byKey.get(key);
    if (list) list.push(h.value);
    else byKey.set(key, [h.value]);
  }
  const single = (key: string, required: boolean): string | undefined => {
    const values = byKey.get(key);
    if (!values) {
      if (required) throw sipParseError('missing_header', `missing ${canonicalHeaderName(key)}`);
      return undefined;
    }
    if (values.length > 1) throw sipParseError('duplicate_header', `more than one ${canonicalHeaderName(key)}`);
    return values[0];
  };

  const vias = byKey.get('via');
  if (!vias) throw sipParseError('missing_header', 'missing Via');
  for (const v of vias) parseVia(v);
  parseNameAddr(single('from', true)!);
  parseNameAddr(single('to', true)!);
  parseCallId(single('call-id', true)!);
  const cseq = parseCSeq(single('cseq', true)!);
  if (msg.kind === 'request' && cseq.method !== msg.method) {
    throw sipParseError('cseq_mismatch', `CSeq method ${clip(cseq.method)} for a ${clip(msg.method)} request`);
  }
  const maxForwards = single('max-forwards', false);
  if (maxForwards !== undefined) parseMaxForwards(maxForwards);
  const expires = single('expires', false);
  if (expires !== undefined) parseExpires(expires);
  const contentType = single('content-type', false);
  if (contentType !== undefined) parseContentType(contentType);
  const contacts = (byKey.get('contact') ?? []).map(parseContact);
  if (contacts.length > 1 && contacts.includes('*')) throw sipParseError('bad_name_addr', 'Contact * with others');
  for (const key of ['route', 'record-route']) for (const v of byKey.get(key) ?? []) parseNameAddr(v);
  const contentLength = single('content-length', false);
  return contentLength === undefined ? undefined : parseContentLength(contentLength);
}

/**
 * What a 400 needs, or undefined when no response may or can be sent: never to an ACK (§17.2.3),
 * and not without a top Via we can read, since that is where the response goes.
 */
function responseBasisOf(method: string, entries: SipHeader[]): ResponseBasis | undefined {
  if (method === 'ACK') return undefined;
  const via: string[] = [];
  let from: string | undefined;
  let to: string | undefined;
  let callId: string | undefined;
  let cseq: string | undefined;
  for (const h of entries) {
    const key = headerKey(h.name);
    if (key === 'via') via.push(h.value);
    else if (key === 'from') from ??= h.value;
    else if (key === 'to') to ??= h.value;
    else if (key === 'call-id') callId ??= h.value;
    else if (key === 'cseq') cseq ??= h.value;
  }
  if (!via[0] || !from || !to || !callId || !cseq) return undefined;
  try {
    parseVia(via[0]);
  } catch {
    return undefined;
  }
  return { via, from, to, callId, cseq };
}
