/**
 * The overload phase's figures (bench/sip.ts, issue 12), pure: no sipp, no Kefu, no clock. The
 * caller's per-call log (bench/sip/caller-overload.xml, one line per call "outcome;call;s0;us0;s1;us1")
 * and the call records of a step in, per-step figures and the targets out.
 */
import { quantiles } from '../acd-load-measure';

export type CallerOutcome = 'shed503' | 'kefubye' | 'held';
export type CallerLine = {
  outcome: CallerOutcome;
  call: number;
  /** INVITE sent (epoch ms). */
  sentAtMs: number;
  /** INVITE → its final response (503 or 200), ms. */
  responseMs: number;
};

/** The lines of caller-overload.xml's -log_file; anything else is skipped. */
export function parseCallerLog(text: string): CallerLine[] {
  const out: CallerLine[] = [];
  for (const line of text.split('\n')) {
    const [outcome, call, s0, us0, s1, us1] = line.trim().split(';');
    if (outcome !== 'shed503' && outcome !== 'kefubye' && outcome !== 'held') continue;
    const t0 = Number(s0) * 1000 + Number(us0) / 1000;
    const t1 = Number(s1) * 1000 + Number(us1) / 1000;
    if (!Number.isFinite(t0) || !Number.isFinite(t1)) continue;
    out.push({ outcome, call: Number(call), sentAtMs: t0, responseMs: Math.max(0, t1 - t0) });
  }
  return out;
}

/** What the callers saw: offered (sipp created), admitted, shed (503 / busy prompt), no outcome. */
export function callerFigures(lines: CallerLine[], created: number) {
  const by = (o: CallerOutcome) => lines.filter((l) => l.outcome === o);
  const shed503 = by('shed503');
  const busy = by('kefubye');
  const held = by('held');
  return {
    offered: created,
    /** 200 to the caller and held until the caller's own BYE. */
    admitted: held.length,
    shed: shed503.length + busy.length,
    shed503: shed503.length,
    /** 200, then Kefu's BYE within the hold: the busy prompt (or any call Kefu ended early). */
    shedBusyPrompt: busy.length,
    /** No final response, or something the scenario did not expect (sipp's failed calls). */
    noOutcome: Math.max(0, created - lines.length),
    /** INVITE → 503, and INVITE → 200 of a busy-prompt call. */
    shedResponseMs: quantiles([...shed503, ...busy].map((l) => l.responseMs)),
    shed503ResponseMs: quantiles(shed503.map((l) => l.responseMs)),
    busyPromptAnswerMs: quantiles(busy.map((l) => l.responseMs)),
    /** INVITE → 200 of the admitted calls. */
    admittedSetupMs: quantiles(held.map((l) => l.responseMs)),
  };
}

/** The fields of a call record (GET /api/v1/calls) the phase reads. */
export type StepCall = {
  answeredAt: string | null;
  endReason: string | null;
  sipCode: number | null;
  agents: ReadonlyArray<unknown>;
  recordingId: string | null;
};

/** Counts per 1-second bucket from `fromMs`, `seconds` buckets (times outside are dropped). */
export function perSecond(timesMs: number[], fromMs: number, seconds: number): number[] {
  const out = new Array<number>(Math.max(0, Math.ceil(seconds))).fill(0);
  for (const t of timesMs) {
    const k = Math.floor((t - fromMs) / 1000);
    if (k >= 0 && k < out.length) out[k]! += 1;
  }
  return out;
}

const bridgedAt = (calls: StepCall[]) =>
  calls.filter((c) => c.agents.length > 0 && c.answeredAt).map((c) => Date.parse(c.answeredAt!));

