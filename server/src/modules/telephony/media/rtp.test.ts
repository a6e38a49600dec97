import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addTimestamp,
  buildRtp,
  createSequenceUnwrapper,
  isNewerSequence,
  isNewerTimestamp,
  nextSequence,
  parseRtp,
  type RtpBuildInput,
  sequenceDelta,
  timestampDelta,
} from './rtp';

/** A PCMU packet as a softphone sends it: V=2, no P/X/CC, M=0, PT=0, seq 0x1234, ts 0xdeadbeef. */
const WIRE = Buffer.from(`80001234deadbeef0a0b0c0d${'ff'.repeat(160)}`, 'hex');

describe('parseRtp', () => {
  it('reads every field of the fixed header', () => {
    const result = parseRtp(WIRE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.packet).toMatchObject({
      marker: false,
      payloadType: 0,
      sequenceNumber: 0x1234,
      timestamp: 0xdeadbeef,
      ssrc: 0x0a0b0c0d,
      csrc: [],
      paddingLength: 0,
    });
    expect(result.packet.payload.length).toBe(160);
    expect(result.packet.extension).toBeUndefined();
  });

  it('reads marker, payload type, CSRCs, an extension and strips padding', () => {
    const wire = Buffer.from(
      // V=2 P=1 X=1 CC=2 | M=1 PT=101 | seq | ts | ssrc
      'b2e50001' +
        '00000002' +
        '00000003' +
        '11111111' +
        '22222222' + // CSRCs
        'bede0001' +
        '10ff0000' + // one-word RFC 8285 extension
        'aabbcc' + // payload
        '000003', // 3 bytes of padding, the last says 3
      'hex',
    );
    const result = parseRtp(wire);
    if (!result.ok) throw new Error(result.error);
    const p = result.packet;
    expect(p.marker).toBe(true);
    expect(p.payloadType).toBe(101);
    expect(p.sequenceNumber).toBe(1);
    expect(p.timestamp).toBe(2);
    expect(p.ssrc).toBe(3);
    expect(p.csrc).toEqual([0x11111111, 0x22222222]);
    expect(p.extension?.profile).toBe(0xbede);
    expect(p.extension?.data.toString('hex')).toBe('10ff0000');
    expect(p.payload.toString('hex')).toBe('aabbcc');
    expect(p.paddingLength).toBe(3);
  });

  it('reports junk as typed errors instead of throwing', () => {
    expect(parseRtp(Buffer.alloc(0))).toEqual({ ok: false, error: 'too_short' });
    expect(parseRtp(WIRE.subarray(0, 11))).toEqual({ ok: false, error: 'too_short' });
    // A STUN binding request starts with two zero bits.
    expect(parseRtp(Buffer.from('000100002112a442000000000000000000000000', 'hex'))).toEqual({
      ok: false,
      error: 'bad_version',
    });
    expect(parseRtp(Buffer.from('8f00000100000000000000000000', 'hex'))).toEqual({
      ok: false,
      error: 'truncated_csrc',
    });
    expect(parseRtp(Buffer.from('900000010000000000000000bede', 'hex'))).toEqual({
      ok: false,
      error: 'truncated_extension',
    });
    expect(parseRtp(Buffer.from('900000010000000000000000bede000200000000', 'hex'))).toEqual({
      ok: false,
      error: 'truncated_extension',
    });
    expect(parseRtp(Buffer.from('a0000001000000000000000000', 'hex'))).toEqual({ ok: false, error: 'bad_padding' });
    expect(parseRtp(Buffer.from('a00000010000000000000000aa05', 'hex'))).toEqual({ ok: false, error: 'bad_padding' });
  });

  it('never throws on arbitrary bytes, and whatever it accepts it rebuilds byte for byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = parseRtp(bytes);
        if (!result.ok) return;
        // The padding bytes before the count are not kept (they are zero when we build), so compare
        // everything but them.
        const rebuilt = buildRtp(result.packet);
        const padded = result.packet.paddingLength;
        expect(rebuilt.length).toBe(bytes.length);
        expect(rebuilt.subarray(0, rebuilt.length - padded)).toEqual(
          Buffer.from(bytes).subarray(0, bytes.length - padded),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts a Uint8Array view at an offset without copying the payload', () => {
    const big = new Uint8Array(WIRE.length + 8);
    big.set(WIRE, 8);
    const result = parseRtp(big.subarray(8));
    if (!result.ok) throw new Error(result.error);
    expect(result.packet.sequenceNumber).toBe(0x1234);
    expect(result.packet.payload.buffer).toBe(big.buffer);
  });
});

