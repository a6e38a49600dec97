/**
 * Building a response to a request (RFC 3261 §8.2.6): the same Vias in the same order, From,
 * Call-ID and CSeq, and To with our tag once we are part of a dialog.
 */

import { headerKey } from './header-names';
import { parseNameAddr } from './headers';
import { header, type SipHeader, type SipRequest, type SipResponse } from './message';
import type { ResponseBasis, SipParseError } from './sip.errors';

export const REASON_PHRASES: ReadonlyMap<number, string> = new Map([
  [100, 'Trying'],
  [180, 'Ringing'],
  [181, 'Call Is Being Forwarded'],
  [182, 'Queued'],
  [183, 'Session Progress'],
  [200, 'OK'],
  [202, 'Accepted'],
  [300, 'Multiple Choices'],
  [301, 'Moved Permanently'],
  [302, 'Moved Temporarily'],
  [305, 'Use Proxy'],
  [380, 'Alternative Service'],
  [400, 'Bad Request'],
  [401, 'Unauthorized'],
  [402, 'Payment Required'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [405, 'Method Not Allowed'],
  [406, 'Not Acceptable'],
  [407, 'Proxy Authentication Required'],
  [408, 'Request Timeout'],
  [410, 'Gone'],
  [413, 'Request Entity Too Large'],
  [414, 'Request-URI Too Long'],
  [415, 'Unsupported Media Type'],
  [416, 'Unsupported URI Scheme'],
  [420, 'Bad Extension'],
  [421, 'Extension Required'],
  [423, 'Interval Too Brief'],
  [480, 'Temporarily Unavailable'],
  [481, 'Call/Transaction Does Not Exist'],
  [482, 'Loop Detected'],
  [483, 'Too Many Hops'],
  [484, 'Address Incomplete'],
  [485, 'Ambiguous'],
  [486, 'Busy Here'],
  [487, 'Request Terminated'],
  [488, 'Not Acceptable Here'],
  [489, 'Bad Event'],
  [491, 'Request Pending'],
  [493, 'Undecipherable'],
  [500, 'Server Internal Error'],
  [501, 'Not Implemented'],
  [502, 'Bad Gateway'],
  [503, 'Service Unavailable'],
  [504, 'Server Time-out'],
  [505, 'Version Not Supported'],
  [513, 'Message Too Large'],
  [600, 'Busy Everywhere'],
  [603, 'Decline'],
  [604, 'Does Not Exist Anywhere'],
  [606, 'Not Acceptable'],
]);

/** The standard phrase, or the class's generic one for codes without their own. */
export function reasonPhrase(status: number): string {
  const known = REASON_PHRASES.get(status);
  if (known) return known;
  const generic = ['', 'Provisional', 'Success', 'Redirection', 'Client Error', 'Server Error', 'Global Failure'];
  return generic[Math.floor(status / 100)] ?? 'Unknown';
}

export type ResponseOptions = {
  reason?: string;
  /** Added to To unless it already has a tag (§8.2.6.2; never on a 100 Trying). */
  toTag?: string;
  headers?: SipHeader[];
  body?: Buffer;
};

export function responseBasis(request: SipRequest): ResponseBasis {
  const basis: ResponseBasis = { via: [], from: '', to: '', callId: '', cseq: '' };
  for (const h of request.headers) {
    const key = headerKey(h.name);
    if (key === 'via') basis.via.push(h.value);
    else if (key === 'from' && basis.from === '') basis.from = h.value;
    else if (key === 'to' && basis.to === '') basis.to = h.value;
    else if (key === 'call-id' && basis.callId === '') basis.callId = h.value;
    else if (key === 'cseq' && basis.cseq === '') basis.cseq = h.value;
  }
  return basis;
}

export function createResponse(
  to: SipRequest | ResponseBasis,
  status: number,
  options: ResponseOptions = {},
): SipResponse {
  const basis = 'kind' in to ? responseBasis(to) : to;
  const headers: SipHeader[] = basis.via.map((v) => header('Via', v));
  headers.push(header('From', basis.from), header('To', withTag(basis.to, options.toTag, status)));
  headers.push(header('Call-ID', basis.callId), header('CSeq', basis.cseq));
  headers.push(...(options.headers ?? []));
  return {
    kind: 'response',
    status,
    reason: options.reason ?? reasonPhrase(status),
    headers,
    body: options.body ?? Buffer.alloc(0),
  };
}

/**
 * The answer the transport sends to a request the parser refused, or undefined when it must drop
 * it silently (a response, an ACK, or a request too broken to route a reply).
 */
export function createParseErrorResponse(error: SipParseError, toTag?: string): SipResponse | undefined {
  if (!error.basis) return undefined;
  if (error.reason === 'unsupported_version') return createResponse(error.basis, 505, { toTag });
  return createResponse(error.basis, 400, { toTag, reason: `Bad Request (${error.reason})` });
}

function withTag(to: string, tag: string | undefined, status: number): string {
  if (tag === undefined || status === 100) return to;
  try {
    if (parseNameAddr(to).tag !== undefined) return to;
  } catch {
    // A malformed To (we are answering a 400) still gets our tag appended verbatim.
  }
  return `${to};tag=${tag}`;
}
