import { describe, expect, it } from 'vitest';
import { type AdmissionSettings, createAdmissionControl, type HeadroomSample } from './admission-control';

const calm: HeadroomSample = { event_loop_lag: 5, media_lateness: 1, acd_backlog: 0, db_latency: 2 };
const thresholds = { event_loop_lag: 250, media_lateness: 60, acd_backlog: 500, db_latency: 500 };

function setup(overrides: Partial<AdmissionSettings> = {}) {
  let t = 1_000_000;
  const control = createAdmissionControl(
    { maxCps: null, maxCalls: null, thresholds, resumeAfterMs: 2000, ...overrides },
    () => t,
  );
  return {
    control,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe('admission control: fixed limits', () => {
  it('with KEFU_MAX_CPS=3, the fourth INVITE within one second is refused for max_cps, and one a second later is admitted', () => {
    const { control, advance } = setup({ maxCps: 3 });
    const verdicts = [0, 1, 2, 3].map(() => control.decide(0));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toEqual({ ok: false, reasons: ['max_cps'] });
    expect(control.callsPerSecond()).toBe(3);
    advance(999);
    expect(control.decide(0).ok).toBe(false);
    advance(2);
    // The window slides: the first three left it 1 s after they were admitted.
    expect(control.decide(0).ok).toBe(true);
    expect(control.callsPerSecond()).toBe(1);
  });

  it('refused calls do not count in the window: a steady excess still admits maxCps a second', () => {
    const { control, advance } = setup({ maxCps: 5 });
    let admitted = 0;
    // 50 calls a second for 4 seconds, one every 20 ms.
    for (let i = 0; i < 200; i++) {
      if (control.decide(0).ok) admitted++;
      advance(20);
    }
    expect(admitted).toBe(20);
  });

  it('with KEFU_MAX_CALLS=10, a call is refused for max_calls while 10 are open, admitted at 9', () => {
    const { control } = setup({ maxCalls: 10 });
    expect(control.decide(10)).toEqual({ ok: false, reasons: ['max_calls'] });
    expect(control.decide(9)).toEqual({ ok: true });
  });

  it('no limits set: any number of calls and calls per second are admitted', () => {
    const { control } = setup();
    for (let i = 0; i < 1000; i++) expect(control.decide(5000).ok).toBe(true);
    expect(control.callsPerSecond()).toBe(1000);
  });

  it('a limit reason stays shown until no call was refused for it for the resume time, then admitting shows again', () => {
    const { control, advance } = setup({ maxCps: 1 });
    control.decide(0);
    control.decide(0);
    expect(control.reasons()).toEqual(['max_cps']);
    advance(1500);
    expect(control.reasons()).toEqual(['max_cps']);
    advance(600);
    expect(control.reasons()).toEqual([]);
  });
});

describe('admission control: automatic thresholds with hysteresis', () => {
  it('event-loop delay above 250 ms sheds every new call at once', () => {
    const { control } = setup();
    control.observe({ ...calm, event_loop_lag: 300 });
    expect(control.decide(0)).toEqual({ ok: false, reasons: ['event_loop_lag'] });
    expect(control.reasons()).toEqual(['event_loop_lag']);
  });

  it('each measured value has its own threshold and reason', () => {
    const { control } = setup();
    control.observe({ event_loop_lag: 250, media_lateness: 61, acd_backlog: 501, db_latency: 501 });
    // At the threshold is not above it.
    expect(control.reasons()).toEqual(['media_lateness', 'acd_backlog', 'db_latency']);
  });

  it('resumes only after the value stayed below half the threshold for 2 s', () => {
    const { control, advance } = setup();
    control.observe({ ...calm, event_loop_lag: 400 });
    advance(500);
    control.observe({ ...calm, event_loop_lag: 100 });
    advance(1500);
    control.observe({ ...calm, event_loop_lag: 100 });
    expect(control.decide(0).ok).toBe(false);
    advance(500);
    control.observe({ ...calm, event_loop_lag: 100 });
    expect(control.decide(0).ok).toBe(true);
    expect(control.reasons()).toEqual([]);
  });

  it('a value between half and the threshold keeps shedding and restarts the calm period', () => {
    const { control, advance } = setup();
    control.observe({ ...calm, db_latency: 800 });
    advance(1000);
    control.observe({ ...calm, db_latency: 100 });
    advance(1000);
    control.observe({ ...calm, db_latency: 300 }); // below 500, above 250: not calm
    advance(1500);
    control.observe({ ...calm, db_latency: 100 });
    advance(1500);
    control.observe({ ...calm, db_latency: 100 });
    expect(control.reasons()).toEqual(['db_latency']);
    advance(600);
    control.observe({ ...calm, db_latency: 100 });
    expect(control.reasons()).toEqual([]);
  });

  it('a value that never crossed its threshold never sheds, however long it hovers just below', () => {
    const { control, advance } = setup();
    for (let i = 0; i < 20; i++) {
      control.observe({ ...calm, acd_backlog: 499 });
      advance(500);
    }
    expect(control.decide(0).ok).toBe(true);
  });

  it('a threshold of 0 turns that measurement off', () => {
    const { control } = setup({ thresholds: { ...thresholds, event_loop_lag: 0 } });
    control.observe({ ...calm, event_loop_lag: 5000 });
    expect(control.decide(0).ok).toBe(true);
  });

  it('automatic and fixed reasons are reported together', () => {
    const { control } = setup({ maxCalls: 1 });
    control.observe({ ...calm, media_lateness: 90 });
    expect(control.decide(3)).toEqual({ ok: false, reasons: ['media_lateness', 'max_calls'] });
  });
});