describe('buildRtp', () => {
  const packetArb = fc.record({
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
    timestamp: fc.integer({ min: 0, max: 0xffffffff }),
    ssrc: fc.integer({ min: 0, max: 0xffffffff }),
    csrc: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
    extension: fc.option(
      fc.record({
        profile: fc.integer({ min: 0, max: 0xffff }),
        data: fc.integer({ min: 0, max: 8 }).map((words) => Buffer.alloc(words * 4, 0x5a)),
      }),
      { nil: undefined },
    ),
    payload: fc.uint8Array({ maxLength: 320 }).map((a) => Buffer.from(a)),
    paddingLength: fc.integer({ min: 0, max: 255 }),
  });

  it('round-trips through parseRtp', () => {
    fc.assert(
      fc.property(packetArb, (input) => {
        const clean: RtpBuildInput = { ...input };
        if (input.extension === undefined) delete clean.extension;
        const result = parseRtp(buildRtp(clean));
        if (!result.ok) throw new Error(result.error);
        expect(result.packet).toEqual(clean);
      }),
      { numRuns: 500 },
    );
  });

  it('writes the header a receiver expects', () => {
    const wire = buildRtp({
      marker: true,
      payloadType: 8,
      sequenceNumber: 65535,
      timestamp: 4294967295,
      ssrc: 1,
      payload: Buffer.from([0xd5, 0xd5]),
    });
    expect(wire.toString('hex')).toBe('8088ffffffffffff00000001d5d5');
  });

  it('refuses values no packet can carry', () => {
    const base = { payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: Buffer.alloc(0) };
    expect(() => buildRtp({ ...base, payloadType: 128 })).toThrow(RangeError);
    expect(() => buildRtp({ ...base, sequenceNumber: 65536 })).toThrow(RangeError);
    expect(() => buildRtp({ ...base, timestamp: -1 })).toThrow(RangeError);
    expect(() => buildRtp({ ...base, csrc: new Array(16).fill(1) })).toThrow(RangeError);
    expect(() => buildRtp({ ...base, paddingLength: 256 })).toThrow(RangeError);
    expect(() => buildRtp({ ...base, extension: { profile: 0, data: Buffer.alloc(3) } })).toThrow(RangeError);
  });
});

describe('sequence and timestamp arithmetic', () => {
  it('wraps sequence numbers at 16 bits', () => {
    expect(nextSequence(65535)).toBe(0);
    expect(nextSequence(65530, 10)).toBe(4);
    expect(sequenceDelta(65535, 0)).toBe(1);
    expect(sequenceDelta(0, 65535)).toBe(-1);
    expect(sequenceDelta(100, 100)).toBe(0);
    expect(sequenceDelta(65000, 300)).toBe(836);
    expect(isNewerSequence(65535, 2)).toBe(true);
    expect(isNewerSequence(2, 65535)).toBe(false);
  });

  it('wraps timestamps at 32 bits', () => {
    expect(addTimestamp(0xffffff60, 160)).toBe(0);
    expect(addTimestamp(0, -160)).toBe(0xffffff60);
    expect(timestampDelta(0xffffff60, 0)).toBe(160);
    expect(timestampDelta(0, 0xffffff60)).toBe(-160);
    expect(isNewerTimestamp(0xffffff60, 100)).toBe(true);
    expect(isNewerTimestamp(100, 0xffffff60)).toBe(false);
  });

  it('sequence delta agrees with the true distance for any gap under half the space', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: -32767, max: 32767 }), (a, gap) => {
        expect(sequenceDelta(a, nextSequence(a, gap))).toBe(gap);
      }),
    );
  });

  it('unwraps sequence numbers into a monotonic count across the wrap, with late packets in their cycle', () => {
    const unwrap = createSequenceUnwrapper();
    expect(unwrap.highest).toBeUndefined();
    expect(unwrap.push(65534)).toBe(65534);
    expect(unwrap.push(65535)).toBe(65535);
    expect(unwrap.push(1)).toBe(65537); // 0 lost
    expect(unwrap.push(0)).toBe(65536); // late, still in the new cycle
    expect(unwrap.push(65533)).toBe(65533); // very late, old cycle
    expect(unwrap.highest).toBe(65537);
    expect(unwrap.push(2)).toBe(65538);
  });
});
