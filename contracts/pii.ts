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

/**
 * Mobile and long numbers keep 3 leading and 4 trailing digits (13812345678 → 138****5678, a +86
 * prefix dropped); a local landline of 7–10 digits keeps only its last 4 (87654321 → ****4321);
 * shorter numbers keep the last 2. At least half of the digits are always hidden.
 */
function maskPhone(value: string): string {
  const digits = value.replace(/[^\d]/g, '');
  const national = digits.length > 11 && digits.startsWith('86') ? digits.slice(2) : digits;
  if (national.length >= 11) return `${national.slice(0, 3)}${'*'.repeat(national.length - 7)}${national.slice(-4)}`;
  if (national.length >= 7) return `${'*'.repeat(national.length - 4)}${national.slice(-4)}`;
  if (national.length <= 2) return '*'.repeat(national.length);
  return `${'*'.repeat(national.length - 2)}${national.slice(-2)}`;
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
