import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger';
import { createMediaEngine, type MediaEngine, type MediaLeg } from './engine';
import { recordLegs } from './recorder';
import { createFakeTimers, type FakeTimers } from './test-timers';
import { readWav } from './wav';

const engines: MediaEngine[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function tone(hz: number, ms: number, amplitude = 8000): Int16Array {
  const out = new Int16Array((ms * 8000) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000));
  return out;
}

/** Power at one frequency (Goertzel), normalised so a sine of amplitude A gives ≈ A²/4. */
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

/**
 * An engine on fake time, for recordings on the same fake time: `run` moves time 20 ms at a time
 * and after each step waits (in real time) until every packet sent has arrived over loopback, so
 * what each recorder tick finds does not depend on how busy the machine is.
 */
function fakeTimeEngine(clock: FakeTimers) {
  const media = createMediaEngine({
    host: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    portMin: 42100,
    portMax: 42199,
    log: createLogger('silent'),
    timers: clock.timers,
  });
  engines.push(media);
  const step = async () => {
    clock.advance(20);
    // A guard against a hang, not a speed bound: loopback delivers in well under a millisecond.
    const until = Date.now() + 5000;
    while (media.stats().packetsReceived < media.stats().packetsSent) {
      if (Date.now() > until) throw new Error('packets sent on loopback never arrived');
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return {
    media,
    async run(ms: number) {
      for (let t = 0; t < ms; t += 20) await step();
    },
    async runUntil(done: Promise<unknown>) {
      let settled = false;
      void done.then(() => {
        settled = true;
      });
      await Promise.resolve();
      while (!settled) await step();
      return done;
    },
  };
}

async function call(media: MediaEngine): Promise<[phone: MediaLeg, ours: MediaLeg]> {
  const phone = await media.openLeg();
  const ours = await media.openLeg();
  const answer = ours.answer(phone.offer());
  if (!answer.ok) throw new Error(answer.reason);
  phone.applyAnswer(answer.sdp);
  return [phone, ours];
}

describe('recordLegs', () => {
  it('writes a stereo WAV: the caller on the left, the agent on the right, aligned in time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-rec-'));
    dirs.push(dir);
    const clock = createFakeTimers();
    const { media, run } = fakeTimeEngine(clock);
    const [caller, callerLeg] = await call(media);
    const [, agentLeg] = await call(media); // the agent says nothing: silence on the right
    const path = join(dir, 'call.wav');

    const recording = recordLegs(callerLeg, agentLeg, path, { timers: clock.timers });
    const played = caller.play(tone(400, 1000)).done;
    await run(1200);
    expect(await played).toBe('finished');
    const result = await recording.stop();

    const wav = readWav(await readFile(path));
    expect(wav).toMatchObject({ sampleRate: 8000, channels: 2, encoding: 'pcm16' });
    const frames = wav.samples.length / 2;
    expect(result.bytes).toBe(44 + frames * 4);
    expect(result.durationMs).toBe(frames / 8);
    // Paced: the file is as long as the recording ran, gaps or not.
    expect(result.durationMs).toBe(1200);

    const left = new Int16Array(frames);
    const right = new Int16Array(frames);
    for (let i = 0; i < frames; i++) {
      left[i] = wav.samples[2 * i]!;
      right[i] = wav.samples[2 * i + 1]!;
    }
    // A 1 s tone of amplitude 8000 in the file: power ≈ 8000²/4 × (1 s / file length)².
    const share = 8000 / frames;
    expect(powerAt(left, 400)).toBeGreaterThan(0.8 * (8000 ** 2 / 4) * share ** 2);
    expect(powerAt(right, 400)).toBeLessThan(1);
    expect(right.every((s) => s === 0)).toBe(true);
    // Stopping twice gives the same result.
    expect(await recording.stop()).toEqual(result);
  });

  it('keeps the channels aligned: a reply 500 ms after the caller is 500 ms later in the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-rec-'));
    dirs.push(dir);
    const clock = createFakeTimers();
    const { media, run, runUntil } = fakeTimeEngine(clock);
    const [caller, callerLeg] = await call(media);
    const [agent, agentLeg] = await call(media);
    const path = join(dir, 'aligned.wav');
    const recording = recordLegs(callerLeg, agentLeg, path, { timers: clock.timers });
    await run(100);
    await runUntil(caller.play(tone(400, 500)).done);
    await runUntil(agent.play(tone(1000, 500)).done);
    await run(100);
    await recording.stop();

    const wav = readWav(await readFile(path));
    const onset = (channel: 0 | 1) => {
      for (let i = 0; i < wav.samples.length / 2; i++) if (Math.abs(wav.samples[2 * i + channel]!) > 1000) return i / 8;
      return Number.NaN;
    };
    const gapMs = onset(1) - onset(0);
    expect(gapMs).toBeGreaterThan(480);
    expect(gapMs).toBeLessThan(560);
  });

  it('shares one pacer among recordings on the same timer port, and writes whole frames in fake time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-rec-'));
    dirs.push(dir);
    const clock = createFakeTimers();
    const { timers, advance } = clock;
    const media = createMediaEngine({
      host: '127.0.0.1',
      advertisedAddress: '127.0.0.1',
      portMin: 42100,
      portMax: 42199,
      log: createLogger('silent'),
    });
    engines.push(media);
    const leg = await media.openLeg();
    const first = recordLegs(leg, leg, join(dir, 'a.wav'), { timers });
    advance(400);
    const second = recordLegs(leg, leg, join(dir, 'b.wav'), { timers });
    expect(clock.pending).toBe(1);
    advance(610);
    expect((await first.stop()).durationMs).toBe(1000);
    expect(clock.pending).toBe(1);
    expect((await second.stop()).durationMs).toBe(600);
    expect(clock.pending).toBe(0);
    const wav = readWav(await readFile(join(dir, 'a.wav')));
    expect(wav.samples.length).toBe(8000 * 2);
    expect(wav.samples.every((s) => s === 0)).toBe(true);
  });

  it('reports a file that cannot be opened from stop()', async () => {
    const media = createMediaEngine({
      host: '127.0.0.1',
      advertisedAddress: '127.0.0.1',
      portMin: 42100,
      portMax: 42199,
      log: createLogger('silent'),
    });
    engines.push(media);
    const leg = await media.openLeg();
    const recording = recordLegs(leg, leg, '/nonexistent-dir/x.wav');
    await expect(recording.stop()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
