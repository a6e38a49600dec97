/**
 * The SIP message model (RFC 3261 §7), its serializer and the typed accessors the stack uses.
 * Parsing lives in parse.ts and stream framing in stream.ts.
 */
import { canonicalHeaderName, headerKey } from './header-names';
import { type CSeq, type NameAddr, parseCallId, parseCSeq, parseNameAddr, parseVia, type Via } from './headers';
import { sipParseError } from './sip.errors';

/** One header value. List headers (Via, Contact, Route, …) hold one entry per element. */
export type SipHeader = { name: string; value: string };

type Common = {
  /** In wire order. Content-Length is not kept here: the serializer derives it from `body`. */
  headers: SipHeader[];
  body: Buffer;
};

export type SipRequest = Common & { kind: 'request'; method: string; uri: string };
export type SipResponse = Common & { kind: 'response'; status: number; reason: string };
export type SipMessage = SipRequest | SipResponse;

export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_HEADERS = 200;
export const MAX_HEADER_LINE = 8 * 1024;

export function serializeMessage(msg: SipMessage): Buffer {
  let head =
    msg.kind === 'request' ? `${msg.method} ${msg.uri} SIP/2.0\r\n` : `SIP/2.0 ${msg.status} ${msg.reason}\r\n`;
  for (const h of msg.headers) {
    if (headerKey(h.name) !== 'content-length') head += `${h.name}: ${h.value}\r\n`;
  }
  head += `Content-Length: ${msg.body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), msg.body]);
}

/** Every value of a header, compact or full name, in order. */
export function headerValues(msg: Pick<SipMessage, 'headers'>, name: string): string[] {
  const key = headerKey(name);
  const out: string[] = [];
  for (const h of msg.headers) if (headerKey(h.name) === key) out.push(h.value);
  return out;
}

export function findHeader(msg: Pick<SipMessage, 'headers'>, name: string): string | undefined {
  const key = headerKey(name);
  return msg.headers.find((h) => headerKey(h.name) === key)?.value;
}

/** A header entry with the name spelled the way we write it (`v` → `Via`). */
export const header = (name: string, value: string): SipHeader => ({ name: canonicalHeaderName(name), value });

// The getters below re-parse on demand: a parsed message has already passed these parsers, so on
// one they only throw for messages built by hand without the header.

export function getVias(msg: SipMessage): Via[] {
  const vias = headerValues(msg, 'via').map(parseVia);
  if (vias.length === 0) throw sipParseError('missing_header', 'no Via');
  return vias;
}

export const getTopVia = (msg: SipMessage): Via => getVias(msg)[0]!;
export const getFrom = (msg: SipMessage): NameAddr => parseNameAddr(getSingle(msg, 'from'));
export const getTo = (msg: SipMessage): NameAddr => parseNameAddr(getSingle(msg, 'to'));
export const getCallId = (msg: SipMessage): string => parseCallId(getSingle(msg, 'call-id'));
export const getCSeq = (msg: SipMessage): CSeq => parseCSeq(getSingle(msg, 'cseq'));

function getSingle(msg: SipMessage, name: string): string {
  const v = findHeader(msg, name);
  if (v === undefined) throw sipParseError('missing_header', `no ${canonicalHeaderName(name)}`);
  return v;
}
