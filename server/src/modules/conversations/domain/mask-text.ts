import { maskPii } from '../../../../../contracts/pii';

/**
 * Personal data inside free text (a chat message, an e-mail body) for readers without `pii.view`:
 * resident ID numbers, bank card numbers, mobile and landline numbers, e-mail addresses are masked
 * with the same rules as the CRM's fields (contracts/pii.ts). Patterns, not certainty: a number that
 * merely looks like a phone number is masked too — for a transcript that errs on the safe side.
 */
const PATTERNS: Array<{ re: RegExp; mask: (m: string) => string }> = [
  // 18-digit resident ID (last character may be X), not part of a longer number.
  { re: /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, mask: (m) => maskPii('id_number', m) },
  // Bank cards: 16–19 digits, optionally grouped by spaces or dashes in fours.
  {
    re: /(?<!\d)(?:\d{4}[ -]?){3}\d{4}(?:[ -]?\d{1,3})?(?!\d)/g,
    mask: (m) => {
      const d = m.replace(/\D/g, '');
      return d.length >= 16 && d.length <= 19 ? `${'*'.repeat(d.length - 4)}${d.slice(-4)}` : m;
    },
  },
  { re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, mask: (m) => maskPii('email', m) },
  // Mainland mobiles (with an optional +86 / 86 prefix and separators), then landlines with an area code.
  { re: /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g, mask: (m) => maskPii('phone', m) },
  { re: /(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)/g, mask: (m) => maskPii('phone', m) },
];

export function maskText(text: string): string {
  let out = text;
  for (const p of PATTERNS) out = out.replace(p.re, p.mask);
  return out;
}
