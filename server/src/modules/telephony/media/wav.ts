/**
 * WAV (RIFF WAVE) files for prompts, uploads and call recordings.
 *
 * Reading accepts what telephony needs and admins upload: 16-bit PCM, or 8-bit µ-law (format tag 7)
 * / A-law (6), also inside WAVE_FORMAT_EXTENSIBLE, mono or stereo, at 8 or 16 kHz. Chunks other than
 * `fmt ` and `data` (LIST, fact, cue, …) are skipped. A `data` chunk whose size runs past the end of
 * the file is read up to the last whole frame: that is what a recording cut by a crash looks like
 * (its header sizes were never patched). Anything else is a `WavError` with a code the upload route
 * turns into a message.
 *
 * Uploads are read with `{ complete: true }`: an uploaded file is whole by definition (the request
 * body), so sizes that promise more than it holds mean a cut file, and are refused (`truncated`),
 * as are sizes that contradict each other or the format (`bad_size`: a data chunk running past the
 * RIFF chunk, or not a whole number of sample frames). One exception, by choice: 0xFFFFFFFF, the
 * "unknown length" of WAVs written to a pipe (ffmpeg, our own recordings before they are patched),
 * is accepted and read to the end of the body, since refusing it would turn away a common, valid
 * way of producing audio; what is read must still be whole sample frames (else `truncated`), and
 * the caller checks the length it needs (prompts: at least one 20 ms packet, at most 10 minutes).
 *
 * Writing produces 16-bit PCM with the canonical 44-byte header. `createStereoWavWriter` streams a
 * call recording (caller left, agent right) and gives back the final header to patch at offset 0.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { alawDecode, mulawDecode } from './g711';

export type WavSampleRate = 8000 | 16000;
export type WavChannels = 1 | 2;
export type WavEncoding = 'pcm16' | 'mulaw' | 'alaw';

export type WavAudio = {
  sampleRate: WavSampleRate;
  channels: WavChannels;
  /** How the file stored its samples; `samples` is always decoded to 16-bit linear. */
  encoding: WavEncoding;
  /** Interleaved (L, R, L, R, … for stereo). */
  samples: Int16Array;
};

export type WavErrorCode =
  | 'not_riff' // no RIFF/WAVE header: not a WAV file (or RF64/RIFX)
  | 'missing_fmt'
  | 'missing_data'
  | 'bad_fmt' // fmt chunk too short or self-contradictory (block align, byte rate)
  | 'unsupported_encoding' // not PCM, µ-law or A-law (e.g. float, ADPCM, MP3)
  | 'unsupported_bit_depth' // PCM not 16-bit, G.711 not 8-bit
  | 'unsupported_channels'
  | 'unsupported_sample_rate'
  | 'truncated' // complete files only: the file ends before the size its header gives
  | 'bad_size'; // complete files only: sizes that contradict each other or the sample frame size

export class WavError extends Error {
  override readonly name = 'WavError';
  constructor(
    readonly code: WavErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

type FmtChunk = { formatTag: number; channels: number; sampleRate: number; blockAlign: number; bitsPerSample: number };

/** The size fields' "unknown length" (a file written as a stream). */
const UNKNOWN_SIZE = 0xffffffff;

export type ReadWavOptions = {
  /** The file must hold everything its header announces (uploads); see the top of this file. */
  complete?: boolean;
};

/** Reads a whole WAV file. Throws `WavError` (and nothing else) on anything it cannot read. */
export function readWav(file: Uint8Array, options: ReadWavOptions = {}): WavAudio {
  const buf = Buffer.isBuffer(file) ? file : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    throw new WavError('not_riff', 'not a RIFF WAVE file');
  }
  const riffSize = buf.readUInt32LE(4);
  const riffEnd = riffSize === UNKNOWN_SIZE ? buf.length : 8 + riffSize;
  let fmt: FmtChunk | undefined;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('latin1', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      fmt = readFmt(buf.subarray(body, Math.min(body + size, buf.length)));
    } else if (id === 'data') {
      if (!fmt) throw new WavError('missing_fmt', 'data chunk before any fmt chunk');
      if (options.complete) return decodeData(fmt, completeData(buf, body, size, fmt.blockAlign, riffEnd));
      const available = Math.min(size, buf.length - body);
      return decodeData(fmt, buf.subarray(body, body + available - (available % fmt.blockAlign)));
    }
    offset = body + size + (size & 1); // chunks are padded to an even length
  }
  throw new WavError(fmt ? 'missing_data' : 'missing_fmt', fmt ? 'no data chunk' : 'no fmt chunk');
}

