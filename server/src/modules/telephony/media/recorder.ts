/**
 * Stereo call recording: what `left` receives on the left channel, what `right` receives on the
 * right, 8 kHz 16-bit PCM, streamed to a WAV file.
 *
 * Each side's decoded audio goes into a small sample queue; a pacer of its own takes 160 samples
 * from each queue every 20 ms and writes them side by side, padding with silence whatever is
 * missing. So a side that sends nothing (on hold, muted, silence suppression, lost packets) still
 * advances in time and both channels stay aligned with the wall clock, not with packet counts. A
 * queue is capped at 200 ms: a peer whose clock runs fast loses its oldest samples instead of
 * drifting ever further behind the other side.
 */
import { type PacerTimers, startPacer } from './clock';
import type { MediaLeg } from './leg';
import { createWavFileRecorder, type WavFileRecorder } from './wav';

const FRAME_SAMPLES = 160;
const MAX_QUEUED_SAMPLES = 1600;

export type Recording = { stop(): Promise<{ durationMs: number; bytes: number }> };

export function recordLegs(
  left: MediaLeg,
  right: MediaLeg,
  path: string,
  options?: { timers?: PacerTimers },
): Recording {
  const file = createWavFileRecorder(path, { sampleRate: 8000 });
  const leftQueue = createSampleQueue();
  const rightQueue = createSampleQueue();
  const offLeft = left.onAudio((frame) => leftQueue.push(frame));
  const offRight = right.onAudio((frame) => rightQueue.push(frame));
  const pendingBlocks: [Int16Array, Int16Array][] = [];
  let recorder: WavFileRecorder | undefined;
  file.then(
    (opened) => {
      recorder = opened;
      for (const [l, r] of pendingBlocks.splice(0)) opened.append(l, r);
    },
    () => {}, // an open failure is reported by stop()
  );

  const pacer = startPacer({
    timers: options?.timers,
    onTick() {
      const l = leftQueue.take(FRAME_SAMPLES);
      const r = rightQueue.take(FRAME_SAMPLES);
      if (recorder) recorder.append(l, r);
      else pendingBlocks.push([l, r]);
    },
  });

  let result: Promise<{ durationMs: number; bytes: number }> | undefined;
  return {
    stop() {
      result ??= (async () => {
        pacer.stop();
        offLeft();
        offRight();
        const opened = await file;
        for (const [l, r] of pendingBlocks.splice(0)) opened.append(l, r);
        const frames = await opened.close();
        return { durationMs: frames / 8, bytes: 44 + frames * 4 };
      })();
      return result;
    },
  };
}

/** A FIFO of samples fed with frames of any length and read in fixed blocks. */
function createSampleQueue() {
  const chunks: Int16Array[] = [];
  let offset = 0; // read position in chunks[0]
  let size = 0;
  return {
    push(frame: Int16Array): void {
      chunks.push(frame);
      size += frame.length;
      while (size > MAX_QUEUED_SAMPLES && chunks.length > 0) {
        const dropped = chunks.shift()!;
        size -= dropped.length - offset;
        offset = 0;
      }
    },
    /** `count` samples, zero-padded when fewer are queued. */
    take(count: number): Int16Array {
      const out = new Int16Array(count);
      let filled = 0;
      while (filled < count && chunks.length > 0) {
        const chunk = chunks[0]!;
        const n = Math.min(count - filled, chunk.length - offset);
        out.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        size -= n;
        if (offset >= chunk.length) {
          chunks.shift();
          offset = 0;
        }
      }
      return out;
    },
  };
}
