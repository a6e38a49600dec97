import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { OverloadAction, OverloadStatus, ShedReason } from '../../../../contracts/voice';
import { startOfDay } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import {
  type AdmissionControl,
  type AdmissionSettings,
  createAdmissionControl,
  type HeadroomSample,
} from './admission-control';

/**
 * The overload monitor (issue 12; docs/voice.md, "Admission control and shedding"): measures Kefu's
 * headroom every `sampleMs` (event-loop delay, media pacer lateness, ACD commands waiting, database
 * latency), feeds the admission decision (admission-control.ts), counts the calls it sheds (today,
 * the last minute, per called number; today's count read back from the call records at start) and
 * tells the wallboard: `voice.overload.changed` on each change between admitting and shedding, and
 * at most once a second while shedding — never one event per shed call.
 */

export type OverloadSettings = AdmissionSettings & {
  /** Busy prompts playing at once at most; beyond, a shed call on a busy-prompt number gets 503. */
  busyPrompts: number;
};

/**
 * What a refused call gets: the number's overload action (503 or busy prompt; 503 when
 * `busyPrompts` are playing already) and the 503's Retry-After. A busy prompt's `release` is called
 * when its call is over.
 */
export type ShedVerdict = {
  reasons: ShedReason[];
  action: OverloadAction;
  retryAfterSeconds: number;
  release?: () => void;
};

export type OverloadMonitorDeps = {
  settings: OverloadSettings;
  /** The center's time zone: "today" starts at its midnight. */
  timezone: string;
  clock: Clock;
  log: Logger;
  /** Monotonic milliseconds (performance.now); tests pass a fake. */
  now?: () => number;
  /** The media engine's pacer lateness (p99, ms); 0 without media. */
  mediaLatenessMs(): number;
  /** Commands waiting in the ACD (routing's backlog; 0 until routing offers it). */
  acdBacklog(): number;
  /** `select 1` on the database; its time is the database latency. */
  pingDb(): Promise<unknown>;
  callsOpen(): number;
  /** Shed calls per called number since `since` (the call records: end reason 'shed'). */
  loadShed(since: Date): Promise<Array<{ number: string; count: number }>>;
  /** Sends the status to the wallboard (voice.overload.changed). */
  publish(status: OverloadStatus): Promise<void>;
  sampleMs?: number;
  random?: () => number;
};

export type OverloadMonitor = {
  /** Decides a new call to `number` (with its overload action); undefined: admitted. */
  decide(number: string, action: OverloadAction, callsOpen: number): ShedVerdict | undefined;
  /** The live picture (GET /api/v1/voice/overload, the wallboard). */
  status(): OverloadStatus;
  /** Starts measuring (the SIP stack is up) and reads today's shed count back. */
  start(): Promise<void>;
  stop(): void;
};

const DB_PING_MS = 1000;

