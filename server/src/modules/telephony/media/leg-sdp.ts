/**
 * A leg's side of SDP offer/answer (RFC 3264): the offer we make, the answer to a peer's offer, and
 * what a peer's answer to our offer means. Pure: the leg keeps the results (which codec, where to
 * send, which payload types to accept) and its own SDP origin.
 */
import type { G711Law } from './g711';
import { FRAME_MS } from './leg-playback';
import type { MediaLaw } from './leg-types';
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

/** The telephone-event payload type we offer (the answerer may choose its own in its offers). */
export const OUR_EVENT_PAYLOAD_TYPE = 101;

export type Negotiated = {
  law: G711Law;
  audioPayloadType: number;
  /** The peer's telephone-event payload type, for sending; undefined when it does not do RFC 4733. */
  eventPayloadType: number | undefined;
  remote: { address: string; port: number };
  /** The direction as agreed, from our side. */
  direction: SdpDirection;
};

export const toApiLaw = (law: G711Law): MediaLaw => (law === 'pcmu' ? 'mulaw' : 'alaw');
export const fromApiLaw = (law: MediaLaw): G711Law => (law === 'mulaw' ? 'pcmu' : 'pcma');

export type PayloadKind = { kind: 'audio'; law: G711Law } | { kind: 'event' };

/** Negotiated parameters and the payload types to accept from the peer from now on. */
export type Agreement = { negotiated: Negotiated; accept: Map<number, PayloadKind> };

/** Our offer: PCMU(0), PCMA(8), telephone-event/8000 (101, 0-16), a=ptime:20, the direction. */
export function buildOffer(options: {
  origin: SdpOrigin;
  address: string;
  port: number;
  direction: SdpDirection;
}): string {
  const { origin } = options;
  const sdp: SessionDescription = {
    origin: { ...origin },
    sessionName: 'Kefu',
    connection: { netType: 'IN', addrType: origin.addrType, address: options.address },
    bandwidths: [],
    timing: ['0 0'],
    attributes: [],
    media: [
      {
        type: 'audio',
        port: options.port,
        protocol: 'RTP/AVP',
        formats: [String(PCMU.payloadType), String(PCMA.payloadType), String(OUR_EVENT_PAYLOAD_TYPE)],
        bandwidths: [],
        rtpmaps: [PCMU, PCMA, { payloadType: OUR_EVENT_PAYLOAD_TYPE, encoding: 'telephone-event', clockRate: 8000 }],
        fmtps: [{ payloadType: OUR_EVENT_PAYLOAD_TYPE, parameters: TELEPHONE_EVENTS }],
        ptime: FRAME_MS,
        direction: options.direction,
        attributes: [],
      },
    ],
  };
  return serializeSdp(sdp);
}

/** What we accept while our offer waits for its answer (early media): everything we offered. */
export function offeredPayloads(): Map<number, PayloadKind> {
  return new Map<number, PayloadKind>([
    [PCMU.payloadType, { kind: 'audio', law: 'pcmu' }],
    [PCMA.payloadType, { kind: 'audio', law: 'pcma' }],
    [OUR_EVENT_PAYLOAD_TYPE, { kind: 'event' }],
  ]);
}

export function parseRemoteSdp(
  remoteSdp: string,
): { ok: true; sdp: SessionDescription } | { ok: false; reason: string } {
  try {
    return { ok: true, sdp: parseSdp(remoteSdp) };
  } catch (error) {
    return { ok: false, reason: `bad_sdp: ${(error as Error).message}` };
  }
}

/** Our answer to a peer's (re-)offer; `held` when the offer puts us on hold. */
export function answerOffer(options: {
  offer: SessionDescription;
  origin: SdpOrigin;
  address: string;
  port: number;
  direction: SdpDirection;
}): ({ ok: true; sdp: string; held: boolean } & Agreement) | { ok: false; reason: string } {
  const result = negotiateAnswer({
    offer: options.offer,
    origin: { ...options.origin },
    address: options.address,
    port: options.port,
    direction: options.direction,
  });
  if (!result.ok) return { ok: false, reason: result.reason };
  const law: G711Law = result.codec.encoding.toUpperCase() === 'PCMA' ? 'pcma' : 'pcmu';
  const accept = new Map<number, PayloadKind>([[result.codec.payloadType, { kind: 'audio', law }]]);
  if (result.telephoneEventPayloadType !== undefined) {
    accept.set(result.telephoneEventPayloadType, { kind: 'event' });
  }
  return {
    ok: true,
    sdp: serializeSdp(result.answer),
    held: result.remoteHold,
    negotiated: {
      law,
      audioPayloadType: result.codec.payloadType,
      eventPayloadType: result.telephoneEventPayloadType,
      remote: result.remote,
      direction: result.direction,
    },
    accept,
  };
}

/** What the peer's answer to our offer (made with `offeredDirection`) agrees to. */
export function readAnswer(
  answer: SessionDescription,
  offeredDirection: SdpDirection,
): ({ ok: true; held: boolean } & Agreement) | { ok: false; reason: string } {
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
  return {
    ok: true,
    held: legacyHold || theirs === 'sendonly' || theirs === 'inactive',
    negotiated: {
      law: first.law,
      audioPayloadType: first.payloadType,
      eventPayloadType,
      remote: { address: connection.address, port: media.port },
      direction: agreedDirection(offeredDirection, theirs, legacyHold),
    },
    accept,
  };
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
