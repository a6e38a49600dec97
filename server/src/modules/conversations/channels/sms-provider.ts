import type { SmsPartHeader } from '../domain/sms-segments';
import type { SmsSignatureFailure } from '../domain/sms-webhook';

/** One message to send. `clientRef` is ours (the message's id), passed to providers that echo it back. */
export type OutboundSms = { to: string; from?: string | undefined; text: string; clientRef: string };

/** The provider accepted the message: its id (what its delivery reports name) and the parts it bills. */
export type SmsSendResult = { providerId: string; parts: number };

export type InboundSms = {
  /** The provider's id of this message (of this part, for a concatenated one): the de-duplication key. */
  providerId: string;
  from: string;
  to: string;
  text: string;
  at: Date;
  /** Set for one part of a concatenated message the provider did not join itself. */
  part?: SmsPartHeader | undefined;
};

export type DeliveryStatus = 'sent' | 'delivered' | 'failed';

export type DeliveryReport = {
  /** The `providerId` that `send` returned. */
  providerId: string;
  status: DeliveryStatus;
  at: Date;
  error?: string | undefined;
};

/** A webhook request as the route has it: headers as Node gives them, the body's exact bytes. */
export type SmsWebhookRequest = { headers: Record<string, string | string[] | undefined>; rawBody: Buffer };

/** An entry of a webhook body that is neither a message nor a report the configuration can read. */
export type SkippedEntry = { index: number; reason: string };

export type SmsWebhookResult =
  | { ok: true; messages: InboundSms[]; reports: DeliveryReport[]; skipped: SkippedEntry[] }
  /** Refuse with 401: not from the provider, or replayed. */
  | { ok: false; reason: 'signature'; signature: SmsSignatureFailure }
  /** Refuse with 400: signed, but not JSON or form data. */
  | { ok: false; reason: 'body'; message: string }
  /** This provider takes no webhooks (the log adapter): answer 404. */
  | { ok: false; reason: 'unsupported' };

/**
 * The port through which SMS leave and arrive. Retries, de-duplication by `providerId` and joining
 * of parts (`createSmsJoiner`) are the caller's business.
 */
export interface SmsProvider {
  readonly kind: 'http' | 'log';
  /** Resolves once the provider accepted the message; rejects with `SmsSendError` otherwise. */
  send(msg: OutboundSms): Promise<SmsSendResult>;
  /** Checks the signature, then reads the messages and delivery reports the body carries. */
  parseWebhook(req: SmsWebhookRequest): SmsWebhookResult;
}

export type SmsSendFailure = 'status' | 'timeout' | 'network' | 'bad_reply';

/**
 * Sending failed. `retryable` is a hint for the caller's retry policy: a 5xx, a 429, a timeout or
 * a network error may pass next time; a 4xx or an unreadable reply will not. `bad_reply` means the
 * provider answered 2xx (it may well send the SMS) without an id where the configuration says:
 * retrying would send it twice.
 */
export class SmsSendError extends Error {
  readonly reason: SmsSendFailure;
  /** The provider's HTTP status, when it answered. */
  readonly status: number | null;
  /** The head of its answer, whitespace collapsed, for the log and the message's failure note. */
  readonly bodyExcerpt: string;
  readonly retryable: boolean;

  constructor(reason: SmsSendFailure, message: string, o: { status?: number | null; body?: string; cause?: unknown }) {
    super(message, o.cause === undefined ? undefined : { cause: o.cause });
    this.name = 'SmsSendError';
    this.reason = reason;
    this.status = o.status ?? null;
    this.bodyExcerpt = excerpt(o.body ?? '');
    this.retryable =
      reason === 'timeout' ||
      reason === 'network' ||
      (reason === 'status' && this.status !== null && (this.status >= 500 || this.status === 429));
  }
}

export const BODY_EXCERPT_CHARS = 200;

const excerpt = (body: string) => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_EXCERPT_CHARS ? `${flat.slice(0, BODY_EXCERPT_CHARS)}…` : flat;
};

/** A header by name, whatever case the request used. */
export function headerOf(headers: SmsWebhookRequest['headers'], name: string): string | string[] | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** The number with all but its last four digits masked: enough to tell messages apart in a log. */
export const maskNumber = (n: string) => (n.length <= 4 ? '***' : `***${n.slice(-4)}`);