export function createOverloadMonitor(deps: OverloadMonitorDeps): OverloadMonitor {
  const { settings, clock, log } = deps;
  const now = deps.now ?? (() => performance.now());
  const random = deps.random ?? Math.random;
  const control: AdmissionControl = createAdmissionControl(settings, now);
  const sampleMs = deps.sampleMs ?? 500;

  // Measured headroom (the last sample).
  const headroom = { eventLoopLagMs: 0, mediaLatenessMs: 0, acdPendingCommands: 0, dbLatencyMs: 0 };
  let lagSamples: [number, number] = [0, 0];
  let mediaSamples: number[] = [0];

  // Shed counts: today (since the center's midnight), per number today, the last minute by second.
  let dayStart = startOfDay(deps.timezone, clock.now());
  let shedToday = 0;
  const byNumber = new Map<string, number>();
  const perSecond = new Array<number>(60).fill(0);
  let secondSlot = Math.floor(now() / 1000);

  let busyPlaying = 0;
  let shedding = false;
  let lastReasons: ShedReason[] = [];
  let shedAtChange = 0;
  let lastPublishAt = Number.NEGATIVE_INFINITY;
  let publishedShed = -1;

  let timer: NodeJS.Timeout | undefined;
  let histogram: ReturnType<typeof monitorEventLoopDelay> | undefined;
  let ping: { startedAt: number } | undefined;
  let lastPingAt = Number.NEGATIVE_INFINITY;

  function rollDay(): void {
    const today = startOfDay(deps.timezone, clock.now());
    if (today.getTime() !== dayStart.getTime()) {
      dayStart = today;
      shedToday = 0;
      byNumber.clear();
    }
  }

  /** Moves the last-minute ring to the current second, clearing the seconds skipped. */
  function rollSeconds(): number {
    const s = Math.floor(now() / 1000);
    for (let k = secondSlot + 1; k <= s && k <= secondSlot + 60; k++) perSecond[k % 60] = 0;
    secondSlot = Math.max(secondSlot, s);
    return s;
  }

  function count(number: string): void {
    rollDay();
    shedToday++;
    byNumber.set(number, (byNumber.get(number) ?? 0) + 1);
    const s = rollSeconds();
    perSecond[s % 60]!++;
  }

  /**
   * Retry-After of the 503 (RFC 3261 §20.33, §21.5.4): a fixed limit is a short excess, so 5–10 s;
   * Kefu's own headroom needs the hysteresis (2 s) plus the time to drain what it holds, so 10–20 s.
   * Random within the range: a trunk's callers told the same second would all come back together
   * (RFC 7339 §1 on synchronised retries).
   */
  function retryAfter(reasons: readonly ShedReason[]): number {
    const automatic = reasons.some((r) => r !== 'max_cps' && r !== 'max_calls');
    const [min, max] = automatic ? [10, 20] : [5, 10];
    return min + Math.floor(random() * (max - min + 1));
  }

  function status(): OverloadStatus {
    rollDay();
    rollSeconds();
    const reasons = control.reasons();
    return {
      at: clock.now().toISOString(),
      admitting: reasons.length === 0,
      reasons,
      limits: { maxCps: settings.maxCps, maxCalls: settings.maxCalls },
      headroom: {
        eventLoopLagMs: round1(headroom.eventLoopLagMs),
        mediaLatenessMs: round1(headroom.mediaLatenessMs),
        acdPendingCommands: headroom.acdPendingCommands,
        dbLatencyMs: round1(headroom.dbLatencyMs),
        callsOpen: deps.callsOpen(),
        callsPerSecond: control.callsPerSecond(),
      },
      shedToday,
      shedLastMinute: perSecond.reduce((a, b) => a + b, 0),
      byNumber: [...byNumber]
        .map(([number, n]) => ({ number, shedToday: n }))
        .sort((a, b) => b.shedToday - a.shedToday || a.number.localeCompare(b.number))
        .slice(0, 20),
    };
  }

  function publish(s: OverloadStatus): void {
    lastPublishAt = now();
    publishedShed = s.shedToday;
    deps.publish(s).catch((err) => log.warn({ err }, 'could not publish the overload status'));
  }

  /** One log line and one event per change between admitting and shedding (and per change of reasons). */
  function review(): void {
    const s = status();
    const isShedding = !s.admitting;
    const reasonsChanged = s.reasons.join() !== lastReasons.join();
    if (isShedding !== shedding || (isShedding && reasonsChanged)) {
      if (isShedding && !shedding) {
        shedAtChange = s.shedToday;
        log.warn({ reasons: s.reasons, headroom: s.headroom }, 'admission control: shedding new calls');
      } else if (isShedding) {
        log.warn({ reasons: s.reasons, headroom: s.headroom }, 'admission control: still shedding, for other reasons');
      } else {
        log.info(
          { shed: s.shedToday - shedAtChange, headroom: s.headroom },
          'admission control: admitting new calls again',
        );
      }
      shedding = isShedding;
      lastReasons = s.reasons;
      publish(s);
      return;
    }
    if (isShedding && s.shedToday !== publishedShed && now() - lastPublishAt >= 1000) publish(s);
  }

  function sample(): void {
    const t = now();
    if (histogram) {
      // p99 of this sample's interval; the lag that counts is the lesser of the last two: late through
      // the whole last second (a sustained overload), not one garbage collection or a busy neighbour.
      const p99 = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
      histogram.reset();
      lagSamples = [lagSamples[1], p99];
      headroom.eventLoopLagMs = Math.min(...lagSamples);
    }
    // The pacer's lateness in the current second, sustained over the last four samples (2 s): the
    // burst of a few hundred calls ending at once (recordings stopped, rows written) makes one second
    // late while the loop is healthy — measured in bench:sip — and must not close admission.
    mediaSamples = [...mediaSamples.slice(-3), deps.mediaLatenessMs()];
    headroom.mediaLatenessMs = Math.min(...mediaSamples);
    headroom.acdPendingCommands = deps.acdBacklog();
    if (ping) {
      // Still waiting: the database is at least this slow.
      headroom.dbLatencyMs = Math.max(headroom.dbLatencyMs, t - ping.startedAt);
    } else if (t - lastPingAt >= DB_PING_MS) {
      lastPingAt = t;
      const p = { startedAt: t };
      ping = p;
      deps.pingDb().then(
        () => {
          headroom.dbLatencyMs = now() - p.startedAt;
          ping = undefined;
        },
        (err: unknown) => {
          log.debug({ err }, 'database ping failed');
          headroom.dbLatencyMs = now() - p.startedAt;
          ping = undefined;
        },
      );
    }
    const measured: HeadroomSample = {
      event_loop_lag: headroom.eventLoopLagMs,
      media_lateness: headroom.mediaLatenessMs,
      acd_backlog: headroom.acdPendingCommands,
      db_latency: headroom.dbLatencyMs,
    };
    control.observe(measured);
    review();
  }

  return {
    decide(number, action, callsOpen) {
      const verdict = control.decide(callsOpen);
      if (verdict.ok) return undefined;
      count(number);
      // The first refusal of a shedding period is announced at once, not at the next sample.
      if (!shedding) review();
      const shed: ShedVerdict = { reasons: verdict.reasons, action, retryAfterSeconds: retryAfter(verdict.reasons) };
      if (action === 'busy_prompt') {
        // Shedding must stay cheap: beyond the cap, a busy-prompt number's calls get 503 too.
        if (busyPlaying >= settings.busyPrompts) shed.action = 'reject';
        else {
          busyPlaying++;
          let released = false;
          shed.release = () => {
            if (!released) busyPlaying--;
            released = true;
          };
        }
      }
      return shed;
    },
    status,
    async start() {
      histogram = monitorEventLoopDelay({ resolution: 10 });
      histogram.enable();
      timer = setInterval(sample, sampleMs);
      timer.unref();
      try {
        rollDay();
        const rows = await deps.loadShed(dayStart);
        // Calls shed since the start (rare) are already counted: add the stored ones to them.
        for (const r of rows) {
          shedToday += r.count;
          byNumber.set(r.number, (byNumber.get(r.number) ?? 0) + r.count);
        }
      } catch (err) {
        log.warn({ err }, "could not read today's shed calls back from the call records");
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      histogram?.disable();
      histogram = undefined;
    },
  };
}

const round1 = (v: number) => Math.round(v * 10) / 10;
