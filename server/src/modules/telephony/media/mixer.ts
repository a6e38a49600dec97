/**
 * An audio mixer for three-way conferences and supervisor monitoring (监听 listen, 耳语 whisper,
 * 强插 barge): every member gets, every 20 ms, one frame with the sum of what the others it may
 * hear said during that slot — never its own voice.
 *
 * Who hears whom:
 * - 'full' members (conference, barge) are heard by every other member;
 * - a 'listen' member (监听) hears every full member and is heard by nobody;
 * - a 'whisper' member (耳语) hears every full member and is heard only by its `whisperTo` target
 *   (the agent), not by the customer.
 * `setRole` moves a member between them (listen → whisper → full is a supervisor barging in).
 *
 * Input: each member's decoded audio (`leg.onAudio`) goes into a small sample FIFO; every tick 160
 * samples are taken from it, silence for whatever is missing. The FIFO holds at most 60 ms: a frame
 * older than that has been pushed out by newer ones, and a member that stops sending (hold, mute,
 * silence suppression, gone) contributes at most 60 ms of leftovers and then nothing. Taking from a
 * FIFO rather than "the latest frame" means a packet that arrives a little early or late (jitter) is
 * neither dropped nor played twice; the price is up to one frame of extra delay, more after a burst
 * (the FIFO stays as full as the burst left it until the sender's clock drifts or it pauses).
 *
 * Mixing: the int32 sum of all full members' frames is built once per tick; a member then hears
 * that sum minus its own frame (exact: nothing is clipped before the subtraction, so no echo of
 * itself, even when the others are loud) plus the frames of whisperers aimed at it, saturated to
 * int16 — O(members) per tick, not O(members²).
 *
 * Output: there is no "send one PCM frame" on a leg (play() is for whole prompts), so the mix is
 * encoded in the member's law and sent with `relayAudio` under a synthetic RelaySource — one SSRC
 * per membership, the RTP timestamp advancing by 160 per pacer tick (more when the pacer skipped
 * ticks after a stall, so the jump shows as a gap). relayAudio maps that onto the leg's own stream:
 * the leg's SSRC and sequence, its timestamp stepped by the source's step, a marker on the first
 * frame. A leg sends every tick — silence included — so its peer sees a steady 50 packets/s.
 * Like every relay, the mix is dropped while the leg plays a prompt or sends a digit, while it does
 * not send (hold) and before its SDP is negotiated: play() on a member is a way to announce
 * something to that member alone ("a supervisor joined"), after which it hears the mix again.
 * add() stops a prompt playing on the leg (hold music), as bridgeLegs does.
 * A leg must not be in a bridge and a mixer at the same time (both would relay into it).
 *
 * Clock: all mixers on the same timer port share one pacer (clock.ts), running while at least one
 * of them has a member, so a hundred conferences cost one timer. After an event-loop stall the
 * pacer sends at most 5 overdue slots back to back and skips the rest (live audio: a phone's jitter
 * buffer would drop a longer burst anyway). Closed legs are dropped from the mixer on the next tick.
 *
 * Cost (measured on the development machine, Node 20): the pure mix plus G.711 encode takes
 * ≈ 1.6–2.3 µs per member per frame, ≈ 0.1 ms CPU per member per second, flat from 3 to 50 members
 * (the benchmark in mixer.test.ts). The whole tick including relayAudio and the UDP send costs
 * ≈ 7–17 µs per member per frame, ≈ 0.35–0.85 ms CPU per member per second (0.04–0.09% of a core):
 * the socket send, not the mixing, dominates.
 */
import { randomInt } from 'node:crypto';
import { type Pacer, type PacerTimers, startPacer, systemPacerTimers } from './clock';
import { encodeG711, type G711Law, g711Silence } from './g711';
import type { MediaLaw, MediaLeg, RelaySource } from './leg';
import { alreadyMixed, mixerStopped, notMixed, whisperNeedsTarget } from './media.errors';

const FRAME_SAMPLES = 160;
/** The input FIFO's cap: 60 ms. */
const MAX_QUEUED_SAMPLES = 3 * FRAME_SAMPLES;

export type MixRole = 'full' | 'listen' | 'whisper';