/** The data chunk of a complete file, refusing sizes that promise more than the file holds. */
function completeData(buf: Buffer, body: number, size: number, blockAlign: number, riffEnd: number): Buffer {
  // A file cut right after its headers holds no audio at all: "empty" says that best to its sender.
  if (body >= buf.length) return buf.subarray(0, 0);
  if (riffEnd > buf.length) {
    throw new WavError('truncated', `the file has ${buf.length} bytes, its RIFF header announces ${riffEnd}`);
  }
  if (body > riffEnd) throw new WavError('bad_size', 'the data chunk lies past the end of the RIFF chunk');
  if (size === UNKNOWN_SIZE) {
    const bytes = riffEnd - body;
    if (bytes % blockAlign !== 0) {
      throw new WavError('truncated', `the audio of unknown length ends inside a ${blockAlign}-byte sample frame`);
    }
    return buf.subarray(body, body + bytes);
  }
  if (body + size > buf.length) {
    throw new WavError('truncated', `the data chunk announces ${size} bytes, the file holds ${buf.length - body}`);
  }
  if (body + size > riffEnd) {
    throw new WavError('bad_size', `the data chunk (${size} bytes) runs past the end of the RIFF chunk`);
  }
  if (size % blockAlign !== 0) {
    throw new WavError('bad_size', `a data size of ${size} bytes is not a whole number of ${blockAlign}-byte frames`);
  }
  return buf.subarray(body, body + size);
}

function readFmt(body: Buffer): FmtChunk {
  if (body.length < 16) throw new WavError('bad_fmt', 'fmt chunk shorter than 16 bytes');
  let formatTag = body.readUInt16LE(0);
  if (formatTag === FORMAT_EXTENSIBLE) {
    // cbSize(2) validBits(2) channelMask(4), then the sub-format GUID whose first 2 bytes are the tag.
    if (body.length < 40) throw new WavError('bad_fmt', 'WAVE_FORMAT_EXTENSIBLE without its sub-format');
    formatTag = body.readUInt16LE(24);
  }
  const fmt: FmtChunk = {
    formatTag,
    channels: body.readUInt16LE(2),
    sampleRate: body.readUInt32LE(4),
    blockAlign: body.readUInt16LE(12),
    bitsPerSample: body.readUInt16LE(14),
  };
  if (formatTag !== FORMAT_PCM && formatTag !== FORMAT_ALAW && formatTag !== FORMAT_MULAW) {
    throw new WavError('unsupported_encoding', `unsupported WAV format tag ${formatTag} (use 16-bit PCM)`);
  }
  const wantBits = formatTag === FORMAT_PCM ? 16 : 8;
  if (fmt.bitsPerSample !== wantBits) {
    throw new WavError('unsupported_bit_depth', `${fmt.bitsPerSample}-bit samples (need ${wantBits}-bit)`);
  }
  if (fmt.channels !== 1 && fmt.channels !== 2) {
    throw new WavError('unsupported_channels', `${fmt.channels} channels (need mono or stereo)`);
  }
  if (fmt.sampleRate !== 8000 && fmt.sampleRate !== 16000) {
    throw new WavError('unsupported_sample_rate', `${fmt.sampleRate} Hz (need 8000 or 16000 Hz)`);
  }
  if (fmt.blockAlign !== (fmt.channels * wantBits) / 8) {
    throw new WavError('bad_fmt', `block align ${fmt.blockAlign} does not match ${fmt.channels}×${wantBits} bits`);
  }
  return fmt;
}

