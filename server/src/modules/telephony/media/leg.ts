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
 * The pieces around it: leg-types.ts (the MediaLeg contract), leg-sdp.ts (offer/answer),
 * leg-playback.ts (frames of played audio), leg-receive.ts (the incoming stream).
 *
 * Only RTP: RTCP (the odd port above) is neither sent nor read; the engine hands out even ports so
 * adding it later does not change the port plan.
 */

import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { type DtmfDigit, eventForDigit, planDtmfPackets } from './dtmf';
import { transcodeG711 } from './g711';
import {
  type DigitInProgress,
  type DigitJob,
  FRAME_MS,
  FRAME_SAMPLES,
  INTER_DIGIT_SLOTS,
  nextPayload,
  type PlaybackState,
} from './leg-playback';
import { createReceiver } from './leg-receive';
import {
  answerOffer,
  buildOffer,
  fromApiLaw,
  type Negotiated,
  offeredPayloads,
  type PayloadKind,
  parseRemoteSdp,
  readAnswer,
  toApiLaw,
} from './leg-sdp';
import type { LegContext, LegHandle, MediaLeg } from './leg-types';
import { badDigit, noTelephoneEvent } from './media.errors';
import { addTimestamp, buildRtp, nextSequence } from './rtp';
import type { SdpDirection, SdpOrigin } from './sdp';

export { FRAME_SAMPLES } from './leg-playback';
export { OUR_EVENT_PAYLOAD_TYPE } from './leg-sdp';
export type { LegContext, LegHandle, MediaLaw, MediaLeg, Playback, RelaySource } from './leg-types';

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

  const incoming = createReceiver(timers, ctx.counters);

  let packetsSent = 0;
  let closed = false;

  socket.on('message', (datagram, rinfo) => {
    if (closed) return;
    incoming.receive(datagram, receiving, () => {
      if (!latched) latched = { address: rinfo.address, port: rinfo.port };
    });
  });
  socket.on('error', (error) => ctx.log.warn({ err: error, leg: ctx.id }, 'RTP socket error'));

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
      const sdp = buildOffer({ origin, address: ctx.advertisedAddress, port: ctx.port, direction: offeredDirection });
      // Early media may arrive before the answer: accept what we offered meanwhile.
      if (!negotiated) receiving = offeredPayloads();
      return sdp;
    },

    answer(remoteSdp, options) {
      if (closed) return { ok: false, reason: 'closed' };
      const parsed = parseRemoteSdp(remoteSdp);
      if (!parsed.ok) return parsed;
      bumpVersion();
      const result = answerOffer({
        offer: parsed.sdp,
        origin,
        address: ctx.advertisedAddress,
        port: ctx.port,
        direction: options?.direction ?? 'sendrecv',
      });
      if (!result.ok) return result;
      renegotiated(result.negotiated, result.accept);
      return { ok: true, sdp: result.sdp, held: result.held };
    },

    applyAnswer(remoteSdp) {
      if (closed) return { ok: false, reason: 'closed' };
      const parsed = parseRemoteSdp(remoteSdp);
      if (!parsed.ok) return parsed;
      const result = readAnswer(parsed.sdp, offeredDirection);
      if (!result.ok) return result;
      renegotiated(result.negotiated, result.accept);
      return { ok: true, held: result.held };
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
      return incoming.dtmfListeners.add(listener);
    },

    onAudio(listener) {
      return incoming.audioListeners.add(listener);
    },

    sendDtmf(key) {
      if (closed) return Promise.resolve();
      const upper = key.toUpperCase();
      if (upper.length !== 1 || eventForDigit(upper as DtmfDigit) < 0) {
        return Promise.reject(badDigit(key));
      }
      if (negotiated?.eventPayloadType === undefined) {
        return Promise.reject(noTelephoneEvent());
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
      return { packetsSent, packetsReceived: incoming.packets, lost: incoming.lost(), lastReceivedAt: incoming.lastAt };
    },

    close() {
      if (closed) return;
      closed = true;
      stopPlayback();
      if (digit) digit.job.resolve();
      for (const job of digitQueue.splice(0)) job.resolve();
      digit = undefined;
      incoming.clear();
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
      return incoming.rtpListeners.add(listener);
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

  const handle: LegHandle = { leg, tick, lost: () => incoming.lost() };
  return handle;
}
