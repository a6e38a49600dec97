import { hkdfSync } from 'node:crypto';

/**
 * Keys for personal data at rest, derived from the installation's one data key: the recording key
 * (KEFU_RECORDING_KEY, else `<dataDir>/recording.key`, loaded by telephony's `loadRecordingKey`).
 * One secret to configure and back up; each use gets its own key by HKDF-SHA256 with its purpose as
 * the info, so no two uses ever share key material (an encryption key is never an HMAC key).
 */
export function deriveDataKey(master: Buffer, purpose: string): Buffer {
  if (master.length !== 32) throw new Error('the data key must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `kefu/${purpose}`, 32));
}
