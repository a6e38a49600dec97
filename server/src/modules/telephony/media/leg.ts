/**
 * One call leg's RTP session: a UDP socket from the engine's port range, its SDP offer/answer, the
 * outgoing stream (prompts, relayed audio, RFC 4733 digits) and the incoming one (decoded audio,
 * digits, loss counting).
 *
 * Outgoing packets are never timed by the leg itself: the engine's one shared pacer calls `tick`
 * every 20 ms for each leg that has something to play (a prompt or a digit), so a thousand playing
 * legs cost one timer, not a thousand. Relayed audio (a bridge) goes out as soon as it arrives —
 * the sending peer already paced it, and holding it for the next tick would only add delay.
 *
 * Symmetric RTP (RFC 4961, what every SBC calls "latching"): a phone behind NAT writes its private
 * address into its SDP, so until the first packet arrives we send to the SDP address, and from then
 * on to the source address/port of that packet. We latch once per negotiation and never move the
 * latch on later packets, so a stray packet from elsewhere cannot hijack the stream; a re-offer that
 * changes the SDP address or port starts over.
 *
 * Only RTP: RTCP (the odd port above) is neither sent nor read; the engine hands out even ports so
 * adding it later does not change the port plan.
 */

import { randomInt } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import type { PacerTimers } from './clock';
import { createDtmfReceiver, type DtmfDigit, eventForDigit, planDtmfPackets } from './dtmf';
import { decodeG711, encodeG711, type G711Law, g711Silence, transcodeG711 } from './g711';
import { addTimestamp, buildRtp, createSequenceUnwrapper, nextSequence, parseRtp, type SequenceUnwrapper } from './rtp';
import {
  negotiateAnswer,
  PCMA,
  PCMU,
  parseSdp,
  type SdpDirection,
  type SdpMedia,
  type SdpOrigin,
  type SessionDescription,
  serializeSdp,
  TELEPHONE_EVENTS,
} from './sdp';

/** Samples in one 20 ms packet at 8 kHz. */
export const FRAME_SAMPLES = 160;
const FRAME_MS = 20;
/** The telephone-event payload type we offer (the answerer may choose its own in its offers). */
export const OUR_EVENT_PAYLOAD_TYPE = 101;
/** Pause between queued digits, in 20 ms slots, so a receiver sees two key presses, not one. */
const INTER_DIGIT_SLOTS = 3;

export type MediaLaw = 'mulaw' | 'alaw';

export type Playback = { readonly done: Promise<'finished' | 'stopped'>; stop(): void };

/** What a relayed packet carries about its origin, so the relaying leg keeps the timing. */
export type RelaySource = { ssrc: number; timestamp: number; marker: boolean };

