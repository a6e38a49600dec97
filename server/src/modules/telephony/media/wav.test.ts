import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alawEncode, mulawEncode } from './g711';
import {
  createStereoWavWriter,
  createWavFileRecorder,
  downsample16kTo8k,
  encodeWav,
  readWav,
  stereoToMono,
  toTelephonyAudio,
  WavError,
  type WavErrorCode,
  wavHeader,
} from './wav';

const PROMPTS = path.resolve(__dirname, '../../../../assets/prompts');

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function fmtBody(tag: number, channels: number, rate: number, bits: number): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt16LE(tag, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(rate, 4);
  body.writeUInt32LE((rate * channels * bits) / 8, 8);
  body.writeUInt16LE((channels * bits) / 8, 12);
  body.writeUInt16LE(bits, 14);
  return body;
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks]);
  return Buffer.concat([chunk('RIFF', body).subarray(0, 8), body]);
}

function sine(hz: number, rate: number, n: number, amplitude = 10_000): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)));
}

function rms(samples: Int16Array, skip = 100): number {
  let sum = 0;
  const body = samples.subarray(skip, samples.length - skip);
  for (const s of body) sum += s * s;
  return Math.sqrt(sum / body.length);
}

function codeOf(fn: () => unknown): WavErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof WavError) return error.code;
    throw error;
  }
  return undefined;
}

describe('readWav', () => {
  it('reads the shipped prompts: 8 kHz mono 16-bit PCM', async () => {
    const audio = readWav(await readFile(path.join(PROMPTS, 'en-US/digit-1.wav')));
    expect(audio.sampleRate).toBe(8000);
    expect(audio.channels).toBe(1);
    expect(audio.encoding).toBe('pcm16');
    expect(audio.samples.length).toBe((7090 - 44) / 2);
    expect(rms(audio.samples)).toBeGreaterThan(100);
  });

  it('reads an empty data chunk as no samples', async () => {
    expect(readWav(await readFile(path.join(PROMPTS, 'en-US/position-after.wav'))).samples.length).toBe(0);
  });

  it('round-trips what encodeWav writes, mono and stereo, 8 and 16 kHz', () => {
    const stereo = new Int16Array([1, -1, 32767, -32768, 0, 5]);
    expect(readWav(encodeWav({ sampleRate: 16000, channels: 2, samples: stereo }))).toEqual({
      sampleRate: 16000,
      channels: 2,
      encoding: 'pcm16',
      samples: stereo,
    });
    const mono = sine(440, 8000, 800);
    expect(readWav(encodeWav({ sampleRate: 8000, channels: 1, samples: mono })).samples).toEqual(mono);
  });

  it('skips LIST and other chunks, odd-sized ones included, before and after fmt', () => {
    const data = Buffer.alloc(8);
    data.writeInt16LE(1234, 0);
    const file = riff(
      chunk('LIST', Buffer.from('INFOISFT\x05\x00\x00\x00Lavf\x00', 'latin1')),
      chunk('fmt ', fmtBody(1, 1, 8000, 16)),
      chunk('fact', Buffer.from([1, 2, 3])),
      chunk('data', data),
    );
    const audio = readWav(file);
    expect(audio.samples).toEqual(new Int16Array([1234, 0, 0, 0]));
  });

  it('decodes 8-bit µ-law (tag 7) and A-law (tag 6)', () => {
    const mu = riff(chunk('fmt ', fmtBody(7, 1, 8000, 8)), chunk('data', Buffer.from([0xff, 0x00, 0x80])));
    expect(readWav(mu)).toEqual({
      sampleRate: 8000,
      channels: 1,
      encoding: 'mulaw',
      samples: new Int16Array([0, -32124, 32124]),
    });
    const a = riff(chunk('fmt ', fmtBody(6, 2, 8000, 8)), chunk('data', Buffer.from([alawEncode(1000), 0xd5])));
    expect(readWav(a).encoding).toBe('alaw');
    expect(readWav(a).samples[1]).toBe(8);
    expect(mulawEncode(readWav(mu).samples[1]!)).toBe(0x00);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with a PCM sub-format', () => {
    const ext = Buffer.alloc(40);
    fmtBody(0xfffe, 1, 16000, 16).copy(ext);
    ext.writeUInt16LE(22, 16);
    ext.writeUInt16LE(16, 18);
    ext.writeUInt16LE(1, 24); // KSDATAFORMAT_SUBTYPE_PCM starts with 0x0001
    const data = Buffer.alloc(4);
    data.writeInt16LE(-7, 2);
    expect(readWav(riff(chunk('fmt ', ext), chunk('data', data))).samples).toEqual(new Int16Array([0, -7]));
  });

  it('reads a recording whose header was never patched up to its last whole frame', () => {
    const writer = createStereoWavWriter({ sampleRate: 8000 });
    const file = Buffer.concat([
      writer.start(),
      writer.append(new Int16Array([1, 2]), new Int16Array([3, 4])),
      Buffer.from([9]),
    ]);
    expect(readWav(file).samples).toEqual(new Int16Array([1, 3, 2, 4]));
  });

  it('refuses what telephony cannot play with a typed error', () => {
    const data = chunk('data', Buffer.alloc(8));
    expect(codeOf(() => readWav(Buffer.from('not a wav file at all')))).toBe('not_riff');
    expect(codeOf(() => readWav(Buffer.alloc(0)))).toBe('not_riff');
    expect(codeOf(() => readWav(riff(data)))).toBe('missing_fmt');
    expect(codeOf(() => readWav(riff(chunk('fmt ', fmtBody(1, 1, 8000, 16)))))).toBe('missing_data');
    expect(codeOf(() => readWav(riff(chunk('fmt ', Buffer.alloc(10)), data)))).toBe('bad_fmt');
    expect(codeOf(() => readWav(riff(chunk('fmt ', fmtBody(3, 1, 8000, 32)), data)))).toBe('unsupported_encoding');
    expect(codeOf(() => readWav(riff(chunk('fmt ', fmtBody(0x55, 1, 8000, 16)), data)))).toBe('unsupported_encoding');
    expect(codeOf(() => readWav(riff(chunk('fmt ', fmtBody(1, 1, 8000, 8)), data)))).toBe('unsupported_bit_depth');
    expect(codeOf(() => readWav(riff(chunk('fmt ', fmtBody(1, 1, 8000, 24)), data)))).toBe('unsupported_bit_depth');
    expect(codeOf(() => readWav(riff(chunk('fmt ', fmtBody(7, 1, 8000, 16)), data)))).toBe('unsupported_bit_depth');
    expect(codeOf(() => readWav(riff(chunk('fmt ', fmtBody(1, 6, 8000, 16)), data)))).toBe('unsupported_channels');
    expect(codeOf(() => readWav(riff(chunk('fmt ', fmtBody(1, 1, 44100, 16)), data)))).toBe('unsupported_sample_rate');
    const badAlign = fmtBody(1, 2, 8000, 16);
    badAlign.writeUInt16LE(2, 12);
    expect(codeOf(() => readWav(riff(chunk('fmt ', badAlign), data)))).toBe('bad_fmt');
  });

  it('never throws anything but WavError on truncated files', async () => {
    const file = await readFile(path.join(PROMPTS, 'en-US/digit-1.wav'));
    for (let n = 0; n < 60; n++) {
      const result = codeOf(() => readWav(file.subarray(0, n)));
      expect(result === undefined || typeof result === 'string').toBe(true);
    }
  });
});

