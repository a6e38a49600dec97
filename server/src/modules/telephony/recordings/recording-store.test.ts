import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import { fixedClock } from '../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { uuidv7Generator } from '../../../platform/ids';
import { createLogger } from '../../../platform/logger';
import { telephonyRecordings } from '../telephony.schema';
import { loadRecordingKey, recordingKeyId } from './recording-key';
import { createRecordingStore, RECORDING_MAGIC, type RecordingStore } from './recording-store';

const T0 = new Date('2026-05-04T01:00:00.000Z');
const DAY = 86_400_000;
const clock = fixedClock(T0);
let tdb: TestDatabase;
let handle: DbHandle;
let dir: string;
const KEY = randomBytes(32);

const storeWith = (key: Buffer, retentionDays = 30): RecordingStore => {
  const gen = uuidv7Generator(clock);
  return createRecordingStore({
    db: handle.db,
    clock,
    dir: path.join(dir, 'recordings'),
    key,
    keyId: recordingKeyId(key),
    retentionDays,
    log: createLogger('silent'),
    ids: () => gen.next(),
  });
};

/** A WAV-like payload: a RIFF header and noise, large enough to span many stream chunks. */
async function recordCall(store: RecordingStore, bytes = 300_000) {
  const callId = randomUUID();
  const wav = Buffer.concat([Buffer.from('RIFF....WAVEfmt ', 'ascii'), randomBytes(bytes)]);
  const temp = store.tempPath(callId);
  await fs.writeFile(temp, wav);
  return { callId, wav, temp };
}

