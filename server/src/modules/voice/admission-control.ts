import type { ShedReason } from '../../../../contracts/voice';

/**
 * The admission decision for new inbound calls (issue 12), pure: no timers, no I/O, the time comes
 * from `now`. Two kinds of reason to refuse a call:
 *
 * - fixed limits, like FreeSWITCH's `sessions-per-second` / `max-sessions`: more admitted INVITEs
 *   in the last second than `maxCps`, or `maxCalls` calls open;
 * - Kefu's own headroom, measured by the overload monitor (overload.ts): event-loop delay, media
 *   pacer lateness, ACD commands waiting, database latency. Each turns on as soon as its value is
 *   above its threshold, and off only after the value has stayed below half of it for
 *   `resumeAfterMs` (hysteresis: a value hovering around the threshold must not flip admission on
 *   and off every sample).
 *
 * The state shown (admitting or shedding, and why) holds a limit's reason until no call was refused
 * for it for `resumeAfterMs`, so a steady excess over KEFU_MAX_CPS reads as one shedding period,
 * not as a state change per call.
 */

export type HeadroomReason = Extract<ShedReason, 'event_loop_lag' | 'media_lateness' | 'acd_backlog' | 'db_latency'>;
export const HEADROOM_REASONS: readonly HeadroomReason[] = [
  'event_loop_lag',
  'media_lateness',
  'acd_backlog',
  'db_latency',
];

/** Thresholds of the automatic reasons; 0 turns that reason off. */
export type OverloadThresholds = Record<HeadroomReason, number>;

export type AdmissionSettings = {
  /** New calls admitted per second at most (KEFU_MAX_CPS); null: no fixed limit. */
  maxCps: number | null;
  /** Calls open at most (KEFU_MAX_CALLS); null: no fixed limit. */
  maxCalls: number | null;
  thresholds: OverloadThresholds;
  /** How long a reason's value must stay below half its threshold before calls are admitted again. */
  resumeAfterMs: number;
};

/** One sample of what the monitor measured, in the thresholds' units (ms, commands). */
export type HeadroomSample = Record<HeadroomReason, number>;

export type AdmissionVerdict = { ok: true } | { ok: false; reasons: ShedReason[] };

export type AdmissionControl = {
  /** Decides one new call; an admitted call counts in the calls-per-second window. */
  decide(callsOpen: number): AdmissionVerdict;
  /** A new headroom sample: turns automatic reasons on or off. */
  observe(sample: HeadroomSample): void;
  /** Why calls are being refused now (empty: admitting). */
  reasons(): ShedReason[];
  /** Calls admitted in the last second. */
  callsPerSecond(): number;
};

const WINDOW_MS = 1000;

export function createAdmissionControl(settings: AdmissionSettings, now: () => number): AdmissionControl {
  // Admission times of the last second, oldest first (a queue on an array: head index, compacted now and then).
  let admitted: number[] = [];
  let head = 0;
  const prune = (t: number) => {
    while (head < admitted.length && admitted[head]! <= t - WINDOW_MS) head++;
    if (head > 1024 && head * 2 > admitted.length) {
      admitted = admitted.slice(head);
      head = 0;
    }
  };
  /** Automatic reasons that are on, with when their value last went below half the threshold. */
  const active = new Map<HeadroomReason, { calmSince: number | undefined }>();
  /** When a limit last refused a call. */
  const limitHits = new Map<'max_cps' | 'max_calls', number>();

  const automatic = (): ShedReason[] => HEADROOM_REASONS.filter((r) => active.has(r));

  return {
    decide(callsOpen) {
      const t = now();
      prune(t);
      const reasons = automatic();
      if (settings.maxCalls !== null && callsOpen >= settings.maxCalls) reasons.push('max_calls');
      if (settings.maxCps !== null && admitted.length - head >= settings.maxCps) reasons.push('max_cps');
      for (const r of reasons) if (r === 'max_cps' || r === 'max_calls') limitHits.set(r, t);
      if (reasons.length > 0) return { ok: false, reasons };
      admitted.push(t);
      return { ok: true };
    },

    observe(sample) {
      const t = now();
      for (const reason of HEADROOM_REASONS) {
        const threshold = settings.thresholds[reason];
        const value = sample[reason];
        const state = active.get(reason);
        if (threshold <= 0) {
          active.delete(reason);
        } else if (value > threshold) {
          if (state) state.calmSince = undefined;
          else active.set(reason, { calmSince: undefined });
        } else if (state) {
          if (value >= threshold / 2) state.calmSince = undefined;
          else {
            state.calmSince ??= t;
            if (t - state.calmSince >= settings.resumeAfterMs) active.delete(reason);
          }
        }
      }
    },

    reasons() {
      const t = now();
      const reasons = automatic();
      for (const limit of ['max_calls', 'max_cps'] as const) {
        const at = limitHits.get(limit);
        if (at === undefined) continue;
        if (t - at < Math.max(settings.resumeAfterMs, WINDOW_MS)) reasons.push(limit);
        else limitHits.delete(limit);
      }
      return reasons;
    },

    callsPerSecond() {
      prune(now());
      return admitted.length - head;
    },
  };
}
