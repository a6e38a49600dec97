/**
 * RFC 4733 telephone-events (DTMF carried in RTP): the 4-byte payload, a receiver that turns the
 * packet stream of a leg into each key press exactly once, and a sender's packet plan for a digit.
 *
 * Payload (RFC 4733 §2.3): event (8 bits) | E end bit | R reserved | volume (6 bits, 0..63 = -dBm0)
 * | duration (16 bits, in RTP clock units since the event's timestamp).
 */
import { isNewerTimestamp, timestampDelta } from './rtp';

export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** Events 0..15 in RFC 4733 order (§3.2): index = event code. */
export const DTMF_DIGITS: readonly DtmfDigit[] = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
  '#',
  'A',
  'B',
  'C',
  'D',
];

/** Event 16: hook flash (RFC 4733 §3.2), the last event our SDP advertises (`0-16`). */
export const FLASH_EVENT = 16;

export type TelephoneEvent = {
  /** 0..255; 0..15 are DTMF digits, 16 is flash. */
  event: number;
  end: boolean;
  /** 0..63, the power level as -dBm0 (larger is quieter). */
  volume: number;
  /** 0..65535 in RTP clock units. */
  duration: number;
};

/** The digit of an event code, or undefined for non-DTMF events (flash, tones). */
export function digitForEvent(event: number): DtmfDigit | undefined {
  return DTMF_DIGITS[event];
}

/** The event code of a digit (case-insensitive for A–D). */
export function eventForDigit(digit: DtmfDigit | Lowercase<DtmfDigit>): number {
  return DTMF_DIGITS.indexOf(digit.toUpperCase() as DtmfDigit);
}

/** Reads one event from a payload; undefined when shorter than 4 bytes. Extra bytes are ignored. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const flags = payload[1]!;
  return {
    event: payload[0]!,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

export function buildTelephoneEvent(event: TelephoneEvent): Buffer {
  const out = Buffer.alloc(4);
  out[0] = event.event & 0xff;
  out[1] = (event.end ? 0x80 : 0) | (event.volume & 0x3f);
  out.writeUInt16BE(event.duration & 0xffff, 2);
  return out;
}

/** What the receiver needs of an RTP packet: `parseRtp`'s packets fit as they are. */
export type TelephoneEventPacket = {
  ssrc: number;
  marker: boolean;
  timestamp: number;
  payload: Uint8Array;
};

export type ReceivedEvent = {
  event: number;
  /** Undefined for events that are not digits (flash). */
  digit: DtmfDigit | undefined;
  /** RTP timestamp identifying the event. */
  timestamp: number;
  volume: number;
};

export type DtmfReceiver = {
  /** Feeds one telephone-event packet; returns the event when this packet reveals a new key press. */
  push(packet: TelephoneEventPacket): ReceivedEvent | undefined;
};

/**
 * Receiver state machine. One key press is one RTP timestamp (RFC 4733 §2.5.1.1): the start packet
 * (marker set), its updates and the three redundant end packets all carry it. A press is reported
 * on the first packet seen of it — whichever that is, so a lost start packet or lost end packets
 * still yield the digit once, and as early as possible for the IVR. Ignored:
 * - packets of the current event (updates, retransmitted end packets, duplicates);
 * - packets of an older event arriving late (timestamp not newer than the current one), except a
 *   start packet (marker) once the current event has ended: a sender whose clock jumped back;
 * - the next segment of a very long event (RFC 4733 §2.5.1.3: same event code, no marker, a new
 *   timestamp at most 65535 units on, while the previous segment has not ended and had grown past
 *   half the 16-bit duration — no human key press lasts 4 s, so a lost start packet of a quick
 *   second press of the same key is not mistaken for one);
 * - payloads shorter than 4 bytes.
 * A new SSRC (the sender restarted its stream, or a re-INVITE switched sources) starts afresh.
 */
