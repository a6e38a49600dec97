/**
 * SDP (RFC 4566) for audio calls, and the answerer's side of offer/answer (RFC 3264) with the
 * codecs Kefu speaks: PCMU (0), PCMA (8) and telephone-event (RFC 4733, dynamic payload type).
 *
 * `parseSdp` reads any well-formed SDP and keeps what it does not interpret as plain attributes;
 * the only thing it throws is `SdpError`. `negotiateAnswer` returns a value either way, because a
 * peer offering nothing we can play is an expected outcome (488 Not Acceptable Here), not a bug.
 */

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
const DIRECTIONS: readonly string[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

export type SdpOrigin = {
  username: string;
  sessionId: string;
  /** Kept as text: it is often a 64-bit number; increment it with `BigInt` on each re-offer. */
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
};

export type SdpConnection = { netType: string; addrType: string; address: string };

export type SdpRtpMap = { payloadType: number; encoding: string; clockRate: number; channels?: number };

export type SdpAttribute = { name: string; value?: string };

export type SdpMedia = {
  type: string;
  port: number;
  portCount?: number;
  protocol: string;
  /** Payload types for RTP profiles, as written. */
  formats: string[];
  connection?: SdpConnection;
  bandwidths: string[];
  rtpmaps: SdpRtpMap[];
  fmtps: { payloadType: number; parameters: string }[];
  direction?: SdpDirection;
  ptime?: number;
  /** Attributes not read into the fields above, in order. */
  attributes: SdpAttribute[];
};

export type SessionDescription = {
  origin: SdpOrigin;
  sessionName: string;
  connection?: SdpConnection;
  bandwidths: string[];
  /** `t=` lines as written; "0 0" for a call. */
  timing: string[];
  direction?: SdpDirection;
  attributes: SdpAttribute[];
  media: SdpMedia[];
};

export type SdpErrorCode =
  | 'bad_line'
  | 'bad_version'
  | 'missing_origin'
  | 'bad_origin'
  | 'bad_connection'
  | 'bad_media';

export class SdpError extends Error {
  override readonly name = 'SdpError';
  constructor(
    readonly code: SdpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Parses an SDP body. Throws only `SdpError`. Tolerates LF line ends, blank lines and unknown lines. */
export function parseSdp(text: string): SessionDescription {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  let origin: SdpOrigin | undefined;
  let sawVersion = false;
  const session: Omit<SessionDescription, 'origin'> = {
    sessionName: '',
    bandwidths: [],
    timing: [],
    attributes: [],
    media: [],
  };
  let media: SdpMedia | undefined;

  for (const line of lines) {
    if (line.length < 2 || line[1] !== '=' || !/^[a-z]$/.test(line[0]!)) {
      throw new SdpError('bad_line', `not an SDP line: ${line.slice(0, 40)}`);
    }
    const type = line[0]!;
    const value = line.slice(2).trim();
    if (type === 'v') {
      if (value !== '0') throw new SdpError('bad_version', `unsupported SDP version ${value}`);
      sawVersion = true;
    } else if (type === 'o') {
      origin = parseOrigin(value);
    } else if (type === 's' && !media) {
      session.sessionName = value;
    } else if (type === 'c') {
      const connection = parseConnection(value);
      if (media) media.connection = connection;
      else session.connection = connection;
    } else if (type === 'b') {
      (media ?? session).bandwidths.push(value);
    } else if (type === 't' && !media) {
      session.timing.push(value);
    } else if (type === 'm') {
      media = parseMediaLine(value);
      session.media.push(media);
    } else if (type === 'a') {
      readAttribute(value, media, session);
    }
    // i=, u=, e=, p=, r=, z=, k= carry nothing a call needs; they are dropped.
  }
  if (!sawVersion) throw new SdpError('bad_version', 'no v= line');
  if (!origin) throw new SdpError('missing_origin', 'no o= line');
  return { origin, ...session };
}

function parseOrigin(value: string): SdpOrigin {
  const parts = value.split(/\s+/);
  if (parts.length !== 6) throw new SdpError('bad_origin', `o= needs 6 fields: ${value.slice(0, 60)}`);
  const [username, sessionId, sessionVersion, netType, addrType, address] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { username, sessionId, sessionVersion, netType, addrType, address };
}

function parseConnection(value: string): SdpConnection {
  const parts = value.split(/\s+/);
  if (parts.length !== 3) throw new SdpError('bad_connection', `c= needs 3 fields: ${value.slice(0, 60)}`);
  const [netType, addrType, withTtl] = parts as [string, string, string];
  // Multicast "224.2.1.1/127" carries a TTL; telephony is unicast, so only the address is kept.
  return { netType, addrType, address: withTtl.split('/')[0]! };
}

function parseMediaLine(value: string): SdpMedia {
  const parts = value.split(/\s+/);
  const [type, portText, protocol, ...formats] = parts;
  const portMatch = /^(\d{1,5})(?:\/(\d{1,5}))?$/.exec(portText ?? '');
  if (!type || !protocol || !portMatch || Number(portMatch[1]) > 65535) {
    throw new SdpError('bad_media', `bad m= line: ${value.slice(0, 60)}`);
  }
  const media: SdpMedia = {
    type,
    port: Number(portMatch[1]),
    protocol,
    formats,
    bandwidths: [],
    rtpmaps: [],
    fmtps: [],
    attributes: [],
  };
  if (portMatch[2] !== undefined) media.portCount = Number(portMatch[2]);
  return media;
}

function readAttribute(text: string, media: SdpMedia | undefined, session: Omit<SessionDescription, 'origin'>): void {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const value = colon < 0 ? undefined : text.slice(colon + 1).trim();
  if (DIRECTIONS.includes(name) && value === undefined) {
    if (media) media.direction = name as SdpDirection;
    else session.direction = name as SdpDirection;
    return;
  }
  if (media && value !== undefined) {
    if (name === 'rtpmap') {
      const m = /^(\d{1,3})\s+([^/\s]+)\/(\d+)(?:\/(\d+))?$/.exec(value);
      if (m) {
        const rtpmap: SdpRtpMap = { payloadType: Number(m[1]), encoding: m[2]!, clockRate: Number(m[3]) };
        if (m[4] !== undefined) rtpmap.channels = Number(m[4]);
        media.rtpmaps.push(rtpmap);
        return;
      }
    } else if (name === 'fmtp') {
      const m = /^(\d{1,3})\s+(.*)$/.exec(value);
      if (m) {
        media.fmtps.push({ payloadType: Number(m[1]), parameters: m[2]! });
        return;
      }
    } else if (name === 'ptime' && /^\d+(\.\d+)?$/.test(value)) {
      media.ptime = Number(value);
      return;
    }
  }
  const attribute: SdpAttribute = { name };
  if (value !== undefined) attribute.value = value;
  (media ?? session).attributes.push(attribute);
}

/** Writes SDP with CRLF line ends, in the order RFC 4566 §5 requires. */
export function serializeSdp(sdp: SessionDescription): string {
  const o = sdp.origin;
  const lines = [
    'v=0',
    `o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`,
    `s=${sdp.sessionName || '-'}`,
  ];
  if (sdp.connection) lines.push(connectionLine(sdp.connection));
  for (const b of sdp.bandwidths) lines.push(`b=${b}`);
  for (const t of sdp.timing.length > 0 ? sdp.timing : ['0 0']) lines.push(`t=${t}`);
  if (sdp.direction) lines.push(`a=${sdp.direction}`);
  for (const a of sdp.attributes) lines.push(attributeLine(a));
  for (const m of sdp.media) {
    const port = m.portCount === undefined ? `${m.port}` : `${m.port}/${m.portCount}`;
    lines.push(`m=${m.type} ${port} ${m.protocol} ${m.formats.join(' ')}`.trimEnd());
    if (m.connection) lines.push(connectionLine(m.connection));
    for (const b of m.bandwidths) lines.push(`b=${b}`);
    for (const r of m.rtpmaps) {
      const channels = r.channels === undefined ? '' : `/${r.channels}`;
      lines.push(`a=rtpmap:${r.payloadType} ${r.encoding}/${r.clockRate}${channels}`);
    }
    for (const f of m.fmtps) lines.push(`a=fmtp:${f.payloadType} ${f.parameters}`);
    if (m.ptime !== undefined) lines.push(`a=ptime:${m.ptime}`);
    if (m.direction) lines.push(`a=${m.direction}`);
    for (const a of m.attributes) lines.push(attributeLine(a));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function connectionLine(c: SdpConnection): string {
  return `c=${c.netType} ${c.addrType} ${c.address}`;
}

function attributeLine(a: SdpAttribute): string {
  return a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`;
}

/** A codec we can send and receive. */
export type SdpCodec = { encoding: string; clockRate: number; payloadType: number };

export const PCMU: SdpCodec = { encoding: 'PCMU', clockRate: 8000, payloadType: 0 };
export const PCMA: SdpCodec = { encoding: 'PCMA', clockRate: 8000, payloadType: 8 };

/** RFC 3551 static audio payload types a peer may offer without an rtpmap. */
const STATIC_PAYLOAD_TYPES: Record<number, { encoding: string; clockRate: number }> = {
  0: { encoding: 'PCMU', clockRate: 8000 },
  3: { encoding: 'GSM', clockRate: 8000 },
  4: { encoding: 'G723', clockRate: 8000 },
  8: { encoding: 'PCMA', clockRate: 8000 },
  9: { encoding: 'G722', clockRate: 8000 },
  18: { encoding: 'G729', clockRate: 8000 },
};

/** The events we receive and send: the 16 DTMF keys and flash. */
export const TELEPHONE_EVENTS = '0-16';

export type AnswerOptions = {
  offer: SessionDescription;
  /** Our o= line; bump `sessionVersion` on every new answer in the same dialog. */
  origin: SdpOrigin;
  /** Where the peer should send RTP: our external address and the leg's RTP port. */
  address: string;
  port: number;
  /** In order of our preference only as a tie-break; the offerer's order decides. Default PCMU, PCMA. */
  codecs?: readonly SdpCodec[];
  /** Whether to accept telephone-event; default true. */
  telephoneEvent?: boolean;
  /** Default 20. */
  ptime?: number;
  /** What we want (e.g. `sendonly` when we put the peer on hold); default `sendrecv`. */
  direction?: SdpDirection;
};

export type NegotiationFailure = 'no_audio' | 'no_common_codec' | 'no_connection_address';

export type NegotiatedAnswer = {
  ok: true;
  answer: SessionDescription;
  /** Index of the audio stream we accepted among the offer's m= lines. */
  mediaIndex: number;
  codec: SdpCodec;
  /** The offerer's telephone-event payload type, when both sides do RFC 4733. */
  telephoneEventPayloadType: number | undefined;
  /** The direction in our answer. */
  direction: SdpDirection;
  /** Where to send RTP (until symmetric RTP learns the real source). */
  remote: { address: string; port: number };
  /** Whether the offer puts us on hold: sendonly, inactive, or the old c=0.0.0.0 (RFC 2543). */
  remoteHold: boolean;
  /** The offer's a=ptime, if any. */
  remotePtime: number | undefined;
};

export type NegotiationResult = NegotiatedAnswer | { ok: false; reason: NegotiationFailure };

/**
 * Answers an offer (RFC 3264 §6): accepts the first audio stream over RTP/AVP with a codec we
 * share, picking the first of the offerer's payload types we support and keeping the offerer's
 * payload numbers (telephone-event included); every other stream is refused with port 0. The
 * answer's direction is what both sides allow: the offer's, mirrored (sendonly ↔ recvonly,
 * inactive stays inactive), intersected with ours.
 */
export function negotiateAnswer(options: AnswerOptions): NegotiationResult {
  const { offer } = options;
  const codecs = options.codecs ?? [PCMU, PCMA];
  const wantEvents = options.telephoneEvent ?? true;
  let accepted: Omit<NegotiatedAnswer, 'ok' | 'answer' | 'mediaIndex'> | undefined;
  let acceptedIndex = -1;
  let sawAudio = false;
  let sawAddress = false;
  const answerMedia: SdpMedia[] = [];

  offer.media.forEach((m, index) => {
    const usable = !accepted && m.type === 'audio' && m.port !== 0 && m.protocol.toUpperCase() === 'RTP/AVP';
    if (usable) sawAudio = true;
    const connection = m.connection ?? offer.connection;
    if (usable && connection) sawAddress = true;
    const choice = usable && connection ? chooseCodec(m, codecs) : undefined;
    if (!choice || !connection) {
      answerMedia.push(refusedMedia(m));
      return;
    }
    const events = wantEvents ? findTelephoneEvent(m, choice.clockRate) : undefined;
    const offered = m.direction ?? offer.direction ?? 'sendrecv';
    const legacyHold = connection.address === '0.0.0.0';
    const direction = answerDirection(offered, legacyHold, options.direction ?? 'sendrecv');
    const formats = events === undefined ? [choice.payloadType] : [choice.payloadType, events];
    const rtpmaps: SdpRtpMap[] = [choice];
    if (events !== undefined)
      rtpmaps.push({ payloadType: events, encoding: 'telephone-event', clockRate: choice.clockRate });
    answerMedia.push({
      type: 'audio',
      port: options.port,
      protocol: m.protocol,
      formats: formats.map(String),
      bandwidths: [],
      rtpmaps,
      fmtps: events === undefined ? [] : [{ payloadType: events, parameters: TELEPHONE_EVENTS }],
      ptime: options.ptime ?? 20,
      direction,
      attributes: [],
    });
    acceptedIndex = index;
    accepted = {
      codec: choice,
      telephoneEventPayloadType: events,
      direction,
      remote: { address: connection.address, port: m.port },
      remoteHold: legacyHold || offered === 'sendonly' || offered === 'inactive',
      remotePtime: m.ptime,
    };
  });

  if (!accepted) {
    return { ok: false, reason: !sawAudio ? 'no_audio' : !sawAddress ? 'no_connection_address' : 'no_common_codec' };
  }
  const answer: SessionDescription = {
    origin: options.origin,
    sessionName: 'Kefu',
    connection: { netType: 'IN', addrType: options.address.includes(':') ? 'IP6' : 'IP4', address: options.address },
    bandwidths: [],
    timing: ['0 0'],
    attributes: [],
    media: answerMedia,
  };
  return { ok: true, answer, mediaIndex: acceptedIndex, ...accepted };
}

/** The offer's payload types in its order, matched by rtpmap (or the static table) to ours. */
function chooseCodec(media: SdpMedia, codecs: readonly SdpCodec[]): SdpCodec | undefined {
  for (const format of media.formats) {
    const payloadType = Number(format);
    if (!Number.isInteger(payloadType)) continue;
    const mapped = media.rtpmaps.find((r) => r.payloadType === payloadType) ?? STATIC_PAYLOAD_TYPES[payloadType];
    if (!mapped) continue;
    const ours = codecs.find(
      (c) => c.encoding.toUpperCase() === mapped.encoding.toUpperCase() && c.clockRate === mapped.clockRate,
    );
    if (ours) return { encoding: ours.encoding, clockRate: ours.clockRate, payloadType };
  }
  return undefined;
}

function findTelephoneEvent(media: SdpMedia, clockRate: number): number | undefined {
  const offered = new Set(media.formats);
  return media.rtpmaps.find(
    (r) =>
      r.encoding.toLowerCase() === 'telephone-event' && r.clockRate === clockRate && offered.has(String(r.payloadType)),
  )?.payloadType;
}

/** RFC 3264 §6.1: we send only if the offerer receives, and receive only if it sends. */
function answerDirection(offered: SdpDirection, legacyHold: boolean, ours: SdpDirection): SdpDirection {
  const peerReceives = !legacyHold && (offered === 'sendrecv' || offered === 'recvonly');
  const peerSends = offered === 'sendrecv' || offered === 'sendonly';
  const send = peerReceives && (ours === 'sendrecv' || ours === 'sendonly');
  const receive = peerSends && (ours === 'sendrecv' || ours === 'recvonly');
  if (send && receive) return 'sendrecv';
  if (send) return 'sendonly';
  if (receive) return 'recvonly';
  return 'inactive';
}

/** RFC 3264 §6: a refused stream is answered with port 0 and the offer's formats. */
function refusedMedia(m: SdpMedia): SdpMedia {
  return {
    type: m.type,
    port: 0,
    protocol: m.protocol,
    formats: m.formats.length > 0 ? m.formats : ['0'],
    bandwidths: [],
    rtpmaps: [],
    fmtps: [],
    attributes: [],
  };
}
