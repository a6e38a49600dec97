/**
 * RTP packets (RFC 3550 §5.1): parse and build, plus the modular arithmetic for 16-bit sequence
 * numbers and 32-bit timestamps. Parsing runs on every datagram from the network, so it never
 * throws: junk comes back as a typed error value the caller counts and drops.
 */

export type RtpHeaderExtension = {
  /** The profile-defined 16 bits (0xBEDE for RFC 8285 one-byte headers). */
  profile: number;
  /** The extension body, a multiple of 4 bytes. */
  data: Buffer;
};

export type RtpPacket = {
  marker: boolean;
  /** 0..127 */
  payloadType: number;
  /** 0..65535 */
  sequenceNumber: number;
  /** 0..2^32-1 */
  timestamp: number;
  /** 0..2^32-1 */
  ssrc: number;
  /** Contributing sources, at most 15. */
  csrc: number[];
  extension?: RtpHeaderExtension;
  /** The payload without padding. A parsed packet's payload is a view into the datagram. */
  payload: Buffer;
  /** Bytes of padding the packet carried (0 when the P bit is clear); `buildRtp` pads this much. */
  paddingLength: number;
};

export type RtpParseError =
  | 'too_short' // under the 12-byte fixed header
  | 'bad_version' // not version 2 (STUN, DTLS or junk on the RTP port)
  | 'truncated_csrc' // CSRC count runs past the end
  | 'truncated_extension' // extension header or its length runs past the end
  | 'bad_padding'; // padding count of 0 or larger than what follows the header

export type RtpParseResult = { ok: true; packet: RtpPacket } | { ok: false; error: RtpParseError };

const FIXED_HEADER = 12;

/** Parses one datagram. Never throws; the payload shares memory with `datagram`. */
export function parseRtp(datagram: Uint8Array): RtpParseResult {
  if (datagram.length < FIXED_HEADER) return { ok: false, error: 'too_short' };
  const buf = Buffer.isBuffer(datagram)
    ? datagram
    : Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const b0 = buf[0]!;
  const b1 = buf[1]!;
  if (b0 >> 6 !== 2) return { ok: false, error: 'bad_version' };
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;

  let offset = FIXED_HEADER;
  if (buf.length < offset + csrcCount * 4) return { ok: false, error: 'truncated_csrc' };
  const csrc: number[] = [];
  for (let i = 0; i < csrcCount; i++, offset += 4) csrc.push(buf.readUInt32BE(offset));

  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (buf.length < offset + 4) return { ok: false, error: 'truncated_extension' };
    const profile = buf.readUInt16BE(offset);
    const words = buf.readUInt16BE(offset + 2);
    offset += 4;
    if (buf.length < offset + words * 4) return { ok: false, error: 'truncated_extension' };
    extension = { profile, data: buf.subarray(offset, offset + words * 4) };
    offset += words * 4;
  }

  let end = buf.length;
  let paddingLength = 0;
  if (hasPadding) {
    paddingLength = buf[buf.length - 1]!;
    if (paddingLength === 0 || paddingLength > buf.length - offset) return { ok: false, error: 'bad_padding' };
    end -= paddingLength;
  }

  const packet: RtpPacket = {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    csrc,
    payload: buf.subarray(offset, end),
    paddingLength,
  };
  if (extension) packet.extension = extension;
  return { ok: true, packet };
}

export type RtpBuildInput = Omit<RtpPacket, 'csrc' | 'paddingLength' | 'marker'> & {
  marker?: boolean;
  csrc?: readonly number[];
  paddingLength?: number;
};

/**
 * Serialises a packet. Throws `RangeError` on values no RTP packet can carry (a programming error,
 * not input from the network): more than 15 CSRCs, an extension not a multiple of 4 bytes, padding
 * over 255 bytes, or fields out of range.
 */
