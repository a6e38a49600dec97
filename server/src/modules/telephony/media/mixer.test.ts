import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger';
import type { PacerTimers } from './clock';
import { createMediaEngine, type MediaEngine, type MediaLeg } from './engine';
import { createMixer, type Mixer, type MixInput, mixForMembers } from './mixer';
import { createFakeTimers } from './test-timers';

const engines: MediaEngine[] = [];
const mixers: Mixer[] = [];
afterEach(async () => {
  for (const mixer of mixers.splice(0)) mixer.stop();
  for (const engine of engines.splice(0)) await engine.close();
});

function engine(): MediaEngine {
  const created = createMediaEngine({
    host: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    portMin: 42200,
    portMax: 42299,
    log: createLogger('silent'),
  });
  engines.push(created);
  return created;
}

function mixer(timers?: PacerTimers): Mixer {
  const created = createMixer({ timers });
  mixers.push(created);
  return created;
}

/** A whole number of cycles per second, so a looped second has no seam. */
function tone(hz: number, amplitude = 8000, ms = 1000): Int16Array {
  const out = new Int16Array((ms * 8000) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000));
  return out;
}

/** Power at one frequency (Goertzel), normalised so a sine of amplitude A over the whole block gives ≈ A²/4. */
function powerAt(samples: Int16Array, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (samples.length * samples.length);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A phone and our leg for it; `law` cuts the offer down to one law to force it. */
async function call(media: MediaEngine, law?: 'mulaw' | 'alaw'): Promise<[phone: MediaLeg, ours: MediaLeg]> {
  const phone = await media.openLeg();
  const ours = await media.openLeg();
  let offer = phone.offer();
  if (law) offer = offer.replace('RTP/AVP 0 8 101', law === 'mulaw' ? 'RTP/AVP 0 101' : 'RTP/AVP 8 101');
  const answer = ours.answer(offer);
  if (!answer.ok) throw new Error(answer.reason);
  phone.applyAnswer(answer.sdp);
  if (law) expect(ours.law).toBe(law);
  return [phone, ours];
}

/** What a phone hears over the next `ms` milliseconds, joined. */
async function hear(phone: MediaLeg, ms = 400): Promise<Int16Array> {
  const frames: Int16Array[] = [];
  const off = phone.onAudio((frame) => frames.push(frame));
  await sleep(ms);
  off();
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const frame of frames) {
    out.set(frame, at);
    at += frame.length;
  }
  return out;
}

// A tone of amplitude 8000 heard in every frame gives ≈ 16e6; one that is absent, G.711 noise only.
const HEARD = 4e6;
const SILENT = 2e4;
const TONES = { a: 300, b: 700, c: 1100, supervisor: 1500 } as const;

/** The tones a block contains: name → heard (true), absent (false); anything in between throws. */
function tonesIn(samples: Int16Array): Record<keyof typeof TONES, boolean> {
  expect(samples.length).toBeGreaterThan(8000 * 0.3);
  const out = {} as Record<keyof typeof TONES, boolean>;
  for (const [name, hz] of Object.entries(TONES) as [keyof typeof TONES, number][]) {
    const power = powerAt(samples, hz);
    if (power > HEARD) out[name] = true;
    else if (power < SILENT) out[name] = false;
    else throw new Error(`${name} (${hz} Hz) neither heard nor absent: power ${power.toFixed(0)}`);
  }
  return out;
}

