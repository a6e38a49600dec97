import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnswerOptions,
  negotiateAnswer,
  PCMA,
  parseSdp,
  SdpError,
  type SdpErrorCode,
  type SessionDescription,
  serializeSdp,
} from './sdp';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** An offer as a softphone (MicroSIP/PJSIP style) sends it. */
const SOFTPHONE_OFFER = crlf([
  'v=0',
  'o=- 3912345678 3912345678 IN IP4 192.168.1.20',
  's=pjmedia',
  'b=AS:84',
  't=0 0',
  'a=X-nat:0',
  'm=audio 4000 RTP/AVP 8 0 101',
  'c=IN IP4 192.168.1.20',
  'b=TIAS:64000',
  'a=rtcp:4001 IN IP4 192.168.1.20',
  'a=sendrecv',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
]);

/** sipp's default uac_pcap offer: static PCMU without rtpmap, telephone-event 101. */
const SIPP_OFFER = [
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.1.1',
  's=-',
  'c=IN IP4 127.0.1.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-11,16',
].join('\n');

const OURS: Omit<AnswerOptions, 'offer'> = {
  origin: {
    username: 'kefu',
    sessionId: '42',
    sessionVersion: '1',
    netType: 'IN',
    addrType: 'IP4',
    address: '203.0.113.5',
  },
  address: '203.0.113.5',
  port: 20000,
};

function codeOf(fn: () => unknown): SdpErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SdpError) return error.code;
    throw error;
  }
  return undefined;
}

function answer(offer: string, options: Partial<AnswerOptions> = {}) {
  const result = negotiateAnswer({ ...OURS, ...options, offer: parseSdp(offer) });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('parseSdp', () => {
  it('reads a softphone offer: origin, connection, formats, rtpmap, fmtp, direction, ptime', () => {
    const sdp = parseSdp(SOFTPHONE_OFFER);
    expect(sdp.origin).toEqual({
      username: '-',
      sessionId: '3912345678',
      sessionVersion: '3912345678',
      netType: 'IN',
      addrType: 'IP4',
      address: '192.168.1.20',
    });
    expect(sdp.sessionName).toBe('pjmedia');
    expect(sdp.bandwidths).toEqual(['AS:84']);
    expect(sdp.attributes).toEqual([{ name: 'X-nat', value: '0' }]);
    const [audio] = sdp.media;
    expect(audio).toMatchObject({
      type: 'audio',
      port: 4000,
      protocol: 'RTP/AVP',
      formats: ['8', '0', '101'],
      connection: { netType: 'IN', addrType: 'IP4', address: '192.168.1.20' },
      direction: 'sendrecv',
      ptime: 20,
      fmtps: [{ payloadType: 101, parameters: '0-16' }],
      attributes: [{ name: 'rtcp', value: '4001 IN IP4 192.168.1.20' }],
    });
    expect(audio?.rtpmaps).toEqual([
      { payloadType: 8, encoding: 'PCMA', clockRate: 8000 },
      { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
      { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
    ]);
  });

  it('accepts LF line ends, port counts, channels in rtpmap and session-level direction', () => {
    const sdp = parseSdp(
      ['v=0', 'o=a 1 1 IN IP6 ::1', 's=x', 'c=IN IP6 ::1', 't=0 0', 'a=inactive', 'm=audio 5000/2 RTP/AVP 96']
        .concat(['a=rtpmap:96 opus/48000/2'])
        .join('\n'),
    );
    expect(sdp.direction).toBe('inactive');
    expect(sdp.connection?.address).toBe('::1');
    expect(sdp.media[0]).toMatchObject({ port: 5000, portCount: 2 });
    expect(sdp.media[0]?.rtpmaps).toEqual([{ payloadType: 96, encoding: 'opus', clockRate: 48000, channels: 2 }]);
  });

  it('refuses broken SDP with a typed SdpError only', () => {
    expect(codeOf(() => parseSdp('hello'))).toBe('bad_line');
    expect(codeOf(() => parseSdp(''))).toBe('bad_version');
    expect(codeOf(() => parseSdp('v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\n'))).toBe('bad_version');
    expect(codeOf(() => parseSdp('v=0\r\ns=-\r\n'))).toBe('missing_origin');
    expect(codeOf(() => parseSdp('v=0\r\no=- 1 IN IP4 1.2.3.4\r\n'))).toBe('bad_origin');
    expect(codeOf(() => parseSdp('v=0\r\no=- 1 1 IN IP4 h\r\nc=IN IP4\r\n'))).toBe('bad_connection');
    expect(codeOf(() => parseSdp('v=0\r\no=- 1 1 IN IP4 h\r\nm=audio 70000 RTP/AVP 0\r\n'))).toBe('bad_media');
    expect(codeOf(() => parseSdp('v=0\r\no=- 1 1 IN IP4 h\r\nm=audio\r\n'))).toBe('bad_media');
  });

  it('throws nothing but SdpError on any text, and on mutations of a real offer', () => {
    const check = (text: string) => {
      const code = codeOf(() => parseSdp(text));
      expect(code === undefined || typeof code === 'string').toBe(true);
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 1000 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SOFTPHONE_OFFER.length }), fc.string({ maxLength: 8 }), (at, junk) =>
        check(SOFTPHONE_OFFER.slice(0, at) + junk + SOFTPHONE_OFFER.slice(at + junk.length)),
      ),
      { numRuns: 1000 },
    );
  });

  it('serialises what it parses back to the same description', () => {
    const sdp = parseSdp(SOFTPHONE_OFFER);
    const text = serializeSdp(sdp);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseSdp(text)).toEqual(sdp);
  });
});

