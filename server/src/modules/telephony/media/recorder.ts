/**
 * Stereo call recording: what `left` receives on the left channel, what `right` receives on the
 * right, 8 kHz 16-bit PCM, streamed to a WAV file.
 *
 * Each side's decoded audio goes into a small sample queue; every 20 ms, 160 samples are taken from
 * each queue and put side by side, padding with silence whatever is missing. So a side that sends
 * nothing (on hold, muted, silence suppression, lost packets) still advances in time and both
 * channels stay aligned with the wall clock, not with packet counts. A queue is capped at 200 ms:
 * a peer whose clock runs fast loses its oldest samples instead of drifting ever further behind.
 *
 * Cost at scale: all recordings on the same timer port share one pacer (one timer for hundreds of
 * recorded calls, as the media engine does for playing legs), and each recording writes to its file
 * every half second rather than every frame, so the file system sees 2 writes a second per call
 * instead of 50. A crash loses at most that last half second; the header's "unknown size" keeps
 * the rest readable (wav.ts).
 */
import { type Pacer, type PacerTimers, startPacer, systemPacerTimers } from './clock';
import type { MediaLeg } from './leg';
import { createWavFileRecorder } from './wav';

const FRAME_SAMPLES = 160;
const MAX_QUEUED_SAMPLES = 1600;
/** Frames gathered before one write to the file (500 ms). */
const FRAMES_PER_WRITE = 25;

export type Recording = { stop(): Promise<{ durationMs: number; bytes: number }> };

export function recordLegs(
  left: MediaLeg,
  right: MediaLeg,
  path: string,
  options?: { timers?: PacerTimers },
): Recording {
  const file = createWavFileRecorder(path, { sampleRate: 8000 });
  file.catch(() => {}); // an open failure is reported by stop()
  const leftQueue = createSampleQueue();
  const rightQueue = createSampleQueue();
  const offLeft = left.onAudio((frame) => leftQueue.push(frame));
  const offRight = right.onAudio((frame) => rightQueue.push(frame));
  let leftBlock = new Int16Array(FRAME_SAMPLES * FRAMES_PER_WRITE);
  let rightBlock = new Int16Array(FRAME_SAMPLES * FRAMES_PER_WRITE);
  let framesInBlock = 0;
  /** Blocks written in order: each waits for the file to open, then queues its bytes. */
  let writes: Promise<unknown> = file;

  const flush = () => {
    if (framesInBlock === 0) return;
    const l = leftBlock.subarray(0, framesInBlock * FRAME_SAMPLES);
    const r = rightBlock.subarray(0, framesInBlock * FRAME_SAMPLES);
    writes = writes.then(() => file.then((opened) => opened.append(l, r)));
    writes.catch(() => {});
    leftBlock = new Int16Array(FRAME_SAMPLES * FRAMES_PER_WRITE);
    rightBlock = new Int16Array(FRAME_SAMPLES * FRAMES_PER_WRITE);
    framesInBlock = 0;
  };

  const unsubscribe = subscribeToClock(options?.timers ?? systemPacerTimers, () => {
    leftQueue.takeInto(leftBlock, framesInBlock * FRAME_SAMPLES, FRAME_SAMPLES);
    rightQueue.takeInto(rightBlock, framesInBlock * FRAME_SAMPLES, FRAME_SAMPLES);
    if (++framesInBlock === FRAMES_PER_WRITE) flush();
  });

  let result: Promise<{ durationMs: number; bytes: number }> | undefined;
  return {
    stop() {
      result ??= (async () => {
        unsubscribe();
        offLeft();
        offRight();
        flush();
        const opened = await file;
        await writes;
        const frames = await opened.close();
        return { durationMs: frames / 8, bytes: 44 + frames * 4 };
      })();
      return result;
    },
  };
}

type RecordingClock = { listeners: Set<() => void>; pacer: Pacer | undefined };
const clocks = new WeakMap<PacerTimers, RecordingClock>();

/** One pacer per timer port for all recordings, running while at least one is subscribed. */
function subscribeToClock(timers: PacerTimers, listener: () => void): () => void {
  let clock = clocks.get(timers);
  if (!clock) {
    clock = { listeners: new Set(), pacer: undefined };
    clocks.set(timers, clock);
  }
  const shared = clock;
  shared.listeners.add(listener);
  shared.pacer ??= startPacer({
    timers,
    // A stall of the event loop is caught up (up to a second) rather than skipped: writing silence
    // is cheap, and a skipped slot would make the file shorter than the call.
    maxBurst: 50,
    onTick() {
      for (const each of shared.listeners) each();
    },
  });
  return () => {
    shared.listeners.delete(listener);
    if (shared.listeners.size === 0) {
      shared.pacer?.stop();
      shared.pacer = undefined;
    }
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
    /** Moves `count` samples into `out` at `at`; what is missing stays as it was (zeros: silence). */
    takeInto(out: Int16Array, at: number, count: number): void {
      let filled = 0;
      while (filled < count && chunks.length > 0) {
        const chunk = chunks[0]!;
        const n = Math.min(count - filled, chunk.length - offset);
        out.set(chunk.subarray(offset, offset + n), at + filled);
        filled += n;
        offset += n;
        size -= n;
        if (offset >= chunk.length) {
          chunks.shift();
          offset = 0;
        }
      }
    },
  };
}
