import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deriveDataKey } from '../../platform/data-key';

/** ID numbers are compared as upper case without spaces: '110101 19900101 123x' is '11010119900101123X'. */
export const normaliseIdNumber = (v: string) => v.replace(/\s+/g, '').toUpperCase();

/**
 * The ID number's protection: AES-256-GCM for the value (read back for `pii.view` holders), a keyed
 * HMAC for the exact search (an unkeyed hash of an 18-digit ID with a known structure is easily
 * brute-forced, so it must be keyed).
 */
export function createIdNumberCipher(master: Buffer) {
  const encKey = deriveDataKey(master, 'crm/id-number/aes-256-gcm');
  const macKey = deriveDataKey(master, 'crm/id-number/hmac-sha256');
  return {
    encrypt(value: string): string {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([c.update(normaliseIdNumber(value), 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
    },
    decrypt(stored: string): string {
      const buf = Buffer.from(stored, 'base64');
      const d = createDecipheriv('aes-256-gcm', encKey, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
    hmac(value: string): string {
      return createHmac('sha256', macKey).update(normaliseIdNumber(value)).digest('hex');
    },
  };
}
export type IdNumberCipher = ReturnType<typeof createIdNumberCipher>;