export type MediaLeg = {
  readonly id: string;
  readonly localPort: number;
  /** SDP offer: PCMU(0), PCMA(8), telephone-event/8000 (101, 0-16), a=ptime:20, the direction, c= advertised address. */
  offer(options?: { direction?: SdpDirection }): string;
  /**
   * Negotiates a remote offer (initial or re-offer); returns the answer SDP. `held` is true when the
   * offer puts us on hold (sendonly, inactive or c=0.0.0.0). Failure → the caller sends 488.
   */
  answer(
    remoteSdp: string,
    options?: { direction?: SdpDirection },
  ): { ok: true; sdp: string; held: boolean } | { ok: false; reason: string };
  /** Applies the remote answer to our last `offer()`. */
  applyAnswer(remoteSdp: string): { ok: true; held: boolean } | { ok: false; reason: string };
  readonly law: MediaLaw | undefined;
  /**
   * Plays 8 kHz 16-bit mono audio paced at 20 ms per packet; a new play() stops the previous one.
   * The buffers are treated as immutable (their encoding is cached per buffer). Played before the
   * SDP is negotiated, or while not sending, the audio runs on silently (nothing is queued).
   */
  play(audio: Int16Array | readonly Int16Array[], options?: { loop?: boolean }): Playback;
  stopPlayback(): void;
  /** Each RFC 4733 key press once. */
  onDtmf(listener: (digit: string) => void): () => void;
  /** Decoded received audio, one frame per received packet (160 samples at ptime 20). */
  onAudio(listener: (frame: Int16Array, receivedAt: number) => void): () => void;
  /**
   * Sends a digit as RFC 4733 events on the paced clock (holding back audio meanwhile); queued
   * behind digits still being sent. Rejects with MEDIA.NO_TELEPHONE_EVENT when the peer did not
   * negotiate telephone-event, MEDIA.BAD_DIGIT on anything but 0-9 * # A-D. Resolves (without
   * sending the rest) if the leg closes meanwhile.
   */
  sendDtmf(digit: string): Promise<void>;
  /** Our own switch on output (hold); the negotiated direction also has to allow sending. */
  setSending(on: boolean): void;
  /** `lastReceivedAt` is on the engine's timer port (performance.now() in production). */
  stats(): { packetsSent: number; packetsReceived: number; lost: number; lastReceivedAt: number | undefined };
  close(): void;
  readonly closed: boolean;
  /** Added for bridges: raw received audio payloads with their law, before decoding. */
  onRtpAudio(listener: (payload: Buffer, law: MediaLaw, source: RelaySource) => void): () => void;
  /**
   * Added for bridges: sends a payload received on another leg right away, transcoded to our law
   * if needed, in our own stream (our SSRC, sequence and timestamps, following the source's timing).
   * Dropped while a prompt or a digit is playing, while not sending, or before negotiation.
   */
  relayAudio(payload: Buffer, law: MediaLaw, source: RelaySource): void;
};

/** What the engine lends a leg. */
export type LegContext = {
  id: string;
  socket: Socket;
  port: number;
  advertisedAddress: string;
  timers: PacerTimers;
  log: Logger;
  counters: { packetsSent: number; packetsReceived: number; bytesSent: number; bytesReceived: number; ignored: number };
  /** Asks for `tick` calls from the shared pacer (idempotent). */
  activate(handle: LegHandle): void;
  recordLateness(ms: number): void;
  /** Called once on close: the engine frees the port and keeps the leg's counters. */
  released(handle: LegHandle): void;
};

/** The engine's side of a leg. */
export type LegHandle = {
  leg: MediaLeg;
  /** One pacer slot due at `dueAt`; returns whether the leg still needs ticks. */
  tick(dueAt: number): boolean;
  lost(): number;
};

type Negotiated = {
  law: G711Law;
  audioPayloadType: number;
  /** The peer's telephone-event payload type, for sending; undefined when it does not do RFC 4733. */
  eventPayloadType: number | undefined;
  remote: { address: string; port: number };
  /** The direction as agreed, from our side. */
  direction: SdpDirection;
};

type PayloadKind = { kind: 'audio'; law: G711Law } | { kind: 'event' };

type PlaybackState = {
  buffers: readonly Int16Array[];
  index: number;
  offset: number;
  loop: boolean;
  finish(outcome: 'finished' | 'stopped'): void;
};

type DigitJob = { digit: DtmfDigit; resolve(): void };
type DigitInProgress = { packets: ReturnType<typeof planDtmfPackets> | undefined; next: number; job: DigitJob };

/**
 * Encoded copies of played audio per law, shared by every leg playing the same buffer: prompts and
 * music come from the prompt library's cache as the same Int16Array, so a thousand callers on hold
 * cost one encoding and a 160-byte copy per packet instead of 160 table lookups each. The price: a
 * buffer handed to play() must not be modified afterwards.
 */
const encodedAudio = new WeakMap<Int16Array, Partial<Record<G711Law, Buffer>>>();

function encoded(audio: Int16Array, law: G711Law): Buffer {
  let entry = encodedAudio.get(audio);
  if (!entry) {
    entry = {};
    encodedAudio.set(audio, entry);
  }
  entry[law] ??= encodeG711(law, audio);
  return entry[law];
}