export function buildRtp(input: RtpBuildInput): Buffer {
  const csrc = input.csrc ?? [];
  const padding = input.paddingLength ?? 0;
  const ext = input.extension;
  if (csrc.length > 15) throw new RangeError('RTP: at most 15 CSRCs');
  if (!Number.isInteger(padding) || padding < 0 || padding > 255) throw new RangeError('RTP: padding 0..255');
  if (ext && ext.data.length % 4 !== 0) throw new RangeError('RTP: extension data must be a multiple of 4 bytes');
  if (ext && ext.data.length / 4 > 0xffff) throw new RangeError('RTP: extension too long');
  assertUint(input.payloadType, 0x7f, 'payloadType');
  assertUint(input.sequenceNumber, 0xffff, 'sequenceNumber');
  assertUint(input.timestamp, 0xffffffff, 'timestamp');
  assertUint(input.ssrc, 0xffffffff, 'ssrc');

  const headerLength = FIXED_HEADER + csrc.length * 4 + (ext ? 4 + ext.data.length : 0);
  // Every byte is written below except the padding's: only a padded packet needs zero-filling.
  const length = headerLength + input.payload.length + padding;
  const out = padding > 0 ? Buffer.alloc(length) : Buffer.allocUnsafe(length);
  out[0] = 0x80 | (padding > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | csrc.length;
  out[1] = (input.marker ? 0x80 : 0) | input.payloadType;
  out.writeUInt16BE(input.sequenceNumber, 2);
  out.writeUInt32BE(input.timestamp, 4);
  out.writeUInt32BE(input.ssrc, 8);
  let offset = FIXED_HEADER;
  for (const source of csrc) {
    assertUint(source, 0xffffffff, 'csrc');
    out.writeUInt32BE(source, offset);
    offset += 4;
  }
  if (ext) {
    assertUint(ext.profile, 0xffff, 'extension.profile');
    out.writeUInt16BE(ext.profile, offset);
    out.writeUInt16BE(ext.data.length / 4, offset + 2);
    ext.data.copy(out, offset + 4);
    offset += 4 + ext.data.length;
  }
  input.payload.copy(out, offset);
  if (padding > 0) out[out.length - 1] = padding;
  return out;
}

function assertUint(value: number, max: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`RTP: ${name} out of range 0..${max}`);
}

/** The next sequence number, wrapping 65535 → 0. */
export function nextSequence(sequence: number, step = 1): number {
  return (sequence + step) & 0xffff;
}

/**
 * Signed distance from `a` to `b` in 16-bit serial-number arithmetic (RFC 1982): positive when `b`
 * is newer. 65535 → 0 is +1; a jump of exactly half the space is reported as -32768.
 */
export function sequenceDelta(a: number, b: number): number {
  return ((((b - a) & 0xffff) + 0x8000) & 0xffff) - 0x8000;
}

/** Whether sequence `b` comes after `a` (across the wrap). */
export function isNewerSequence(a: number, b: number): boolean {
  return sequenceDelta(a, b) > 0;
}

/** Adds (or subtracts) samples to an RTP timestamp, wrapping at 2^32. */
export function addTimestamp(timestamp: number, samples: number): number {
  return (timestamp + samples) >>> 0;
}

/** Signed distance from timestamp `a` to `b` in 32-bit serial-number arithmetic. */
export function timestampDelta(a: number, b: number): number {
  return (b - a) | 0;
}

/** Whether timestamp `b` comes after `a` (across the wrap). */
export function isNewerTimestamp(a: number, b: number): boolean {
  return timestampDelta(a, b) > 0;
}

/**
 * Extends 16-bit sequence numbers to a monotonic count of cycles (RFC 3550 appendix A.1, without the
 * probation): feed every received sequence number, read the extended value back. A packet older than
 * the highest seen keeps the cycle it belongs to instead of looking 65,535 packets ahead (one from
 * before the very first packet comes back negative).
 */
export type SequenceUnwrapper = {
  /** Returns the extended sequence number (cycles × 65536 + sequence) of this packet. */
  push(sequence: number): number;
  /** The highest extended sequence number seen, or undefined before the first packet. */
  readonly highest: number | undefined;
};

export function createSequenceUnwrapper(): SequenceUnwrapper {
  let highest: number | undefined;
  return {
    push(sequence) {
      if (highest === undefined) {
        highest = sequence;
        return sequence;
      }
      const extended = highest + sequenceDelta(highest & 0xffff, sequence);
      if (extended > highest) highest = extended;
      return extended;
    },
    get highest() {
      return highest;
    },
  };
}
