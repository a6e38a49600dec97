import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline as pipe, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../../../platform/clock';
import type { Database } from '../../../platform/db';
import type { Logger } from '../../../platform/logger';
import { recordingFileMissing, recordingKeyMismatch, recordingNotFound, recordingTampered } from './recordings.errors';
import { createRecordingsRepo } from './recordings.repo';

/**
 * Encrypted call recordings under `<dataDir>/recordings`.
 *
 * File format (one file per recording, `<yyyy-mm>/<recording id>.kefurec`):
 *   'KEFUREC1' | keyId length (1 byte) | keyId (ASCII) | IV (12 bytes) | ciphertext | GCM tag (16 bytes)
 * AES-256-GCM with a random IV per file; magic and keyId are the additional authenticated data, so
 * the header cannot be swapped either. The ciphertext is as long as the WAV it encrypts.
 */
export const RECORDING_MAGIC = Buffer.from('KEFUREC1', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DAY_MS = 86_400_000;

export type RecordingStoreDeps = {
  db: Database;
  clock: Clock;
  /** `<dataDir>/recordings`. */
  dir: string;
  key: Buffer;
  keyId: string;
  retentionDays: number;
  log: Logger;
  ids: () => string;
};

export type RecordingStore = {
  /** Where the live recorder writes the plaintext WAV of a call (a temp subfolder of `dir`). */
  tempPath(callId: string): string;
  /** Encrypts the WAV into its final file, records it, deletes the plaintext; returns the recording id. */
  store(callId: string, tempWavPath: string, durationMs: number): Promise<string>;
  /** Decrypts a recording after checking its tag; `bytes` is the WAV's length. */
  open(id: string): Promise<{ stream: Readable; bytes: number; callId: string }>;
  /** Deletes the files of recordings past their retention and marks them deleted; returns how many. */
  purgeExpired(): Promise<number>;
  /**
   * Deletes plaintext WAVs left in the temp folder by a crash mid-call; returns how many. Run at
   * start-up only, before calls are taken.
   */
  removeStrayTemp(): Promise<number>;
};

export function createRecordingStore(deps: RecordingStoreDeps): RecordingStore {
  const { db, clock, dir, key, keyId, log, ids } = deps;
  if (key.length !== 32) throw new Error('the recording key must be 32 bytes');
  if (!/^[\x21-\x7e]{1,255}$/.test(keyId)) throw new Error('the recording key id must be 1-255 printable characters');
  const repo = createRecordingsRepo();
  const tempDir = path.join(dir, 'tmp');
  // Synchronous once, so tempPath() can hand out a path the recorder can open right away.
  mkdirSync(tempDir, { recursive: true, mode: 0o700 });
  const header = Buffer.concat([RECORDING_MAGIC, Buffer.from([keyId.length]), Buffer.from(keyId, 'ascii')]);

  /** Reads and checks the header; returns where the ciphertext starts and the tag. */
  async function readLayout(id: string, file: string) {
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw recordingFileMissing(id);
      throw err;
    }
    try {
      const size = (await fh.stat()).size;
      const head = Buffer.alloc(Math.min(size, RECORDING_MAGIC.length + 1 + 255 + IV_BYTES));
      await fh.read(head, 0, head.length, 0);
      if (!head.subarray(0, RECORDING_MAGIC.length).equals(RECORDING_MAGIC)) {
        throw recordingTampered(id, 'not a Kefu recording (bad magic)');
      }
      const idLen = head[RECORDING_MAGIC.length] ?? 0;
      const fileHeaderLen = RECORDING_MAGIC.length + 1 + idLen;
      const dataStart = fileHeaderLen + IV_BYTES;
      if (size < dataStart + TAG_BYTES) throw recordingTampered(id, 'file is truncated');
      const fileHeader = head.subarray(0, fileHeaderLen);
      const fileKeyId = fileHeader.subarray(RECORDING_MAGIC.length + 1).toString('ascii');
      if (fileKeyId !== keyId) throw recordingKeyMismatch(id, fileKeyId, keyId);
      const iv = Buffer.from(head.subarray(fileHeaderLen, dataStart));
      const tag = Buffer.alloc(TAG_BYTES);
      await fh.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
      return { fileHeader: Buffer.from(fileHeader), iv, tag, dataStart, dataEnd: size - TAG_BYTES };
    } finally {
      await fh.close();
    }
  }

  function decipherFor(layout: { fileHeader: Buffer; iv: Buffer; tag: Buffer }) {
    const d = createDecipheriv('aes-256-gcm', key, layout.iv);
    d.setAAD(layout.fileHeader);
    d.setAuthTag(layout.tag);
    return d;
  }

  return {
    tempPath(callId) {
      if (!/^[\w-]{1,64}$/.test(callId)) throw new Error(`not a call id: ${callId}`);
      return path.join(tempDir, `${callId}.wav`);
    },

    async store(callId, tempWavPath, durationMs) {
      const id = ids();
      const createdAt = clock.now();
      const rel = path.join(createdAt.toISOString().slice(0, 7), `${id}.kefurec`);
      const final = path.join(dir, rel);
      const partial = `${final}.partial`;
      await fs.mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(header);
      let bytes = 0;
      try {
        await pipeline(
          createReadStream(tempWavPath),
          async function* (source: AsyncIterable<Buffer>) {
            yield Buffer.concat([header, iv]);
            for await (const chunk of source) {
              bytes += chunk.length;
              yield cipher.update(chunk);
            }
            yield cipher.final();
            yield cipher.getAuthTag();
          },
          createWriteStream(partial, { mode: 0o600 }),
        );
        // On disk before the rename makes it visible, so a power cut never leaves half a file in place.
        const fh = await fs.open(partial, 'r+');
        await fh.sync().finally(() => fh.close());
        await fs.rename(partial, final);
      } catch (err) {
        await fs.rm(partial, { force: true });
        throw err;
      }
      try {
        await repo.insert(db, {
          id,
          callId,
          file: rel,
          keyId,
          bytes,
          durationMs: Math.max(0, Math.round(durationMs)),
          createdAt,
          expiresAt: new Date(createdAt.getTime() + deps.retentionDays * DAY_MS),
        });
      } catch (err) {
        // Without its row nobody could play or purge the file; the plaintext stays for a retry.
        await fs.rm(final, { force: true });
        throw err;
      }
      await fs.rm(tempWavPath, { force: true });
      log.info({ recordingId: id, callId, bytes, durationMs }, 'recording stored');
      return id;
    },

    async open(id) {
      const row = await repo.find(db, id);
      if (!row || row.deletedAt) throw recordingNotFound(id);
      const file = path.join(dir, row.file);
      try {
        const layout = await readLayout(id, file);
        // First pass: check the tag before a single byte leaves (GCM releases plaintext before it
        // can tell it was changed). AES-GCM runs at GB/s: twice over a call is cheap.
        const check = decipherFor(layout);
        for await (const chunk of createReadStream(file, { start: layout.dataStart, end: layout.dataEnd - 1 })) {
          check.update(chunk as Buffer);
        }
        try {
          check.final(); // throws when the tag does not match what was read
        } catch {
          throw recordingTampered(id, 'the GCM tag does not match');
        }
        const stream = decipherFor(layout);
        pipe(createReadStream(file, { start: layout.dataStart, end: layout.dataEnd - 1 }), stream, (err) => {
          // A listener who stops early is no error; a file changed between the check and now is.
          if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
            log.error({ err, recordingId: id }, 'recording failed while streaming');
          }
        });
        return { stream, bytes: layout.dataEnd - layout.dataStart, callId: row.callId };
      } catch (err) {
        log.error({ err, recordingId: id, callId: row.callId, file }, 'recording cannot be opened');
        throw err;
      }
    },

    async purgeExpired() {
      let purged = 0;
      for (;;) {
        const now = clock.now();
        const rows = await repo.expired(db, now, 200);
        if (rows.length === 0) return purged;
        for (const r of rows) await fs.rm(path.join(dir, r.file), { force: true });
        await repo.markDeleted(
          db,
          rows.map((r) => r.id),
          now,
        );
        purged += rows.length;
        log.info({ recordings: rows.map((r) => r.id) }, 'expired recordings deleted');
        if (rows.length < 200) return purged;
      }
    },

    async removeStrayTemp() {
      // A plaintext WAV left by a crash is unencrypted personal data at rest, and the call it belongs
      // to was closed as system_restart: delete it rather than salvage an unfinished recording.
      const names = await fs.readdir(tempDir).catch(() => [] as string[]);
      for (const n of names) await fs.rm(path.join(tempDir, n), { force: true, recursive: true });
      if (names.length) log.warn({ files: names.length }, 'plaintext recordings left by a crash deleted');
      return names.length;
    },
  };
}
