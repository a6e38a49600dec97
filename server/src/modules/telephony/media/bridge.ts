/**
 * Bridging two legs: what one receives, the other sends, as soon as it arrives (no pacing, no
 * jitter buffer: the sending phone paced it and the receiving phone has its own jitter buffer).
 * Same law on both sides → the payload passes through untouched; µ-law ↔ A-law → a table lookup
 * per byte (transcodeG711), which is the same as decoding to PCM and encoding again.
 *
 * RFC 4733 events are not forwarded: digits pressed during a bridged call are for us (feature codes,
 * IVR after transfer) and reach the caller of `onDtmf`; an agent's phone does not need them.
 */
import type { MediaLeg } from './leg';

export function bridgeLegs(a: MediaLeg, b: MediaLeg): { stop(): void } {
  a.stopPlayback();
  b.stopPlayback();
  const offA = a.onRtpAudio((payload, law, source) => b.relayAudio(payload, law, source));
  const offB = b.onRtpAudio((payload, law, source) => a.relayAudio(payload, law, source));
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      offA();
      offB();
    },
  };
}
