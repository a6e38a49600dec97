/**
 * Automatic audio checks on a stereo call recording (自动质检, docs/quality.md): Kefu records the
 * caller on the left channel and the agent on the right (telephony/media/recorder.ts), so who
 * speaks when is known from each channel's energy alone — no speech recognition needed for
 * silence (冷场), overtalk (抢话) and dead air after the greeting.
 *
 * Voice activity is frame energy against each channel's own noise floor: 20 ms frames, a frame is
 * speech when its level is `SPEECH_MARGIN_DB` above the channel's quiet level (its 10th
 * percentile) and above an absolute floor; gaps shorter than `HANGOVER_MS` inside speech are
 * bridged (the pauses between words) and bursts shorter than `MIN_SPEECH_MS` dropped (clicks). One
 * pass over the samples with integer arithmetic: a 5-minute call is 2.4 M samples (bench:quality).
 */

export type Interval = { startMs: number; endMs: number };

export type AudioCheckSettings = {
  /** A pause of both parties at least this long is a silence (冷场); default 5 s. */
  silenceMs: number;
  /** Both talking at once for at least this long is overtalk (抢话); default 1 s. */
  overtalkMs: number;
  /** A pause this long right after the agent's first words is dead air after the greeting; default 3 s. */
  deadAirAfterGreetingMs: number;
};

export const DEFAULT_AUDIO_SETTINGS: AudioCheckSettings = {
  silenceMs: 5000,
  overtalkMs: 1000,
  deadAirAfterGreetingMs: 3000,
};

export type AudioFindings = {
  durationMs: number;
  /** Speech of each party, merged into turns. */
  customerSpeech: Interval[];
  agentSpeech: Interval[];
  customerTalkMs: number;
  agentTalkMs: number;
  /** Stretches where neither spoke for at least `silenceMs` (hold time excluded). */
  silences: Interval[];
  silenceMs: number;
  /** Stretches where both spoke for at least `overtalkMs`. */
  overtalks: Interval[];
  overtalkMs: number;
  /** The pause after the agent's first turn, when it reaches `deadAirAfterGreetingMs`. */
  deadAirAfterGreeting: Interval | null;
};

const FRAME_MS = 20;
const SPEECH_MARGIN_DB = 12;
/** -45 dBFS: quieter than this is never speech, whatever the line's noise. */
const ABSOLUTE_FLOOR_DB = -45;
const HANGOVER_MS = 300;
const MIN_SPEECH_MS = 100;

/** Mean square of each 20 ms frame of one channel of interleaved 16-bit PCM. */
function frameEnergies(samples: Int16Array, channels: number, channel: number, frameSamples: number): Float64Array {
  const frames = Math.floor(samples.length / channels / frameSamples);
  const out = new Float64Array(frames);
  let i = channel;
  const step = channels;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let n = 0; n < frameSamples; n++) {
      const s = samples[i] as number;
      sum += s * s;
      i += step;
    }
    out[f] = sum / frameSamples;
  }
  return out;
}

const toDb = (meanSquare: number) => 10 * Math.log10(meanSquare / (32768 * 32768) + 1e-12);

/** Speech frames of one channel, as a flag per frame. */
export function voiceActivity(energies: Float64Array): Uint8Array {
  const flags = new Uint8Array(energies.length);
  if (energies.length === 0) return flags;
  // The channel's quiet level: its 10th percentile (a party who talks 90 % of the time is rare).
  const sorted = Float64Array.from(energies).sort();
  const quiet = toDb(sorted[Math.floor(sorted.length * 0.1)] as number);
  const threshold = Math.max(quiet + SPEECH_MARGIN_DB, ABSOLUTE_FLOOR_DB);
  // Back to mean-square units, so the loop compares numbers without a logarithm per frame.
  const limit = 10 ** (threshold / 10) * 32768 * 32768;
  for (let f = 0; f < energies.length; f++) flags[f] = (energies[f] as number) > limit ? 1 : 0;
  return flags;
}

