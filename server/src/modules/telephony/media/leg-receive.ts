/**
 * The incoming side of a leg: received datagrams checked against the negotiated payload types, then
 * handed out as digits (RFC 4733), raw payloads (bridges) and decoded frames; loss counted from the
 * sequence numbers of each source (RTCP is not implemented).
 */
import type { PacerTimers } from './clock';
import { createDtmfReceiver } from './dtmf';
import { decodeG711 } from './g711';
import { type PayloadKind, toApiLaw } from './leg-sdp';
import type { LegContext, MediaLaw, RelaySource } from './leg-types';
import { createSequenceUnwrapper, parseRtp, type SequenceUnwrapper } from './rtp';

export function createReceiver(timers: PacerTimers, counters: LegContext['counters']) {
  const dtmfReceiver = createDtmfReceiver();
  const dtmfListeners = listenerList<(digit: string) => void>();
  const audioListeners = listenerList<(frame: Int16Array, receivedAt: number) => void>();
  const rtpListeners = listenerList<(payload: Buffer, law: MediaLaw, source: RelaySource) => void>();
  const loss = createLossCounter();
  let packets = 0;
  let lastAt: number | undefined;

  return {
    dtmfListeners,
    audioListeners,
    rtpListeners,
    get packets() {
      return packets;
    },
    /** On the engine's timer port (performance.now() in production). */
    get lastAt() {
      return lastAt;
    },
    lost: () => loss.lost(),
    /** One datagram; `accepted` runs before any listener when it carries a negotiated payload type. */
    receive(datagram: Buffer, receiving: ReadonlyMap<number, PayloadKind>, accepted: () => void): void {
      const parsed = parseRtp(datagram);
      const kind = parsed.ok ? receiving.get(parsed.packet.payloadType) : undefined;
      if (!parsed.ok || !kind) {
        counters.ignored++;
        // Comfort noise (13) and other payloads we did not negotiate still use the sequence numbers
        // of the peer's stream: counted, they are not mistaken for losses.
        if (parsed.ok && parsed.packet.ssrc === loss.ssrc) loss.count(parsed.packet.ssrc, parsed.packet.sequenceNumber);
        return;
      }
      const packet = parsed.packet;
      accepted();
      const now = timers.now();
      packets++;
      lastAt = now;
      counters.packetsReceived++;
      counters.bytesReceived += datagram.length;
      loss.count(packet.ssrc, packet.sequenceNumber);

      if (kind.kind === 'event') {
        const received = dtmfReceiver.push(packet);
        if (received?.digit) for (const listener of dtmfListeners.all) listener(received.digit);
        return;
      }
      if (rtpListeners.size > 0) {
        const info = { ssrc: packet.ssrc, timestamp: packet.timestamp, marker: packet.marker };
        for (const listener of rtpListeners.all) listener(packet.payload, toApiLaw(kind.law), info);
      }
      if (audioListeners.size > 0) {
        const frame = decodeG711(kind.law, packet.payload);
        for (const listener of audioListeners.all) listener(frame, now);
      }
    },
    clear(): void {
      dtmfListeners.clear();
      audioListeners.clear();
      rtpListeners.clear();
    },
  };
}

/**
 * Listeners called once per received packet: the array handed out is replaced on every change, so
 * the receive path iterates it without copying (a listener added or removed while the listeners run
 * takes effect from the next packet, as with a copy taken per packet).
 */
function listenerList<F>() {
  const set = new Set<F>();
  let all: readonly F[] = [];
  return {
    get size() {
      return set.size;
    },
    get all() {
      return all;
    },
    add(listener: F): () => void {
      set.add(listener);
      all = [...set];
      return () => {
        if (set.delete(listener)) all = [...set];
      };
    },
    clear() {
      set.clear();
      all = [];
    },
  };
}

type SourceStats = { ssrc: number; unwrapper: SequenceUnwrapper; lowest: number; received: number };

const lostOf = (s: SourceStats | undefined) =>
  s === undefined ? 0 : Math.max(0, (s.unwrapper.highest ?? s.lowest) - s.lowest + 1 - s.received);

/**
 * Packets missing by sequence number. A new SSRC (the peer restarted its stream, a transfer) starts
 * a new count; what the earlier sources lost is kept.
 */
function createLossCounter() {
  let source: SourceStats | undefined;
  let lostEarlierSources = 0;
  return {
    /** The SSRC currently counted, if any packet arrived. */
    get ssrc(): number | undefined {
      return source?.ssrc;
    },
    count(packetSsrc: number, sequenceNumber: number): void {
      if (source?.ssrc !== packetSsrc) {
        lostEarlierSources += lostOf(source);
        source = {
          ssrc: packetSsrc,
          unwrapper: createSequenceUnwrapper(),
          lowest: Number.POSITIVE_INFINITY,
          received: 0,
        };
      }
      const extended = source.unwrapper.push(sequenceNumber);
      if (extended < source.lowest) source.lowest = extended;
      source.received++;
    },
    lost(): number {
      return lostEarlierSources + lostOf(source);
    },
  };
}
