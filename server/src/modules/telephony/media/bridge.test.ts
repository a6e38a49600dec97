import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger';
import { bridgeLegs } from './bridge';
import { createMediaEngine, type MediaEngine, type MediaLeg } from './engine';
import { decodeG711, encodeG711 } from './g711';

const engines: MediaEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

function engine(): MediaEngine {
  const created = createMediaEngine({
    host: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    portMin: 42000,
    portMax: 42099,
    log: createLogger('silent'),
  });
  engines.push(created);
  return created;
}

function tone(hz: number, ms: number, amplitude = 8000): Int16Array {
  const out = new Int16Array((ms * 8000) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000));
  return out;
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** Power at one frequency (Goertzel), normalised so a full-length sine of amplitude A gives ≈ A²/4. */
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

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Two legs of one engine talking to each other, the offer cut down to one law to force it. */
async function call(media: MediaEngine, law: 'mulaw' | 'alaw'): Promise<[phone: MediaLeg, ours: MediaLeg]> {
  const phone = await media.openLeg();
  const ours = await media.openLeg();
  const offer = phone.offer().replace('RTP/AVP 0 8 101', law === 'mulaw' ? 'RTP/AVP 0 101' : 'RTP/AVP 8 101');
  const answer = ours.answer(offer);
  if (!answer.ok) throw new Error(answer.reason);
  phone.applyAnswer(answer.sdp);
  expect(ours.law).toBe(law);
  expect(phone.law).toBe(law);
  return [phone, ours];
}

function collect(leg: MediaLeg): Int16Array[] {
  const frames: Int16Array[] = [];
  leg.onAudio((frame) => frames.push(frame));
  return frames;
}

const joined = (frames: Int16Array[]) => {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of frames) {
    out.set(f, offset);
    offset += f.length;
  }
  return out;
};

describe('bridgeLegs', () => {
  it('transcodes µ-law ↔ A-law both ways, keeping the level and the tone', async () => {
    const media = engine();
    const [caller, callerLeg] = await call(media, 'mulaw');
    const [agent, agentLeg] = await call(media, 'alaw');
    const bridge = bridgeLegs(callerLeg, agentLeg);
    const heardByAgent = collect(agent);
    const heardByCaller = collect(caller);
    const agentPayloadTypes = new Set<number>();
    agent.onRtpAudio((_payload, law) => agentPayloadTypes.add(law === 'alaw' ? 8 : 0));

    await Promise.all([caller.play(tone(400, 1000)).done, agent.play(tone(1000, 1000)).done]);
    await waitFor(() => heardByAgent.length >= 49 && heardByCaller.length >= 49);
    bridge.stop();

    const atAgent = joined(heardByAgent);
    const atCaller = joined(heardByCaller);
    const expectedRms = 8000 / Math.SQRT2;
    expect(rms(atAgent)).toBeGreaterThan(expectedRms * 0.95);
    expect(rms(atAgent)).toBeLessThan(expectedRms * 1.05);
    expect(rms(atCaller)).toBeGreaterThan(expectedRms * 0.95);
    expect(rms(atCaller)).toBeLessThan(expectedRms * 1.05);
    expect(powerAt(atAgent, 400)).toBeGreaterThan(100 * powerAt(atAgent, 1000));
    expect(powerAt(atCaller, 1000)).toBeGreaterThan(100 * powerAt(atCaller, 400));
    expect([...agentPayloadTypes]).toEqual([8]);

    // After stop() nothing more is relayed; the legs stay open. Packets relayed just before stop()
    // may still be on their way: counted once every packet our leg sent has arrived.
    await waitFor(() => agent.stats().packetsReceived === agentLeg.stats().packetsSent);
    const before = heardByAgent.length;
    await caller.play(tone(400, 100)).done;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heardByAgent.length).toBe(before);
    expect(callerLeg.closed || agentLeg.closed).toBe(false);
  });

  it('passes the payload through untouched when both legs use the same law, and stops playbacks', async () => {
    const media = engine();
    const [caller, callerLeg] = await call(media, 'mulaw');
    const [agent, agentLeg] = await call(media, 'mulaw');
    const hold = callerLeg.play(tone(500, 5000), { loop: true });
    bridgeLegs(callerLeg, agentLeg);
    expect(await hold.done).toBe('stopped');
    const heard = collect(agent);
    const audio = tone(700, 400, 12000);
    await caller.play(audio).done;
    await waitFor(() => heard.length === 20);
    expect(joined(heard)).toEqual(decodeG711('pcmu', encodeG711('pcmu', audio)));
    expect(agent.stats().lost).toBe(0);
  });

  it('does not forward RFC 4733 digits', async () => {
    const media = engine();
    const [caller, callerLeg] = await call(media, 'mulaw');
    const [agent, agentLeg] = await call(media, 'alaw');
    bridgeLegs(callerLeg, agentLeg);
    const atOurLeg: string[] = [];
    const atAgent: string[] = [];
    callerLeg.onDtmf((d) => atOurLeg.push(d));
    agent.onDtmf((d) => atAgent.push(d));
    await caller.sendDtmf('7');
    await waitFor(() => atOurLeg.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(atOurLeg).toEqual(['7']);
    expect(atAgent).toEqual([]);
  });
});
