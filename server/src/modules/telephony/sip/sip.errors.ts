import { AppError } from '../../../platform/errors';

/**
 * Why a message was refused. The transport decides from this (and `basis`) whether to answer
 * (400, or 505 for a foreign SIP version) or to drop the bytes silently.
 */
export type SipParseReason =
  | 'empty'
  | 'too_large'
  | 'no_header_end'
  | 'bad_start_line'
  | 'unsupported_version'
  | 'bad_request_uri'
  | 'bad_header'
  | 'header_too_long'
  | 'too_many_headers'
  | 'missing_header'
  | 'duplicate_header'
  | 'bad_via'
  | 'bad_name_addr'
  | 'bad_uri'
  | 'bad_call_id'
  | 'bad_cseq'
  | 'cseq_mismatch'
  | 'bad_max_forwards'
  | 'bad_content_length'
  | 'body_truncated'
  | 'bad_expires'
  | 'bad_auth';

/**
 * The raw header values a response needs (RFC 3261 §8.2.6.2): copied verbatim from the request,
 * so a 400 can be built even when one of them is the malformed part.
 */
export type ResponseBasis = {
  via: string[];
  from: string;
  to: string;
  callId: string;
  cseq: string;
};

/**
 * The only thing the SIP parser throws. It is an AppError like every other error of Kefu, so a
 * parse failure that escapes into HTTP code maps to 400 without special cases.
 */
export class SipParseError extends AppError {
  constructor(
    readonly reason: SipParseReason,
    message: string,
    /** Present only for a request (not ACK) whose start line and top Via were readable. */
    readonly basis?: ResponseBasis,
  ) {
    super('SIP.MALFORMED', message, { reason });
    this.name = 'SipParseError';
  }
}

export const sipParseError = (reason: SipParseReason, message: string) => new SipParseError(reason, message);

/** A bug of Kefu's own SIP code: a client transaction for an ACK or a request without an RFC 3261 branch. */
export const badClientRequest = () =>
  new AppError('SIP.BAD_CLIENT_REQUEST', 'a client transaction needs a non-ACK request with a z9hG4bK branch');
export const duplicateTransaction = (id: string) =>
  new AppError('SIP.DUPLICATE_TRANSACTION', `transaction ${id} exists`);
