import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SMS_LIMITS, smsEncoding, smsInfo, splitSms } from './sms-segments';

/** Runs per property; `FC_RUNS=10000 npx vitest run <this file>` searches harder. */
const RUNS = Number(process.env.FC_RUNS ?? 300);

const GSM_TEXT = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

const units = (part: string) =>
  smsEncoding(part) === 'gsm7'
    ? Array.from(part).reduce((n, c) => n + (EXTENSION.includes(c) ? 2 : 1), 0)
    : part.length;

describe('smsEncoding', () => {
  it('keeps a text of the default alphabet and its extension table in GSM 7-bit', () => {
    expect(smsEncoding(GSM_TEXT + EXTENSION)).toBe('gsm7');
    expect(smsEncoding('')).toBe('gsm7');
  });

  it('needs UCS-2 for Chinese, emoji, a backtick, a lowercase ç or a raw ESC', () => {
    for (const t of ['您好', 'ok 😀', 'a`b', 'ça', 'a\u001bb', 'Ä\u0301']) expect(smsEncoding(t), t).toBe('ucs2');
  });
});

describe('splitSms and smsInfo', () => {
  it('sends 160 GSM characters as one part and 161 as two of 153 + 8', () => {
    expect(splitSms('a'.repeat(160))).toEqual(['a'.repeat(160)]);
    expect(splitSms('a'.repeat(161)).map((p) => p.length)).toEqual([153, 8]);
    expect(smsInfo('a'.repeat(160))).toEqual({ encoding: 'gsm7', parts: 1, charsLeftInPart: 0 });
    expect(smsInfo('a'.repeat(161))).toEqual({ encoding: 'gsm7', parts: 2, charsLeftInPart: 145 });
  });

  it('counts an extension character as two septets', () => {
    expect(smsInfo('€'.repeat(80))).toEqual({ encoding: 'gsm7', parts: 1, charsLeftInPart: 0 });
    expect(smsInfo(`${'€'.repeat(80)}a`).parts).toBe(2);
    expect(smsInfo('price: 5€').charsLeftInPart).toBe(160 - 10);
  });

  it('moves an extension character that would straddle a part boundary whole to the next part', () => {
    const text = `${'a'.repeat(152)}€${'b'.repeat(10)}`;
    const parts = splitSms(text);
    expect(parts).toEqual(['a'.repeat(152), `€${'b'.repeat(10)}`]);
  });

  it('sends 70 Chinese characters as one part and 71 as 67 + 4', () => {
    expect(smsInfo('客'.repeat(70))).toEqual({ encoding: 'ucs2', parts: 1, charsLeftInPart: 0 });
    expect(splitSms('客'.repeat(71)).map((p) => p.length)).toEqual([67, 4]);
    expect(smsInfo('客'.repeat(71))).toEqual({ encoding: 'ucs2', parts: 2, charsLeftInPart: 63 });
  });

  it('never cuts a surrogate pair: an emoji at the boundary goes whole to the next part', () => {
    const text = `${'客'.repeat(66)}😀${'服'.repeat(5)}`;
    const parts = splitSms(text);
    expect(parts).toEqual(['客'.repeat(66), `😀${'服'.repeat(5)}`]);
    expect(smsInfo('😀').charsLeftInPart).toBe(68);
  });

  it('switches the whole text to UCS-2 for one character outside the alphabet', () => {
    expect(smsInfo(`${'a'.repeat(100)}您`)).toEqual({ encoding: 'ucs2', parts: 2, charsLeftInPart: 67 - 34 });
  });

  it('counts an empty text as one part with the whole room left', () => {
    expect(splitSms('')).toEqual(['']);
    expect(smsInfo('')).toEqual({ encoding: 'gsm7', parts: 1, charsLeftInPart: 160 });
  });

  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400, size: 'max' }),
    // every UTF-16 unit, lone surrogates included
    fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
      maxLength: 400,
      size: 'max',
    }),
    fc.string({ unit: fc.constantFrom(...Array.from(GSM_TEXT + EXTENSION)), maxLength: 500, size: 'max' }),
    fc.string({ unit: fc.constantFrom('客', '服', '😀', 'a', '€'), maxLength: 300, size: 'max' }),
  );

  it('property: parts fill to the limit, only ever leave out what does not fit, and join back', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parts = splitSms(text);
        const enc = smsEncoding(text);
        expect(parts.join('')).toBe(text);
        if (parts.length === 1) return;
        const limit = SMS_LIMITS[enc].multi;
        expect(units(text)).toBeGreaterThan(SMS_LIMITS[enc].single);
        parts.forEach((p, i) => {
          // checked in the text's encoding: a part alone might be GSM where the text is not
          const u = enc === 'ucs2' ? p.length : units(p);
          expect(u).toBeLessThanOrEqual(limit);
          expect(p.length).toBeGreaterThan(0);
          const next = parts[i + 1];
          if (next === undefined) return;
          const first = Array.from(next)[0]!;
          // greedy: the next character did not fit
          expect(u + (enc === 'ucs2' ? first.length : units(first))).toBeGreaterThan(limit);
          // no pair cut: a high surrogate never ends a part with its low half starting the next
          expect(/[\uD800-\uDBFF]$/.test(p) && /^[\uDC00-\uDFFF]/.test(next)).toBe(false);
        });
        expect(smsInfo(text).parts).toBe(parts.length);
      }),
      { numRuns: RUNS },
    );
  });
});
