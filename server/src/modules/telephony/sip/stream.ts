/**
 * Framing of SIP over a byte stream (TCP, later TLS): RFC 3261 §18.3 makes Content-Length
 * mandatory there, and RFC 5626 §4.4.1 uses CRLF CRLF as a keep-alive ping answered by one CRLF.
 */
import { MAX_MESSAGE_BYTES, type SipMessage } from './message';
import { parseFramed } from './parse';
import { SipParseError, sipParseError } from './sip.errors';

export type StreamFrame =
  /** Not enough bytes yet: keep them and call again when more arrive. */
  | { kind: 'incomplete' }
  /** CRLFs between messages; `pong` is true for a CRLF CRLF ping, which the transport answers with CRLF. */
  | { kind: 'keepalive'; consumed: number; pong: boolean }
  | { kind: 'message'; message: SipMessage; consumed: number }
  /** A well-framed message that failed validation: answer it if `error.basis` allows, then go on. */
  | { kind: 'invalid'; error: SipParseError; consumed: number };

const HEADER_END = Buffer.from('\r\n\r\n');
const CR = 0x0d;
const LF = 0x0a;
// Anchored on a line start so a header whose name merely ends in "l" cannot match; the closing
// CRLF is a lookahead so that two Content-Length lines in a row are both seen.
const CONTENT_LENGTH = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\d{1,10})[ \t]*(?=\r\n)/gi;

/**
 * Takes the first frame from the start of `buf`. Throws SipParseError when the stream cannot be
 * resynchronized (no Content-Length, or a message over the size limit): the transport then closes
 * the connection.
 */
export function takeStreamMessage(buf: Buffer): StreamFrame {
  if (buf[0] === CR) {
    if (buf.length < 2) return { kind: 'incomplete' };
    if (buf[1] !== LF) throw sipParseError('bad_start_line', 'CR without LF between messages');
    if (buf.length < 3 || (buf[2] === CR && buf.length < 4)) return { kind: 'incomplete' };
    if (buf[2] === CR && buf[3] === LF) return { kind: 'keepalive', consumed: 4, pong: true };
    return { kind: 'keepalive', consumed: 2, pong: false };
  }

  const headerEnd = buf.indexOf(HEADER_END);
  if (headerEnd < 0) {
    if (buf.length > MAX_MESSAGE_BYTES) throw sipParseError('too_large', 'header section over the size limit');
    return { kind: 'incomplete' };
  }
  // The trailing CRLF of the last header line is part of HEADER_END; include it for the scan.
  const head = buf.toString('latin1', 0, headerEnd + 2);
  let contentLength: number | undefined;
  for (const m of head.matchAll(CONTENT_LENGTH)) {
    const n = Number(m[1]);
    if (contentLength !== undefined && contentLength !== n) {
      throw sipParseError('bad_content_length', 'conflicting Content-Length headers');
    }
    contentLength = n;
  }
  if (contentLength === undefined) throw sipParseError('bad_content_length', 'Content-Length is required on streams');

  const total = headerEnd + HEADER_END.length + contentLength;
  if (total > MAX_MESSAGE_BYTES) throw sipParseError('too_large', `message of ${total} bytes`);
  if (buf.length < total) return { kind: 'incomplete' };
  try {
    return { kind: 'message', message: parseFramed(buf.subarray(0, total), 0, headerEnd, true), consumed: total };
  } catch (e) {
    if (e instanceof SipParseError) return { kind: 'invalid', error: e, consumed: total };
    throw e;
  }
}
