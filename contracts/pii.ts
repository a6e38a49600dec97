/**
 * The one masking function for personal data (PIPL: collect the minimum, mask what is shown).
 * Server responses pass through it unless the caller holds `pii.view`; the web uses it too when it
 * shows data typed by the user before saving.
 */
export type PiiKind = 'phone' | 'id_number' | 'address' | 'email';

export function maskPii(kind: PiiKind, value: string): string;
export function maskPii(kind: PiiKind, value: string | null): string | null;
export function maskPii(kind: PiiKind, value: string | null): string | null {
  if (value === null) return null;
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'id_number':
      return maskIdNumber(value);
    case 'address':
      return maskAddress(value);
    case 'email':
      return maskEmail(value);
  }
}

/** 13812345678 → 138****5678; +86 138 1234 5678 keeps its prefix; short numbers keep the last 2. */
function maskPhone(value: string): string {
  const digits = value.replace(/[^\d]/g, '');
  if (digits.length >= 7) {
    const national = digits.length > 11 && digits.startsWith('86') ? digits.slice(2) : digits;
    const head = national.slice(0, 3);
    const tail = national.slice(-4);
    return `${head}${'*'.repeat(Math.max(national.length - 7, 1))}${tail}`;
  }
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** 18-digit resident ID: first 6 (region) and last 4 stay: 110101********1234. */
function maskIdNumber(value: string): string {
  const v = value.trim();
  if (v.length <= 4) return '*'.repeat(v.length);
  if (v.length < 10) return `${'*'.repeat(v.length - 2)}${v.slice(-2)}`;
  return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
}

/** Keep the first 6 characters (province and city), hide the rest: 北京市朝阳区****. */
function maskAddress(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.length <= 6) return `${chars.slice(0, Math.ceil(chars.length / 2)).join('')}****`;
  return `${chars.slice(0, 6).join('')}****`;
}

function maskEmail(value: string): string {
  const at = value.indexOf('@');
  if (at <= 0) return maskAddress(value);
  const name = value.slice(0, at);
  return `${name.slice(0, 1)}***${value.slice(at)}`;
}