/** What the call records of a step say: goodput (bridged to an agent and recorded), shed, abandoned. */
export function recordFigures(calls: StepCall[], o: { fromMs: number; seconds: number; tailSeconds: number }) {
  const count = (p: (c: StepCall) => boolean) => calls.filter(p).length;
  const reasons: Record<string, number> = {};
  for (const c of calls) reasons[c.endReason ?? 'open'] = (reasons[c.endReason ?? 'open'] ?? 0) + 1;
  const bridgedRecorded = count((c) => c.agents.length > 0 && c.recordingId !== null);
  return {
    records: calls.length,
    bridged: count((c) => c.agents.length > 0),
    bridgedRecorded,
    /** Calls of the step bridged to an agent and recorded, per second of offered load. */
    goodputCps: o.seconds > 0 ? Number((bridgedRecorded / o.seconds).toFixed(1)) : null,
    shed: count((c) => c.endReason === 'shed'),
    shed503: count((c) => c.endReason === 'shed' && c.sipCode === 503),
    abandonedIvr: count((c) => c.endReason === 'abandoned_ivr'),
    abandonedQueue: count((c) => c.endReason === 'abandoned_queue'),
    endReasons: reasons,
    /** Calls of the step bridged in each second from the step's start (by the agent's answer). */
    bridgedPerSecond: perSecond(bridgedAt(calls), o.fromMs, o.seconds + o.tailSeconds),
  };
}

/**
 * Seconds from the end of the spike until the recovery callers (offered at S) are bridged at
 * ≥ `share` × S in `sustain` consecutive 1-second buckets: the start of the first such bucket; null
 * when it never happens within the window.
 */
export function recoverySeconds(
  recoveryCalls: StepCall[],
  o: { spikeEndMs: number; seconds: number; sustainable: number; share?: number; sustain?: number },
) {
  const buckets = perSecond(bridgedAt(recoveryCalls), o.spikeEndMs, o.seconds);
  const need = (o.share ?? 0.9) * o.sustainable;
  const sustain = o.sustain ?? 3;
  // The last buckets see the window's end (calls after it are not offered): they only need to be reached.
  for (let k = 0; k + sustain <= buckets.length; k++) {
    if (buckets.slice(k, k + sustain).every((n) => n >= need)) return { seconds: k, bridgedPerSecond: buckets };
  }
  return { seconds: null, bridgedPerSecond: buckets };
}

type Target = { target: string; measured: unknown; met: boolean | null };

/** Issue 12's targets for one spike step, next to what was measured. */
export function stepTargets(
  s: {
    sustainable: number;
    caller: ReturnType<typeof callerFigures>;
    records: ReturnType<typeof recordFigures>;
    noAnswerAgentsAfter: number;
    recoverySeconds: number | null;
  },
  maxUnservedShare = 0.001,
): Record<string, Target> {
  const { caller, records } = s;
  const unservedNotShed = Math.max(0, caller.offered - records.bridgedRecorded - caller.shed);
  return {
    goodput: {
      target: `≥ 90 % of S (${0.9 * s.sustainable} calls/s bridged and recorded)`,
      measured: records.goodputCps,
      met: records.goodputCps !== null && records.goodputCps >= 0.9 * s.sustainable,
    },
    shedWithin1s: {
      target: 'shed response (INVITE → 503, or → 200 of the busy prompt) p99 ≤ 1000 ms',
      measured: caller.shedResponseMs.p99,
      met: caller.shed === 0 ? null : (caller.shedResponseMs.p99 ?? Infinity) <= 1000,
    },
    unservedNotShed: {
      target: `every call not bridged and recorded was shed (≤ ${maxUnservedShare * 100} % of offered left waiting, abandoned or failed)`,
      measured: unservedNotShed,
      met: caller.offered > 0 && unservedNotShed <= maxUnservedShare * caller.offered,
    },
    admittedSetupP99: {
      target: 'INVITE → 200 of admitted calls p99 < 500 ms',
      measured: caller.admittedSetupMs.p99,
      met: caller.admittedSetupMs.p99 !== null && caller.admittedSetupMs.p99 < 500,
    },
    noAnswerAgentsAfter: {
      target: '0 agents not_ready with reason no_answer after the spike',
      measured: s.noAnswerAgentsAfter,
      met: s.noAnswerAgentsAfter === 0,
    },
    backToSustainable: {
      target: 'bridging S calls/s again (≥ 90 % of S, 3 s in a row) within 5 s of the spike',
      measured: s.recoverySeconds,
      met: s.recoverySeconds !== null && s.recoverySeconds <= 5,
    },
  };
}

/** The median of the numbers, null without any. */
export function median(xs: Array<number | null | undefined>): number | null {
  const s = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
