/**
 * SMS segmentation (3GPP TS 23.038 and 23.040): which alphabet a text needs and how many parts it
 * sends as. Shared: the server splits outbound texts with it, the desktop's composer counts with it.
 * Pure: no I/O.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

/**
 * The GSM 03.38 default alphabet in table order, without 0x1B: that position is the escape to the
 * extension table, and a literal ESC in a text would swallow the character after it.
 */
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);

/** The extension table: each is sent as ESC + a septet, so it costs two. */
const GSM_EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));

/** Septets or UTF-16 code units per message: one part alone, or each part of a concatenated one (a 6-byte UDH). */
export const SMS_LIMITS = {
  gsm7: { single: 160, multi: 153 },
  ucs2: { single: 70, multi: 67 },
} as const satisfies Record<SmsEncoding, { single: number; multi: number }>;

/** 'gsm7' when every character is in the default alphabet or its extension table, else 'ucs2'. */
export function smsEncoding(text: string): SmsEncoding {
  for (const c of text) if (!GSM_BASIC.has(c) && !GSM_EXTENSION.has(c)) return 'ucs2';
  return 'gsm7';
}

/** What one character costs: extension characters two septets, astral characters two UTF-16 units. */
const unitsOf = (c: string, encoding: SmsEncoding) => (encoding === 'gsm7' ? (GSM_EXTENSION.has(c) ? 2 : 1) : c.length);

/**
 * The parts `text` is sent as, in order; joined they give `text` back. A text that fits one part
 * is one part (an empty text too: sending it still sends one SMS). Parts break between code points,
 * so a surrogate pair or an extension character (ESC + septet) is never cut; a part may then run
 * one unit short of the limit. Grapheme clusters (a flag, a ZWJ emoji) may still be cut, as phones do.
 */
export function splitSms(text: string): string[] {
  const encoding = smsEncoding(text);
  const limits = SMS_LIMITS[encoding];
  // Array.from walks code points; a lone surrogate comes out as one unit of its own.
  const chars = Array.from(text);
  let total = 0;
  for (const c of chars) total += unitsOf(c, encoding);
  if (total <= limits.single) return [text];

  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const c of chars) {
    const units = unitsOf(c, encoding);
    if (used + units > limits.multi) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += c;
    used += units;
  }
  parts.push(current);
  return parts;
}

export type SmsInfo = {
  encoding: SmsEncoding;
  /** How many SMS the text is sent as (the provider bills each). */
  parts: number;
  /**
   * Room left in the last part before another one starts, in the encoding's units: a plain
   * character takes one, an extension character (€, [, {) or an emoji two.
   */
  charsLeftInPart: number;
};

/** The composer's counter. */
export function smsInfo(text: string): SmsInfo {
  const encoding = smsEncoding(text);
  const parts = splitSms(text);
  const last = parts[parts.length - 1] ?? '';
  let used = 0;
  for (const c of last) used += unitsOf(c, encoding);
  const limit = parts.length === 1 ? SMS_LIMITS[encoding].single : SMS_LIMITS[encoding].multi;
  return { encoding, parts: parts.length, charsLeftInPart: limit - used };
}
