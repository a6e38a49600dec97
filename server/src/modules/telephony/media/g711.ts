/**
 * G.711 (ITU-T G.711, 1988) µ-law and A-law companding between 16-bit linear PCM and 8-bit codes.
 *
 * The arithmetic follows the ITU-T G.191 reference implementation: µ-law on the 14-bit magnitude,
 * A-law on the 13-bit magnitude with the even bits inverted (XOR 0x55). Decoding is a 256-entry table; encoding is a 65,536-entry table
 * indexed by the sample's 16-bit pattern — 64 KiB each, built once at load, so the per-sample cost
 * on the media path is a single lookup.
 */

/** The code for digital silence (0) in each law: what a muted leg or a gap is filled with. */
export const MULAW_SILENCE = 0xff;
export const ALAW_SILENCE = 0xd5;

const MULAW_BIAS = 0x84;

/**
 * Encodes one sample exactly as the ITU-T G.191 software tools do (`ulaw_compress`): 14-bit
 * magnitude with the one's complement for negatives, bias 33, clip at 0x1fff. (Sun's g711.c and
 * Python's audioop differ from it by one step for some negative samples right at a decision
 * boundary; the standard's own reference wins.) The encode table below is built from it.
 */
function mulawEncodeSample(sample: number): number {
  let magnitude = (sample < 0 ? ~sample >> 2 : sample >> 2) + 33;
  if (magnitude > 0x1fff) magnitude = 0x1fff;
  let segment = 1;
  for (let i = magnitude >> 6; i !== 0; i >>= 1) segment++;
  const code = ((8 - segment) << 4) | (0x0f - ((magnitude >> segment) & 0x0f));
  return sample >= 0 ? code | 0x80 : code;
}

function mulawDecodeSample(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** Upper end (inclusive) of each A-law segment on the 13-bit magnitude. */
const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff] as const;

function alawEncodeSample(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5; // sign bit set for positive values, then the even-bit inversion
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  let segment = 0;
  while (segment < 8 && pcm > ALAW_SEGMENT_END[segment]!) segment++;
  if (segment >= 8) return 0x7f ^ mask;
  const quant = segment < 2 ? (pcm >> 1) & 0x0f : (pcm >> segment) & 0x0f;
  return ((segment << 4) | quant) ^ mask;
}

function alawDecodeSample(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else if (segment === 1) t += 0x108;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

function buildDecodeTable(decode: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = decode(code);
  return table;
}

/** Indexed by `sample & 0xffff` (the two's-complement bit pattern), so negatives need no branch. */
function buildEncodeTable(encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = encode(i >= 0x8000 ? i - 0x10000 : i);
  return table;
}

const MULAW_DECODE = buildDecodeTable(mulawDecodeSample);
const ALAW_DECODE = buildDecodeTable(alawDecodeSample);
const MULAW_ENCODE = buildEncodeTable(mulawEncodeSample);
const ALAW_ENCODE = buildEncodeTable(alawEncodeSample);
const MULAW_TO_ALAW = new Uint8Array(256).map((_, code) => ALAW_ENCODE[MULAW_DECODE[code]! & 0xffff]!);
const ALAW_TO_MULAW = new Uint8Array(256).map((_, code) => MULAW_ENCODE[ALAW_DECODE[code]! & 0xffff]!);

/** The two laws by their RTP names (RFC 3551 payload types 0 and 8). */
export type G711Law = 'pcmu' | 'pcma';

/** Linear sample (any integer; clamped to 16 bits) → µ-law code. */
export function mulawEncode(sample: number): number {
  return MULAW_ENCODE[clamp16(sample) & 0xffff]!;
}

/** µ-law code (0..255) → linear 16-bit sample. */
export function mulawDecode(code: number): number {
  return MULAW_DECODE[code & 0xff]!;
}

/** Linear sample (any integer; clamped to 16 bits) → A-law code. */
export function alawEncode(sample: number): number {
  return ALAW_ENCODE[clamp16(sample) & 0xffff]!;
}

/** A-law code (0..255) → linear 16-bit sample. */
export function alawDecode(code: number): number {
  return ALAW_DECODE[code & 0xff]!;
}

/** Encodes a block of samples into a new Buffer of codes (one byte per sample). */
export function encodeG711(law: G711Law, samples: Int16Array): Buffer {
  const table = law === 'pcmu' ? MULAW_ENCODE : ALAW_ENCODE;
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = table[samples[i]! & 0xffff]!;
  return out;
}

/** Decodes a block of codes into a new Int16Array (one sample per byte). */
export function decodeG711(law: G711Law, codes: Uint8Array): Int16Array {
  const table = law === 'pcmu' ? MULAW_DECODE : ALAW_DECODE;
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]!]!;
  return out;
}

/**
 * Transcodes between the laws without a linear round trip in the caller (bridging a PCMU leg to a
 * PCMA leg). Same law → a copy.
 */
export function transcodeG711(from: G711Law, to: G711Law, codes: Uint8Array): Buffer {
  if (from === to) return Buffer.from(codes);
  const table = from === 'pcmu' ? MULAW_TO_ALAW : ALAW_TO_MULAW;
  const out = Buffer.allocUnsafe(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]!]!;
  return out;
}

/** The silence code of a law. */
export function g711Silence(law: G711Law): number {
  return law === 'pcmu' ? MULAW_SILENCE : ALAW_SILENCE;
}

function clamp16(sample: number): number {
  if (sample > 32767) return 32767;
  if (sample < -32768) return -32768;
  return sample | 0;
}
