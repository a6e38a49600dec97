import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../../../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import { buildApp, type Kefu } from '../../../app';
import { fixedClock } from '../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../platform/db';
import { uuidv7Generator } from '../../../platform/ids';
import { createLogger } from '../../../platform/logger';
import { recordingKeyId } from './recording-key';

// The test helper builds the app without recordings; this file builds it with them, the way main.ts does.
const T0 = new Date('2026-05-04T01:00:00.000Z');
const DAY = 86_400_000;
const clock = fixedClock(T0);
const KEY = randomBytes(32);
let tdb: TestDatabase;
let handle: DbHandle;
let dir: string;
let kefu: Kefu;
let admin: string;
let qa: string;
let analyst: string;
let agent: string;
let callId: string;
let recordingId: string;
let firstSegmentId: string;
let wav: Buffer;

const request = (url: string, token?: string) =>
  kefu.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
const login = async (username: string, password: string): Promise<string> =>
  (await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } })).json().token;
const addUser = async (username: string, role: string) => {
  const res = await kefu.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { authorization: `Bearer ${admin}` },
    payload: { username, password: 'Passw0rd!', displayName: username, roles: [role] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return login(username, 'Passw0rd!');
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  handle = openDatabase(tdb.url, { max: 5 });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kefu-rec-app-'));
  kefu = await buildApp({
    db: handle.db,
    pool: handle.pool,
    clock,
    ids: uuidv7Generator(clock),
    log: createLogger('silent'),
    sessionSeconds: 30 * 24 * 3600,
    idleLockSeconds: 30 * 24 * 3600,
    loginRateLimit: { max: 1000, timeWindow: 60_000 },
    serveWeb: false,
    recordings: { dir: path.join(dir, 'recordings'), key: KEY, keyId: recordingKeyId(KEY), retentionDays: 10 },
  });
  await kefu.services.users.bootstrapAdmin(ADMIN_PASSWORD);
  await kefu.app.ready();
  admin = await login('admin', ADMIN_PASSWORD);
  qa = await addUser('rec.qa', 'qa');
  analyst = await addUser('rec.analyst', 'analyst');
  agent = await addUser('rec.agent', 'agent');

  // A call recorded the way call control will: the recorder writes the temp WAV, the store encrypts it.
  const store = kefu.services.recordings!;
  const call = kefu.services.callLog.begin({
    direction: 'inbound',
    caller: '13812345678',
    called: '4008001234',
    sipCallId: randomUUID(),
  });
  callId = call.id;
  // Recorded in two segments (before and after a transfer): the call points at the last one.
  await fs.writeFile(store.tempPath(`${callId}-1`), randomBytes(1000));
  firstSegmentId = await store.store(callId, store.tempPath(`${callId}-1`), 500);
  clock.set(new Date(T0.getTime() + 1000));
  wav = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE', 'ascii'), randomBytes(64_000)]);
  await fs.writeFile(store.tempPath(callId), wav);
  recordingId = await store.store(callId, store.tempPath(callId), 4000);
  call.set({ recordingId });
  await call.end('caller_hangup');
});
afterAll(async () => {
  await kefu?.app.close();
  await handle?.close();
  await tdb?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

const playbacks = async () => {
  const res = await request(`/api/v1/audit?action=telephony.recording.played&entityId=${recordingId}`, admin);
  return res.json().items as Array<{ actorName: string; entityType: string; entityId: string; details: unknown }>;
};

describe('recording playback', () => {
  it('streams the decrypted WAV with its length, not cached, and audits the playback', async () => {
    const res = await request(`/api/v1/recordings/${recordingId}`, qa);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.headers['content-length']).toBe(String(wav.length));
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.equals(wav)).toBe(true);
    expect(await playbacks()).toEqual([
      expect.objectContaining({
        actorName: 'rec.qa',
        entityType: 'recording',
        entityId: recordingId,
        details: { callId },
      }),
    ]);
  });

  it('shows the recordings in the call detail, the one set on the call and every segment', async () => {
    const d = (await request(`/api/v1/calls/${callId}`, qa)).json();
    expect(d.recordingId).toBe(recordingId);
    const last = {
      id: recordingId,
      durationMs: 4000,
      expiresAt: new Date(T0.getTime() + 1000 + 10 * DAY).toISOString(),
      deleted: false,
    };
    expect(d.recording).toEqual(last);
    expect(d.recordings).toEqual([
      {
        id: firstSegmentId,
        durationMs: 500,
        expiresAt: new Date(T0.getTime() + 10 * DAY).toISOString(),
        deleted: false,
      },
      last,
    ]);
  });

  it('is for holders of recordings.listen: analysts and agents get 403, and nothing is audited', async () => {
    const before = (await playbacks()).length;
    expect((await request(`/api/v1/recordings/${recordingId}`, analyst)).statusCode).toBe(403);
    expect((await request(`/api/v1/recordings/${recordingId}`, agent)).statusCode).toBe(403);
    expect((await request(`/api/v1/recordings/${recordingId}`)).statusCode).toBe(401);
    expect((await playbacks()).length).toBe(before);
  });

  it('plays only on GET: a HEAD is no playback and leaves no audit entry', async () => {
    const before = (await playbacks()).length;
    const res = await kefu.app.inject({
      method: 'HEAD',
      url: `/api/v1/recordings/${recordingId}`,
      headers: { authorization: `Bearer ${qa}` },
    });
    expect(res.statusCode).toBe(404);
    expect((await playbacks()).length).toBe(before);
  });

  it('refuses a tampered recording with RECORDINGS.INTEGRITY_FAILED and sends no audio', async () => {
    const store = kefu.services.recordings!;
    const other = randomUUID();
    await fs.writeFile(store.tempPath(other), randomBytes(2000));
    const id = await store.store(other, store.tempPath(other), 100);
    const [file] = (await fs.readdir(path.join(dir, 'recordings'), { recursive: true })).filter((f) =>
      String(f).includes(id),
    );
    const full = path.join(dir, 'recordings', String(file));
    const bytes = await fs.readFile(full);
    bytes[100] = bytes[100]! ^ 0xff;
    await fs.writeFile(full, bytes);
    const res = await request(`/api/v1/recordings/${id}`, qa);
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('RECORDINGS.INTEGRITY_FAILED');
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('answers 404 for an unknown recording', async () => {
    const res = await request(`/api/v1/recordings/${randomUUID()}`, qa);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('RECORDINGS.NOT_FOUND');
  });

  it('answers 404 once the retention job deleted it; the call keeps saying so', async () => {
    clock.set(new Date(T0.getTime() + 1000 + 10 * DAY));
    expect(await kefu.services.recordings!.purgeExpired()).toBe(3); // both segments and the tampered one
    const res = await request(`/api/v1/recordings/${recordingId}`, qa);
    expect(res.statusCode).toBe(404);
    const d = (await request(`/api/v1/calls/${callId}`, qa)).json();
    expect(d.recording).toMatchObject({ id: recordingId, deleted: true });
  });
});
