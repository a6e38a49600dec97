/**
 * What a playing leg sends next: the played buffers cut into 20 ms G.711 frames (and the state of
 * digits queued for sending, which hold back the audio while they go out).
 *
 * Encoded copies of played audio are kept per law and shared by every leg playing the same buffer:
 * prompts and music come from the prompt library's cache as the same Int16Array, so a thousand
 * callers on hold cost one encoding and a 160-byte copy per packet instead of 160 table lookups
 * each. The price: a buffer handed to play() must not be modified afterwards.
 */
import type { DtmfDigit, planDtmfPackets } from './dtmf';
import { encodeG711, type G711Law, g711Silence } from './g711';

/** Samples in one 20 ms packet at 8 kHz. */
export const FRAME_SAMPLES = 160;
export const FRAME_MS = 20;
/** Pause between queued digits, in 20 ms slots, so a receiver sees two key presses, not one. */
export const INTER_DIGIT_SLOTS = 3;

export type PlaybackState = {
  buffers: readonly Int16Array[];
  index: number;
  offset: number;
  loop: boolean;
  finish(outcome: 'finished' | 'stopped'): void;
};

/** A digit waiting to be sent, and the one being sent (RFC 4733 packets planned at its first slot). */
export type DigitJob = { digit: DtmfDigit; resolve(): void };
export type DigitInProgress = { packets: ReturnType<typeof planDtmfPackets> | undefined; next: number; job: DigitJob };

const encodedAudio = new WeakMap<Int16Array, Partial<Record<G711Law, Buffer>>>();

function encoded(audio: Int16Array, law: G711Law): Buffer {
  let entry = encodedAudio.get(audio);
  if (!entry) {
    entry = {};
    encodedAudio.set(audio, entry);
  }
  entry[law] ??= encodeG711(law, audio);
  return entry[law];
}

/**
 * The next packet's payload of the playback in `law`: a view into the shared encoded copy when the
 * frame lies inside one buffer, else a fresh frame joined across buffers (the last padded with
 * silence); undefined at the end.
 */
export function nextPayload(state: PlaybackState, law: G711Law): Buffer | undefined {
  const current = state.buffers[state.index];
  if (current && state.offset + FRAME_SAMPLES <= current.length) {
    const payload = encoded(current, law).subarray(state.offset, state.offset + FRAME_SAMPLES);
    state.offset += FRAME_SAMPLES;
    if (state.offset >= current.length) {
      state.index++;
      state.offset = 0;
    }
    return payload;
  }
  const frame = Buffer.alloc(FRAME_SAMPLES, g711Silence(law));
  let filled = 0;
  let wrapped = false;
  while (filled < FRAME_SAMPLES) {
    const buffer = state.buffers[state.index];
    if (!buffer) {
      // A loop goes on from the start within the same frame (no gap at the seam); one that
      // wraps twice without a sample in between is empty and ends instead of spinning.
      if (!state.loop || wrapped) break;
      state.index = 0;
      state.offset = 0;
      wrapped = true;
      continue;
    }
    const take = Math.min(FRAME_SAMPLES - filled, buffer.length - state.offset);
    if (take > 0) wrapped = false;
    encoded(buffer, law).copy(frame, filled, state.offset, state.offset + take);
    filled += take;
    state.offset += take;
    if (state.offset >= buffer.length) {
      state.index++;
      state.offset = 0;
    }
  }
  return filled === 0 ? undefined : frame;
}
