import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Prompt } from '../../../../../contracts/prompts';
import { ADMIN_PASSWORD } from '../../../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import { buildApp, type Kefu } from '../../../app';
import { createAuditLog, systemActor } from '../../../platform/audit';
import { systemClock } from '../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../platform/db';
import { uuidv7Generator } from '../../../platform/ids';
import { createLogger } from '../../../platform/logger';
import { shippedPromptsFolder } from '../../../platform/paths';
import { encodeWav, mulawEncode, readWav } from '../media';
import { createPromptsRepo } from './prompts.repo';
import { createPromptsService } from './prompts.service';

// Built the way main.ts builds it: uploads in a folder of their own, before the shipped prompts.
let tdb: TestDatabase;
let handle: DbHandle;
let dir: string;
let uploads: string;
let kefu: Kefu;
let admin: string;
let agent: string;

type Method = 'GET' | 'POST' | 'DELETE';
const call = (method: Method, url: string, token: string, body?: Buffer | string, contentType = 'audio/wav') =>
  kefu.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { payload: body } : {}),
  });
const login = async (username: string, password: string): Promise<string> =>
  (await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } })).json().token;

beforeAll(async () => {
  tdb = await createTestDatabase();
  handle = openDatabase(tdb.url, { max: 5 });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kefu-prompts-'));
  uploads = path.join(dir, 'prompts');
  kefu = await buildApp({
    db: handle.db,
    pool: handle.pool,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    log: createLogger('silent'),
    sessionSeconds: 3600,
    idleLockSeconds: 3600,
    loginRateLimit: { max: 1000, timeWindow: 60_000 },
    serveWeb: false,
    sip: { host: '127.0.0.1', port: 0, promptDirs: [uploads, shippedPromptsFolder()] },
  });
  await kefu.services.users.bootstrapAdmin(ADMIN_PASSWORD);
  await kefu.app.ready();
  admin = await login('admin', ADMIN_PASSWORD);
  const created = await kefu.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { authorization: `Bearer ${admin}` },
    payload: { username: 'prompt.agent', password: 'Passw0rd!', displayName: 'Agent', roles: ['agent'] },
  });
  expect(created.statusCode, created.body).toBe(201);
  agent = await login('prompt.agent', 'Passw0rd!');
});
afterAll(async () => {
  await kefu?.app.close();
  await handle?.close();
  await tdb?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

/** A tone of `ms` milliseconds at `rate`, `channels` interleaved (the right channel half as loud). */
function tone(ms: number, rate: 8000 | 16000, channels: 1 | 2): Int16Array {
  const frames = (rate * ms) / 1000;
  const out = new Int16Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate));
    out[i * channels] = v;
    if (channels === 2) out[i * channels + 1] = v >> 1;
  }
  return out;
}

