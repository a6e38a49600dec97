/**
 * How `say` prompts become recorded prompt keys. zh-CN reads numbers the Chinese way
 * (123.45 → 一百二十三点四五: digit-1 hundred digit-2 ten digit-3 point digit-4 digit-5) up to
 * 99999.99; en-US reads them as words up to 999999.99 (312 → three hundred twelve: digit-3
 * hundred teen-12); larger or non-numeric values, and other languages, are read digit by digit.
 */

const UNITS = ['ten-thousand', 'thousand', 'hundred', 'ten', ''] as const;

const digitKey = (d: string) => `digit-${d}`;

/** Each digit of the value, skipping anything else (spaces, dashes). */
export function sayDigits(value: string): string[] {
  return [...value].filter((c) => c >= '0' && c <= '9').map(digitKey);
}

/** An integer 0–99999 in Chinese: 十一 (not 一十一), 一百零一, 一万零一百. */
function chineseInteger(n: number): string[] {
  const digits = String(n).padStart(5, '0');
  const out: string[] = [];
  let started = false;
  let zero = false;
  for (let pos = 0; pos < 5; pos++) {
    const d = digits[pos]!;
    if (d === '0') {
      if (started) zero = true;
      continue;
    }
    if (zero) out.push(digitKey('0'));
    zero = false;
    // 十二, not 一十二, when the number starts with its tens.
    if (!(UNITS[pos] === 'ten' && d === '1' && !started)) out.push(digitKey(d));
    const unit = UNITS[pos]!;
    if (unit) out.push(unit);
    started = true;
  }
  return started ? out : [digitKey('0')];
}

/** 1–999 in English words, without "and" (the American way): 305 → three hundred five. */
function englishBelowThousand(n: number): string[] {
  const out: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds) out.push(digitKey(String(hundreds)), 'hundred');
  if (rest >= 20) {
    out.push(`tens-${Math.floor(rest / 10)}`);
    if (rest % 10) out.push(digitKey(String(rest % 10)));
  } else if (rest > 10) out.push(`teen-${rest}`);
  else if (rest === 10) out.push('ten');
  else if (rest > 0) out.push(digitKey(String(rest)));
  return out;
}

/** An integer 0–999999 in English words: 12 → twelve, 4021 → four thousand twenty one. */
function englishInteger(n: number): string[] {
  if (n === 0) return [digitKey('0')];
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  return [...(thousands ? [...englishBelowThousand(thousands), 'thousand'] : []), ...englishBelowThousand(rest)];
}

/**
 * A number like "123.45": in words for zh-CN below 100000 and en-US below 1000000, else digit by
 * digit; the fraction digit by digit after `point`.
 */
export function sayNumber(value: string, language: string): string[] {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return sayDigits(value);
  const [, whole = '0', fraction = ''] = m;
  const integer = Number(whole);
  const head =
    language === 'zh-CN' && integer < 100_000
      ? chineseInteger(integer)
      : language === 'en-US' && integer < 1_000_000
        ? englishInteger(integer)
        : sayDigits(String(integer));
  return fraction ? [...head, 'point', ...sayDigits(fraction)] : head;
}

/** An amount in yuan, rounded to fen: 123.40 → 一百二十三点四元, 8.00 → 八元. */
export function sayAmount(value: string, language: string): string[] {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) return [...sayDigits(value), 'yuan'];
  const fixed = n.toFixed(2).replace(/\.?0+$/, '');
  return [...sayNumber(fixed, language), 'yuan'];
}