export type Mixer = {
  /**
   * Adds a leg: 'full' (talks to and hears every full member: conference, barge), 'listen' (hears
   * every full member, nobody hears it: 监听), 'whisper' (hears every full member; only `whisperTo`
   * hears it: 耳语 to the agent). Throws MEDIA.MIXER_MEMBER when the leg is already a member,
   * MEDIA.MIXER_WHISPER without a `whisperTo` other than the leg itself, MEDIA.MIXER_STOPPED after
   * stop().
   */
  add(leg: MediaLeg, role: MixRole, options?: { whisperTo?: MediaLeg }): void;
  /** Changes a member's role (e.g. listen → whisper → full = barge in). Throws MEDIA.MIXER_NOT_MEMBER. */
  setRole(leg: MediaLeg, role: MixRole, options?: { whisperTo?: MediaLeg }): void;
  /** Takes a leg out (no-op if it is not a member); the leg stays open. */
  remove(leg: MediaLeg): void;
  readonly size: number;
  /** Removes every member; the mixer cannot be used afterwards. */
  stop(): void;
};

/** One member's input to a round of mixing: its frame this slot (undefined = silent). */
export type MixInput = {
  frame: Int16Array | undefined;
  role: MixRole;
  /** For 'whisper': the index in the same inputs of the member that hears it. */
  whisperTo?: number;
};

const fullSum = new Int32Array(FRAME_SAMPLES);
const acc = new Int32Array(FRAME_SAMPLES);

/**
 * The pure core of one tick: writes into `outputs[i]` (160 samples each) what member `i` hears, and
 * returns for each whether it hears anything at all (false = pure silence, `outputs[i]` zeroed).
 */
export function mixForMembers(inputs: readonly MixInput[], outputs: readonly Int16Array[]): boolean[] {
  fullSum.fill(0);
  let fullCount = 0;
  for (const input of inputs) {
    if (input.role !== 'full' || !input.frame) continue;
    const frame = input.frame;
    for (let i = 0; i < FRAME_SAMPLES; i++) fullSum[i]! += frame[i]!;
    fullCount++;
  }
  const heard: boolean[] = [];
  for (let m = 0; m < inputs.length; m++) {
    const self = inputs[m]!;
    const out = outputs[m]!;
    const ownInSum = self.role === 'full' && self.frame !== undefined;
    let sources = fullCount - (ownInSum ? 1 : 0);
    acc.set(fullSum);
    if (ownInSum) {
      const own = self.frame!;
      for (let i = 0; i < FRAME_SAMPLES; i++) acc[i]! -= own[i]!;
    }
    for (let w = 0; w < inputs.length; w++) {
      const whisperer = inputs[w]!;
      if (w === m || whisperer.role !== 'whisper' || whisperer.whisperTo !== m || !whisperer.frame) continue;
      const frame = whisperer.frame;
      for (let i = 0; i < FRAME_SAMPLES; i++) acc[i]! += frame[i]!;
      sources++;
    }
    if (sources === 0) {
      out.fill(0);
      heard.push(false);
      continue;
    }
    for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = Math.min(32767, Math.max(-32768, acc[i]!));
    heard.push(true);
  }
  return heard;
}

type Member = {
  leg: MediaLeg;
  role: MixRole;
  whisperTo: MediaLeg | undefined;
  queue: SampleQueue;
  /** This slot's input frame, reused. */
  input: Int16Array;
  output: Int16Array;
  off: () => void;
  source: RelaySource;
  lastTick: number | undefined;
};

const toG711Law = (law: MediaLaw): G711Law => (law === 'mulaw' ? 'pcmu' : 'pcma');
const silenceFrames: Record<G711Law, Buffer> = {
  pcmu: Buffer.alloc(FRAME_SAMPLES, g711Silence('pcmu')),
  pcma: Buffer.alloc(FRAME_SAMPLES, g711Silence('pcma')),
};

