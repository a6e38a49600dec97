import { describe, expect, it } from 'vitest';
import {
  ALAW_SILENCE,
  alawDecode,
  alawEncode,
  decodeG711,
  encodeG711,
  g711Silence,
  MULAW_SILENCE,
  mulawDecode,
  mulawEncode,
  transcodeG711,
} from './g711';

const ALL_SAMPLES = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

describe('G.711 µ-law', () => {
  it('decodes the reference codes of the standard', () => {
    expect(mulawDecode(0xff)).toBe(0);
    expect(mulawDecode(0x7f)).toBe(0); // "negative zero"
    expect(mulawDecode(0x00)).toBe(-32124);
    expect(mulawDecode(0x80)).toBe(32124);
    expect(mulawDecode(0xfe)).toBe(8);
    expect(mulawDecode(0x7e)).toBe(-8);
    expect(mulawDecode(0xef)).toBe(132); // first step of segment 1
  });

  it('encodes reference samples, clipping at full scale', () => {
    expect(mulawEncode(0)).toBe(0xff);
    expect(mulawEncode(-1)).toBe(0x7f);
    expect(mulawEncode(32767)).toBe(0x80);
    expect(mulawEncode(-32768)).toBe(0x00);
    expect(mulawEncode(100_000)).toBe(0x80);
    expect(mulawEncode(8)).toBe(0xfe);
    expect(mulawEncode(-8)).toBe(0x7e);
  });

  it('re-encodes every decoded code to itself (except negative zero, which becomes zero)', () => {
    for (let code = 0; code < 256; code++) {
      expect(mulawEncode(mulawDecode(code))).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it('keeps the round-trip error within half a quantisation step over the whole 16-bit range', () => {
    const decoded = decodeG711('pcmu', encodeG711('pcmu', ALL_SAMPLES));
    // Step in segment e is 2^(e+3) and |x| + 132 >= 2^(e+7): half a step is at most (|x|+132)/32.
    const outside = ALL_SAMPLES.filter((x, i) => Math.abs(decoded[i]! - x) > (Math.abs(x) + 132) / 32 + 1);
    expect([...outside]).toEqual([]);
  });

  it('is monotonic: a louder sample never decodes quieter', () => {
    const decoded = decodeG711('pcmu', encodeG711('pcmu', ALL_SAMPLES));
    const drops = decoded.filter((y, i) => i > 0 && y < decoded[i - 1]!);
    expect(drops.length).toBe(0);
  });
});

describe('G.711 A-law', () => {
  it('decodes the reference codes of the standard', () => {
    expect(alawDecode(0xd5)).toBe(8);
    expect(alawDecode(0x55)).toBe(-8);
    expect(alawDecode(0xaa)).toBe(32256);
    expect(alawDecode(0x2a)).toBe(-32256);
    expect(alawDecode(0xd4)).toBe(24);
  });

  it('encodes reference samples, clipping at full scale', () => {
    expect(alawEncode(0)).toBe(0xd5);
    expect(alawEncode(-1)).toBe(0x55);
    expect(alawEncode(32767)).toBe(0xaa);
    expect(alawEncode(-32768)).toBe(0x2a);
    expect(alawEncode(-100_000)).toBe(0x2a);
  });

  it('re-encodes every decoded code to itself', () => {
    for (let code = 0; code < 256; code++) expect(alawEncode(alawDecode(code))).toBe(code);
  });

  it('keeps the round-trip error within half a quantisation step over the whole 16-bit range', () => {
    const decoded = decodeG711('pcma', encodeG711('pcma', ALL_SAMPLES));
    // Segments 0 and 1 have a step of 16; above, the step is 1/16 of the segment's start.
    const outside = ALL_SAMPLES.filter((x, i) => Math.abs(decoded[i]! - x) > Math.max(8, Math.abs(x) / 32));
    expect([...outside]).toEqual([]);
  });
});

describe('G.711 buffers', () => {
  it('fills silence with the code that decodes to 0', () => {
    expect(MULAW_SILENCE).toBe(0xff);
    expect(ALAW_SILENCE).toBe(0xd5);
    expect(g711Silence('pcmu')).toBe(MULAW_SILENCE);
    expect(g711Silence('pcma')).toBe(ALAW_SILENCE);
    expect([...encodeG711('pcmu', new Int16Array(160))]).toEqual(new Array(160).fill(0xff));
    expect([...encodeG711('pcma', new Int16Array(160))]).toEqual(new Array(160).fill(0xd5));
    expect(decodeG711('pcma', Buffer.alloc(3, ALAW_SILENCE))).toEqual(new Int16Array([8, 8, 8]));
  });

  it('encodes one byte per sample and decodes one sample per byte', () => {
    const samples = new Int16Array([0, 1000, -1000, 32767, -32768]);
    const codes = encodeG711('pcmu', samples);
    expect(codes).toBeInstanceOf(Buffer);
    expect(codes.length).toBe(5);
    expect([...codes]).toEqual([...samples].map(mulawEncode));
    expect([...decodeG711('pcmu', codes)]).toEqual([...codes].map(mulawDecode));
  });

  it('transcodes µ-law to A-law as a linear round trip would', () => {
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const alaw = transcodeG711('pcmu', 'pcma', codes);
    for (let code = 0; code < 256; code++) expect(alaw[code]).toBe(alawEncode(mulawDecode(code)));
    const back = transcodeG711('pcma', 'pcmu', alaw);
    for (let code = 0; code < 256; code++) expect(back[code]).toBe(mulawEncode(alawDecode(alaw[code]!)));
    expect(transcodeG711('pcmu', 'pcmu', codes)).toEqual(Buffer.from(codes));
  });
});
