import type { Disposition, RequestType, WrapUp } from '../../../../contracts/routing';
import type { EventBus, Staged } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { uuidv7Generator } from '../../platform/ids';
import type { Random } from '../../platform/random';
import type { Profile, RoutingDeps } from './routing.context';
import type { UserDirectory } from './routing.runtime';
import { createRoutingService, type RoutingService } from './routing.service';

/**
 * Routing's part of the demo history (docs/demo.md): the ACD that replays past traffic, the demo
 * agents' shifts (who works when, breaks and meals with their reason codes) and the wrap-up codes
 * agents give per queue. The calls themselves are replayed by voice (voice.demo-history.ts).
 */
export type RoutingHistory = {
  /**
   * A second ACD on the same database with the replay's moving clock: the same engine, commands and
   * writes as the running one, with no timer (the replay calls `wake()` at `nextWakeAt()`), its events
   * staged through `bus` and reported to `decided` as each command is decided.
   */
  open(opts: { clock: Clock; bus: EventBus; decided(events: readonly Staged[]): void }): RoutingService;
  /** The center's time zone: the history's days are its days. */
  timezone: string;
  /**
   * The newest agent state change: a day with agent activity is not generated (again) — before a
   * day's first call its shifts have begun, and a second run would repeat their state changes.
   */
  lastAgentEvent(): Promise<Date | undefined>;
  shifts: typeof demoShifts;
  wrapUp: typeof demoWrapUp;
};

export function createRoutingHistory(deps: RoutingDeps): RoutingHistory {
  return {
    open: ({ clock, bus, decided }) =>
      createRoutingService({
        ...deps,
        users: replayUsers(deps.users),
        clock,
        bus,
        ids: uuidv7Generator(clock),
        replay: { decided },
      }),
    timezone: deps.timezone,
    lastAgentEvent: () => deps.repo.lastAgentEvent(deps.db),
    shifts: demoShifts,
    wrapUp: demoWrapUp,
  };
}

/**
 * The user directory for the replay: each profile read once, since nobody is created, renamed or
 * disabled while the history is generated (every agent state change asks who the agent is).
 */
function replayUsers(users: UserDirectory): UserDirectory {
  const known = new Map<string, Profile>();
  return {
    async profiles(db, ids) {
      if (!ids) return users.profiles(db);
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length) for (const p of await users.profiles(db, missing)) known.set(p.id, p);
      return ids.flatMap((id) => {
        const p = known.get(id);
        return p ? [p] : [];
      });
    },
  };
}

/** One planned change of an agent's state, in minutes after local midnight. */
export type ShiftStep = { minute: number; state: 'ready' | 'not_ready' | 'logged_out'; reason?: string };

const EARLY = { start: 8 * 60, end: 16 * 60 + 30 };
const LATE = { start: 13 * 60 + 30, end: 22 * 60 };
/** The demo's skill groups (routing.demo.ts): agent01–08 billing, 09–14 fault, 15–20 complaints. */
const GROUPS = [
  [1, 2, 3, 4, 5, 6, 7, 8],
  [9, 10, 11, 12, 13, 14],
  [15, 16, 17, 18, 19, 20],
];
/**
 * When each planned pause of a shift starts (minutes after local midnight) for the agent of this
 * rank in their skill group's shift: staggered, so a group never goes to lunch or on a break at once,
 * and away from the morning peak (10:00–11:00). The meal of the early shift is over before the late
 * shift's (13:30) first hour is; the late shift eats after the afternoon peak and the early shift's end.
 */
const SLOTS = {
  early: {
    break1: 9 * 60 + 15,
    meal: 11 * 60 + 15,
    training: 13 * 60 + 45,
    coaching: 10 * 60 + 50,
    break2: 14 * 60 + 40,
  },
  late: { break1: 15 * 60, meal: 17 * 60 + 30, training: 19 * 60 + 50, coaching: 16 * 60 + 20, break2: 20 * 60 + 40 },
};

/**
 * The day's plan of every demo agent (agent01–20, lead01–03 by username). On weekdays the odd agents
 * work the early shift (08:00–16:30) and the even ones the late shift (13:30–22:00), about one in ten
 * is on leave. At weekends half the billing group and two thirds of the fault and complaints groups
 * work (who, rotating by the date), each group with as many early as late, and one team lead is on
 * duty 09:00–18:00: every queue has at least two agents of its skill in each shift. Each shift has
 * two breaks (小休) and a meal (就餐), staggered within the group (one agent of a group's shift at a
 * time: 35 minutes apart for meals, 20 for breaks), now and then training (培训) or coaching (辅导):
 * about ten planned changes a day; the rest of an agent's state changes are the calls (offered,
 * talking, wrap-up). Team leads work 09:00–18:00 on weekdays, with a morning meeting (会议).
 */