/** Runs of set flags as intervals, short gaps bridged and short bursts dropped. */
export function speechIntervals(flags: Uint8Array, frameMs = FRAME_MS): Interval[] {
  const raw: Interval[] = [];
  let start = -1;
  for (let f = 0; f <= flags.length; f++) {
    const on = f < flags.length && flags[f] === 1;
    if (on && start < 0) start = f;
    if (!on && start >= 0) {
      raw.push({ startMs: start * frameMs, endMs: f * frameMs });
      start = -1;
    }
  }
  const merged: Interval[] = [];
  for (const r of raw) {
    const last = merged[merged.length - 1];
    if (last && r.startMs - last.endMs < HANGOVER_MS) last.endMs = r.endMs;
    else merged.push({ ...r });
  }
  return merged.filter((r) => r.endMs - r.startMs >= MIN_SPEECH_MS);
}

/** Where two sorted interval lists overlap. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const startMs = Math.max(x.startMs, y.startMs);
    const endMs = Math.min(x.endMs, y.endMs);
    if (startMs < endMs) out.push({ startMs, endMs });
    if (x.endMs < y.endMs) i++;
    else j++;
  }
  return out;
}

/** Sorted, non-overlapping union of interval lists. */
export function union(...lists: ReadonlyArray<readonly Interval[]>): Interval[] {
  const all = lists.flat().sort((x, y) => x.startMs - y.startMs);
  const out: Interval[] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && r.startMs <= last.endMs) last.endMs = Math.max(last.endMs, r.endMs);
    else out.push({ ...r });
  }
  return out;
}

/** The gaps of sorted intervals within [from, to). */
export function gaps(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  let at = from;
  for (const r of intervals) {
    if (r.startMs > at) out.push({ startMs: at, endMs: Math.min(r.startMs, to) });
    at = Math.max(at, r.endMs);
    if (at >= to) break;
  }
  if (at < to) out.push({ startMs: at, endMs: to });
  return out.filter((g) => g.endMs > g.startMs);
}

const total = (list: readonly Interval[]) => list.reduce((s, r) => s + r.endMs - r.startMs, 0);

/**
 * Checks a stereo recording. `samples` are interleaved 16-bit PCM, caller left and agent right;
 * `holds` are the call's hold periods (from its events), during which a pause is not silence.
 * Silence is counted between the first and the last words of the call (ringing and hanging up are
 * not dead air).
 */
export function checkAudio(
  audio: { sampleRate: number; channels: number; samples: Int16Array },
  holds: readonly Interval[] = [],
  settings: AudioCheckSettings = DEFAULT_AUDIO_SETTINGS,
): AudioFindings {
  const frameSamples = Math.round((audio.sampleRate * FRAME_MS) / 1000);
  const durationMs = Math.round((audio.samples.length / audio.channels / audio.sampleRate) * 1000);
  const agentChannel = audio.channels > 1 ? 1 : 0;
  const customerSpeech = speechIntervals(voiceActivity(frameEnergies(audio.samples, audio.channels, 0, frameSamples)));
  const agentSpeech =
    agentChannel === 0
      ? []
      : speechIntervals(voiceActivity(frameEnergies(audio.samples, audio.channels, agentChannel, frameSamples)));
  const anyone = union(customerSpeech, agentSpeech);
  const first = anyone[0]?.startMs ?? 0;
  const last = anyone[anyone.length - 1]?.endMs ?? 0;
  const silences = gaps(union(anyone, holds), first, last).filter((g) => g.endMs - g.startMs >= settings.silenceMs);
  const overtalks = intersect(customerSpeech, agentSpeech).filter((o) => o.endMs - o.startMs >= settings.overtalkMs);
  let deadAirAfterGreeting: Interval | null = null;
  const greeting = agentSpeech[0];
  if (greeting) {
    // The pause right after the greeting: none when someone (the caller over its end) still speaks.
    const pause = gaps(union(anyone, holds), greeting.endMs, last)[0];
    if (pause && pause.startMs === greeting.endMs && pause.endMs - pause.startMs >= settings.deadAirAfterGreetingMs) {
      deadAirAfterGreeting = pause;
    }
  }
  return {
    durationMs,
    customerSpeech,
    agentSpeech,
    customerTalkMs: total(customerSpeech),
    agentTalkMs: total(agentSpeech),
    silences,
    silenceMs: total(silences),
    overtalks,
    overtalkMs: total(overtalks),
    deadAirAfterGreeting,
  };
}
