import { describe, expect, it } from 'vitest';
import { parseAuthParams, parseDigestChallenge, parseDigestCredentials } from './digest';
import { parseVia } from './headers';
import { findHeader, getTo, headerValues, serializeMessage } from './message';
import { parseDatagram } from './parse';
import { createResponse, reasonPhrase } from './responses';
import { SipParseError } from './sip.errors';
import { VALID } from './torture.fixtures';
import { parseSipUri } from './uri';

describe('responses to a request', () => {
  const request = parseDatagram(VALID.multi);
  if (request.kind !== 'request') throw new Error('fixture is a request');

  it('copies every Via in order, From, Call-ID and CSeq, and adds our To tag', () => {
    const ringing = createResponse(request, 180, { toTag: 'kefu1' });
    const back = parseDatagram(serializeMessage(ringing));
    expect(back.kind === 'response' && [back.status, back.reason]).toEqual([180, 'Ringing']);
    expect(headerValues(back, 'via')).toEqual(headerValues(request, 'via'));
    expect(findHeader(back, 'from')).toBe(findHeader(request, 'from'));
    expect(findHeader(back, 'call-id')).toBe('multi-1@carrier.example.com');
    expect(findHeader(back, 'cseq')).toBe('1 INVITE');
    expect(getTo(back).tag).toBe('kefu1');
  });

  it('keeps a To tag that is already there and never tags a 100 Trying', () => {
    const tagged = {
      ...request,
      headers: request.headers.map((h) => (h.name === 'To' ? { ...h, value: '<sip:a@b>;tag=x' } : h)),
    };
    expect(getTo(createResponse(tagged, 200, { toTag: 'y' })).tag).toBe('x');
    expect(getTo(createResponse(request, 100, { toTag: 'y' })).tag).toBeUndefined();
  });

  it('has a phrase for every code, the class name for unknown ones', () => {
    expect(reasonPhrase(486)).toBe('Busy Here');
    expect(reasonPhrase(499)).toBe('Client Error');
  });
});

describe('digest, URI and Via details', () => {
  it('reads Authorization credentials with qop, nc and cnonce, in any case and spacing', () => {
    const creds = parseDigestCredentials(
      'Digest  username="agent01", realm="kefu",nonce="abc", uri="sip:kefu.example.com", ' +
        'response="6629fae49393a05397450978507c4ef1", ALGORITHM=sha-256, cnonce="0a4f113b", nc=00000001, qop=auth',
    );
    expect(creds).toMatchObject({ username: 'agent01', algorithm: 'SHA-256', qop: 'auth', nc: '00000001' });
    expect(parseAuthParams('Digest realm="a\\\\b\\"c"').params.get('realm')).toBe('a\\b"c');
  });

  it('refuses broken Digest headers', () => {
    for (const bad of [
      'Digest realm="kefu"',
      'Digest realm="kefu, nonce="x"',
      'Digest realm="kefu", nonce="x", algorithm=ROT13',
      'Digest realm="kefu", realm="other", nonce="x"',
      'Basic realm="kefu", nonce="x"',
    ]) {
      expect(() => parseDigestChallenge(bad), bad).toThrow(SipParseError);
    }
    expect(() =>
      parseDigestCredentials('Digest username="a", realm="r", nonce="n", uri="u", response="r", qop=auth'),
    ).toThrow(/cnonce/);
  });

  it('reads sips: URIs with password, IPv6, params and headers', () => {
    expect(parseSipUri('SIPS:alice:secret@[2001:db8::1]:5061;transport=tcp;lr?subject=hi&priority=urgent')).toEqual({
      kind: 'sip',
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: '2001:db8::1',
      port: 5061,
      params: new Map([
        ['transport', 'tcp'],
        ['lr', null],
      ]),
      headers: new Map([
        ['subject', 'hi'],
        ['priority', 'urgent'],
      ]),
    });
    for (const bad of [
      'sip:',
      'sip:@host',
      'sip:a@host:port',
      'sip:a@1.2.3.999',
      'sip:a@[::g]',
      'sip:a@ho st',
      'sip:a%4@h',
    ]) {
      expect(() => parseSipUri(bad), bad).toThrow(SipParseError);
    }
  });

  it('reads Via rport as a flag or a number and refuses a bad one', () => {
    expect(parseVia('SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bK1').rport).toBe(true);
    expect(parseVia('SIP/2.0/udp 10.0.0.1;rport=5062;received=203.0.113.9')).toMatchObject({
      transport: 'UDP',
      rport: 5062,
      received: '203.0.113.9',
    });
    expect(() => parseVia('SIP/2.0/UDP 10.0.0.1;rport=99999')).toThrow(SipParseError);
    expect(() => parseVia('SIP/2.0/UDP 10.0.0.1;branch')).toThrow(SipParseError);
  });
});
