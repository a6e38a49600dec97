import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export type RecordingKey = { key: Buffer; keyId: string };

/** The key's name, written into every file: first 8 hex digits of its SHA-256 (never the key itself). */
export function recordingKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * KEFU_RECORDING_KEY when configured; otherwise `<dataDir>/recording.key`: 32 random bytes generated
 * on the first start (mode 0600) and reused afterwards. Losing that file loses every recording, so
 * the operations guide tells to back it up separately from the database (or to configure the key).
 */
export async function loadRecordingKey(configured: Buffer | undefined, dataDir: string): Promise<RecordingKey> {
  if (configured) {
    if (configured.length !== 32) throw new Error('KEFU_RECORDING_KEY must be 32 bytes');
    return { key: configured, keyId: recordingKeyId(configured) };
  }
  const file = path.join(dataDir, 'recording.key');
  await fs.mkdir(dataDir, { recursive: true });
  const fresh = randomBytes(32);
  try {
    // 'wx': never overwrite a key another start created in between (it encrypts files already).
    await fs.writeFile(file, fresh, { flag: 'wx', mode: 0o600 });
    return { key: fresh, keyId: recordingKeyId(fresh) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = await fs.readFile(file);
  if (key.length !== 32) {
    throw new Error(`${file} must hold exactly 32 bytes (it has ${key.length}); restore it from the backup`);
  }
  return { key, keyId: recordingKeyId(key) };
}