describe('negotiateAnswer', () => {
  it('answers a softphone with its first common codec, its telephone-event number and our address', () => {
    const result = answer(SOFTPHONE_OFFER);
    expect(result.codec).toEqual({ encoding: 'PCMA', clockRate: 8000, payloadType: 8 });
    expect(result.telephoneEventPayloadType).toBe(101);
    expect(result.remote).toEqual({ address: '192.168.1.20', port: 4000 });
    expect(result.direction).toBe('sendrecv');
    expect(result.remoteHold).toBe(false);
    expect(result.remotePtime).toBe(20);
    expect(serializeSdp(result.answer)).toBe(
      crlf([
        'v=0',
        'o=kefu 42 1 IN IP4 203.0.113.5',
        's=Kefu',
        'c=IN IP4 203.0.113.5',
        't=0 0',
        'm=audio 20000 RTP/AVP 8 101',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
      ]),
    );
  });

  it("follows the offerer's order, not ours, and knows static payload types without rtpmap", () => {
    const result = answer(SIPP_OFFER, { codecs: [PCMA, { encoding: 'PCMU', clockRate: 8000, payloadType: 0 }] });
    expect(result.codec.encoding).toBe('PCMU');
    expect(result.telephoneEventPayloadType).toBe(101);
    expect(result.remote).toEqual({ address: '127.0.1.1', port: 6000 });
  });

  it('keeps a dynamic payload number the offerer gave to PCMU', () => {
    const offer = SIPP_OFFER.replace('RTP/AVP 0 101', 'RTP/AVP 97 101').concat('\na=rtpmap:97 pcmu/8000');
    expect(answer(offer).codec).toEqual({ encoding: 'PCMU', clockRate: 8000, payloadType: 97 });
  });

  it('leaves telephone-event out when the offer has none or we do not want it', () => {
    const offer = SIPP_OFFER.replace(' 0 101', ' 0');
    const result = answer(offer);
    expect(result.telephoneEventPayloadType).toBeUndefined();
    expect(result.answer.media[0]?.formats).toEqual(['0']);
    expect(answer(SOFTPHONE_OFFER, { telephoneEvent: false }).answer.media[0]?.formats).toEqual(['8']);
  });

  it('mirrors hold: sendonly → recvonly, recvonly → sendonly, inactive → inactive', () => {
    const cases = [
      ['sendrecv', 'sendrecv', false],
      ['sendonly', 'recvonly', true],
      ['recvonly', 'sendonly', false],
      ['inactive', 'inactive', true],
    ] as const;
    for (const [offered, answered, hold] of cases) {
      const result = answer(SOFTPHONE_OFFER.replace('a=sendrecv', `a=${offered}`));
      expect(result.direction, offered).toBe(answered);
      expect(result.remoteHold, offered).toBe(hold);
      expect(serializeSdp(result.answer)).toContain(`a=${answered}\r\n`);
    }
  });

  it('treats c=0.0.0.0 (RFC 2543 hold) as "do not send to me"', () => {
    const result = answer(SIPP_OFFER.replace('c=IN IP4 127.0.1.1', 'c=IN IP4 0.0.0.0'));
    expect(result.direction).toBe('recvonly');
    expect(result.remoteHold).toBe(true);
  });

  it('combines the offer with our own hold', () => {
    expect(answer(SOFTPHONE_OFFER, { direction: 'sendonly' }).direction).toBe('sendonly');
    expect(answer(SOFTPHONE_OFFER.replace('a=sendrecv', 'a=sendonly'), { direction: 'sendonly' }).direction).toBe(
      'inactive',
    );
  });

  it('answers every stream, refusing all but the first usable audio one with port 0', () => {
    const offer = crlf([
      'v=0',
      'o=- 1 1 IN IP4 10.0.0.1',
      's=-',
      'c=IN IP4 10.0.0.1',
      't=0 0',
      'm=video 5002 RTP/AVP 96',
      'a=rtpmap:96 H264/90000',
      'm=audio 5004 RTP/SAVP 0',
      'm=audio 5000 RTP/AVP 18 0',
      'm=audio 5006 RTP/AVP 0',
    ]);
    const result = answer(offer);
    expect(result.mediaIndex).toBe(2);
    expect(result.remote.port).toBe(5000);
    expect(result.answer.media.map((m) => `${m.type} ${m.port} ${m.formats.join(',')}`)).toEqual([
      'video 0 96',
      'audio 0 0',
      'audio 20000 0',
      'audio 0 0',
    ]);
  });

  it('says why it cannot answer', () => {
    const negotiate = (offer: string) => negotiateAnswer({ ...OURS, offer: parseSdp(offer) });
    const head = ['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 't=0 0'];
    expect(negotiate(crlf([...head, 'c=IN IP4 10.0.0.1', 'm=video 5002 RTP/AVP 96']))).toEqual({
      ok: false,
      reason: 'no_audio',
    });
    expect(negotiate(crlf([...head, 'c=IN IP4 10.0.0.1', 'm=audio 5000 RTP/AVP 18 9']))).toEqual({
      ok: false,
      reason: 'no_common_codec',
    });
    expect(negotiate(crlf([...head, 'm=audio 5000 RTP/AVP 0']))).toEqual({
      ok: false,
      reason: 'no_connection_address',
    });
  });

  it('always answers with as many m= lines as offered (RFC 3264 §6)', () => {
    const offer: SessionDescription = parseSdp(SOFTPHONE_OFFER);
    offer.media.push({ ...offer.media[0]!, port: 0 });
    const result = negotiateAnswer({ ...OURS, offer });
    expect(result.ok && result.answer.media.length).toBe(2);
  });
});