export function createDtmfReceiver(): DtmfReceiver {
  type Current = { ssrc: number; timestamp: number; event: number; ended: boolean; longest: number };
  let current: Current | undefined;
  return {
    push(packet) {
      const parsed = parseTelephoneEvent(packet.payload);
      if (!parsed) return undefined;
      const previous = current?.ssrc === packet.ssrc ? current : undefined;
      if (previous) {
        if (packet.timestamp === previous.timestamp) {
          if (parsed.end) previous.ended = true;
          if (parsed.duration > previous.longest) previous.longest = parsed.duration;
          return undefined;
        }
        // A late packet of an older press is ignored — unless it starts a new press (marker) after
        // the current one ended: senders that restart their clock (sipp replaying pcap files,
        // some gateways after a re-INVITE) jump backwards, and that key press must not be lost.
        if (!isNewerTimestamp(previous.timestamp, packet.timestamp) && !(packet.marker && previous.ended)) {
          return undefined;
        }
      }
      current = {
        ssrc: packet.ssrc,
        timestamp: packet.timestamp,
        event: parsed.event,
        ended: parsed.end,
        longest: parsed.duration,
      };
      const continuation =
        previous !== undefined &&
        !packet.marker &&
        !previous.ended &&
        parsed.event === previous.event &&
        previous.longest >= 0x8000 &&
        timestampDelta(previous.timestamp, packet.timestamp) <= 0x10000;
      if (continuation) return undefined;
      return {
        event: parsed.event,
        digit: digitForEvent(parsed.event),
        timestamp: packet.timestamp,
        volume: parsed.volume,
      };
    },
  };
}

export type DtmfSendOptions = {
  digit: DtmfDigit | Lowercase<DtmfDigit>;
  /** RTP timestamp of the event: the media clock at the moment the key press starts. */
  timestamp: number;
  /** Tone length; default 100 ms. At most 65535 clock units (8.19 s at 8 kHz). */
  durationMs?: number;
  /** -dBm0, 0..63; default 10. */
  volume?: number;
  /** Interval between updates; default 20 ms, the audio packet interval. */
  packetMs?: number;
  clockRate?: number;
  /** Redundant end packets; default 3 (RFC 4733 §2.5.1.4). */
  endPackets?: number;
};

export type DtmfSendPacket = {
  /** When to send it, in ms after the first packet. */
  atMs: number;
  marker: boolean;
  /** The same for every packet of the event. */
  timestamp: number;
  payload: Buffer;
};

/**
 * The packets that send one digit (RFC 4733 §2.5.1): the first with the marker bit, an update every
 * `packetMs` whose duration covers the event so far (including that packet's interval), then the
 * end packets with the final duration, one per interval. The caller gives them consecutive sequence
 * numbers in its RTP stream and holds back audio packets meanwhile.
 */
export function planDtmfPackets(options: DtmfSendOptions): DtmfSendPacket[] {
  const event = eventForDigit(options.digit);
  if (event < 0) throw new RangeError(`DTMF: not a digit: ${options.digit}`);
  const durationMs = options.durationMs ?? 100;
  const packetMs = options.packetMs ?? 20;
  const clockRate = options.clockRate ?? 8000;
  const volume = options.volume ?? 10;
  const endPackets = options.endPackets ?? 3;
  const total = Math.round((durationMs * clockRate) / 1000);
  const step = Math.round((packetMs * clockRate) / 1000);
  if (total <= 0 || total > 0xffff) throw new RangeError('DTMF: duration must be 1..65535 clock units');
  if (step <= 0) throw new RangeError('DTMF: packet interval must be positive');
  if (volume < 0 || volume > 63) throw new RangeError('DTMF: volume 0..63');

  const packets: DtmfSendPacket[] = [];
  const updates = Math.ceil(total / step);
  for (let k = 0; k < updates; k++) {
    packets.push({
      atMs: k * packetMs,
      marker: k === 0,
      timestamp: options.timestamp,
      payload: buildTelephoneEvent({ event, end: false, volume, duration: Math.min((k + 1) * step, total) }),
    });
  }
  for (let i = 0; i < endPackets; i++) {
    packets.push({
      atMs: (updates + i) * packetMs,
      marker: false,
      timestamp: options.timestamp,
      payload: buildTelephoneEvent({ event, end: true, volume, duration: total }),
    });
  }
  return packets;
}