describe('mixForMembers (pure)', () => {
  const frame = (value: number) => new Int16Array(160).fill(value);
  const outputs = (n: number) => Array.from({ length: n }, () => new Int16Array(160));

  it('gives every member the others, never itself; listeners are heard by nobody; whispers by their target only', () => {
    const inputs: MixInput[] = [
      { frame: frame(1), role: 'full' },
      { frame: frame(10), role: 'full' },
      { frame: frame(100), role: 'listen' },
      { frame: frame(1000), role: 'whisper', whisperTo: 1 },
    ];
    const out = outputs(4);
    expect(mixForMembers(inputs, out)).toEqual([true, true, true, true]);
    expect(out.map((o) => o[0])).toEqual([10, 1 + 1000, 11, 11]);
    expect(out.every((o) => o.every((s) => s === o[0]))).toBe(true);
  });

  it('reports pure silence when a member hears nobody, and treats missing frames as silent', () => {
    const out = outputs(3);
    const heard = mixForMembers(
      [
        { frame: frame(5), role: 'full' },
        { frame: undefined, role: 'full' },
        { frame: frame(7), role: 'listen' },
      ],
      out,
    );
    expect(heard).toEqual([false, true, true]);
    expect(out.map((o) => o[0])).toEqual([0, 5, 5]);
  });

  it('saturates at the int16 limits instead of wrapping around', () => {
    const out = outputs(4);
    mixForMembers(
      [
        { frame: frame(30000), role: 'full' },
        { frame: frame(30000), role: 'full' },
        { frame: frame(30000), role: 'full' },
        { frame: undefined, role: 'listen' },
      ],
      out,
    );
    expect(out.map((o) => o[0])).toEqual([32767, 32767, 32767, 32767]);
    mixForMembers(
      [
        { frame: frame(-30000), role: 'full' },
        { frame: frame(-30000), role: 'full' },
        { frame: frame(-30000), role: 'full' },
      ],
      out,
    );
    expect(out.slice(0, 3).map((o) => o[0])).toEqual([-32768, -32768, -32768]);
    // The own frame is taken out of the exact int32 sum, before clipping: no trace of it remains.
    mixForMembers(
      [
        { frame: frame(32767), role: 'full' },
        { frame: frame(100), role: 'full' },
      ],
      out,
    );
    expect(out.slice(0, 2).map((o) => o[0])).toEqual([100, 32767]);
  });
});

