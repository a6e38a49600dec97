import { describe, expect, it } from 'vitest';
import { stereoCall, type Turn } from '../test/stereo-call';
import { checkAudio, gaps, intersect, union } from './audio';

const RATE = 8000;
/** The measurement is per 20 ms frame: edges land within a frame or two of the truth. */
const EDGE_MS = 40;

const near = (actual: number, expected: number, tolerance = EDGE_MS) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

describe('automatic audio checks on a stereo recording', () => {
  const turns: Turn[] = [
    { party: 'agent', startMs: 1000, endMs: 4000 }, // the greeting
    { party: 'customer', startMs: 4500, endMs: 9000 },
    { party: 'agent', startMs: 7500, endMs: 12_000 }, // 1.5 s over the caller
    { party: 'customer', startMs: 18_500, endMs: 21_000 }, // after 6.5 s of silence
    { party: 'agent', startMs: 20_000, endMs: 20_600 }, // a 0.6 s "嗯" over the caller: not overtalk
    { party: 'agent', startMs: 21_200, endMs: 25_000 },
  ];
  const audio = { sampleRate: RATE, channels: 2, samples: stereoCall(30_000, turns) };

  it('finds each party’s speech on its own channel', () => {
    const f = checkAudio(audio);
    expect(f.durationMs).toBe(30_000);
    expect(f.customerSpeech).toHaveLength(2);
    expect(f.agentSpeech).toHaveLength(4);
    near(f.agentSpeech[0]!.startMs, 1000);
    near(f.agentSpeech[0]!.endMs, 4000);
    near(f.customerTalkMs, 4500 + 2500, 4 * EDGE_MS);
    near(f.agentTalkMs, 3000 + 4500 + 600 + 3800, 6 * EDGE_MS);
  });

  it('measures overtalk where both speak for at least a second', () => {
    const f = checkAudio(audio);
    expect(f.overtalks).toHaveLength(1);
    near(f.overtalks[0]!.startMs, 7500);
    near(f.overtalks[0]!.endMs, 9000);
    near(f.overtalkMs, 1500, 2 * EDGE_MS);
  });

  it('finds the silence of at least 5 s, and none once a hold covers it', () => {
    const f = checkAudio(audio);
    expect(f.silences).toHaveLength(1);
    near(f.silences[0]!.startMs, 12_000);
    near(f.silences[0]!.endMs, 18_500);
    const held = checkAudio(audio, [{ startMs: 12_500, endMs: 18_000 }]);
    expect(held.silences).toEqual([]);
  });

  it('does not count the ring before the first words or the line after the last as silence', () => {
    const f = checkAudio({ sampleRate: RATE, channels: 2, samples: stereoCall(40_000, turns) });
    expect(f.silences).toHaveLength(1);
  });

  it('finds dead air after the greeting', () => {
    const quiet = stereoCall(20_000, [
      { party: 'agent', startMs: 500, endMs: 3500 },
      { party: 'customer', startMs: 8000, endMs: 10_000 },
    ]);
    const f = checkAudio({ sampleRate: RATE, channels: 2, samples: quiet });
    expect(f.deadAirAfterGreeting).not.toBeNull();
    near(f.deadAirAfterGreeting!.startMs, 3500);
    near(f.deadAirAfterGreeting!.endMs, 8000);
    expect(checkAudio(audio).deadAirAfterGreeting).toBeNull();
  });

  it('copes with a silent recording', () => {
    const f = checkAudio({ sampleRate: RATE, channels: 2, samples: new Int16Array(16_000) });
    expect(f).toMatchObject({ durationMs: 1000, silences: [], overtalks: [], agentSpeech: [], customerSpeech: [] });
  });
});

describe('interval arithmetic', () => {
  it('intersects, unites and finds gaps', () => {
    const a = [
      { startMs: 0, endMs: 10 },
      { startMs: 20, endMs: 30 },
    ];
    const b = [{ startMs: 5, endMs: 25 }];
    expect(intersect(a, b)).toEqual([
      { startMs: 5, endMs: 10 },
      { startMs: 20, endMs: 25 },
    ]);
    expect(union(a, b)).toEqual([{ startMs: 0, endMs: 30 }]);
    expect(gaps(a, 0, 40)).toEqual([
      { startMs: 10, endMs: 20 },
      { startMs: 30, endMs: 40 },
    ]);
  });
});
