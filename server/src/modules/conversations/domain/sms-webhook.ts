import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How an SMS provider (or the gateway in front of it) signs the webhooks it POSTs to Kefu, the
 * scheme of Kefu's own outgoing webhooks: `X-Kefu-Timestamp: <unix seconds>` and
 * `X-Kefu-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. The timestamp is
 * inside the MAC so an old request cannot be replayed with a fresh one.
 */
export const SMS_TIMESTAMP_HEADER = 'X-Kefu-Timestamp';
export const SMS_SIGNATURE_HEADER = 'X-Kefu-Signature';

export const SMS_SIGNATURE_TOLERANCE_SECONDS = 300;

export type SmsSignatureFailure = 'missing' | 'bad_format' | 'stale' | 'mismatch';
export type SmsSignatureCheck = { ok: true } | { ok: false; reason: SmsSignatureFailure };

type HeaderValue = string | string[] | undefined;

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

const mac = (secret: string, timestamp: string, rawBody: Buffer | string) =>
  // The raw bytes as received: a body decoded and re-encoded may not be the body that was signed.
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();

/** The two headers for `rawBody`, signed at `timestamp` (unix seconds). */
export function signSmsWebhook(opts: {
  secret: string;
  rawBody: Buffer | string;
  timestamp: number;
}): Record<typeof SMS_TIMESTAMP_HEADER | typeof SMS_SIGNATURE_HEADER, string> {
  const ts = String(Math.trunc(opts.timestamp));
  return {
    [SMS_TIMESTAMP_HEADER]: ts,
    [SMS_SIGNATURE_HEADER]: `sha256=${mac(opts.secret, ts, opts.rawBody).toString('hex')}`,
  };
}

/**
 * Checks a webhook's signature: both headers present once, well-formed, the timestamp within
 * `toleranceSeconds` of `now` either way, and the MAC equal (compared in constant time). An empty
 * secret never verifies: anyone can compute a MAC with it.
 */
export function verifySmsSignature(opts: {
  secret: string;
  timestamp: HeaderValue;
  signature: HeaderValue;
  rawBody: Buffer | string;
  now: Date;
  toleranceSeconds?: number;
}): SmsSignatureCheck {
  const { timestamp, signature } = opts;
  if (!timestamp || !signature || timestamp.length === 0 || signature.length === 0) {
    return { ok: false, reason: 'missing' };
  }
  // A header sent twice arrives as an array: which one was meant is anyone's guess.
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return { ok: false, reason: 'bad_format' };
  const given = SIGNATURE.exec(signature.trim());
  if (!TIMESTAMP.test(timestamp.trim()) || !given) return { ok: false, reason: 'bad_format' };

  const ts = timestamp.trim();
  const skew = Math.abs(opts.now.getTime() / 1000 - Number(ts));
  if (skew > (opts.toleranceSeconds ?? SMS_SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: 'stale' };

  if (opts.secret.length === 0) return { ok: false, reason: 'mismatch' };
  const expected = mac(opts.secret, ts, opts.rawBody);
  const actual = Buffer.from(given[1]!, 'hex');
  return timingSafeEqual(expected, actual) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