export function demoShifts(weekday: number, dayOfMonth: number, rnd: Random): Map<string, ShiftStep[]> {
  const plans = new Map<string, ShiftStep[]>();
  const weekend = weekday >= 6;
  const jitter = () => rnd.int(-6, 6);
  const roster: { n: number; early: boolean }[] = [];
  for (const group of GROUPS) {
    // At weekends the ones off rotate with the date: billing every other agent, the others one in three.
    const working = weekend
      ? group.filter((_, i) => (group.length === 8 ? (i + dayOfMonth) % 2 === 0 : (i + dayOfMonth) % 3 !== 0))
      : group.filter(() => !rnd.chance(0.1));
    for (const [k, n] of working.entries()) {
      roster.push({ n, early: weekend ? (k + dayOfMonth) % 2 === 0 : n % 2 === 1 });
    }
  }
  const rank = new Map<number, number>();
  for (const group of GROUPS) {
    for (const early of [true, false]) {
      const members = roster.filter((r) => group.includes(r.n) && r.early === early);
      for (const [i, r] of members.entries()) rank.set(r.n, i);
    }
  }
  for (const { n, early } of roster) {
    const shift = early ? EARLY : LATE;
    const slot = early ? SLOTS.early : SLOTS.late;
    const r = rank.get(n) ?? 0;
    const start = shift.start + jitter();
    const end = shift.end + Math.abs(jitter());
    const steps: ShiftStep[] = [{ minute: start, state: 'ready' }];
    const pause = (at: number, minutes: number, reason: string) => {
      steps.push({ minute: at, state: 'not_ready', reason }, { minute: at + minutes, state: 'ready' });
    };
    pause(slot.break1 + r * 20 + rnd.int(0, 4), rnd.int(10, 15), 'break');
    pause(slot.meal + r * 35 + rnd.int(0, 4), rnd.int(28, 30), 'meal');
    pause(slot.break2 + r * 20 + rnd.int(0, 4), rnd.int(10, 15), 'break');
    if (rnd.chance(0.1)) pause(slot.training, rnd.int(30, 45), 'training');
    else if (rnd.chance(0.06)) pause(slot.coaching, 15, 'coaching');
    steps.push({ minute: end, state: 'logged_out' });
    plans.set(
      `agent${String(n).padStart(2, '0')}`,
      steps.sort((a, b) => a.minute - b.minute),
    );
  }
  if (weekend) {
    // The duty lead backs up complaints; lunch after the early complaints agents are back.
    const lead = (dayOfMonth % 3) + 1;
    plans.set(`lead0${lead}`, [
      { minute: 9 * 60 + jitter(), state: 'ready' },
      { minute: 13 * 60 + 10 + rnd.int(0, 10), state: 'not_ready', reason: 'meal' },
      { minute: 13 * 60 + 45 + rnd.int(0, 5), state: 'ready' },
      { minute: 18 * 60 + Math.abs(jitter()), state: 'logged_out' },
    ]);
  } else {
    for (let n = 1; n <= 3; n++) {
      const start = 9 * 60 + jitter();
      const meal = 12 * 60 + 10 + (n - 1) * 35 + rnd.int(0, 5);
      plans.set(`lead0${n}`, [
        { minute: start, state: 'not_ready', reason: 'meeting' },
        { minute: 9 * 60 + 30 + rnd.int(0, 10), state: 'ready' },
        { minute: meal, state: 'not_ready', reason: 'meal' },
        { minute: meal + 30, state: 'ready' },
        { minute: 15 * 60 + 10 * n + rnd.int(0, 10), state: 'not_ready', reason: 'coaching' },
        { minute: 15 * 60 + 10 * n + 30 + rnd.int(0, 10), state: 'ready' },
        { minute: 18 * 60 + Math.abs(jitter()), state: 'logged_out' },
      ]);
    }
  }
  return plans;
}

const REQUESTS: Record<string, ReadonlyArray<readonly [RequestType, number]>> = {
  billing: [
    ['query', 60],
    ['inquiry', 25],
    ['service', 15],
  ],
  fault: [
    ['fault', 85],
    ['inquiry', 15],
  ],
  complaints: [
    ['complaint', 80],
    ['suggestion', 15],
    ['praise', 5],
  ],
  general: [
    ['inquiry', 50],
    ['service', 30],
    ['query', 20],
  ],
};

/** The wrap-up form (处理结果 and request type) an agent of this queue gives. */
export function demoWrapUp(queueKey: string, rnd: Random): WrapUp {
  const fault = queueKey === 'fault';
  const disposition = rnd.weighted<Disposition>([
    ['resolved', fault ? 50 : 72],
    ['work_order', fault ? 35 : 8],
    ['follow_up', queueKey === 'complaints' ? 20 : 9],
    ['unresolved', 5],
    ['invalid', 3],
  ]);
  const requestType = rnd.weighted(REQUESTS[queueKey] ?? REQUESTS.general!);
  return { disposition, requestType, notes: '' };
}