/** A WAV header of any format, for the formats Kefu refuses. */
function rawWav(opts: { tag: number; channels: number; rate: number; bits: number; data: Buffer }): Buffer {
  const h = Buffer.alloc(44);
  const align = (opts.channels * opts.bits) / 8;
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + opts.data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(opts.tag, 20);
  h.writeUInt16LE(opts.channels, 22);
  h.writeUInt32LE(opts.rate, 24);
  h.writeUInt32LE(opts.rate * align, 28);
  h.writeUInt16LE(align, 32);
  h.writeUInt16LE(opts.bits, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(opts.data.length, 40);
  return Buffer.concat([h, opts.data]);
}

/** The same file with its RIFF and/or data size fields overwritten (0xFFFFFFFF: "unknown length"). */
function withSizes(file: Buffer, sizes: { riff?: number; data?: number }): Buffer {
  const out = Buffer.from(file);
  if (sizes.riff !== undefined) out.writeUInt32LE(sizes.riff, 4);
  if (sizes.data !== undefined) out.writeUInt32LE(sizes.data, 40);
  return out;
}

const list = async () => {
  const res = await call('GET', '/api/v1/telephony/prompts', admin);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Prompt[];
};
const auditOf = async (action: string) => {
  const res = await call('GET', `/api/v1/audit?action=${action}&entityType=prompt`, admin);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{ actorName: string; entityId: string; details: Record<string, unknown> }>;
};

describe('uploading a prompt', () => {
  it('stores 16 kHz stereo as 8 kHz mono, lists it over the shipped one, plays it, and removes it', async () => {
    const shippedWelcome = (await list()).find((p) => p.language === 'zh-CN' && p.key === 'welcome');
    expect(shippedWelcome).toEqual({
      language: 'zh-CN',
      key: 'welcome',
      shippedDurationMs: expect.any(Number),
      upload: null,
      description: { 'zh-CN': expect.stringContaining('欢迎'), 'en-US': expect.stringContaining('Greeting') },
      text: '您好，欢迎致电客服热线。',
    });
    const shippedBytes = await fs.readFile(path.join(shippedPromptsFolder(), 'zh-CN', 'welcome.wav'));

    const upload = encodeWav({ sampleRate: 16000, channels: 2, samples: tone(1500, 16000, 2) });
    const res = await call('POST', '/api/v1/telephony/prompts/zh-CN/welcome', admin, upload);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      language: 'zh-CN',
      key: 'welcome',
      shippedDurationMs: shippedWelcome!.shippedDurationMs,
      upload: { durationMs: 1500, updatedAt: expect.any(String) },
      description: shippedWelcome!.description,
      // The upload plays now: the shipped words are no longer what the prompt says.
      text: null,
    });

    const stored = await fs.readFile(path.join(uploads, 'zh-CN', 'welcome.wav'));
    const audio = readWav(stored);
    expect(audio).toMatchObject({ sampleRate: 8000, channels: 1, encoding: 'pcm16' });
    expect(audio.samples.length).toBe(12_000);
    // Mono is the average of both channels (¾ of the left's 8000 peak), and the tone survives the filter.
    const peak = audio.samples.slice(1000, 11_000).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(5700);
    expect(peak).toBeLessThan(6300);
    // Nothing half-written is left beside it.
    expect(await fs.readdir(path.join(uploads, 'zh-CN'))).toEqual(['welcome.wav']);

    expect((await list()).find((p) => p.language === 'zh-CN' && p.key === 'welcome')?.upload).toEqual({
      durationMs: 1500,
      updatedAt: expect.any(String),
    });
    const played = await call('GET', '/api/v1/telephony/prompts/zh-CN/welcome', admin);
    expect(played.statusCode).toBe(200);
    expect(played.headers['content-type']).toBe('audio/wav');
    expect(played.headers['x-kefu-prompt-source']).toBe('upload');
    expect(played.rawPayload.equals(stored)).toBe(true);

    const removed = await call('DELETE', '/api/v1/telephony/prompts/zh-CN/welcome', admin);
    expect(removed.statusCode, removed.body).toBe(204);
    await expect(fs.stat(path.join(uploads, 'zh-CN', 'welcome.wav'))).rejects.toThrow();
    expect((await list()).find((p) => p.language === 'zh-CN' && p.key === 'welcome')?.upload).toBeNull();
    const shipped = await call('GET', '/api/v1/telephony/prompts/zh-CN/welcome', admin);
    expect(shipped.headers['x-kefu-prompt-source']).toBe('shipped');
    expect(shipped.rawPayload.equals(shippedBytes)).toBe(true);

    const again = await call('DELETE', '/api/v1/telephony/prompts/zh-CN/welcome', admin);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('PROMPTS.NO_UPLOAD');
  });

  it('a second upload replaces the first', async () => {
    const first = encodeWav({ sampleRate: 8000, channels: 1, samples: tone(1000, 8000, 1) });
    const second = encodeWav({ sampleRate: 8000, channels: 1, samples: tone(250, 8000, 1) });
    expect((await call('POST', '/api/v1/telephony/prompts/en-US/menu', admin, first)).statusCode).toBe(200);
    const res = await call('POST', '/api/v1/telephony/prompts/en-US/menu', admin, second, 'audio/x-wav');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().upload.durationMs).toBe(250);
    expect((await fs.readFile(path.join(uploads, 'en-US', 'menu.wav'))).equals(second)).toBe(true);
    expect((await list()).filter((p) => p.language === 'en-US' && p.key === 'menu')).toHaveLength(1);
  });

  it('takes a G.711 µ-law file under a key Kefu does not ship, and lists it as a custom prompt', async () => {
    const pcm = tone(2000, 8000, 1);
    const ulaw = Buffer.from(pcm.map((s) => mulawEncode(s)));
    const file = rawWav({ tag: 7, channels: 1, rate: 8000, bits: 8, data: ulaw });
    const res = await call('POST', '/api/v1/telephony/prompts/music/holiday', admin, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      language: 'music',
      key: 'holiday',
      shippedDurationMs: null,
      upload: { durationMs: 2000, updatedAt: expect.any(String) },
      description: null,
      text: null,
    });
    expect(readWav(await fs.readFile(path.join(uploads, 'music', 'holiday.wav'))).encoding).toBe('pcm16');
    const listed = await list();
    expect(listed.find((p) => p.key === 'holiday')).toMatchObject({ language: 'music', shippedDurationMs: null });
    // Shipped music is listed after the languages.
    expect(listed.map((p) => p.language).lastIndexOf('zh-CN')).toBeLessThan(
      listed.map((p) => p.language).indexOf('music'),
    );

    expect((await call('DELETE', '/api/v1/telephony/prompts/music/holiday', admin)).statusCode).toBe(204);
    const gone = await call('GET', '/api/v1/telephony/prompts/music/holiday', admin);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('PROMPTS.NOT_FOUND');
    expect((await list()).some((p) => p.key === 'holiday')).toBe(false);
  });

  it('audits uploads and removals with who did it and what was sent', async () => {
    const file = encodeWav({ sampleRate: 16000, channels: 1, samples: tone(500, 16000, 1) });
    expect((await call('POST', '/api/v1/telephony/prompts/en-US/goodbye', admin, file)).statusCode).toBe(200);
    expect((await call('DELETE', '/api/v1/telephony/prompts/en-US/goodbye', admin)).statusCode).toBe(204);
    expect(await auditOf('telephony.prompt.uploaded')).toContainEqual(
      expect.objectContaining({
        actorName: 'admin',
        entityId: 'en-US/goodbye',
        details: {
          language: 'en-US',
          key: 'goodbye',
          durationMs: 500,
          bytes: 44 + 8000,
          source: { sampleRate: 16000, channels: 1, encoding: 'pcm16' },
        },
      }),
    );
    expect(await auditOf('telephony.prompt.deleted')).toContainEqual(
      expect.objectContaining({
        actorName: 'admin',
        entityId: 'en-US/goodbye',
        details: { language: 'en-US', key: 'goodbye' },
      }),
    );
  });
});

