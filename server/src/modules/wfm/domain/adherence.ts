/**
 * Schedule adherence (遵从度, issue 17): each agent's ACD state against the activity their published
 * schedule says they should be doing. Instants are epoch milliseconds; pure, no clock.
 *
 * - `work` (a shift outside its breaks) expects the agent available: ready, reserved, busy or in
 *   after-call work. Not ready or logged out is out of adherence.
 * - `break` / `lunch` expect the agent away: not ready or logged out.
 * - `off` (no shift) expects the agent logged out; working off schedule is out of adherence too, but
 *   reports count adherence over scheduled time only.
 *
 * Adherence = time in adherence ÷ scheduled time (the shifts, breaks included). Conformance = time
 * available ÷ scheduled work time (the shifts without their breaks), whenever it was worked.
 */

export type ActivityKind = 'work' | 'break' | 'lunch' | 'off';
export type Activity = { kind: ActivityKind; from: number; to: number };

export type AdherenceShift = {
  start: number;
  end: number;
  breaks: { kind: 'break' | 'lunch'; start: number; end: number }[];
};
export type StateSpan = { from: number; to: number; state: string };

const AVAILABLE = new Set(['ready', 'reserved', 'busy', 'wrap_up']);

export function expects(kind: ActivityKind, state: string): boolean {
  return kind === 'work' ? AVAILABLE.has(state) : !AVAILABLE.has(state);
}

/** The activities of shifts in time order: work, breaks, work…, with `off` between and around them. */
export function activities(shifts: readonly AdherenceShift[], from: number, to: number): Activity[] {
  const out: Activity[] = [];
  let at = from;
  const push = (kind: ActivityKind, a: number, b: number) => {
    const f = Math.max(a, from);
    const t = Math.min(b, to);
    if (t > f) out.push({ kind, from: f, to: t });
  };
  for (const s of [...shifts].sort((p, q) => p.start - q.start)) {
    if (s.end <= from || s.start >= to) continue;
    push('off', at, s.start);
    let cursor = s.start;
    for (const b of [...s.breaks].sort((p, q) => p.start - q.start)) {
      push('work', cursor, b.start);
      push(b.kind, b.start, b.end);
      cursor = b.end;
    }
    push('work', cursor, s.end);
    at = Math.max(at, s.end);
  }
  push('off', at, to);
  return out;
}

/** The activity at an instant, with its bounds (an `off` stretch runs to the next shift or `to`). */
export function activityAt(shifts: readonly AdherenceShift[], at: number, horizon: { from: number; to: number }) {
  return activities(shifts, horizon.from, horizon.to).find((a) => a.from <= at && at < a.to);
}

export type LiveAdherence = {
  activity: Activity | undefined;
  inAdherence: boolean;
  /** When the current mismatch began (the later of the state's and the activity's start); null when adherent. */
  outSince: number | null;
  /** Out of adherence for longer than the grace period: what the supervisor's view flags. */
  flagged: boolean;
};

/** One agent now: the current state (since when) against the current activity, with a grace period. */
export function liveAdherence(
  shifts: readonly AdherenceShift[],
  state: { state: string; since: number },
  now: number,
  graceMs: number,
  horizon: { from: number; to: number },
): LiveAdherence {
  const activity = activityAt(shifts, now, horizon);
  const kind = activity?.kind ?? 'off';
  if (expects(kind, state.state)) return { activity, inAdherence: true, outSince: null, flagged: false };
  const outSince = Math.max(state.since, activity?.from ?? state.since);
  return { activity, inAdherence: false, outSince, flagged: now - outSince > graceMs };
}

export type AdherenceTotals = {
  /** Scheduled time (shifts with breaks), scheduled work time (without), in ms. */
  scheduledMs: number;
  workMs: number;
  /** Scheduled time spent doing what the schedule said. */
  adherentMs: number;
  /** Time available (ready, reserved, busy, after-call work) in the range, scheduled or not. */
  availableMs: number;
};

/**
 * Totals of one agent over [from, to): states not covered by a span count as logged out (no row
 * before the first sign-in).
 */
export function adherenceTotals(
  shifts: readonly AdherenceShift[],
  states: readonly StateSpan[],
  from: number,
  to: number,
): AdherenceTotals {
  const acts = activities(shifts, from, to);
  const spans = [...states].sort((p, q) => p.from - q.from);
  const totals: AdherenceTotals = { scheduledMs: 0, workMs: 0, adherentMs: 0, availableMs: 0 };
  for (const s of spans) {
    const f = Math.max(s.from, from);
    const t = Math.min(s.to, to);
    if (t > f && AVAILABLE.has(s.state)) totals.availableMs += t - f;
  }
  for (const a of acts) {
    if (a.kind === 'off') continue;
    const length = a.to - a.from;
    totals.scheduledMs += length;
    if (a.kind === 'work') totals.workMs += length;
    // Time of the activity covered by a span that matches it; uncovered time is logged out.
    let covered = 0;
    let matching = 0;
    for (const s of spans) {
      const f = Math.max(s.from, a.from);
      const t = Math.min(s.to, a.to);
      if (t <= f) continue;
      covered += t - f;
      if (expects(a.kind, s.state)) matching += t - f;
    }
    const loggedOut = length - covered;
    totals.adherentMs += matching + (expects(a.kind, 'logged_out') ? loggedOut : 0);
  }
  return totals;
}