export function createMixer(options?: { timers?: PacerTimers }): Mixer {
  const timers = options?.timers ?? systemPacerTimers;
  const members = new Map<MediaLeg, Member>();
  let unsubscribe: (() => void) | undefined;
  let stopped = false;

  function checkRole(leg: MediaLeg, role: MixRole, whisperTo: MediaLeg | undefined): void {
    if (role === 'whisper' && (!whisperTo || whisperTo === leg)) {
      throw whisperNeedsTarget();
    }
  }

  function detach(member: Member): void {
    member.off();
    members.delete(member.leg);
    if (members.size === 0) {
      unsubscribe?.();
      unsubscribe = undefined;
    }
  }

  function onTick(tick: number): void {
    for (const member of members.values()) if (member.leg.closed) detach(member);
    if (members.size === 0) return;
    const list = [...members.values()];
    const index = new Map<MediaLeg, number>();
    for (let i = 0; i < list.length; i++) index.set(list[i]!.leg, i);
    const inputs: MixInput[] = list.map((member) => {
      const got = member.queue.takeInto(member.input);
      return {
        frame: got > 0 ? member.input : undefined,
        role: member.role,
        whisperTo: member.whisperTo ? index.get(member.whisperTo) : undefined,
      };
    });
    const heard = mixForMembers(
      inputs,
      list.map((member) => member.output),
    );
    for (let m = 0; m < list.length; m++) {
      const member = list[m]!;
      const steps = member.lastTick !== undefined && tick > member.lastTick ? tick - member.lastTick : 1;
      member.lastTick = tick;
      member.source.timestamp = (member.source.timestamp + steps * FRAME_SAMPLES) >>> 0;
      const law = member.leg.law;
      if (!law) continue;
      const g711 = toG711Law(law);
      const payload = heard[m] ? encodeG711(g711, member.output) : silenceFrames[g711];
      member.leg.relayAudio(payload, law, member.source);
    }
  }

  return {
    add(leg, role, addOptions) {
      if (stopped) throw mixerStopped();
      if (members.has(leg)) throw alreadyMixed(leg.id);
      checkRole(leg, role, addOptions?.whisperTo);
      leg.stopPlayback();
      const queue = createSampleQueue();
      const member: Member = {
        leg,
        role,
        whisperTo: role === 'whisper' ? addOptions?.whisperTo : undefined,
        queue,
        input: new Int16Array(FRAME_SAMPLES),
        output: new Int16Array(FRAME_SAMPLES),
        off: leg.onAudio((frame) => queue.push(frame)),
        source: { ssrc: randomInt(0, 0x1_0000_0000), timestamp: randomInt(0, 0x1_0000_0000), marker: false },
        lastTick: undefined,
      };
      members.set(leg, member);
      unsubscribe ??= subscribeToClock(timers, onTick);
    },

    setRole(leg, role, roleOptions) {
      const member = members.get(leg);
      if (!member) throw notMixed(leg.id);
      checkRole(leg, role, roleOptions?.whisperTo);
      member.role = role;
      member.whisperTo = role === 'whisper' ? roleOptions?.whisperTo : undefined;
    },

    remove(leg) {
      const member = members.get(leg);
      if (member) detach(member);
    },

    get size() {
      return members.size;
    },

    stop() {
      stopped = true;
      for (const member of [...members.values()]) detach(member);
    },
  };
}

type MixClock = { listeners: Set<(tick: number) => void>; pacer: Pacer | undefined };
const clocks = new WeakMap<PacerTimers, MixClock>();

/** One pacer per timer port for all mixers, running while at least one is subscribed. */
function subscribeToClock(timers: PacerTimers, listener: (tick: number) => void): () => void {
  let clock = clocks.get(timers);
  if (!clock) {
    clock = { listeners: new Set(), pacer: undefined };
    clocks.set(timers, clock);
  }
  const shared = clock;
  shared.listeners.add(listener);
  shared.pacer ??= startPacer({
    timers,
    onTick(tick) {
      for (const each of [...shared.listeners]) each(tick);
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

type SampleQueue = {
  push(frame: Int16Array): void;
  /** Fills `out` from the queue, zeros for what is missing; returns the samples taken. */
  takeInto(out: Int16Array): number;
};

/** A FIFO of samples fed with frames of any length (ptime 10, 20, 30 …), capped at 60 ms. */
function createSampleQueue(): SampleQueue {
  const chunks: Int16Array[] = [];
  let offset = 0; // read position in chunks[0]
  let size = 0;
  return {
    push(frame) {
      chunks.push(frame);
      size += frame.length;
      while (size > MAX_QUEUED_SAMPLES) {
        const first = chunks[0]!;
        const drop = Math.min(size - MAX_QUEUED_SAMPLES, first.length - offset);
        offset += drop;
        size -= drop;
        if (offset >= first.length) {
          chunks.shift();
          offset = 0;
        }
      }
    },
    takeInto(out) {
      let filled = 0;
      while (filled < out.length && chunks.length > 0) {
        const chunk = chunks[0]!;
        const n = Math.min(out.length - filled, chunk.length - offset);
        out.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        size -= n;
        if (offset >= chunk.length) {
          chunks.shift();
          offset = 0;
        }
      }
      if (filled < out.length) out.fill(0, filled);
      return filled;
    },
  };
}