function decodeData(fmt: FmtChunk, data: Buffer): WavAudio {
  const base = { sampleRate: fmt.sampleRate as WavSampleRate, channels: fmt.channels as WavChannels };
  if (fmt.formatTag === FORMAT_PCM) {
    const samples = new Int16Array(data.length / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
    return { ...base, encoding: 'pcm16', samples };
  }
  const decode = fmt.formatTag === FORMAT_MULAW ? mulawDecode : alawDecode;
  const samples = new Int16Array(data.length);
  for (let i = 0; i < data.length; i++) samples[i] = decode(data[i]!);
  return { ...base, encoding: fmt.formatTag === FORMAT_MULAW ? 'mulaw' : 'alaw', samples };
}

const HEADER_BYTES = 44;

/** The canonical 44-byte header of a 16-bit PCM file holding `dataBytes` of samples. */
export function wavHeader(options: { sampleRate: number; channels: WavChannels; dataBytes: number }): Buffer {
  const { sampleRate, channels, dataBytes } = options;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(Math.min(36 + dataBytes, 0xffffffff), 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(FORMAT_PCM, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(Math.min(dataBytes, 0xffffffff), 40);
  return header;
}

/** A whole 16-bit PCM WAV file. `samples` are interleaved when stereo. */
export function encodeWav(audio: { sampleRate: WavSampleRate; channels: WavChannels; samples: Int16Array }): Buffer {
  if (audio.samples.length % audio.channels !== 0) throw new RangeError('WAV: samples not a whole number of frames');
  const out = Buffer.alloc(HEADER_BYTES + audio.samples.length * 2);
  wavHeader({ ...audio, dataBytes: audio.samples.length * 2 }).copy(out, 0);
  for (let i = 0; i < audio.samples.length; i++) out.writeInt16LE(audio.samples[i]!, HEADER_BYTES + i * 2);
  return out;
}

/** Largest data chunk a RIFF size field can describe (about 37 hours of 8 kHz stereo). */
const MAX_DATA_BYTES = 0xffffffff - 36;

export type StereoWavWriter = {
  /**
   * The header to write first. Its sizes say "unknown" (0xffffffff): if the process dies before
   * `finish`, readers (ours included) still find every frame written so far.
   */
  start(): Buffer;
  /**
   * Interleaves one block of caller (left) and agent (right) audio and returns the bytes to append.
   * A missing or shorter side is filled with silence, so a one-way gap keeps both channels in step.
   */
  append(left: Int16Array | undefined, right: Int16Array | undefined): Buffer;
  /** The final header, with the real sizes, to write over the first 44 bytes. */
  finish(): Buffer;
  /** Frames (sample pairs) appended so far. */
  readonly frames: number;
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function createStereoWavWriter(options: { sampleRate: WavSampleRate }): StereoWavWriter {
  let frames = 0;
  return {
    start() {
      const header = wavHeader({ sampleRate: options.sampleRate, channels: 2, dataBytes: 0 });
      header.writeUInt32LE(0xffffffff, 4);
      header.writeUInt32LE(0xffffffff, 40);
      return header;
    },
    append(left, right) {
      const n = Math.max(left?.length ?? 0, right?.length ?? 0);
      if ((frames + n) * 4 > MAX_DATA_BYTES) throw new RangeError('WAV: recording exceeds the 4 GiB RIFF limit');
      const out = Buffer.alloc(n * 4);
      if (LITTLE_ENDIAN) {
        // Interleaved through a 16-bit view of the output (a fresh buffer, so aligned): no call per sample.
        const pcm = new Int16Array(out.buffer, out.byteOffset, n * 2);
        if (left) for (let i = 0; i < left.length; i++) pcm[i * 2] = left[i]!;
        if (right) for (let i = 0; i < right.length; i++) pcm[i * 2 + 1] = right[i]!;
      } else {
        for (let i = 0; i < n; i++) {
          out.writeInt16LE(left?.[i] ?? 0, i * 4);
          out.writeInt16LE(right?.[i] ?? 0, i * 4 + 2);
        }
      }
      frames += n;
      return out;
    },
    finish() {
      return wavHeader({ sampleRate: options.sampleRate, channels: 2, dataBytes: frames * 4 });
    },
    get frames() {
      return frames;
    },
  };
}

export type WavFileRecorder = {
  /** Queues one block; writes happen in order in the background. */
  append(left: Int16Array | undefined, right: Int16Array | undefined): void;
  /** Waits for queued writes, patches the header and closes the file. Returns frames written. */
  close(): Promise<number>;
};

/**
 * A stereo recording straight to a file (no encryption: the recording service wraps its own sink
 * around `createStereoWavWriter` when it encrypts). Writes are chained so they land in order
 * without blocking the media loop; the first failure is reported by `close`.
 */
export async function createWavFileRecorder(
  path: string,
  options: { sampleRate: WavSampleRate },
): Promise<WavFileRecorder> {
  const writer = createStereoWavWriter(options);
  const handle: FileHandle = await open(path, 'w');
  let position = 0;
  let failure: unknown;
  let pending: Promise<void> = Promise.resolve();
  const enqueue = (bytes: Buffer, at: number) => {
    pending = pending.then(async () => {
      if (failure !== undefined) return;
      try {
        await handle.write(bytes, 0, bytes.length, at);
      } catch (error) {
        failure = error;
      }
    });
  };
  const header = writer.start();
  enqueue(header, 0);
  position = header.length;
  return {
    append(left, right) {
      const bytes = writer.append(left, right);
      enqueue(bytes, position);
      position += bytes.length;
    },
    async close() {
      enqueue(writer.finish(), 0);
      await pending;
      await handle.close();
      if (failure !== undefined) throw failure;
      return writer.frames;
    },
  };
}

/** Averages left and right of interleaved stereo into mono. */
export function stereoToMono(samples: Int16Array): Int16Array {
  const out = new Int16Array(samples.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (samples[2 * i]! + samples[2 * i + 1]!) >> 1;
  return out;
}

/**
 * Low-pass FIR for 16 → 8 kHz: 63-tap windowed sinc (Hamming), cutoff 3.6 kHz at 16 kHz. The
 * transition band is about 3.3 × 16000 / 63 ≈ 840 Hz wide, so the telephone band (300–3400 Hz)
 * passes within a fraction of a dB and anything that would alias (above 4 kHz) is down by the
 * window's ~50 dB. Uploads are converted once, so the cost of 63 taps does not matter.
 */
const DECIMATION_TAPS = (() => {
  const n = 63;
  const cutoff = 3600 / 16000; // normalised to the input rate
  const taps = new Float64Array(n);
  const mid = (n - 1) / 2;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = i - mid;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    taps[i] = sinc * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1)));
    sum += taps[i]!;
  }
  for (let i = 0; i < n; i++) taps[i]! /= sum; // unity gain at DC
  return taps;
})();

/**
 * Halves the sample rate (16 kHz → 8 kHz): low-pass filter, keep every second sample. Works on
 * interleaved audio of `channels` channels; the edges are filtered as if padded with silence.
 */
export function downsample16kTo8k(samples: Int16Array, channels: WavChannels = 1): Int16Array {
  const frames = Math.floor(samples.length / channels);
  const outFrames = Math.ceil(frames / 2);
  const out = new Int16Array(outFrames * channels);
  const mid = (DECIMATION_TAPS.length - 1) / 2;
  for (let c = 0; c < channels; c++) {
    for (let o = 0; o < outFrames; o++) {
      const centre = o * 2;
      let acc = 0;
      for (let t = 0; t < DECIMATION_TAPS.length; t++) {
        const frame = centre + t - mid;
        if (frame >= 0 && frame < frames) acc += DECIMATION_TAPS[t]! * samples[frame * channels + c]!;
      }
      out[o * channels + c] = Math.max(-32768, Math.min(32767, Math.round(acc)));
    }
  }
  return out;
}

/** What telephony plays: 8 kHz mono 16-bit, from any audio `readWav` accepts. */
export function toTelephonyAudio(audio: WavAudio): Int16Array {
  const mono = audio.channels === 2 ? stereoToMono(audio.samples) : audio.samples;
  return audio.sampleRate === 16000 ? downsample16kTo8k(mono, 1) : mono;
}
