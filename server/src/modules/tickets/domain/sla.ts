import type {
  ComplaintSeverity,
  SlaState,
  TicketPriority,
  TicketStatus,
  TicketType,
} from '../../../../../contracts/tickets';
import type { BusinessTimeLike, Pause } from './business-time';
import { CLOCK_STOPPED } from './status-machine';

/** Stored criteria (strings: rows as the repository reads them); null matches anything. */
export type PolicyCriteria = {
  type: string | null;
  priority: string | null;
  severity: string | null;
  customerTier: string | null;
};
export type MatchablePolicy = PolicyCriteria & { id: string; active: boolean; createdAt: Date };
export type TicketFacts = {
  type: TicketType;
  priority: TicketPriority;
  severity: ComplaintSeverity | null;
  customerTier: string | null;
};

const CRITERIA = ['type', 'severity', 'priority', 'customerTier'] as const;

/**
 * The policy for a ticket: every criterion a policy names must equal the ticket's, and the most
 * specific wins (most criteria named; on a tie type > severity > priority > tier; then the oldest).
 */
export function matchPolicy<P extends MatchablePolicy>(policies: readonly P[], t: TicketFacts): P | undefined {
  let best: { p: P; score: number } | undefined;
  for (const p of policies) {
    if (!p.active) continue;
    let score = 0;
    let fits = true;
    CRITERIA.forEach((c, i) => {
      if (p[c] === null) return;
      if (p[c] !== t[c]) fits = false;
      score += 100 + (1 << (CRITERIA.length - i));
    });
    if (!fits) continue;
    if (!best || score > best.score || (score === best.score && p.createdAt < best.p.createdAt)) best = { p, score };
  }
  return best?.p;
}

export type StatusChange = { at: Date; from: TicketStatus | null; to: TicketStatus };
export type SlaTargets = { responseMinutes: number; resolveMinutes: number; warningShare: number };

export type TargetClock = {
  dueAt: Date;
  warnAt: Date;
  state: SlaState;
  /** When the target was (or will be counted as) breached: its due instant, once passed. */
  breachedAt?: Date;
};
export type SlaClock = {
  pauses: Pause[];
  paused: boolean;
  response: TargetClock;
  resolve: TargetClock;
  state: SlaState;
  breachedAt?: Date;
};

/**
 * Spans in which the clock stood still, from the ticket's status changes: waiting on the customer,
 * and resolved/closed spans a reopen ended (the customer was not waiting on us then). A span still
 * open runs to `now`.
 */
export function pausesOf(changes: readonly StatusChange[], now: Date): { pauses: Pause[]; paused: boolean } {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const pauses: Pause[] = [];
  let since: Date | undefined;
  for (const c of sorted) {
    const stops = CLOCK_STOPPED.has(c.to);
    if (stops && !since) since = c.at;
    else if (!stops && since) {
      pauses.push({ from: since, to: c.at });
      since = undefined;
    }
  }
  if (since && now > since) pauses.push({ from: since, to: now });
  return { pauses, paused: !!since };
}

const RANK: Record<SlaState, number> = { met: 0, running: 1, paused: 2, warning: 3, missed: 4, breached: 5 };

function target(
  bt: BusinessTimeLike,
  start: Date,
  minutes: number,
  share: number,
  pauses: Pause[],
  doneAt: Date | null,
  paused: boolean,
  now: Date,
): TargetClock {
  const dueAt = bt.addMinutes(start, minutes, pauses);
  const warnAt = bt.addMinutes(start, minutes * share, pauses);
  if (doneAt) {
    return doneAt <= dueAt ? { dueAt, warnAt, state: 'met' } : { dueAt, warnAt, state: 'missed', breachedAt: dueAt };
  }
  // A pause that began after the due instant does not unbreach it.
  if (dueAt <= now) return { dueAt, warnAt, state: 'breached', breachedAt: dueAt };
  if (paused) return { dueAt, warnAt, state: 'paused' };
  return { dueAt, warnAt, state: now >= warnAt ? 'warning' : 'running' };
}

/**
 * The SLA clock of one ticket at `now`: both targets counted in business time from creation,
 * skipping pauses. The response target ends at the first response, the resolution target at
 * resolution (or cancellation, which stops it where it stands).
 */
export function slaClock(input: {
  bt: BusinessTimeLike;
  targets: SlaTargets;
  createdAt: Date;
  changes: readonly StatusChange[];
  respondedAt: Date | null;
  /** When the ticket last became resolved/closed/cancelled, if it is in such a status now. */
  stoppedAt: Date | null;
  now: Date;
}): SlaClock {
  const { bt, targets, createdAt, now } = input;
  const { pauses, paused } = pausesOf(input.changes, now);
  // The final span is the end of the clock, not a pause of it.
  const counted = input.stoppedAt ? pauses.filter((p) => p.from < input.stoppedAt!) : pauses;
  const live = input.stoppedAt
    ? counted.map((p) => (p.to > input.stoppedAt! ? { ...p, to: input.stoppedAt! } : p))
    : counted;
  const clockPaused = paused && !input.stoppedAt;
  const response = target(
    bt,
    createdAt,
    targets.responseMinutes,
    targets.warningShare,
    live,
    input.respondedAt ?? input.stoppedAt,
    clockPaused,
    now,
  );
  const resolve = target(
    bt,
    createdAt,
    targets.resolveMinutes,
    targets.warningShare,
    live,
    input.stoppedAt,
    clockPaused,
    now,
  );
  // Open: the governing deadline's state (the response's until answered, then the resolution's).
  // Over: met only when both targets were met — a late first response is a missed SLA for good.
  const state = input.stoppedAt
    ? response.state === 'missed' || resolve.state === 'missed'
      ? 'missed'
      : resolve.state
    : input.respondedAt
      ? resolve.state
      : RANK[response.state] > RANK[resolve.state]
        ? response.state
        : resolve.state;
  const breaches = [response.breachedAt, resolve.breachedAt].filter((d): d is Date => !!d);
  const breachedAt = breaches.length ? new Date(Math.min(...breaches.map((d) => d.getTime()))) : undefined;
  return { pauses: live, paused: clockPaused, response, resolve, state, ...(breachedAt ? { breachedAt } : {}) };
}
