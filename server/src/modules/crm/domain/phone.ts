import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Numbers without a country code are Chinese: '0138…', '138 1234 5678', '010-8888 9999'. */
const DEFAULT_REGION = 'CN';

/**
 * E.164 of a number as a customer or a caller gives it, or null when it cannot be a phone number.
 * Writes are checked with this; '+86 138 1234 5678', '01381234 5678' and '138 1234 5678' are one number.
 */
export function toE164(raw: string): string | null {
  const p = parsePhoneNumberFromString(raw.trim(), DEFAULT_REGION);
  return p?.isPossible() ? p.number : null;
}

/**
 * The key a looked-up number is matched on: its E.164 when it is one, else its digits (a caller id
 * from a SIP header, an extension), so lookups never fail on a number only the phone network knows.
 */
export function phoneKey(raw: string): string | null {
  const e164 = toE164(raw);
  if (e164) return e164;
  const digits = raw.replace(/\D/g, '');
  return digits.length > 0 ? digits : null;
}

/** The digits of a search text, for matching phone numbers by a part ('5678'). */
export function digitsOf(q: string): string {
  return q.replace(/\D/g, '');
}