describe('what an upload refuses', () => {
  const url = '/api/v1/telephony/prompts/zh-CN/welcome';
  const pcm16 = (rate: number, channels: number) =>
    rawWav({ tag: 1, channels, rate, bits: 16, data: Buffer.alloc(rate * channels * 2) });

  it.each([
    ['text that is not a WAV', Buffer.from('hello, this is not audio'), 'PROMPTS.NOT_WAV'],
    ['an MP3 sent as WAV', Buffer.from([0xff, 0xfb, 0x90, 0x64, ...new Array(400).fill(0)]), 'PROMPTS.NOT_WAV'],
    ['a RIFF file without its data', pcm16(8000, 1).subarray(0, 36), 'PROMPTS.BAD_WAV'],
    ['44.1 kHz', pcm16(44100, 2), 'PROMPTS.UNSUPPORTED_SAMPLE_RATE'],
    [
      '24-bit PCM',
      rawWav({ tag: 1, channels: 1, rate: 8000, bits: 24, data: Buffer.alloc(2400) }),
      'PROMPTS.UNSUPPORTED_BIT_DEPTH',
    ],
    [
      '32-bit float',
      rawWav({ tag: 3, channels: 1, rate: 8000, bits: 32, data: Buffer.alloc(3200) }),
      'PROMPTS.UNSUPPORTED_ENCODING',
    ],
    ['six channels', pcm16(8000, 6), 'PROMPTS.UNSUPPORTED_CHANNELS'],
    ['a WAV without a single sample', pcm16(8000, 1).subarray(0, 44), 'PROMPTS.EMPTY'],
    ['a data size larger than the file (a cut upload)', pcm16(8000, 1).subarray(0, 44 + 8000), 'PROMPTS.TRUNCATED'],
    ['a RIFF size larger than the file', withSizes(pcm16(8000, 1), { riff: 0xfffffffe }), 'PROMPTS.TRUNCATED'],
    [
      'an unknown length (0xFFFFFFFF) ending inside a sample',
      Buffer.concat([withSizes(pcm16(8000, 1), { riff: 0xffffffff, data: 0xffffffff }), Buffer.from([7])]),
      'PROMPTS.TRUNCATED',
    ],
    [
      'an unknown length (0xFFFFFFFF) without a single sample',
      withSizes(pcm16(8000, 1), { riff: 0xffffffff, data: 0xffffffff }).subarray(0, 44),
      'PROMPTS.EMPTY',
    ],
    [
      '3 bytes of 16-bit audio',
      rawWav({ tag: 1, channels: 1, rate: 8000, bits: 16, data: Buffer.from([1, 2, 3]) }),
      'PROMPTS.BAD_SIZE',
    ],
    [
      'one sample',
      rawWav({ tag: 1, channels: 1, rate: 8000, bits: 16, data: Buffer.from([1, 2]) }),
      'PROMPTS.TOO_SHORT',
    ],
    [
      '10 ms of audio of unknown length',
      withSizes(rawWav({ tag: 1, channels: 1, rate: 8000, bits: 16, data: Buffer.alloc(160) }), {
        riff: 0xffffffff,
        data: 0xffffffff,
      }),
      'PROMPTS.TOO_SHORT',
    ],
    ['an empty body', Buffer.alloc(0), 'PROMPTS.EMPTY'],
  ])('%s → 400 with a code the screen explains', async (_what, body, code) => {
    const res = await call('POST', url, admin, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe(code);
    await expect(fs.stat(path.join(uploads, 'zh-CN', 'welcome.wav'))).rejects.toThrow();
  });

  it('takes a streamed WAV whose sizes say "unknown length" (0xFFFFFFFF), reading it to the end of the body', async () => {
    const streamed = withSizes(encodeWav({ sampleRate: 8000, channels: 1, samples: tone(500, 8000, 1) }), {
      riff: 0xffffffff,
      data: 0xffffffff,
    });
    const res = await call('POST', '/api/v1/telephony/prompts/zh-CN/streamed', admin, streamed);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().upload).toMatchObject({ durationMs: 500 });
    const stored = readWav(await fs.readFile(path.join(uploads, 'zh-CN', 'streamed.wav')));
    expect(stored.samples).toEqual(tone(500, 8000, 1));
    expect((await call('DELETE', '/api/v1/telephony/prompts/zh-CN/streamed', admin)).statusCode).toBe(204);
  });

  it('more than ten minutes → 400 PROMPTS.TOO_LONG', async () => {
    const elevenMinutes = rawWav({ tag: 6, channels: 1, rate: 8000, bits: 8, data: Buffer.alloc(8000 * 660, 0xd5) });
    const res = await call('POST', url, admin, elevenMinutes);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'PROMPTS.TOO_LONG', details: { durationMs: 660_000 } });
  });

  it('more than 10 MB → 413 before anything is decoded', async () => {
    const big = pcm16(8000, 1);
    const res = await call('POST', url, admin, Buffer.concat([big, Buffer.alloc(10 * 1024 * 1024)]));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('HTTP.BODY_TOO_LARGE');
  });

  it('JSON instead of a file → 400 PROMPTS.NOT_WAV; an unknown media type → 415', async () => {
    const json = await call('POST', url, admin, '{"file":"x"}', 'application/json');
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('PROMPTS.NOT_WAV');
    const mp3 = await call('POST', url, admin, Buffer.from('ID3'), 'audio/mpeg');
    expect(mp3.statusCode).toBe(415);
  });

  it('a language or key that is not a plain name → 400 VALIDATION.FAILED', async () => {
    const file = encodeWav({ sampleRate: 8000, channels: 1, samples: tone(100, 8000, 1) });
    for (const bad of [
      'fr-FR/welcome',
      'zh-CN/Welcome',
      'zh-CN/..%2Fescape',
      'zh-CN/-dash',
      `zh-CN/${'a'.repeat(61)}`,
    ]) {
      const res = await call('POST', `/api/v1/telephony/prompts/${bad}`, admin, file);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION.FAILED');
    }
    expect(await fs.readdir(dir)).not.toContain('escape.wav');
    await expect(fs.stat(path.join(uploads, 'fr-FR'))).rejects.toThrow();
  });

  it('the other audio routes stay JSON-only', async () => {
    const res = await call('POST', '/api/v1/telephony/numbers', admin, pcm16(8000, 1));
    expect(res.statusCode).toBe(415);
  });
});