const toApiLaw = (law: G711Law): MediaLaw => (law === 'pcmu' ? 'mulaw' : 'alaw');
const fromApiLaw = (law: MediaLaw): G711Law => (law === 'mulaw' ? 'pcmu' : 'pcma');

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

export function createLeg(ctx: LegContext): LegHandle {
  const { socket, timers } = ctx;
  const ssrc = randomInt(0, 0x1_0000_0000);
  let sequence = randomInt(0, 0x1_0000);
  /** The RTP timestamp of the last slot sent (initially random: RFC 3550 §5.1). */
  let timestamp = randomInt(0, 0x1_0000_0000);
  /** When the last slot went out (due time for paced slots, arrival time for relayed ones). */
  let lastSlotAt: number | undefined;
  let markNext = true;

  const origin: SdpOrigin = {
    username: 'kefu',
    sessionId: String(randomInt(1, 2 ** 47)),
    sessionVersion: String(randomInt(1, 2 ** 31)),
    netType: 'IN',
    addrType: ctx.advertisedAddress.includes(':') ? 'IP6' : 'IP4',
    address: ctx.advertisedAddress,
  };
  let offeredDirection: SdpDirection = 'sendrecv';
  let negotiated: Negotiated | undefined;
  /** Payload types we accept from the peer; empty until we offer or answer. */
  let receiving = new Map<number, PayloadKind>();
  let latched: { address: string; port: number } | undefined;
  let sendingWanted = true;

  let playback: PlaybackState | undefined;
  const digitQueue: DigitJob[] = [];
  let digit: DigitInProgress | undefined;
  /** Slots to wait before the next queued digit. */
  let digitPause = 0;
  let lastRelaySsrc: number | undefined;
  let lastRelayTimestamp = 0;

  const dtmfReceiver = createDtmfReceiver();
  const dtmfListeners = listenerList<(digit: string) => void>();
  const audioListeners = listenerList<(frame: Int16Array, receivedAt: number) => void>();
  const rtpListeners = listenerList<(payload: Buffer, law: MediaLaw, source: RelaySource) => void>();

  let packetsSent = 0;
  let packetsReceived = 0;
  let lastReceivedAt: number | undefined;
  type SourceStats = { ssrc: number; unwrapper: SequenceUnwrapper; lowest: number; received: number };
  let source: SourceStats | undefined;
  let lostEarlierSources = 0;
  let closed = false;

  const lostOf = (s: SourceStats | undefined) =>
    s === undefined ? 0 : Math.max(0, (s.unwrapper.highest ?? s.lowest) - s.lowest + 1 - s.received);

  socket.on('message', (datagram, rinfo) => {
    if (closed) return;
    const parsed = parseRtp(datagram);
    const kind = parsed.ok ? receiving.get(parsed.packet.payloadType) : undefined;
    if (!parsed.ok || !kind) {
      ctx.counters.ignored++;
      // Comfort noise (13) and other payloads we did not negotiate still use the sequence numbers
      // of the peer's stream: counted, they are not mistaken for losses.
      if (parsed.ok && parsed.packet.ssrc === source?.ssrc)
        countSequence(parsed.packet.ssrc, parsed.packet.sequenceNumber);
      return;
    }
    const packet = parsed.packet;
    if (!latched) latched = { address: rinfo.address, port: rinfo.port };
    const now = timers.now();
    packetsReceived++;
    lastReceivedAt = now;
    ctx.counters.packetsReceived++;
    ctx.counters.bytesReceived += datagram.length;
    countSequence(packet.ssrc, packet.sequenceNumber);

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
  });
  socket.on('error', (error) => ctx.log.warn({ err: error, leg: ctx.id }, 'RTP socket error'));

  function countSequence(packetSsrc: number, sequenceNumber: number): void {
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
  }

  /**
   * Where packets go: the latched source, else the SDP address; nowhere while on hold at 0.0.0.0.
   * A host name in c= (legal, rare) is not resolved: a DNS lookup per packet has no place on the
   * media path, so such a peer gets audio once its first packet has been latched.
   */
  function destination(): { address: string; port: number } | undefined {
    if (latched) return latched;
    const remote = negotiated?.remote;
    if (!remote || remote.port === 0 || isIP(remote.address) === 0) return undefined;
    if (remote.address === '0.0.0.0' || remote.address === '::') return undefined;
    return remote;
  }

  function maySend(): boolean {
    if (!sendingWanted || !negotiated || closed) return false;
    return negotiated.direction === 'sendrecv' || negotiated.direction === 'sendonly';
  }

  /**
   * Moves the media clock to the slot at `at`: by the source's own timestamp step for relayed audio
   * of a continuing stream, else by the elapsed time rounded to whole 20 ms slots (so a pause in
   * output shows up as a timestamp jump, as RFC 3550 asks for silence suppression).
   */
  function advanceClock(at: number, sourceStep?: number): number {
    if (lastSlotAt !== undefined) {
      const step =
        sourceStep !== undefined && sourceStep > 0 && sourceStep <= 8000
          ? sourceStep
          : Math.max(1, Math.round((at - lastSlotAt) / FRAME_MS)) * FRAME_SAMPLES;
      if (sourceStep === undefined && at - lastSlotAt > FRAME_MS * 1.5) markNext = true;
      timestamp = addTimestamp(timestamp, step);
    }
    lastSlotAt = at;
    return timestamp;
  }

  function send(payloadType: number, payload: Buffer, marker: boolean, stamp: number, dueAt?: number): void {
    const to = destination();
    if (!to) return;
    const packet = buildRtp({ payloadType, payload, marker, sequenceNumber: sequence, timestamp: stamp, ssrc });
    sequence = nextSequence(sequence);
    socket.send(packet, to.port, to.address);
    // The engine's socket lookup is synchronous, so the datagram has left when send() returns.
    if (dueAt !== undefined) ctx.recordLateness(timers.now() - dueAt);
    packetsSent++;
    ctx.counters.packetsSent++;
    ctx.counters.bytesSent += packet.length;
  }

  /**
   * The next packet's payload of the playback in `law`: a view into the shared encoded copy when the
   * frame lies inside one buffer, else a fresh frame joined across buffers (the last padded with
   * silence); undefined at the end.
   */
  function nextPayload(state: PlaybackState, law: G711Law): Buffer | undefined {
    const current = state.buffers[state.index];
    if (current && state.offset + FRAME_SAMPLES <= current.length) {
      const payload = encoded(current, law).subarray(state.offset, state.offset + FRAME_SAMPLES);
      state.offset += FRAME_SAMPLES;
      if (state.offset >= current.length) {
        state.index++;
        state.offset = 0;
      }
      return payload;
    }
    const frame = Buffer.alloc(FRAME_SAMPLES, g711Silence(law));
    let filled = 0;
    let wrapped = false;
    while (filled < FRAME_SAMPLES) {
      const buffer = state.buffers[state.index];
      if (!buffer) {
        // A loop goes on from the start within the same frame (no gap at the seam); one that
        // wraps twice without a sample in between is empty and ends instead of spinning.
        if (!state.loop || wrapped) break;
        state.index = 0;
        state.offset = 0;
        wrapped = true;
        continue;
      }
      const take = Math.min(FRAME_SAMPLES - filled, buffer.length - state.offset);
      if (take > 0) wrapped = false;
      encoded(buffer, law).copy(frame, filled, state.offset, state.offset + take);
      filled += take;
      state.offset += take;
      if (state.offset >= buffer.length) {
        state.index++;
        state.offset = 0;
      }
    }
    return filled === 0 ? undefined : frame;
  }

  function tick(dueAt: number): boolean {
    if (closed) return false;
    if (digit) {
      tickDigit(dueAt);
    } else if (digitPause > 0 || digitQueue.length > 0) {
      if (digitPause > 0) digitPause--;
      else startDigit();
      if (digit) tickDigit(dueAt);
      else tickPlayback(dueAt);
    } else {
      tickPlayback(dueAt);
    }
    return playback !== undefined || digit !== undefined || digitQueue.length > 0 || digitPause > 0;
  }

  function tickPlayback(dueAt: number): void {
    if (!playback) return;
    // Before negotiation the clock of the prompt still runs (in µ-law, never sent).
    const payload = nextPayload(playback, negotiated?.law ?? 'pcmu');
    if (!payload) {
      playback.finish('finished');
      return;
    }
    const stamp = advanceClock(dueAt);
    if (!maySend() || !negotiated) return;
    send(negotiated.audioPayloadType, payload, consumeMarker(), stamp, dueAt);
  }

  function consumeMarker(): boolean {
    const marker = markNext;
    markNext = false;
    return marker;
  }

  function startDigit(): void {
    const job = digitQueue.shift();
    if (!job) return;
    digit = { packets: undefined, next: 0, job };
  }

  function tickDigit(dueAt: number): void {
    const current = digit!;
    const stamp = advanceClock(dueAt);
    // The event's timestamp is the media clock at its first packet (RFC 4733 §2.5.1.1).
    current.packets ??= planDtmfPackets({ digit: current.job.digit, timestamp: stamp });
    const packet = current.packets[current.next++]!;
    const eventPayloadType = negotiated?.eventPayloadType;
    if (maySend() && eventPayloadType !== undefined) {
      send(eventPayloadType, packet.payload, packet.marker, packet.timestamp, dueAt);
    }
    if (current.next >= current.packets.length) {
      digit = undefined;
      digitPause = INTER_DIGIT_SLOTS;
      markNext = true; // audio after the event starts a new talkspurt
      current.job.resolve();
    }
  }

  function stopPlayback(): void {
    playback?.finish('stopped');
  }

  function renegotiated(next: Negotiated, accept: Map<number, PayloadKind>): void {
    const before = negotiated?.remote;
    if (!before || before.address !== next.remote.address || before.port !== next.remote.port) latched = undefined;
    if (negotiated && negotiated.direction !== next.direction) markNext = true;
    negotiated = next;
    receiving = accept;
  }

  function bumpVersion(): void {
    origin.sessionVersion = (BigInt(origin.sessionVersion) + 1n).toString();
  }

  const leg: MediaLeg = {
    id: ctx.id,
    localPort: ctx.port,

    offer(options) {
      offeredDirection = options?.direction ?? 'sendrecv';
      bumpVersion();
      const sdp: SessionDescription = {
        origin: { ...origin },
        sessionName: 'Kefu',
        connection: { netType: 'IN', addrType: origin.addrType, address: ctx.advertisedAddress },
        bandwidths: [],
        timing: ['0 0'],
        attributes: [],
        media: [
          {
            type: 'audio',
            port: ctx.port,
            protocol: 'RTP/AVP',
            formats: [String(PCMU.payloadType), String(PCMA.payloadType), String(OUR_EVENT_PAYLOAD_TYPE)],
            bandwidths: [],
            rtpmaps: [
              PCMU,
              PCMA,
              { payloadType: OUR_EVENT_PAYLOAD_TYPE, encoding: 'telephone-event', clockRate: 8000 },
            ],
            fmtps: [{ payloadType: OUR_EVENT_PAYLOAD_TYPE, parameters: TELEPHONE_EVENTS }],
            ptime: FRAME_MS,
            direction: offeredDirection,
            attributes: [],
          },
        ],
      };
      // Early media may arrive before the answer: accept what we offered meanwhile.
      if (!negotiated) {
        receiving = new Map<number, PayloadKind>([
          [PCMU.payloadType, { kind: 'audio', law: 'pcmu' }],
          [PCMA.payloadType, { kind: 'audio', law: 'pcma' }],
          [OUR_EVENT_PAYLOAD_TYPE, { kind: 'event' }],
        ]);
      }
      return serializeSdp(sdp);
    },

    answer(remoteSdp, options) {
      if (closed) return { ok: false, reason: 'closed' };
      let offer: SessionDescription;
      try {
        offer = parseSdp(remoteSdp);
      } catch (error) {
        return { ok: false, reason: `bad_sdp: ${(error as Error).message}` };
      }
      bumpVersion();
      const result = negotiateAnswer({
        offer,
        origin: { ...origin },
        address: ctx.advertisedAddress,
        port: ctx.port,
        direction: options?.direction ?? 'sendrecv',
      });
      if (!result.ok) return { ok: false, reason: result.reason };
      const law: G711Law = result.codec.encoding.toUpperCase() === 'PCMA' ? 'pcma' : 'pcmu';
      const accept = new Map<number, PayloadKind>([[result.codec.payloadType, { kind: 'audio', law }]]);
      if (result.telephoneEventPayloadType !== undefined) {
        accept.set(result.telephoneEventPayloadType, { kind: 'event' });
      }
      renegotiated(
        {
          law,
          audioPayloadType: result.codec.payloadType,
          eventPayloadType: result.telephoneEventPayloadType,
          remote: result.remote,
          direction: result.direction,
        },
        accept,
      );
      return { ok: true, sdp: serializeSdp(result.answer), held: result.remoteHold };
    },

    applyAnswer(remoteSdp) {
      if (closed) return { ok: false, reason: 'closed' };
      let answer: SessionDescription;
      try {
        answer = parseSdp(remoteSdp);
      } catch (error) {
        return { ok: false, reason: `bad_sdp: ${(error as Error).message}` };
      }
      const media = answer.media[0];
      if (media?.type !== 'audio' || media.port === 0) return { ok: false, reason: 'rejected' };
      const connection = media.connection ?? answer.connection;
      if (!connection) return { ok: false, reason: 'no_connection_address' };
      const accept = new Map<number, PayloadKind>();
      let first: { payloadType: number; law: G711Law } | undefined;
      for (const format of media.formats) {
        const payloadType = Number(format);
        const law = lawOfAnswered(media, payloadType);
        if (law) {
          accept.set(payloadType, { kind: 'audio', law });
          first ??= { payloadType, law };
        }
      }
      if (!first) return { ok: false, reason: 'no_common_codec' };
      const eventPayloadType = media.rtpmaps.find(
        (r) =>
          r.encoding.toLowerCase() === 'telephone-event' &&
          r.clockRate === 8000 &&
          media.formats.includes(String(r.payloadType)),
      )?.payloadType;
      if (eventPayloadType !== undefined) accept.set(eventPayloadType, { kind: 'event' });
      // Peers that ignore RFC 3264 and send with the number we offered still get their digits heard.
      if (!accept.has(OUR_EVENT_PAYLOAD_TYPE)) accept.set(OUR_EVENT_PAYLOAD_TYPE, { kind: 'event' });
      const theirs = media.direction ?? answer.direction ?? 'sendrecv';
      const legacyHold = connection.address === '0.0.0.0';
      renegotiated(
        {
          law: first.law,
          audioPayloadType: first.payloadType,
          eventPayloadType,
          remote: { address: connection.address, port: media.port },
          direction: agreedDirection(offeredDirection, theirs, legacyHold),
        },
        accept,
      );
      return { ok: true, held: legacyHold || theirs === 'sendonly' || theirs === 'inactive' };
    },

    get law() {
      return negotiated ? toApiLaw(negotiated.law) : undefined;
    },

    play(audio, options) {
      stopPlayback();
      let finish!: (outcome: 'finished' | 'stopped') => void;
      const done = new Promise<'finished' | 'stopped'>((resolve) => {
        finish = resolve;
      });
      const state: PlaybackState = {
        buffers: audio instanceof Int16Array ? [audio] : audio,
        index: 0,
        offset: 0,
        loop: options?.loop ?? false,
        finish(outcome) {
          if (playback === state) playback = undefined;
          finish(outcome);
        },
      };
      if (closed) {
        finish('stopped');
      } else {
        playback = state;
        markNext = true;
        ctx.activate(handle);
      }
      return { done, stop: () => state.finish('stopped') };
    },

    stopPlayback,

    onDtmf(listener) {
      return dtmfListeners.add(listener);
    },

    onAudio(listener) {
      return audioListeners.add(listener);
    },

    sendDtmf(key) {
      if (closed) return Promise.resolve();
      const upper = key.toUpperCase();
      if (upper.length !== 1 || eventForDigit(upper as DtmfDigit) < 0) {
        return Promise.reject(new AppError('invalid', 'MEDIA.BAD_DIGIT', `not a DTMF digit: ${key}`));
      }
      if (negotiated?.eventPayloadType === undefined) {
        return Promise.reject(
          new AppError('conflict', 'MEDIA.NO_TELEPHONE_EVENT', 'the peer did not negotiate telephone-event'),
        );
      }
      return new Promise<void>((resolve) => {
        digitQueue.push({ digit: upper as DtmfDigit, resolve });
        ctx.activate(handle);
      });
    },

    setSending(on) {
      if (on && !sendingWanted) markNext = true;
      sendingWanted = on;
    },

    stats() {
      return { packetsSent, packetsReceived, lost: lostEarlierSources + lostOf(source), lastReceivedAt };
    },

    close() {
      if (closed) return;
      closed = true;
      stopPlayback();
      if (digit) digit.job.resolve();
      for (const job of digitQueue.splice(0)) job.resolve();
      digit = undefined;
      dtmfListeners.clear();
      audioListeners.clear();
      rtpListeners.clear();
      try {
        socket.close();
      } catch {
        // Already closed by an error: nothing left to free.
      }
      ctx.released(handle);
    },

    get closed() {
      return closed;
    },

    onRtpAudio(listener) {
      return rtpListeners.add(listener);
    },

    relayAudio(payload, law, from) {
      const continuing = lastRelaySsrc === from.ssrc;
      const step = continuing ? (from.timestamp - lastRelayTimestamp) >>> 0 : undefined;
      lastRelaySsrc = from.ssrc;
      lastRelayTimestamp = from.timestamp;
      if (!negotiated || !maySend() || playback || digit) return;
      const stamp = advanceClock(timers.now(), step);
      const marker = consumeMarker() || from.marker || !continuing;
      const out = transcodeG711(fromApiLaw(law), negotiated.law, payload);
      send(negotiated.audioPayloadType, out, marker, stamp);
    },
  };

  const handle: LegHandle = { leg, tick, lost: () => lostEarlierSources + lostOf(source) };
  return handle;
}