const readAll = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  handle = openDatabase(tdb.url, { max: 3 });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kefu-rec-'));
});
afterAll(async () => {
  await handle?.close();
  await tdb?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('recording store', () => {
  it('encrypts a recording, deletes the plaintext, and plays it back byte for byte', async () => {
    clock.set(T0);
    const store = storeWith(KEY);
    const { callId, wav, temp } = await recordCall(store);
    expect(path.dirname(temp)).toBe(path.join(dir, 'recordings', 'tmp'));
    const id = await store.store(callId, temp, 12_345);
    expect(existsSync(temp)).toBe(false);

    const [row] = await handle.db.select().from(telephonyRecordings).where(eq(telephonyRecordings.id, id));
    expect(row).toMatchObject({
      callId,
      keyId: recordingKeyId(KEY),
      bytes: wav.length,
      durationMs: 12_345,
      createdAt: T0,
      expiresAt: new Date(T0.getTime() + 30 * DAY),
      deletedAt: null,
    });
    const file = path.join(dir, 'recordings', row!.file);
    const onDisk = await fs.readFile(file);
    expect(onDisk.subarray(0, 8)).toEqual(RECORDING_MAGIC);
    expect(onDisk.subarray(9, 9 + onDisk[8]!).toString()).toBe(recordingKeyId(KEY));
    expect(onDisk.length).toBe(8 + 1 + 8 + 12 + wav.length + 16);
    expect(onDisk.includes(wav.subarray(100, 200))).toBe(false);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

    const opened = await store.open(id);
    expect(opened.bytes).toBe(wav.length);
    expect(opened.callId).toBe(callId);
    const played = await readAll(opened.stream);
    expect(createHash('sha256').update(played).digest('hex')).toBe(createHash('sha256').update(wav).digest('hex'));
  });

  it('uses a fresh IV per file: the same audio never encrypts the same way twice', async () => {
    const store = storeWith(KEY);
    const a = await recordCall(store, 1000);
    const idA = await store.store(a.callId, a.temp, 100);
    await fs.writeFile(a.temp, a.wav);
    const idB = await store.store(a.callId, a.temp, 100);
    const files = await handle.db.select().from(telephonyRecordings);
    const read = (id: string) => fs.readFile(path.join(dir, 'recordings', files.find((f) => f.id === id)!.file));
    expect((await read(idA)).equals(await read(idB))).toBe(false);
  });

  it('refuses a tampered file before any audio leaves, whether the audio, the tag or the header changed', async () => {
    const store = storeWith(KEY);
    for (const where of ['audio', 'tag', 'iv'] as const) {
      const { callId, temp } = await recordCall(store, 5000);
      const id = await store.store(callId, temp, 500);
      const [row] = await handle.db.select().from(telephonyRecordings).where(eq(telephonyRecordings.id, id));
      const file = path.join(dir, 'recordings', row!.file);
      const bytes = await fs.readFile(file);
      const at = where === 'audio' ? 2000 : where === 'tag' ? bytes.length - 3 : 8 + 1 + 8 + 4;
      bytes[at] = bytes[at]! ^ 0x01;
      await fs.writeFile(file, bytes);
      expect(await codeOf(store.open(id)), where).toBe('RECORDINGS.INTEGRITY_FAILED');
    }
  });

  it('refuses a truncated file and a file that is not a recording', async () => {
    const store = storeWith(KEY);
    const { callId, temp } = await recordCall(store, 5000);
    const id = await store.store(callId, temp, 500);
    const [row] = await handle.db.select().from(telephonyRecordings).where(eq(telephonyRecordings.id, id));
    const file = path.join(dir, 'recordings', row!.file);
    await fs.truncate(file, 20);
    expect(await codeOf(store.open(id))).toBe('RECORDINGS.INTEGRITY_FAILED');
    await fs.writeFile(file, Buffer.from('RIFF plain wav, not encrypted'));
    expect(await codeOf(store.open(id))).toBe('RECORDINGS.INTEGRITY_FAILED');
    await fs.rm(file);
    expect(await codeOf(store.open(id))).toBe('RECORDINGS.FILE_MISSING');
  });

  it('refuses to decrypt with another key, naming both keys', async () => {
    const { callId, temp } = await recordCall(storeWith(KEY), 5000);
    const id = await storeWith(KEY).store(callId, temp, 500);
    const other = randomBytes(32);
    const err = await storeWith(other)
      .open(id)
      .catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('RECORDINGS.KEY_MISMATCH');
    expect((err as AppError).message).toContain(recordingKeyId(KEY));
    expect((err as AppError).message).toContain(recordingKeyId(other));
  });

  it('answers not found for an unknown recording', async () => {
    expect(await codeOf(storeWith(KEY).open(randomUUID()))).toBe('RECORDINGS.NOT_FOUND');
  });

  it('deletes recordings once their retention has passed, and only those', async () => {
    await handle.db.delete(telephonyRecordings);
    clock.set(T0);
    const store = storeWith(KEY, 7);
    const old = await recordCall(store, 1000);
    const oldId = await store.store(old.callId, old.temp, 100);
    clock.set(new Date(T0.getTime() + DAY));
    const young = await recordCall(store, 1000);
    const youngId = await store.store(young.callId, young.temp, 100);
    const fileOf = async (id: string) =>
      (await handle.db.select().from(telephonyRecordings).where(eq(telephonyRecordings.id, id)))[0]!;
    const oldFile = path.join(dir, 'recordings', (await fileOf(oldId)).file);

    clock.set(new Date(T0.getTime() + 7 * DAY - 1));
    expect(await store.purgeExpired()).toBe(0);
    clock.set(new Date(T0.getTime() + 7 * DAY));
    expect(await store.purgeExpired()).toBe(1);
    expect(existsSync(oldFile)).toBe(false);
    expect((await fileOf(oldId)).deletedAt).toEqual(new Date(T0.getTime() + 7 * DAY));
    expect((await fileOf(youngId)).deletedAt).toBeNull();
    expect(await codeOf(store.open(oldId))).toBe('RECORDINGS.NOT_FOUND');
    expect(await store.purgeExpired()).toBe(0);
    expect((await readAll((await store.open(youngId)).stream)).equals(young.wav)).toBe(true);
  });

  it('deletes plaintext recordings a crash left in the temp folder', async () => {
    const store = storeWith(KEY);
    const a = store.tempPath(randomUUID());
    const b = store.tempPath(randomUUID());
    await fs.writeFile(a, 'RIFF');
    await fs.writeFile(b, 'RIFF');
    expect(await store.removeStrayTemp()).toBe(2);
    expect(existsSync(a) || existsSync(b)).toBe(false);
    expect(await store.removeStrayTemp()).toBe(0);
  });
});

describe('recording key', () => {
  it('uses the configured key, named by the first 8 hex digits of its SHA-256', async () => {
    const k = await loadRecordingKey(KEY, path.join(dir, 'unused'));
    expect(k.key).toBe(KEY);
    expect(k.keyId).toBe(createHash('sha256').update(KEY).digest('hex').slice(0, 8));
    expect(existsSync(path.join(dir, 'unused', 'recording.key'))).toBe(false);
  });

  it('without a configured key, generates <dataDir>/recording.key once (mode 0600) and reuses it', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await loadRecordingKey(undefined, dataDir);
    const file = path.join(dataDir, 'recording.key');
    expect(first.key.length).toBe(32);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.readFile(file)).equals(first.key)).toBe(true);
    const again = await loadRecordingKey(undefined, dataDir);
    expect(again.key.equals(first.key)).toBe(true);
    expect(again.keyId).toBe(first.keyId);
  });

  it('refuses a key file of the wrong size instead of replacing it', async () => {
    const dataDir = path.join(dir, 'broken');
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(dataDir, 'recording.key'), 'short');
    await expect(loadRecordingKey(undefined, dataDir)).rejects.toThrow(/32 bytes/);
    expect(await fs.readFile(path.join(dataDir, 'recording.key'), 'utf8')).toBe('short');
  });
});