describe('readWav of an upload (complete: the file must hold what its header announces)', () => {
  const pcm = (data: Buffer) => riff(chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', data));
  const withSizes = (file: Buffer, sizes: { riff?: number; data?: number }) => {
    const out = Buffer.from(file);
    if (sizes.riff !== undefined) out.writeUInt32LE(sizes.riff, 4);
    if (sizes.data !== undefined) out.writeUInt32LE(sizes.data, out.indexOf('data', 12, 'latin1') + 4);
    return out;
  };
  const complete = (file: Buffer) => readWav(file, { complete: true });

  it('reads a whole file as readWav does', () => {
    const file = encodeWav({ sampleRate: 8000, channels: 1, samples: sine(440, 8000, 800) });
    expect(complete(file)).toEqual(readWav(file));
  });

  it('refuses a data size larger than the file (a cut upload), which a recording cut by a crash may have', () => {
    const cut = pcm(Buffer.alloc(320)).subarray(0, 44 + 160);
    expect(readWav(cut).samples.length).toBe(80);
    expect(codeOf(() => complete(cut))).toBe('truncated');
  });

  it('refuses a RIFF size larger than the file, whole data chunk or not', () => {
    const file = pcm(Buffer.alloc(320));
    expect(codeOf(() => complete(withSizes(file, { riff: file.length })))).toBe('truncated');
    expect(codeOf(() => complete(withSizes(file, { riff: 0xfffffffe })))).toBe('truncated');
  });

  it('reads the unknown length (0xFFFFFFFF) of a streamed WAV to the end of the body, in whole frames only', () => {
    const samples = sine(440, 8000, 400);
    const file = encodeWav({ sampleRate: 8000, channels: 1, samples });
    const streamed = withSizes(file, { riff: 0xffffffff, data: 0xffffffff });
    expect(complete(streamed).samples).toEqual(samples);
    expect(complete(withSizes(file, { riff: 0xffffffff })).samples).toEqual(samples);
    expect(complete(withSizes(file, { data: 0xffffffff })).samples).toEqual(samples);
    expect(codeOf(() => complete(Buffer.concat([streamed, Buffer.from([1])])))).toBe('truncated');
    expect(complete(streamed.subarray(0, 44)).samples.length).toBe(0);
  });

  it('refuses sizes that contradict the sample frames or the RIFF chunk', () => {
    expect(codeOf(() => complete(pcm(Buffer.from([1, 2, 3]))))).toBe('bad_size'); // 1½ samples of 16-bit audio
    const file = pcm(Buffer.alloc(320));
    const past = withSizes(file, { riff: file.length - 8 - 160 }); // the RIFF chunk ends mid-data
    expect(codeOf(() => complete(past))).toBe('bad_size');
    expect(complete(pcm(Buffer.from([1, 0]))).samples).toEqual(new Int16Array([1]));
  });
});

describe('WAV writing', () => {
  it('writes the canonical 44-byte PCM header', () => {
    const header = wavHeader({ sampleRate: 8000, channels: 2, dataBytes: 32000 });
    expect(header.toString('hex')).toBe(
      '52494646247d000057415645666d74201000000001000200401f0000007d00000400100064617461007d0000',
    );
  });

  it('streams a stereo recording, caller left and agent right, and patches the sizes at the end', () => {
    const writer = createStereoWavWriter({ sampleRate: 8000 });
    const parts = [writer.start()];
    parts.push(writer.append(new Int16Array([100, 101]), new Int16Array([-100, -101])));
    parts.push(writer.append(new Int16Array([102]), undefined)); // agent silent this block
    parts.push(writer.append(new Int16Array([103]), new Int16Array([-103, -104]))); // caller short
    const file = Buffer.concat(parts);
    writer.finish().copy(file, 0);
    expect(writer.frames).toBe(5);
    expect(file.readUInt32LE(4)).toBe(36 + 20);
    expect(file.readUInt32LE(40)).toBe(20);
    const audio = readWav(file);
    expect(audio.channels).toBe(2);
    expect(audio.samples).toEqual(new Int16Array([100, -100, 101, -101, 102, 0, 103, -103, 0, -104]));
  });

  describe('to a file', () => {
    let dir: string | undefined;
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('writes a playable stereo file whose channels hold each side', async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-wav-'));
      const file = path.join(dir, 'call.wav');
      const recorder = await createWavFileRecorder(file, { sampleRate: 8000 });
      for (let i = 0; i < 50; i++)
        recorder.append(sine(440, 8000, 160), i < 25 ? new Int16Array(160) : sine(1000, 8000, 160));
      expect(await recorder.close()).toBe(8000);
      const audio = readWav(await readFile(file));
      expect(audio.samples.length).toBe(16000);
      const left = audio.samples.filter((_, i) => i % 2 === 0);
      const right = audio.samples.filter((_, i) => i % 2 === 1);
      expect(rms(left)).toBeGreaterThan(7000);
      expect(rms(right.subarray(0, 4000), 0)).toBe(0);
      expect(rms(right.subarray(4000), 0)).toBeGreaterThan(7000);
    });
  });
});

