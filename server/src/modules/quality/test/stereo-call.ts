import { seededRandom } from '../../../platform/random';

/** Who speaks when in a generated call: caller (left channel) or agent (right). */
export type Turn = { party: 'customer' | 'agent'; startMs: number; endMs: number };

/**
 * A stereo 8 kHz call with speech-like sound exactly where `turns` say (two tones, amplitude
 * modulated at a syllable rate) over a quiet line hiss on both channels: what the audio checks
 * must measure (tests, bench:quality). Deterministic for a seed.
 */
export function stereoCall(durationMs: number, turns: readonly Turn[], seed = 1, sampleRate = 8000): Int16Array {
  const frames = Math.round((durationMs * sampleRate) / 1000);
  const samples = new Int16Array(frames * 2);
  const random = seededRandom(seed);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round((random.next() - 0.5) * 60);
  for (const t of turns) {
    const channel = t.party === 'customer' ? 0 : 1;
    const f1 = t.party === 'customer' ? 220 : 180;
    const from = Math.round((t.startMs * sampleRate) / 1000);
    const to = Math.min(frames, Math.round((t.endMs * sampleRate) / 1000));
    for (let n = from; n < to; n++) {
      const s = n / sampleRate;
      const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * s);
      const v = envelope * (5000 * Math.sin(2 * Math.PI * f1 * s) + 2500 * Math.sin(2 * Math.PI * 3.1 * f1 * s));
      samples[2 * n + channel] = Math.max(-32768, Math.min(32767, Math.round(v)));
    }
  }
  return samples;
}
