// The SIP library's public surface for the telephony module: messages, headers, URIs, digest.
export type { DigestAlgorithm, DigestChallenge, DigestCredentials } from './digest';
export {
  parseAuthParams,
  parseDigestChallenge,
  parseDigestCredentials,
  serializeDigestChallenge,
  serializeDigestCredentials,
} from './digest';
export { canonicalHeaderName, headerKey } from './header-names';
export type { Contact, ContentType, CSeq, NameAddr, Via } from './headers';
export {
  contactExpires,
  parseCallId,
  parseContact,
  parseContentLength,
  parseContentType,
  parseCSeq,
  parseExpires,
  parseMaxForwards,
  parseNameAddr,
  parseVia,
  serializeContact,
  serializeCSeq,
  serializeNameAddr,
  serializeVia,
} from './headers';
export type { SipHeader, SipMessage, SipRequest, SipResponse } from './message';
export {
  findHeader,
  getCallId,
  getCSeq,
  getFrom,
  getTo,
  getTopVia,
  getVias,
  header,
  headerValues,
  MAX_HEADER_LINE,
  MAX_HEADERS,
  MAX_MESSAGE_BYTES,
  serializeMessage,
} from './message';
export { parseDatagram } from './parse';
export type { ResponseOptions } from './responses';
export { createParseErrorResponse, createResponse, REASON_PHRASES, reasonPhrase, responseBasis } from './responses';
export type { ResponseBasis, SipParseReason } from './sip.errors';
export { SipParseError } from './sip.errors';
export type { StreamFrame } from './stream';
export { takeStreamMessage } from './stream';
export type { AbsoluteUri, AnyUri, SipUri } from './uri';
export { parseAnyUri, parseSipUri, serializeUri } from './uri';
