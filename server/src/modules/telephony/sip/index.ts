// The SIP library's public surface for the telephony module: messages, headers, URIs, digest, transactions.

export { createAckForNon2xx } from './client-transaction';
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
export type { Retransmit2xx, Retransmit2xxOptions } from './retransmit-2xx';
export { retransmit2xxUntilAck } from './retransmit-2xx';
export { TRYING_DELAY_MS } from './server-transaction';
export type { ResponseBasis, SipParseReason } from './sip.errors';
export { SipParseError } from './sip.errors';
export type { StreamFrame } from './stream';
export { takeStreamMessage } from './stream';
export type {
  ClientTransaction,
  ClientTransactionState,
  ServerTransaction,
  ServerTransactionState,
  SipSend,
  SipTarget,
  TimerValues,
  Transaction,
  TransactionTimers,
  TransactionUser,
} from './transaction-ports';
export { DEFAULT_TIMER_VALUES, isReliable, systemTransactionTimers } from './transaction-ports';
export type { TransactionManager, TransactionManagerOptions } from './transactions';
export { clientTransactionId, createTransactionManager, MAGIC_COOKIE, serverTransactionId } from './transactions';
export type { AbsoluteUri, AnyUri, SipUri } from './uri';
export { parseAnyUri, parseSipUri, serializeUri } from './uri';
