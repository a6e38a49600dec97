import { describe, expect, it } from 'vitest';
import { parseDigestChallenge } from './digest';
import { contactExpires, parseContact, parseCSeq, parseNameAddr } from './headers';
import {
  findHeader,
  getCallId,
  getCSeq,
  getFrom,
  getTo,
  getTopVia,
  getVias,
  headerValues,
  MAX_HEADER_LINE,
  MAX_HEADERS,
  type SipMessage,
  serializeMessage,
} from './message';
import { parseDatagram } from './parse';
import { createParseErrorResponse } from './responses';
import { SipParseError, type SipParseReason } from './sip.errors';
import { invite, sip, VALID } from './torture.fixtures';

function parseError(buf: Buffer): SipParseError {
  try {
    parseDatagram(buf);
  } catch (e) {
    if (e instanceof SipParseError) return e;
    throw e;
  }
  throw new Error('expected a SipParseError');
}

function expectRefused(buf: Buffer, reason: SipParseReason, answered: boolean) {
  const error = parseError(buf);
  expect(error.reason).toBe(reason);
  expect(error.basis !== undefined).toBe(answered);
  return error;
}

describe('valid messages in the spirit of RFC 4475 §3.1.1', () => {
  it('reads a tortuous INVITE: folding, compact names, odd whitespace and list values (wsinv)', () => {
    const msg = parseDatagram(VALID.wsinv);
    expect(msg.kind).toBe('request');
    if (msg.kind !== 'request') return;
    expect(msg.method).toBe('INVITE');
    expect(getVias(msg).map((v) => [v.transport, v.host, v.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(getTopVia(msg).received).toBe('192.0.2.2');
    expect(getFrom(msg).displayName).toBe('J Rosenberg \\"');
    expect(getFrom(msg).tag).toBe('98asjd8');
    expect(getTo(msg).tag).toBe('1918181833n');
    expect(getCSeq(msg)).toEqual({ seq: 9, method: 'INVITE' });
    expect(findHeader(msg, 'Max-Forwards')).toBe('0068');
    expect(findHeader(msg, 'subject')).toBe('');
    expect(findHeader(msg, 'NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(findHeader(msg, 'UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
    const contact = parseContact(findHeader(msg, 'm')!);
    expect(contact !== '*' && contact.displayName).toBe('Quoted string ""');
    expect(contact !== '*' && Object.fromEntries(contact.params)).toEqual({
      newparam: 'newvalue',
      secondparam: null,
      q: '0.33',
    });
    expect(msg.body.toString()).toMatch(/^v=0\r\n.*m=audio 4000 RTP\/AVP 0\r\n$/s);
  });

  it('accepts a method and URI made of every token and user character (intmeth)', () => {
    const msg = parseDatagram(VALID.intmeth);
    expect(msg.kind === 'request' && msg.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(getTo(msg).displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7F');
    expect(getFrom(msg).displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(getFrom(msg).params.get("fromparam''~+*_!.-%")).toBe('"работающий"');
    expect(getCallId(msg)).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(msg.body.length).toBe(0);
  });

  it('keeps %-escapes in URIs as sent (esc01)', () => {
    const msg = parseDatagram(VALID.esc01);
    const contact = parseContact(findHeader(msg, 'Contact')!);
    expect(contact !== '*' && contact.uri).toMatchObject({ user: 'cal%6Cer', host: 'host5.example.net' });
    expect(contact !== '*' && contact.uri.kind === 'sip' && [...contact.uri.params]).toEqual([
      ['%6c%72', null],
      ['n%61me', 'v%61lue%25%34%31'],
    ]);
    expect(findHeader(msg, 'Content-Type')).toBe('application/sdp');
  });

  it('accepts a display name glued to its <URI> (lwsdisp)', () => {
    expect(getFrom(parseDatagram(VALID.lwsdisp))).toMatchObject({ displayName: 'caller', tag: '323' });
  });

  it('reads IPv6 hosts, rport without a value and several Contacts with expires and q', () => {
    const msg = parseDatagram(VALID.ipv6);
    expect(getTopVia(msg)).toMatchObject({ host: '2001:db8::9:1', port: 5060, rport: true });
    expect(getTo(msg).uri).toMatchObject({ user: 'user;par=u%40example.net', host: '2001:db8::10' });
    const contacts = headerValues(msg, 'contact').map(parseContact);
    expect(contacts.map(contactExpires)).toEqual([3600, undefined]);
    expect(contacts[0] !== '*' && contacts[0]!.uri).toMatchObject({ host: '2001:db8::9:1', port: 5060 });
    expect(serializeMessage(msg).toString()).toContain(
      'Contact: "Caller" <sip:caller@[2001:db8::9:1]:5060>;expires=3600',
    );
  });

  it('splits list headers but never Date, and keeps Via and Record-Route order', () => {
    const msg = parseDatagram(VALID.multi);
    expect(getVias(msg).map((v) => v.branch)).toEqual(['z9hG4bK1', 'z9hG4bK2', 'z9hG4bK3']);
    expect(getVias(msg)[2]).toMatchObject({ received: '198.51.100.7', rport: 40001 });
    expect(headerValues(msg, 'Record-Route')).toHaveLength(3);
    expect(headerValues(msg, 'allow')).toEqual(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS']);
    expect(findHeader(msg, 'date')).toBe('Sat, 13 Nov 2010 23:29:00 GMT');
    expect(getFrom(msg).displayName).toBe('Li, Wei');
  });

  it('reads a response with a UTF-8 reason phrase', () => {
    const msg = parseDatagram(VALID.unreason);
    expect(msg.kind === 'response' && [msg.status, msg.reason]).toEqual([
      200,
      '= 2**3 * 5**2 но сто девяносто девять - простое',
    ]);
    const empty = parseDatagram(Buffer.from(VALID.unreason.toString().replace(/^SIP\/2.0 200 [^\r]*/, 'SIP/2.0 100 ')));
    expect(empty.kind === 'response' && empty.reason).toBe('');
  });

  it('never splits WWW-Authenticate, whose challenge has its own commas', () => {
    const msg = parseDatagram(VALID.challenge);
    const challenges = headerValues(msg, 'www-authenticate').map(parseDigestChallenge);
    expect(challenges).toEqual([
      { realm: 'kefu', nonce: 'a,b "c"', algorithm: 'SHA-256', qop: ['auth', 'auth-int'] },
      { realm: 'kefu', nonce: 'n2', algorithm: 'MD5', qop: ['auth'] },
    ]);
  });

  it('accepts Contact * in a REGISTER that removes every binding', () => {
    expect(headerValues(parseDatagram(VALID.unregisterAll), 'contact').map(parseContact)).toEqual(['*']);
  });

  it('ignores CRLFs before the start line, truncates bytes past Content-Length, takes the rest without it', () => {
    const padded = Buffer.concat([Buffer.from('\r\n\r\n'), invite({}, { body: 'abc' }), Buffer.from('junk')]);
    expect(parseDatagram(padded).body.toString()).toBe('abc');
    expect(parseDatagram(invite({ 'Content-Length': null }, { body: 'whole rest' })).body.toString()).toBe(
      'whole rest',
    );
  });

  it('tolerates a request without Max-Forwards', () => {
    expect(parseDatagram(invite({ 'Max-Forwards': null })).kind).toBe('request');
  });

  it('writes back what it read, with Content-Length computed from the body', () => {
    for (const buf of Object.values(VALID)) {
      const msg = parseDatagram(buf);
      const again: SipMessage = parseDatagram(serializeMessage(msg));
      expect(again).toEqual(msg);
      expect(findHeader(again, 'content-length')).toBeUndefined();
    }
  });
});

describe('invalid messages in the spirit of RFC 4475 §3.1.2', () => {
  it('refuses a body shorter than Content-Length with an answerable 400 (clerr)', () => {
    const err = expectRefused(invite({ 'Content-Length': '9999' }, { body: 'short' }), 'body_truncated', true);
    expect(err.basis).toEqual({
      via: ['SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKbase'],
      from: '<sip:caller@example.com>;tag=f1',
      to: '<sip:4008000000@kefu.example.com>',
      callId: 'base-call@192.0.2.9',
      cseq: '1 INVITE',
    });
    const reply = createParseErrorResponse(err, 'k1')!;
    expect(reply.status).toBe(400);
    expect(serializeMessage(reply).toString()).toContain('To: <sip:4008000000@kefu.example.com>;tag=k1\r\n');
  });

  it('refuses negative and non-numeric Content-Length (ncl)', () => {
    expectRefused(invite({ 'Content-Length': '-999' }), 'bad_content_length', true);
    expectRefused(invite({ 'Content-Length': '12a' }), 'bad_content_length', true);
  });

  it('refuses scalar fields with overlarge or negative values (scalar02, scalarlg)', () => {
    expectRefused(invite({ CSeq: '36893488147419103232 INVITE' }), 'bad_cseq', true);
    expectRefused(invite({ CSeq: '-1 INVITE' }), 'bad_cseq', true);
    expectRefused(invite({ 'Max-Forwards': '300' }), 'bad_max_forwards', true);
    expectRefused(invite({ Expires: '4294967296' }), 'bad_expires', true);
    expect(() => parseCSeq('4294967295 INVITE')).not.toThrow();
  });

  it('refuses a CSeq whose method differs from the request method (cseqmeth... mismatch)', () => {
    expectRefused(invite({ CSeq: '1 OPTIONS' }), 'cseq_mismatch', true);
  });

  it('refuses a request missing a required header; without a Via nobody can be answered (insuf)', () => {
    for (const name of ['From', 'To', 'Call-ID', 'CSeq']) {
      const err = expectRefused(invite({ [name]: null }), 'missing_header', false);
      expect(err.message).toContain(name);
    }
    expectRefused(invite({ Via: null }), 'missing_header', false);
  });

  it('refuses two values in a single-value header (multi01)', () => {
    const twoFroms = Buffer.from(invite().toString().replace('From:', 'From: <sip:x@example.com>;tag=9\r\nFrom:'));
    expectRefused(twoFroms, 'duplicate_header', true);
    expectRefused(invite({ To: '<sip:a@example.com>, <sip:b@example.com>' }), 'bad_name_addr', true);
  });

  it('refuses an unterminated quoted string or <URI> (quotbal, ltgtruri)', () => {
    expectRefused(invite({ To: '"Mr. J. User <sip:j.user@example.com>' }), 'bad_name_addr', true);
    expectRefused(invite({ Contact: '"Caller <sip:caller@example.com>' }), 'bad_header', true);
    expectRefused(invite({ Contact: '<sip:caller@example.com' }), 'bad_header', true);
    expectRefused(invite({}, { startLine: 'INVITE <sip:user@example.com> SIP/2.0' }), 'bad_request_uri', true);
  });

  it('refuses a bad start line: extra or trailing whitespace, missing parts (lwsruri, lwsstart, trws)', () => {
    expectRefused(invite({}, { startLine: 'INVITE sip:user@example.com; lr SIP/2.0' }), 'bad_start_line', false);
    expectRefused(invite({}, { startLine: 'INVITE  sip:user@example.com SIP/2.0' }), 'bad_start_line', false);
    expectRefused(invite({}, { startLine: 'INVITE sip:user@example.com SIP/2.0 ' }), 'bad_start_line', false);
    expectRefused(invite({}, { startLine: 'INVITE sip:user@example.com' }), 'bad_start_line', false);
    expectRefused(invite({}, { startLine: 'SIP/2.0 99 Too Low' }), 'bad_start_line', false);
    expectRefused(invite({}, { startLine: 'INVITE sip:user@example.com HTTP/1.1' }), 'bad_start_line', false);
  });

  it('answers an unknown SIP version with 505 (badvers)', () => {
    const err = expectRefused(
      invite({}, { startLine: 'INVITE sip:user@example.com SIP/7.0' }),
      'unsupported_version',
      true,
    );
    expect(createParseErrorResponse(err)?.status).toBe(505);
  });

  it('refuses bad URIs and hosts in Request-URI, From and Via (badaspec, badhost)', () => {
    expectRefused(invite({}, { startLine: 'INVITE sip:user@[2001:db8::xyz] SIP/2.0' }), 'bad_request_uri', true);
    expectRefused(invite({}, { startLine: 'INVITE sip:user@host:70000 SIP/2.0' }), 'bad_request_uri', true);
    expectRefused(invite({ From: '<sip:user@example.com@evil>;tag=1' }), 'bad_name_addr', true);
    expectRefused(invite({ From: '"Bob" sip:bob@example.com;tag=1' }), 'bad_name_addr', true);
    expectRefused(invite({ Via: 'SIP/2.0/UDP' }), 'bad_via', false);
    expectRefused(invite({ Via: 'SIP/3.0/UDP host;branch=z9hG4bK1' }), 'bad_via', false);
  });

  it('refuses Contact * mixed with addresses, and malformed headers', () => {
    expectRefused(invite({ Contact: '*, <sip:a@example.com>' }), 'bad_name_addr', true);
    const noColon = Buffer.from(invite().toString().replace('Max-Forwards: 70', 'Max-Forwards 70'));
    expectRefused(noColon, 'bad_header', true);
    expectRefused(invite({ Subject: 'bell \x07 rings' }), 'bad_header', true);
  });

  it('never answers a malformed ACK (a response to ACK is not allowed)', () => {
    expectRefused(
      invite({ CSeq: '1 ACK' }, { startLine: 'ACK sip:user@example.com SIP/7.0' }),
      'unsupported_version',
      false,
    );
  });

  it('refuses what breaks the size limits: 64 KiB, 200 headers, 8 KiB lines', () => {
    expectRefused(Buffer.alloc(64 * 1024 + 1, 'a'), 'too_large', false);
    const many: Record<string, string> = {};
    for (let i = 0; i < MAX_HEADERS; i++) many[`X-H${i}`] = 'v';
    expectRefused(invite(many), 'too_many_headers', true);
    expectRefused(invite({ Subject: 'x'.repeat(MAX_HEADER_LINE) }), 'header_too_long', true);
  });

  it('refuses empty, truncated and unterminated datagrams without an answer', () => {
    expectRefused(Buffer.from('\r\n\r\n'), 'empty', false);
    expectRefused(invite().subarray(0, 60), 'no_header_end', false);
    expectRefused(sip('INVITE sip:a@b SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1'), 'no_header_end', false);
  });

  it('reports parse errors of single headers as SipParseError', () => {
    expect(() => parseNameAddr('<sip:a@b')).toThrow(SipParseError);
    expect(() => parseCSeq('1')).toThrow(SipParseError);
  });
});