describe('createMixer over RTP', () => {
  it('three-way conference: each hears the other two and not itself; remove stops the contribution; two left do not echo', async () => {
    const media = engine();
    const [phoneA, legA] = await call(media);
    const [phoneB, legB] = await call(media, 'alaw'); // mixed in and sent back in A-law
    const [phoneC, legC] = await call(media, 'mulaw');
    phoneA.play(tone(TONES.a), { loop: true });
    phoneB.play(tone(TONES.b), { loop: true });
    phoneC.play(tone(TONES.c), { loop: true });
    const mix = mixer();
    mix.add(legA, 'full');
    mix.add(legB, 'full');
    mix.add(legC, 'full');
    expect(mix.size).toBe(3);
    await sleep(150);
    const [atA, atB, atC] = await Promise.all([hear(phoneA), hear(phoneB), hear(phoneC)]);
    expect(tonesIn(atA)).toEqual({ a: false, b: true, c: true, supervisor: false });
    expect(tonesIn(atB)).toEqual({ a: true, b: false, c: true, supervisor: false });
    expect(tonesIn(atC)).toEqual({ a: true, b: true, c: false, supervisor: false });

    mix.remove(legC);
    expect(mix.size).toBe(2);
    await sleep(150);
    const [twoA, twoB, gone] = await Promise.all([hear(phoneA), hear(phoneB), hear(phoneC, 200)]);
    expect(tonesIn(twoA)).toEqual({ a: false, b: true, c: false, supervisor: false });
    expect(tonesIn(twoB)).toEqual({ a: true, b: false, c: false, supervisor: false });
    expect(gone.length).toBe(0); // C's leg gets nothing from the mixer any more
    expect(legC.closed).toBe(false);
  });

  it('supervisor: listen (监听), whisper (耳语) to the agent, then barge (强插)', async () => {
    const media = engine();
    const [customer, customerLeg] = await call(media);
    const [agent, agentLeg] = await call(media);
    const [supervisor, supervisorLeg] = await call(media);
    customer.play(tone(TONES.a), { loop: true });
    agent.play(tone(TONES.b), { loop: true });
    supervisor.play(tone(TONES.supervisor), { loop: true });
    const mix = mixer();
    mix.add(customerLeg, 'full');
    mix.add(agentLeg, 'full');
    mix.add(supervisorLeg, 'listen');
    await sleep(150);
    let heard = await Promise.all([hear(customer), hear(agent), hear(supervisor)]);
    expect(heard.map(tonesIn)).toEqual([
      { a: false, b: true, c: false, supervisor: false },
      { a: true, b: false, c: false, supervisor: false },
      { a: true, b: true, c: false, supervisor: false },
    ]);

    mix.setRole(supervisorLeg, 'whisper', { whisperTo: agentLeg });
    await sleep(150);
    heard = await Promise.all([hear(customer), hear(agent), hear(supervisor)]);
    expect(heard.map(tonesIn)).toEqual([
      { a: false, b: true, c: false, supervisor: false },
      { a: true, b: false, c: false, supervisor: true },
      { a: true, b: true, c: false, supervisor: false },
    ]);

    mix.setRole(supervisorLeg, 'full');
    await sleep(150);
    heard = await Promise.all([hear(customer), hear(agent), hear(supervisor)]);
    expect(heard.map(tonesIn)).toEqual([
      { a: false, b: true, c: false, supervisor: true },
      { a: true, b: false, c: false, supervisor: true },
      { a: true, b: true, c: false, supervisor: false },
    ]);
  });

  it('saturates three loud voices instead of wrapping around', async () => {
    const media = engine();
    const legs = await Promise.all([call(media), call(media), call(media), call(media)]);
    const [[phoneA, legA], [phoneB, legB], [phoneC, legC], [listener, listenerLeg]] = legs;
    const amplitude = 30000;
    phoneA.play(tone(TONES.a, amplitude), { loop: true });
    phoneB.play(tone(TONES.b, amplitude), { loop: true });
    phoneC.play(tone(TONES.c, amplitude), { loop: true });
    const mix = mixer();
    for (const leg of [legA, legB, legC]) mix.add(leg, 'full');
    mix.add(listenerLeg, 'listen');
    await sleep(150);
    const loud = await hear(listener);
    expect(loud.length).toBeGreaterThan(8000 * 0.3);
    // Clipped at the top of G.711's range (µ-law's largest code decodes to ±32124) a good share of
    // the time; a wrap-around would instead jump between the extremes from one sample to the next.
    const clipped = loud.filter((s) => Math.abs(s) >= 32000).length;
    expect(clipped / loud.length).toBeGreaterThan(0.05);
    let maxJump = 0;
    for (let i = 1; i < loud.length; i++) maxJump = Math.max(maxJump, Math.abs(loud[i]! - loud[i - 1]!));
    // Unclipped, the steepest slope of the sum is ≈ 2π·(300+700+1100)/8000 × 30000 ≈ 49,500 per sample.
    expect(maxJump).toBeLessThan(52000);
    for (const hz of [TONES.a, TONES.b, TONES.c]) expect(powerAt(loud, hz)).toBeGreaterThan(HEARD);
  });

  it('validates roles, and drops a closed leg on the next tick', async () => {
    const media = engine();
    const [, legA] = await call(media);
    const [, legB] = await call(media);
    const [, legC] = await call(media);
    const mix = mixer();
    expect(() => mix.add(legA, 'whisper')).toThrow(expect.objectContaining({ code: 'MEDIA.MIXER_WHISPER' }));
    expect(() => mix.add(legA, 'whisper', { whisperTo: legA })).toThrow(
      expect.objectContaining({ code: 'MEDIA.MIXER_WHISPER' }),
    );
    mix.add(legA, 'full');
    expect(() => mix.add(legA, 'listen')).toThrow(expect.objectContaining({ code: 'MEDIA.MIXER_MEMBER' }));
    expect(() => mix.setRole(legB, 'full')).toThrow(expect.objectContaining({ code: 'MEDIA.MIXER_NOT_MEMBER' }));
    mix.add(legB, 'full');
    mix.add(legC, 'listen');
    mix.remove(legC);
    mix.remove(legC); // a no-op
    expect(mix.size).toBe(2);
    legB.close();
    await sleep(60);
    expect(mix.size).toBe(1);
    mix.stop();
    expect(mix.size).toBe(0);
    expect(() => mix.add(legC, 'full')).toThrow(expect.objectContaining({ code: 'MEDIA.MIXER_STOPPED' }));
  });

  it('shares one pacer among all mixers on the same timer port, running while one has members', async () => {
    const clock = createFakeTimers();
    const media = engine();
    const [, legA] = await call(media);
    const [, legB] = await call(media);
    const first = mixer(clock.timers);
    const second = mixer(clock.timers);
    expect(clock.pending).toBe(0); // no members, no pacer
    first.add(legA, 'full');
    second.add(legB, 'full');
    expect(clock.pending).toBe(1);
    const sent = () => legA.stats().packetsSent + legB.stats().packetsSent;
    clock.advance(200);
    expect(sent()).toBe(20); // one silent frame per member per slot
    first.remove(legA);
    expect(clock.pending).toBe(1);
    second.stop();
    expect(clock.pending).toBe(0);
  });
});