/** The law of a payload type in an answer to our offer: by its rtpmap, else the static numbers. */
function lawOfAnswered(media: SdpMedia, payloadType: number): G711Law | undefined {
  const mapped = media.rtpmaps.find((r) => r.payloadType === payloadType);
  const encoding = mapped
    ? mapped.encoding.toUpperCase()
    : payloadType === 0
      ? 'PCMU'
      : payloadType === 8
        ? 'PCMA'
        : '';
  if (mapped && mapped.clockRate !== 8000) return undefined;
  if (encoding === 'PCMU') return 'pcmu';
  if (encoding === 'PCMA') return 'pcma';
  return undefined;
}

/** Our direction after the answer: what we offered, limited by what the answerer agreed to. */
function agreedDirection(ours: SdpDirection, theirs: SdpDirection, legacyHold: boolean): SdpDirection {
  const weSend =
    (ours === 'sendrecv' || ours === 'sendonly') && !legacyHold && (theirs === 'sendrecv' || theirs === 'recvonly');
  const weReceive = (ours === 'sendrecv' || ours === 'recvonly') && (theirs === 'sendrecv' || theirs === 'sendonly');
  if (weSend && weReceive) return 'sendrecv';
  if (weSend) return 'sendonly';
  if (weReceive) return 'recvonly';
  return 'inactive';
}