describe('conversion for telephony', () => {
  it('averages stereo into mono', () => {
    expect(stereoToMono(new Int16Array([100, 200, -32768, -32768, 32767, 32767, 1, -2]))).toEqual(
      new Int16Array([150, -32768, 32767, -1]),
    );
  });

  it('keeps the telephone band and removes what would alias when halving 16 kHz to 8 kHz', () => {
    const n = 16000;
    for (const hz of [300, 1000, 3000]) {
      const out = downsample16kTo8k(sine(hz, 16000, n));
      expect(out.length).toBe(n / 2);
      const gainDb = 20 * Math.log10(rms(out) / rms(sine(hz, 8000, n / 2)));
      expect(Math.abs(gainDb), `${hz} Hz`).toBeLessThan(0.5);
    }
    for (const hz of [4500, 6000, 7000]) {
      // Without the filter these would come back as 3500, 2000 and 1000 Hz at full level.
      const out = downsample16kTo8k(sine(hz, 16000, n));
      const gainDb = 20 * Math.log10(rms(out) / rms(sine(1000, 8000, n / 2)));
      expect(gainDb, `${hz} Hz`).toBeLessThan(-40);
    }
  });

  it('downsamples each channel of stereo on its own', () => {
    const left = sine(500, 16000, 1600);
    const stereo = new Int16Array(3200);
    for (let i = 0; i < 1600; i++) stereo[2 * i] = left[i]!;
    const out = downsample16kTo8k(stereo, 2);
    expect(out.length).toBe(1600);
    expect(out.filter((_, i) => i % 2 === 1).every((s) => s === 0)).toBe(true);
    expect(out.filter((_, i) => i % 2 === 0)).toEqual(downsample16kTo8k(left));
  });

  it('turns any accepted file into 8 kHz mono', () => {
    const stereo16k = { sampleRate: 16000 as const, channels: 2 as const, encoding: 'pcm16' as const };
    const samples = new Int16Array(3200);
    expect(toTelephonyAudio({ ...stereo16k, samples }).length).toBe(800);
    const mono8k = { sampleRate: 8000 as const, channels: 1 as const, encoding: 'pcm16' as const, samples };
    expect(toTelephonyAudio(mono8k)).toBe(samples);
  });
});
