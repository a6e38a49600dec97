/**
 * How `say` prompts become recorded prompt keys. zh-CN reads numbers the Chinese way
 * (123.45 → 一百二十三点四五: digit-1 hundred digit-2 ten digit-3 point digit-4 digit-5) up to
 * 99999.99; other languages, and larger or non-numeric values, are read digit by digit.
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

/** A number like "123.45": Chinese reading for zh-CN below 100000, else digits with `point`. */
export function sayNumber(value: string, language: string): string[] {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return sayDigits(value);
  const [, whole = '0', fraction = ''] = m;
  const integer = Number(whole);
  const head = language === 'zh-CN' && integer < 100_000 ? chineseInteger(integer) : sayDigits(String(integer));
  return fraction ? [...head, 'point', ...sayDigits(fraction)] : head;
}

/** An amount in yuan, rounded to fen: 123.40 → 一百二十三点四元, 8.00 → 八元. */
export function sayAmount(value: string, language: string): string[] {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) return [...sayDigits(value), 'yuan'];
  const fixed = n.toFixed(2).replace(/\.?0+$/, '');
  return [...sayNumber(fixed, language), 'yuan'];
}