describe('who may manage prompts', () => {
  it('an agent gets 403 on every prompt route', async () => {
    const file = encodeWav({ sampleRate: 8000, channels: 1, samples: tone(100, 8000, 1) });
    const tries: Array<[Method, string, Buffer?]> = [
      ['GET', '/api/v1/telephony/prompts'],
      ['GET', '/api/v1/telephony/prompts/zh-CN/welcome'],
      ['POST', '/api/v1/telephony/prompts/zh-CN/welcome', file],
      ['DELETE', '/api/v1/telephony/prompts/zh-CN/welcome'],
    ];
    for (const [method, url, body] of tries) {
      const res = await call(method, url, agent, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('AUTH.FORBIDDEN');
    }
    await expect(fs.stat(path.join(uploads, 'zh-CN', 'welcome.wav'))).rejects.toThrow();
  });
});

describe('the prompt service', () => {
  const deps = (uploadDir: string | undefined, onChanged: () => void) =>
    createPromptsService({
      db: handle.db,
      repo: createPromptsRepo(),
      audit: createAuditLog({ clock: systemClock }),
      clock: systemClock,
      ids: uuidv7Generator(systemClock),
      uploadDir,
      shippedDir: shippedPromptsFolder(),
      onChanged,
    });

  it('tells the prompt library after an upload and after a removal, so the next call plays the new file', async () => {
    const onChanged = vi.fn();
    const service = deps(path.join(dir, 'service'), onChanged);
    const file = encodeWav({ sampleRate: 8000, channels: 1, samples: tone(100, 8000, 1) });
    await service.upload({ language: 'zh-CN', key: 'thanks' }, file, systemActor);
    expect(onChanged).toHaveBeenCalledTimes(1);
    await service.remove({ language: 'zh-CN', key: 'thanks' }, systemActor);
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  it('refuses uploads with 503 when the app has no folder for them, and still lists the shipped prompts', async () => {
    const service = deps(undefined, () => {});
    const file = encodeWav({ sampleRate: 8000, channels: 1, samples: tone(100, 8000, 1) });
    await expect(service.upload({ language: 'zh-CN', key: 'thanks' }, file, systemActor)).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'PROMPTS.UPLOADS_DISABLED',
    });
    expect((await service.list()).length).toBeGreaterThan(60);
  });
});
