/**
 * The contract of a call leg's RTP session (`MediaLeg`, what call control and bridges use) and the
 * engine's side of it (`LegContext` lent to a leg, `LegHandle` driven by the pacer). The leg itself
 * is in leg.ts.
 */
import type { Socket } from 'node:dgram';
import type { Logger } from '../../../platform/logger';
import type { PacerTimers } from './clock';
import type { SdpDirection } from './sdp';

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
