import { describe, expect, it } from 'vitest';
import { startPacer } from './clock';
import { createFakeTimers } from './test-timers';

/** Fake time from 1000 ms, every timer firing `lateness()` ms late. */
const fakeTimers = (lateness: () => number) => createFakeTimers({ start: 1000, lateness });

/** A deterministic 0–3 ms lateness, like a loaded event loop. */
function jitter() {
  let i = 0;
  return () => [1, 3, 0, 2, 2, 1, 3][i++ % 7]!;
}

describe('packet pacer', () => {
  it('does not drift: after 2 s of late timers the 100th packet is still due at start + 2000 ms', () => {
    const clock = fakeTimers(jitter());
    const fired: { tick: number; at: number; dueAt: number }[] = [];
    startPacer({ timers: clock.timers, onTick: (tick, dueAt) => fired.push({ tick, at: clock.now, dueAt }) });
    clock.runUntil(1000 + 2000 + 5);
    expect(fired.map((f) => f.tick)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const f of fired) {
      expect(f.dueAt).toBe(1000 + (f.tick + 1) * 20);
      expect(f.at - f.dueAt).toBeGreaterThanOrEqual(0);
      expect(f.at - f.dueAt).toBeLessThanOrEqual(3);
    }
  });

  it('would have drifted by ~2 ms a packet had it chained plain 20 ms timeouts (the bug it avoids)', () => {
    const clock = fakeTimers(jitter());
    let ticks = 0;
    const chain = () => {
      ticks++;
      if (ticks < 100) clock.timers.setTimeout(chain, 20);
    };
    clock.timers.setTimeout(chain, 20);
    clock.runUntil(1000 + 2000 + 5);
    expect(ticks).toBeLessThan(95);
  });

  it('catches up after a short stall with a burst of the overdue packets', () => {
    const clock = fakeTimers(() => 0);
    const ticks: number[] = [];
    startPacer({ timers: clock.timers, onTick: (tick) => ticks.push(tick) });
    clock.runUntil(1000 + 100); // ticks 0..4
    clock.stall(65); // the event loop was blocked
    clock.runUntil(clock.now);
    expect(ticks).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('skips what it cannot send in time after a long stall, so tick numbers follow real time', () => {
    const clock = fakeTimers(() => 0);
    const ticks: number[] = [];
    const pacer = startPacer({ timers: clock.timers, maxBurst: 3, onTick: (tick) => ticks.push(tick) });
    clock.runUntil(1000 + 40); // ticks 0, 1
    clock.stall(1000);
    clock.runUntil(clock.now + 40);
    // At 2040: three overdue ticks (2, 3, 4) in a burst, then a jump to tick 51, the one due now.
    expect(ticks.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(ticks.slice(5)).toEqual([51, 52, 53]);
    expect(pacer.skipped).toBe(46);
  });

  it('sends nothing after stop, even from inside a tick', () => {
    const clock = fakeTimers(() => 0);
    const ticks: number[] = [];
    const pacer = startPacer({
      timers: clock.timers,
      onTick: (tick) => {
        ticks.push(tick);
        if (tick === 2) pacer.stop();
      },
    });
    clock.runUntil(2000);
    expect(ticks).toEqual([0, 1, 2]);
  });
});
