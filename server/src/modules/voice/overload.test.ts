import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OverloadStatus } from '../../../../contracts/voice';
import type { Logger } from '../../platform/logger';
import { createOverloadMonitor, type OverloadMonitorDeps } from './overload';

/** The monitor on fake timers: Date.now() is both the monotonic and the wall clock. */
function setup(overrides: Partial<OverloadMonitorDeps> = {}) {
  const published: OverloadStatus[] = [];
  const lines: string[] = [];
  const log = {
    warn: (_o: unknown, msg: string) => lines.push(msg),
    info: (_o: unknown, msg: string) => lines.push(msg),
    debug: () => {},
  } as unknown as Logger;
  const measured = { media: 0, backlog: 0 };
  const monitor = createOverloadMonitor({
    settings: {
      maxCps: 2,
      maxCalls: null,
      thresholds: { event_loop_lag: 0, media_lateness: 60, acd_backlog: 500, db_latency: 500 },
      resumeAfterMs: 2000,
      busyPrompts: 1,
    },
    timezone: 'Asia/Shanghai',
    clock: { now: () => new Date() },
    log,
    now: () => Date.now(),
    mediaLatenessMs: () => measured.media,
    acdBacklog: () => measured.backlog,
    pingDb: async () => {},
    callsOpen: () => 7,
    loadShed: async () => [],
    publish: async (s) => {
      published.push(s);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { monitor, published, lines, measured };
}

beforeEach(() => {
  vi.useFakeTimers();
  // 10:00 in Shanghai.
  vi.setSystemTime(new Date('2026-12-06T02:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the overload monitor', () => {
  it('counts shed calls today, in the last minute and per number; the last minute forgets after 60 s', async () => {
    const { monitor } = setup();
    await monitor.start();
    for (const n of ['4001', '4001', '4001', '4002', '4002']) monitor.decide(n, 'reject', 0);
    // 2 a second admitted: the first two calls; three shed.
    let s = monitor.status();
    expect(s).toMatchObject({ shedToday: 3, shedLastMinute: 3, admitting: false, reasons: ['max_cps'] });
    expect(s.byNumber).toEqual([
      { number: '4002', shedToday: 2 },
      { number: '4001', shedToday: 1 },
    ]);
    expect(s.headroom).toMatchObject({ callsOpen: 7, callsPerSecond: 2 });
    await vi.advanceTimersByTimeAsync(61_000);
    s = monitor.status();
    expect(s).toMatchObject({ shedToday: 3, shedLastMinute: 0, admitting: true, reasons: [] });
    monitor.stop();
  });

  it("today's count is read back from the call records at start and starts again at the center's midnight", async () => {
    const loadShed = vi.fn(async () => [{ number: '4001', count: 40 }]);
    const { monitor } = setup({ loadShed });
    await monitor.start();
    // Since midnight in Shanghai (16:00 UTC the day before).
    expect(loadShed).toHaveBeenCalledWith(new Date('2026-12-05T16:00:00Z'));
    expect(monitor.status()).toMatchObject({ shedToday: 40, byNumber: [{ number: '4001', shedToday: 40 }] });
    vi.setSystemTime(new Date('2026-12-06T16:00:01Z'));
    expect(monitor.status()).toMatchObject({ shedToday: 0, byNumber: [] });
    monitor.stop();
  });

  it('one log line and one event per change between admitting and shedding; at most one event a second while shedding', async () => {
    const { monitor, published, lines } = setup();
    await monitor.start();
    monitor.decide('4001', 'reject', 0);
    monitor.decide('4001', 'reject', 0);
    // Calls shed for 1.5 s, ten a second.
    for (let i = 0; i < 15; i++) {
      monitor.decide('4001', 'reject', 0);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(lines).toEqual(['admission control: shedding new calls']);
    expect(published[0]).toMatchObject({ admitting: false, reasons: ['max_cps'], shedToday: 1 });
    // The change, then at most one a second while shedding.
    expect(published.length).toBeGreaterThanOrEqual(2);
    expect(published.length).toBeLessThanOrEqual(3);
    await vi.advanceTimersByTimeAsync(3000);
    expect(lines).toEqual(['admission control: shedding new calls', 'admission control: admitting new calls again']);
    // 17 calls: 2 admitted at once, 2 more a second later, 13 shed.
    expect(published.at(-1)).toMatchObject({ admitting: true, reasons: [], shedToday: 13 });
    const count = published.length;
    // Admitting and nothing new: quiet.
    await vi.advanceTimersByTimeAsync(5000);
    expect(published.length).toBe(count);
    monitor.stop();
  });

  it('sheds on a measured value with hysteresis: media lateness above 60 ms for 2 s, admitting again after 2 s below 30 ms', async () => {
    const { monitor, measured, lines } = setup({
      settings: {
        maxCps: null,
        maxCalls: null,
        thresholds: { event_loop_lag: 0, media_lateness: 60, acd_backlog: 500, db_latency: 500 },
        resumeAfterMs: 2000,
        busyPrompts: 1,
      },
    });
    await monitor.start();
    // One late second (a burst of calls ending) does not close admission…
    measured.media = 80;
    await vi.advanceTimersByTimeAsync(1000);
    measured.media = 5;
    await vi.advanceTimersByTimeAsync(500);
    expect(monitor.decide('4001', 'reject', 0)).toBeUndefined();
    // …lateness through the last four samples (2 s) does.
    measured.media = 80;
    await vi.advanceTimersByTimeAsync(2000);
    expect(monitor.decide('4001', 'reject', 0)?.reasons).toEqual(['media_lateness']);
    measured.media = 10;
    await vi.advanceTimersByTimeAsync(1500);
    expect(monitor.decide('4001', 'reject', 0)).toBeDefined();
    await vi.advanceTimersByTimeAsync(1000);
    expect(monitor.decide('4001', 'reject', 0)).toBeUndefined();
    expect(lines).toEqual(['admission control: shedding new calls', 'admission control: admitting new calls again']);
    monitor.stop();
  });

  it("a busy-prompt number's shed calls hear the prompt up to the cap, then get 503; a finished prompt frees its place", async () => {
    const { monitor } = setup();
    monitor.decide('4001', 'busy_prompt', 0);
    monitor.decide('4001', 'busy_prompt', 0);
    const first = monitor.decide('4001', 'busy_prompt', 0);
    expect(first?.action).toBe('busy_prompt');
    expect(monitor.decide('4001', 'busy_prompt', 0)?.action).toBe('reject');
    first?.release?.();
    first?.release?.(); // twice is once
    expect(monitor.decide('4001', 'busy_prompt', 0)?.action).toBe('busy_prompt');
    expect(monitor.decide('4001', 'busy_prompt', 0)?.action).toBe('reject');
  });

  it('Retry-After: 5–10 s for a fixed limit, 10–20 s when Kefu itself is short of headroom', async () => {
    const low = setup({ random: () => 0 });
    low.monitor.decide('4001', 'reject', 0);
    low.monitor.decide('4001', 'reject', 0);
    expect(low.monitor.decide('4001', 'reject', 0)?.retryAfterSeconds).toBe(5);
    const high = setup({ random: () => 0.999 });
    await high.monitor.start();
    high.measured.backlog = 900;
    await vi.advanceTimersByTimeAsync(500);
    expect(high.monitor.decide('4001', 'reject', 0)).toMatchObject({ reasons: ['acd_backlog'], retryAfterSeconds: 20 });
    high.monitor.stop();
  });
});
